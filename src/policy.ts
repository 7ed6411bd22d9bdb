/**
 * IAM policy documents as plain JSON, built offline (no `aws_iam_policy_document` data sources):
 * statements are collected, merged and rendered in a deterministic order, whatever the order in
 * which they were added.
 */

/** A condition block: operator -> key -> value(s). */
export type Condition = Readonly<
  Record<string, Readonly<Record<string, string | boolean | readonly string[]>>>
>;

/** A principal block, e.g. `{ AWS: 'arn:...' }` or `{ Service: 's3.amazonaws.com' }`, or `'*'`. */
export type Principal = '*' | Readonly<Record<string, string | readonly string[]>>;

/** One IAM policy statement. */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal?: Principal;
  readonly Action: string | readonly string[];
  readonly Resource: string | readonly string[];
  readonly Condition?: Condition;
}

/** A rendered IAM policy document. */
export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly PolicyStatement[];
}

/** The AWS principal Cloudflare Logpush writes with (CF docs, enable-destinations/aws-s3). */
export const CLOUDFLARE_LOGPUSH_PRINCIPAL = 'arn:aws:iam::391854517948:user/cloudflare-logpush';

const asList = (v: string | readonly string[]): string[] => (typeof v === 'string' ? [v] : [...v]);

/** Renders a list with one element as that element, as IAM's own documents do. */
const compact = (v: readonly string[]): string | readonly string[] => (v.length === 1 ? v[0]! : v);

/** Stable JSON: keys sorted at every level. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

interface Group {
  readonly head: Omit<PolicyStatement, 'Resource' | 'Action' | 'Condition'> & {
    readonly Action: readonly string[];
  };
  readonly resources: Set<string>;
  /** operator -> key -> values; values are unioned when the statement merges condition values. */
  readonly condition?: Map<string, Map<string, Set<string> | string | boolean>>;
}

/** How {@link PolicyBuilder.add} merges a statement with earlier ones. */
export interface AddOptions {
  /**
   * Merge statements that agree on everything but the values of their condition keys (and union
   * those values), e.g. one `s3:ListBucket` statement whose `s3:prefix` lists every registered
   * prefix. Such statements must have the same resources.
   *
   * @default false - statements merge only when everything but `Resource` is equal
   */
  readonly mergeConditionValues?: boolean;
}

/**
 * Collects statements and renders one merged document.
 *
 * Statements that agree on everything but `Resource` (Sid, effect, principal, actions, condition)
 * merge into one statement listing every resource. Statements are ordered by Sid, then by their
 * canonical JSON; actions and resources are sorted. Adding is O(1), rendering O(statements), and
 * the rendered text is cached until the next `add`.
 */
export class PolicyBuilder {
  private readonly groups = new Map<string, Group>();
  private cached?: string;

  /** Adds a statement; merges it with an earlier one when only the resources (or condition values) differ. */
  public add(statement: PolicyStatement, options: AddOptions = {}): this {
    const { Resource, Action, Condition, ...rest } = statement;
    const head = { ...rest, Action: [...new Set(asList(Action))].sort() };
    const resources = asList(Resource);
    this.cached = undefined;
    if (options.mergeConditionValues && Condition) {
      const shape = Object.fromEntries(
        Object.entries(Condition).map(([op, kv]) => [op, Object.keys(kv).sort()]),
      );
      const key = canonical({ head, resources: [...resources].sort(), shape, merge: true });
      let group = this.groups.get(key);
      if (!group) {
        group = { head, resources: new Set(resources), condition: new Map() };
        this.groups.set(key, group);
      }
      for (const [op, kv] of Object.entries(Condition)) {
        let byKey = group.condition!.get(op);
        if (!byKey) group.condition!.set(op, (byKey = new Map()));
        for (const [k, v] of Object.entries(kv)) {
          if (typeof v === 'boolean') {
            byKey.set(k, v);
            continue;
          }
          let values = byKey.get(k);
          if (!(values instanceof Set)) byKey.set(k, (values = new Set()));
          for (const item of asList(v)) values.add(item);
        }
      }
      return this;
    }
    const key = canonical({ ...head, Condition });
    let group = this.groups.get(key);
    if (!group) {
      group = {
        head,
        resources: new Set(),
        ...(Condition
          ? {
              condition: new Map(
                Object.entries(Condition).map(([op, kv]) => [
                  op,
                  new Map(
                    Object.entries(kv).map(([k, v]) => [
                      k,
                      typeof v === 'boolean' || typeof v === 'string' ? v : new Set(v),
                    ]),
                  ),
                ]),
              ),
            }
          : {}),
      };
      this.groups.set(key, group);
    }
    for (const r of resources) group.resources.add(r);
    return this;
  }

  /** Number of statements the rendered document has. */
  public get statementCount(): number {
    return this.groups.size;
  }

  /** The merged document. */
  public render(): PolicyDocument {
    const statements = [...this.groups.entries()]
      .sort(([ka, a], [kb, b]) => {
        const sa = a.head.Sid ?? '';
        const sb = b.head.Sid ?? '';
        return sa < sb ? -1 : sa > sb ? 1 : ka < kb ? -1 : ka > kb ? 1 : 0;
      })
      .map(([, g]) => {
        const { Sid, Effect, Principal, Action } = g.head;
        const Condition = g.condition && renderCondition(g.condition);
        return {
          ...(Sid !== undefined ? { Sid } : {}),
          Effect,
          ...(Principal !== undefined ? { Principal } : {}),
          Action: compact(Action),
          Resource: compact([...g.resources].sort()),
          ...(Condition !== undefined ? { Condition } : {}),
        } satisfies PolicyStatement;
      });
    return { Version: '2012-10-17', Statement: statements };
  }

  /** The merged document as compact JSON text (what Terraform receives). */
  public toJson(): string {
    this.cached ??= JSON.stringify(this.render());
    return this.cached;
  }
}

function renderCondition(c: NonNullable<Group['condition']>): Condition {
  return Object.fromEntries(
    [...c.entries()].map(([op, kv]) => [
      op,
      Object.fromEntries(
        [...kv.entries()].map(([k, v]) => [k, v instanceof Set ? compact([...v].sort()) : v]),
      ),
    ]),
  );
}

/** `arn:aws:s3:::<bucket>`. */
export const bucketArn = (bucket: string): string => `arn:aws:s3:::${bucket}`;
/** `arn:aws:s3:::<bucket>/<keyPattern>`. */
export const objectArn = (bucket: string, keyPattern: string): string =>
  `arn:aws:s3:::${bucket}/${keyPattern}`;

/** Cloudflare's writer grant: `s3:PutObject` on exactly `<prefix>/*`, nothing else. */
export function cloudflareWriteStatement(bucket: string, prefix: string): PolicyStatement {
  return {
    Sid: 'AllowCloudflareLogpushPutObject',
    Effect: 'Allow',
    Principal: { AWS: CLOUDFLARE_LOGPUSH_PRINCIPAL },
    Action: 's3:PutObject',
    Resource: objectArn(bucket, `${prefix}/*`),
  };
}

/** Denies every request to the bucket and its objects that does not use TLS. */
export function denyInsecureTransportStatement(bucket: string): PolicyStatement {
  return {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [bucketArn(bucket), objectArn(bucket, '*')],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

/** Denies uploads that do not ask for SSE-S3 (`x-amz-server-side-encryption: AES256`). */
export function denyUnencryptedPutStatement(bucket: string): PolicyStatement {
  return {
    Sid: 'DenyPutWithoutSseAes256',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:PutObject',
    Resource: objectArn(bucket, '*'),
    Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'AES256' } },
  };
}
