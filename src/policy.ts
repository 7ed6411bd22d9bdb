/**
 * IAM policy documents as plain JSON, built offline (no `aws_iam_policy_document` data sources):
 * statements are collected, merged and rendered in a deterministic order, whatever the order in
 * which they were added.
 */
import { CLOUDFLARE_LOGPUSH_PRINCIPAL } from './ownership/contract';

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

/** The AWS principal Cloudflare Logpush writes with: defined in the construct<->handler contract. */
export { CLOUDFLARE_LOGPUSH_PRINCIPAL };

const asList = (v: string | readonly string[]): string[] => (typeof v === 'string' ? [v] : [...v]);

/** Renders a list with one element as that element, as IAM's own documents do. */
const compact = (v: readonly string[]): string | readonly string[] => (v.length === 1 ? v[0]! : v);

interface Group {
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  readonly principal?: Principal;
  readonly actions: readonly string[];
  readonly resources: Set<string>;
  /** The condition as given (statements that merge resources have equal conditions). */
  readonly condition?: Condition;
  /** operator -> key -> values, unioned (statements that merge condition values). */
  readonly mergedCondition?: Map<string, Map<string, Set<string>>>;
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

const asStrings = (v: string | boolean | readonly string[]): string[] =>
  typeof v === 'boolean' ? [String(v)] : asList(v);

/**
 * Collects statements and renders one merged document.
 *
 * Statements that agree on everything but `Resource` (Sid, effect, principal, actions, condition)
 * merge into one statement listing every resource; with `mergeConditionValues`, statements that
 * agree on everything but their condition values merge into one statement listing every value.
 * Statements are ordered by Sid, then by their merge key; actions, resources and merged values are
 * sorted, so the order of `add` calls never matters. Adding is O(1), rendering O(statements), and
 * the rendered text is cached until the next `add`.
 */
export class PolicyBuilder {
  private readonly groups = new Map<string, Group>();
  private cached?: string;

  /** Adds a statement; merges it with an earlier one when only the resources (or condition values) differ. */
  public add(statement: PolicyStatement, options: AddOptions = {}): this {
    const { Sid, Effect, Principal, Condition } = statement;
    const actions = [...new Set(asList(statement.Action))].sort();
    const resources = asList(statement.Resource);
    const merge = options.mergeConditionValues === true && Condition !== undefined;
    // The merge key: small JSON pieces in a fixed order (no deep canonicalization per add).
    const conditionKey = merge
      ? JSON.stringify(Object.entries(Condition).map(([op, kv]) => [op, Object.keys(kv)]))
      : JSON.stringify(Condition ?? null);
    const key = [
      Sid ?? '',
      Effect,
      JSON.stringify(Principal ?? null),
      actions.join(','),
      conditionKey,
      merge ? `merge:${[...resources].sort().join(',')}` : '',
    ].join('|');
    let group = this.groups.get(key);
    if (!group) {
      group = {
        sid: Sid,
        effect: Effect,
        principal: Principal,
        actions,
        resources: new Set(),
        ...(merge ? { mergedCondition: new Map() } : { condition: Condition }),
      };
      this.groups.set(key, group);
    }
    for (const r of resources) group.resources.add(r);
    if (merge) {
      for (const [op, kv] of Object.entries(Condition)) {
        let byKey = group.mergedCondition!.get(op);
        if (!byKey) group.mergedCondition!.set(op, (byKey = new Map()));
        for (const [k, v] of Object.entries(kv)) {
          let values = byKey.get(k);
          if (!values) byKey.set(k, (values = new Set()));
          for (const item of asStrings(v)) values.add(item);
        }
      }
    }
    this.cached = undefined;
    return this;
  }

  /** Number of statements the rendered document has. */
  public get statementCount(): number {
    return this.groups.size;
  }

  /** The merged document. */
  public render(): PolicyDocument {
    const statements = [...this.groups.entries()]
      .sort(([ka, a], [kb, b]) => compareStrings(a.sid ?? '', b.sid ?? '') || compareStrings(ka, kb))
      .map(([, g]) => {
        const condition = g.mergedCondition ? renderMergedCondition(g.mergedCondition) : g.condition;
        return {
          ...(g.sid !== undefined ? { Sid: g.sid } : {}),
          Effect: g.effect,
          ...(g.principal !== undefined ? { Principal: g.principal } : {}),
          Action: compact(g.actions),
          Resource: compact([...g.resources].sort()),
          ...(condition !== undefined ? { Condition: condition } : {}),
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

const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function renderMergedCondition(c: Map<string, Map<string, Set<string>>>): Condition {
  return Object.fromEntries(
    [...c.entries()].map(([op, kv]) => [
      op,
      Object.fromEntries([...kv.entries()].map(([k, v]) => [k, compact([...v].sort())])),
    ]),
  );
}

/** `arn:aws:s3:::<bucket>`. */
export const bucketArn = (bucket: string): string => `arn:aws:s3:::${bucket}`;
/**
 * `arn:aws:ssm:<region>:<account>:parameter<name>`, for a hierarchical `name` (it starts with `/`).
 * `region` and `account` are validated values or Terraform references.
 */
export const ssmParameterArn = (region: string, account: string, name: string): string =>
  `arn:aws:ssm:${region}:${account}:parameter${name}`;
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

/**
 * S3: "Bucket policies are limited to 20 KB in size."
 *
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-iam-policies.html
 */
export const BUCKET_POLICY_MAX_BYTES = 20 * 1024;

/**
 * IAM: a role's inline policies together may hold at most 10,240 characters, whitespace excluded.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 */
export const ROLE_INLINE_POLICY_MAX_CHARS = 10_240;

/**
 * The problem with a rendered policy that AWS would reject for its size, or undefined. Terraform
 * references in the text are counted as written, so the size is approximate when names are tokens.
 */
export function policySizeProblem(what: string, policyJson: string, limit: number): string | undefined {
  const size = Buffer.byteLength(policyJson.replace(/\s+/g, ''));
  if (size <= limit) return undefined;
  return (
    `${what} is ${size} characters, over AWS's limit of ${limit}: every pipeline's grant names its own ` +
    "prefix: use grants: 'per-dataset' on the bucket, or fewer pipelines per bucket"
  );
}
