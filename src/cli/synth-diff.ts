/**
 * What changes between two synthesized cdktf outputs (`cdktf.out/`), as a reviewer needs it:
 * Logpush jobs added, removed, changed (which attributes), moved; grants widened or narrowed; stacks
 * touched; and every change that makes Terraform re-create a resource, with the reason.
 *
 * Which attributes force a replacement is provider knowledge, pinned to the providers this package
 * binds (see {@link FORCES_REPLACEMENT}); a forcing attribute that references a replaced resource
 * is replaced too (its value becomes unknown, Terraform plans a replacement). Framework-free: it
 * reads JSON files and never needs cdktf.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CliError, EXIT } from './io';
import { terminalText } from './style';

/** One resource block of a synthesized stack: attribute name to value. */
export type ResourceBlock = Record<string, unknown>;

/** The parts of a synthesized stack (`cdk.tf.json`) the diff reads. */
export interface StackJson {
  readonly resource?: Record<string, Record<string, ResourceBlock>>;
  readonly data?: Record<string, Record<string, ResourceBlock>>;
  readonly moved?: ReadonlyArray<{ readonly from: string; readonly to: string }>;
  readonly terraform?: Record<string, unknown>;
  readonly [key: string]: unknown;
}

/** A synthesized app: stack name to its Terraform JSON. */
export type SynthOutput = ReadonlyMap<string, StackJson>;

/**
 * Reads `<dir>/manifest.json` and every stack it names (`synthesizedStackPath`). A directory that
 * is not a cdktf output is a usage error (exit 2).
 */
export async function readSynthOutput(dir: string): Promise<SynthOutput> {
  const manifestPath = path.join(dir, 'manifest.json');
  if (!fs.existsSync(manifestPath)) {
    throw new CliError(
      `${dir} is not a synthesized cdktf output: no manifest.json (run cdktf synth)`,
      EXIT.usage,
    );
  }
  const manifest = checkManifest(manifestPath, await readJson(manifestPath));
  const stacks = new Map<string, StackJson>();
  for (const [name, entry] of Object.entries(manifest.stacks)) {
    const rel = entry.synthesizedStackPath ?? path.join('stacks', name, 'cdk.tf.json');
    const file = path.resolve(dir, rel);
    if (path.relative(path.resolve(dir), file).startsWith('..')) {
      throw new CliError(`${manifestPath}: stack ${name} points outside the output (${rel})`, EXIT.usage);
    }
    stacks.set(name, checkStackJson(`stack ${name} (${file})`, await readJson(file)));
  }
  return stacks;
}

/** A malformed synthesized output: exit 2, one line, code SYNTH_MALFORMED. */
export const malformed = (message: string): CliError =>
  new CliError(message.split('\n')[0]!.slice(0, 300), EXIT.usage, 'SYNTH_MALFORMED');

/** Deepest nesting a synthesized stack may have (cdktf's are under 20 levels). */
export const MAX_SYNTH_DEPTH = 100;

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch (e) {
    throw malformed(`cannot read ${file}: ${(e as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw malformed(`${file} is not JSON: ${(e as Error).message}`);
  }
  // Iterative, so that the check itself cannot overflow the stack.
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= MAX_SYNTH_DEPTH) throw malformed(`${file} nests deeper than ${MAX_SYNTH_DEPTH} levels`);
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return value;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
/** Terraform resource type names (`aws_s3_bucket`) and identifiers (cdktf also starts them with a digit); never a JavaScript prototype key. */
const TF_TYPE = /^[a-z][a-z0-9_]*$/;
const TF_ID = /^[A-Za-z0-9_][A-Za-z0-9_-]*$/;
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function checkManifest(
  file: string,
  value: unknown,
): { stacks: Record<string, { synthesizedStackPath?: string }> } {
  if (!isPlainObject(value) || !isPlainObject(value.stacks)) {
    throw malformed(`${file} has no "stacks" object`);
  }
  for (const [name, entry] of Object.entries(value.stacks)) {
    if (PROTOTYPE_KEYS.has(name) || !isPlainObject(entry)) {
      throw malformed(
        `${file}: stacks.${JSON.stringify(name).slice(0, 80)} is not a stack entry (an object)`,
      );
    }
    if (entry.synthesizedStackPath !== undefined && typeof entry.synthesizedStackPath !== 'string') {
      throw malformed(`${file}: stacks.${name}.synthesizedStackPath is not a string`);
    }
  }
  return value as { stacks: Record<string, { synthesizedStackPath?: string }> };
}

/** Checks the parts of a stack the diff reads: `resource` and `data` (type -> id -> block) and `moved`. */
export function checkStackJson(where: string, value: unknown): StackJson {
  if (!isPlainObject(value)) throw malformed(`${where} is not a Terraform JSON object`);
  for (const section of ['resource', 'data'] as const) {
    const byType = value[section];
    if (byType === undefined) continue;
    if (!isPlainObject(byType)) throw malformed(`${where}: "${section}" is not an object`);
    for (const [type, byId] of Object.entries(byType)) {
      if (!TF_TYPE.test(type)) {
        throw malformed(
          `${where}: ${section} type ${JSON.stringify(type).slice(0, 80)} is not a Terraform type name`,
        );
      }
      if (!isPlainObject(byId)) throw malformed(`${where}: ${section}.${type} is not an object`);
      for (const [id, block] of Object.entries(byId)) {
        if (!TF_ID.test(id) || PROTOTYPE_KEYS.has(id)) {
          throw malformed(
            `${where}: ${section}.${type} id ${JSON.stringify(id).slice(0, 80)} is not a Terraform identifier`,
          );
        }
        if (!isPlainObject(block)) throw malformed(`${where}: ${section}.${type}.${id} is not an object`);
      }
    }
  }
  if (value.moved !== undefined) {
    if (!Array.isArray(value.moved)) throw malformed(`${where}: "moved" is not a list`);
    value.moved.forEach((m: unknown, i) => {
      if (!isPlainObject(m) || typeof m.from !== 'string' || typeof m.to !== 'string') {
        throw malformed(`${where}: moved[${i}] is not { "from": string, "to": string }`);
      }
    });
  }
  if (value.terraform !== undefined && !isPlainObject(value.terraform)) {
    throw malformed(`${where}: "terraform" is not an object`);
  }
  return value as StackJson;
}

/**
 * Attributes whose change makes the provider plan a replacement (destroy + create), per resource
 * type, with the source of the fact.
 */
export const FORCES_REPLACEMENT: Readonly<
  Record<
    string,
    {
      readonly attributes: readonly string[];
      /** RequiresReplaceIfConfigured: only a change to a configured value replaces (unsetting it does not). */
      readonly ifConfigured?: readonly string[];
      readonly source: string;
    }
  >
> = {
  cloudflare_logpush_job: {
    attributes: ['zone_id', 'account_id', 'dataset'],
    ifConfigured: ['dataset'],
    source:
      'cloudflare/cloudflare 5.14.0 logpush_job schema: RequiresReplace (dataset: RequiresReplaceIfConfigured)',
  },
  cloudflare_logpush_ownership_challenge: {
    attributes: ['zone_id', 'account_id', 'destination_conf'],
    source:
      'cloudflare/cloudflare 5.14.0 logpush_ownership_challenge schema: every attribute RequiresReplace',
  },
  panther_s3_source: {
    attributes: ['aws_account_id', 'bucket_name'],
    source: 'panther-labs/panther 0.2.12 s3_source: RequiresReplace',
  },
  aws_s3_bucket: { attributes: ['bucket', 'bucket_prefix'], source: 'hashicorp/aws 5.100.0: ForceNew' },
  aws_s3_bucket_policy: { attributes: ['bucket'], source: 'hashicorp/aws 5.100.0: ForceNew' },
  aws_s3_bucket_notification: { attributes: ['bucket'], source: 'hashicorp/aws 5.100.0: ForceNew' },
  aws_s3_bucket_versioning: { attributes: ['bucket'], source: 'hashicorp/aws 5.100.0: ForceNew' },
  aws_s3_bucket_lifecycle_configuration: {
    attributes: ['bucket'],
    source: 'hashicorp/aws 5.100.0: ForceNew',
  },
  aws_s3_bucket_public_access_block: { attributes: ['bucket'], source: 'hashicorp/aws 5.100.0: ForceNew' },
  aws_s3_bucket_ownership_controls: { attributes: ['bucket'], source: 'hashicorp/aws 5.100.0: ForceNew' },
  aws_s3_bucket_server_side_encryption_configuration: {
    attributes: ['bucket'],
    source: 'hashicorp/aws 5.100.0: ForceNew',
  },
  aws_iam_role: { attributes: ['name', 'name_prefix'], source: 'hashicorp/aws 5.100.0: ForceNew' },
  aws_iam_role_policy: { attributes: ['name', 'role'], source: 'hashicorp/aws 5.100.0: ForceNew' },
  aws_lambda_function: { attributes: ['function_name'], source: 'hashicorp/aws 5.100.0: ForceNew' },
  aws_sns_topic: {
    attributes: ['name', 'name_prefix', 'fifo_topic'],
    source: 'hashicorp/aws 5.100.0: ForceNew',
  },
  aws_cloudwatch_log_group: {
    attributes: ['name', 'name_prefix'],
    source: 'hashicorp/aws 5.100.0: ForceNew',
  },
};

const JOB = 'cloudflare_logpush_job';

/** A Logpush job as the diff reports it. */
export interface JobRef {
  readonly stack: string;
  /** The Terraform address in its stack, `cloudflare_logpush_job.<logical id>`. */
  readonly address: string;
  /** The construct path (from cdktf's metadata), when present. */
  readonly path?: string;
  readonly dataset?: string;
  readonly zoneId?: string;
  readonly accountId?: string;
  readonly destination?: string;
}

/** One changed attribute of a job. Values of `ownership_challenge` are never shown. */
export interface AttributeChange {
  readonly attribute: string;
  readonly old?: unknown;
  readonly new?: unknown;
  /** For `output_options.field_names`: the fields added and removed. */
  readonly fieldsAdded?: readonly string[];
  readonly fieldsRemoved?: readonly string[];
}

export interface JobChange extends JobRef {
  readonly changes: readonly AttributeChange[];
}

/** A job whose address changes: Terraform destroys the old one and creates the new one. */
export interface JobMove {
  readonly from: JobRef;
  readonly to: JobRef;
}

/** One widened or narrowed permission. */
export interface GrantChange {
  readonly stack: string;
  /** The resource holding the policy, e.g. `aws_s3_bucket_policy.logs_Policy_1234`. */
  readonly address: string;
  /** The policy attribute (`policy`, `assume_role_policy`). */
  readonly attribute: string;
  /**
   * `unreviewed`: an attribute that can grant access changed in a way the diff does not expand (a
   * Terraform expression, a resource type it has no rule for): review it by hand.
   */
  readonly change: 'widened' | 'narrowed' | 'unreviewed';
  readonly effect: string;
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly condition?: string;
}

/** A resource Terraform would destroy and create again. */
export interface Recreation {
  readonly stack: string;
  readonly address: string;
  /** Whether it is a Logpush job: a gap in the logs (Cloudflare never backfills). */
  readonly job: boolean;
  readonly reason: string;
}

/** A job whose logs go to another destination (an in-place update that needs a new ownership token). */
export interface DestinationChange extends JobRef {
  readonly oldDestination: string;
  readonly newDestination: string;
  readonly note: string;
}

export interface SynthDiff {
  /** Stacks whose Terraform configuration differs (added and changed; removed ones are listed apart). */
  readonly touchedStacks: readonly string[];
  readonly stacks: {
    readonly added: readonly string[];
    readonly removed: readonly string[];
    readonly changed: readonly string[];
  };
  readonly pipelines: {
    readonly added: readonly JobRef[];
    readonly removed: readonly JobRef[];
    readonly changed: readonly JobChange[];
    readonly moved: readonly JobMove[];
  };
  readonly destinationChanges: readonly DestinationChange[];
  readonly grants: readonly GrantChange[];
  readonly recreations: readonly Recreation[];
}

/** Stable JSON for comparisons: keys sorted, cdktf's `//` metadata dropped. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const obj = v as Record<string, unknown>;
      return Object.fromEntries(
        Object.keys(obj)
          .filter((k) => k !== '//')
          .sort()
          .map((k) => [k, obj[k]]),
      );
    }
    return v;
  });
}

/** The stack as Terraform sees it, without cdktf metadata and the local backend's absolute path (differs per checkout). */
function stackForComparison(json: StackJson): string {
  const copy = JSON.parse(JSON.stringify(json)) as {
    terraform?: { backend?: { local?: { path?: unknown } } };
  };
  if (copy.terraform?.backend?.local) delete copy.terraform.backend.local.path;
  return canonical(copy);
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function jobRef(stack: string, id: string, block: ResourceBlock): JobRef {
  const meta = (block['//'] as { metadata?: { path?: string } } | undefined)?.metadata;
  const ref: JobRef = {
    stack,
    address: `${JOB}.${id}`,
    ...(meta?.path ? { path: meta.path } : {}),
    ...(str(block.dataset) ? { dataset: str(block.dataset) } : {}),
    ...(str(block.zone_id) ? { zoneId: str(block.zone_id) } : {}),
    ...(str(block.account_id) ? { accountId: str(block.account_id) } : {}),
    ...(str(block.destination_conf) ? { destination: str(block.destination_conf) } : {}),
  };
  return ref;
}

/** Every resource of every stack: `stack\u0000type.id` to its block. */
function resourcesOf(
  out: SynthOutput,
): Map<string, { stack: string; type: string; id: string; block: ResourceBlock }> {
  const all = new Map<string, { stack: string; type: string; id: string; block: ResourceBlock }>();
  for (const [stack, json] of out) {
    for (const [type, byId] of Object.entries(json.resource ?? {})) {
      for (const [id, block] of Object.entries(byId)) {
        all.set(`${stack}\u0000${type}.${id}`, { stack, type, id, block });
      }
    }
  }
  return all;
}

const SECRET_ATTRIBUTES = new Set(['ownership_challenge']);

/** The changed attributes of a job (nested `output_options` by sub-attribute; field lists as added/removed). */
function jobChanges(oldBlock: ResourceBlock, newBlock: ResourceBlock): AttributeChange[] {
  const changes: AttributeChange[] = [];
  const keys = new Set([...Object.keys(oldBlock), ...Object.keys(newBlock)]);
  keys.delete('//');
  keys.delete('depends_on');
  for (const key of [...keys].sort()) {
    const a = oldBlock[key];
    const b = newBlock[key];
    if (canonical(a) === canonical(b)) continue;
    if (key === 'output_options' && isRecord(a ?? {}) && isRecord(b ?? {})) {
      const oa = (a ?? {}) as Record<string, unknown>;
      const ob = (b ?? {}) as Record<string, unknown>;
      for (const sub of [...new Set([...Object.keys(oa), ...Object.keys(ob)])].sort()) {
        if (canonical(oa[sub]) === canonical(ob[sub])) continue;
        if (sub === 'field_names') {
          const before = new Set(asStrings(oa[sub]));
          const after = new Set(asStrings(ob[sub]));
          changes.push({
            attribute: 'output_options.field_names',
            fieldsAdded: [...after].filter((f) => !before.has(f)),
            fieldsRemoved: [...before].filter((f) => !after.has(f)),
          });
        } else {
          changes.push({ attribute: `output_options.${sub}`, old: oa[sub], new: ob[sub] });
        }
      }
      continue;
    }
    changes.push(SECRET_ATTRIBUTES.has(key) ? { attribute: key } : { attribute: key, old: a, new: b });
  }
  return changes;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function asStrings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** The bucket of an `s3://bucket/...` destination. */
function bucketOf(destination: string | undefined): string | undefined {
  return destination?.match(/^s3:\/\/([^/?]+)/)?.[1];
}

/**
 * Attributes that hold a JSON policy document, expanded statement by statement: resource type to
 * attribute names (hashicorp/aws 5.100.0 resource documentation of each type).
 */
const POLICY_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  aws_s3_bucket_policy: ['policy'],
  aws_s3_bucket: ['policy'],
  aws_iam_role_policy: ['policy'],
  aws_iam_user_policy: ['policy'],
  aws_iam_group_policy: ['policy'],
  aws_iam_policy: ['policy'],
  aws_iam_role: ['assume_role_policy'],
  aws_sns_topic_policy: ['policy'],
  aws_sns_topic: ['policy'],
  aws_sqs_queue_policy: ['policy'],
  aws_sqs_queue: ['policy'],
  aws_kms_key: ['policy'],
  aws_kms_key_policy: ['policy'],
  aws_s3_access_point: ['policy'],
  aws_s3control_bucket_policy: ['policy'],
  aws_s3control_access_point_policy: ['policy'],
  aws_ecr_repository_policy: ['policy'],
  aws_secretsmanager_secret_policy: ['policy'],
  aws_cloudwatch_log_resource_policy: ['policy_document'],
  aws_glue_resource_policy: ['policy'],
};

/**
 * Resource types and attributes that can grant access although the diff has no rule for them: any
 * change there is an `unreviewed` grant change (fail closed), never dropped.
 */
const GRANT_TYPE = /(polic|permission|grant|acl|attachment|access_point|principal|trust|membership)/;
const GRANT_ATTRIBUTE = /(polic|permission|grant|acl|principal|trust|role|arn)/;

/** Attachments of a managed policy: resource type to the attributes naming who gets it. */
const ATTACHMENTS: Readonly<Record<string, readonly string[]>> = {
  aws_iam_role_policy_attachment: ['role'],
  aws_iam_user_policy_attachment: ['user'],
  aws_iam_group_policy_attachment: ['group'],
  aws_iam_policy_attachment: ['roles', 'users', 'groups'],
};

/** A managed policy attached to an identity, as one atom: every action that policy allows. */
const attachedAtom = (who: string, arn: unknown): Atom => ({
  effect: 'Allow',
  principal: who,
  action: `every action of managed policy ${typeof arn === 'string' ? arn : JSON.stringify(arn)}`,
  resource: '(as that policy says)',
});

/**
 * The grant atoms of one attribute the diff understands beyond a JSON document: a role's
 * `inline_policy` blocks and `managed_policy_arns`, a policy attachment, a Lambda permission.
 * `undefined` when the attribute is none of these (or not understood).
 */
function structuredAtoms(type: string, attribute: string, block: ResourceBlock): Atom[] | undefined {
  const value = block[attribute];
  if (value === undefined) return [];
  if (type === 'aws_iam_role' && attribute === 'inline_policy') {
    const who = `role ${str(block.name) ?? '(this role)'}`;
    const atoms: Atom[] = [];
    for (const p of Array.isArray(value) ? value : [value]) {
      if (!isRecord(p)) return undefined;
      if (p.policy === undefined) continue;
      const found = atomsOf(p.policy, who);
      if (!found) return undefined;
      atoms.push(...found);
    }
    return atoms;
  }
  if (type === 'aws_iam_role' && attribute === 'managed_policy_arns') {
    if (!Array.isArray(value)) return undefined;
    return value.map((arn) => attachedAtom(`role ${str(block.name) ?? '(this role)'}`, arn));
  }
  const whoAttributes = ATTACHMENTS[type];
  if (whoAttributes && attribute === 'policy_arn') {
    const who = whoAttributes.flatMap((a) => list(block[a]).map((x) => `${a.replace(/s$/, '')} ${x}`));
    return (who.length ? who : ['(no identity)']).map((w) => attachedAtom(w, value));
  }
  if (type === 'aws_lambda_permission' && attribute === 'action') {
    return [
      {
        effect: 'Allow',
        principal: String(block.principal),
        action: String(value),
        resource: `function ${String(block.function_name)}${block.qualifier ? `:${String(block.qualifier)}` : ''}`,
        ...(block.source_arn !== undefined || block.source_account !== undefined
          ? { condition: canonical({ source_arn: block.source_arn, source_account: block.source_account }) }
          : {}),
      },
    ];
  }
  return undefined;
}

/** Who an identity-based policy (no Principal) grants to: the role it is attached to. */
function identityOf(type: string, block: ResourceBlock): string {
  if (type !== 'aws_iam_role_policy') return '(the identities it is attached to)';
  const role = str(block.role) ?? '';
  const ref = role.match(/^\$\{(aws_iam_role\.[^.}]+)\.[a-z_]+\}$/);
  return `role ${ref ? ref[1] : role}`;
}

interface Atom {
  readonly effect: string;
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly condition?: string;
}

const list = (v: unknown): string[] =>
  Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)];

function principals(p: unknown, not: unknown, identity: string): string[] {
  if (not !== undefined) return principals(not, undefined, identity).map((x) => `NOT ${x}`);
  if (p === undefined) return [identity];
  if (typeof p === 'string') return [p];
  if (isRecord(p)) return Object.entries(p).flatMap(([kind, v]) => list(v).map((x) => `${kind}:${x}`));
  return [JSON.stringify(p)];
}

/**
 * A condition as alternatives: one operator with one key whose value is a list matches when any
 * value does (unless the operator is ForAllValues:...), so it is split into one condition per value
 * (a grant of two prefixes narrowed to one is then one prefix narrowed). Anything else stays whole.
 */
function conditionAlternatives(condition: unknown): string[] {
  if (isRecord(condition)) {
    const ops = Object.entries(condition);
    if (ops.length === 1 && !ops[0]![0].startsWith('ForAllValues:') && isRecord(ops[0]![1])) {
      const [op, keys] = ops[0]! as [string, Record<string, unknown>];
      const entries = Object.entries(keys);
      if (entries.length === 1) {
        const [key, value] = entries[0]!;
        return list(value).map((v) => canonical({ [op]: { [key]: v } }));
      }
    }
  }
  return [canonical(condition)];
}

/** A policy's statements, expanded into one atom per effect x principal x action x resource. */
function atomsOf(policy: unknown, identity: string): Atom[] | undefined {
  let doc: unknown = policy;
  if (typeof policy === 'string') {
    try {
      doc = JSON.parse(policy);
    } catch {
      return undefined; // a Terraform expression (jsonencode(...)): compared as text
    }
  }
  if (!isRecord(doc)) return undefined;
  const statements = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
  const atoms: Atom[] = [];
  for (const s of statements) {
    if (!isRecord(s)) continue;
    const actions = s.NotAction !== undefined ? list(s.NotAction).map((a) => `NOT ${a}`) : list(s.Action);
    const resources =
      s.NotResource !== undefined
        ? list(s.NotResource).map((r) => `NOT ${r}`)
        : s.Resource === undefined
          ? ['(none)']
          : list(s.Resource);
    const conditions = s.Condition === undefined ? [undefined] : conditionAlternatives(s.Condition);
    for (const principal of principals(s.Principal, s.NotPrincipal, identity)) {
      for (const action of actions) {
        for (const resource of resources) {
          for (const condition of conditions) {
            atoms.push({
              effect: String(s.Effect),
              principal,
              action,
              resource,
              ...(condition ? { condition } : {}),
            });
          }
        }
      }
    }
  }
  return atoms;
}

const atomKey = (a: Atom) =>
  `${a.effect}\u0000${a.principal}\u0000${a.action}\u0000${a.resource}\u0000${a.condition ?? ''}`;

function grantChanges(
  stack: string,
  address: string,
  attribute: string,
  before: unknown,
  after: unknown,
  identity: string,
): GrantChange[] {
  const a = before === undefined ? [] : atomsOf(before, identity);
  const b = after === undefined ? [] : atomsOf(after, identity);
  if (!a || !b) {
    if (canonical(before) === canonical(after)) return [];
    // Not JSON on one side: the whole text changed; report it as one unclassified change.
    return [
      {
        stack,
        address,
        attribute,
        change: 'unreviewed',
        effect: '?',
        principal: '?',
        action: '?',
        resource: 'the policy is a Terraform expression: review it by hand',
      },
    ];
  }
  return atomChanges(stack, address, attribute, a, b);
}

/** The atoms added (widening, or narrowing for a Deny) and removed. */
function atomChanges(stack: string, address: string, attribute: string, a: Atom[], b: Atom[]): GrantChange[] {
  const oldKeys = new Set(a.map(atomKey));
  const newKeys = new Set(b.map(atomKey));
  const out: GrantChange[] = [];
  const emit = (atom: Atom, added: boolean) => {
    // An added Allow or a removed Deny widens; a removed Allow or an added Deny narrows.
    const widens = (atom.effect === 'Deny') !== added;
    out.push({ stack, address, attribute, change: widens ? 'widened' : 'narrowed', ...atom });
  };
  for (const atom of b) if (!oldKeys.has(atomKey(atom))) emit(atom, true);
  for (const atom of a) if (!newKeys.has(atomKey(atom))) emit(atom, false);
  return dedupe(out);
}

function dedupe<T>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((i) => {
    const k = JSON.stringify(i);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Resources and data sources that can carry a grant, by `stack\u0000[data.]type.id`. */
function grantBearers(
  out: SynthOutput,
): Map<string, { stack: string; type: string; id: string; block: ResourceBlock; data: boolean }> {
  const all = new Map<
    string,
    { stack: string; type: string; id: string; block: ResourceBlock; data: boolean }
  >();
  for (const [stack, json] of out) {
    for (const data of [false, true]) {
      for (const [type, byId] of Object.entries((data ? json.data : json.resource) ?? {})) {
        if (
          !POLICY_ATTRIBUTES[type] &&
          !GRANT_TYPE.test(type) &&
          !ATTACHMENTS[type] &&
          !GRANT_TYPES_BY_ATTRIBUTE.has(type)
        ) {
          continue;
        }
        for (const [id, block] of Object.entries(byId)) {
          const t = data ? `data.${type}` : type;
          all.set(`${stack}\u0000${t}.${id}`, { stack, type: data ? t : type, id, block, data });
        }
      }
    }
  }
  return all;
}

/** Terraform meta-arguments and cdktf metadata: they grant nothing themselves. */
const META_ARGUMENTS = new Set(['//', 'depends_on', 'lifecycle', 'provider', 'timeouts']);

/** Types whose whole block is one grant, and the attribute its atoms are reported under. */
const WHOLE_BLOCK_GRANTS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(Object.keys(ATTACHMENTS).map((t) => [t, 'policy_arn'])),
  aws_lambda_permission: 'action',
};

/** Types whose grant lives in attributes of an otherwise ordinary resource. */
const GRANT_TYPES_BY_ATTRIBUTE = new Set([
  'aws_iam_role',
  'aws_lambda_permission',
  'aws_s3_bucket',
  'aws_sns_topic',
  'aws_sqs_queue',
]);

/** Whether a value (any depth) references `type.id` (`${type.id.attr}`). */
function references(value: unknown, address: string): boolean {
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? null);
  return text.includes(`${address}.`) && /\$\{/.test(text);
}

/** Compares two synthesized outputs. */
export function diffSynth(oldOut: SynthOutput, newOut: SynthOutput): SynthDiff {
  const added = [...newOut.keys()].filter((s) => !oldOut.has(s)).sort();
  const removed = [...oldOut.keys()].filter((s) => !newOut.has(s)).sort();
  const changed = [...newOut.keys()]
    .filter((s) => oldOut.has(s) && stackForComparison(oldOut.get(s)!) !== stackForComparison(newOut.get(s)!))
    .sort();

  const before = resourcesOf(oldOut);
  const after = resourcesOf(newOut);

  // Resources replaced in place (same address): forcing attributes, then references to replaced resources.
  const recreations: Recreation[] = [];
  const replaced = new Set<string>();
  const reasons = new Map<string, string>();
  for (const [key, n] of after) {
    const o = before.get(key);
    if (!o || o.type !== n.type) continue;
    const rule = FORCES_REPLACEMENT[n.type];
    if (!rule) continue;
    const forced = rule.attributes.filter(
      (attr) =>
        canonical(o.block[attr]) !== canonical(n.block[attr]) &&
        !(rule.ifConfigured?.includes(attr) && n.block[attr] === undefined),
    );
    if (forced.length) {
      replaced.add(key);
      reasons.set(
        key,
        forced
          .map(
            (attr) =>
              `${attr}: ${JSON.stringify(o.block[attr] ?? null)} -> ${JSON.stringify(n.block[attr] ?? null)}`,
          )
          .join('; ') + ` (${rule.source})`,
      );
    }
  }
  for (let grew = true; grew;) {
    grew = false;
    for (const [key, n] of after) {
      if (replaced.has(key) || !before.has(key)) continue;
      const rule = FORCES_REPLACEMENT[n.type];
      if (!rule) continue;
      for (const rKey of replaced) {
        const r = after.get(rKey)!;
        if (r.stack !== n.stack) continue;
        const target = `${r.type}.${r.id}`;
        const attr = rule.attributes.find((a) => references(n.block[a], target));
        if (attr) {
          replaced.add(key);
          reasons.set(key, `${attr} references ${target}, which is replaced (${rule.source})`);
          grew = true;
          break;
        }
      }
    }
  }
  for (const key of [...replaced].sort()) {
    const n = after.get(key)!;
    const o = before.get(key)!;
    let reason = reasons.get(key)!;
    const lifecycle = o.block.lifecycle as { prevent_destroy?: boolean } | undefined;
    if (lifecycle?.prevent_destroy) {
      reason +=
        '. lifecycle.prevent_destroy is set: `terraform plan` fails until the old resource leaves the state ' +
        '(`terraform state rm`, keeping it) or the change is reverted';
    }
    if (n.type === 'aws_s3_bucket') reason += '. Logs already written stay in the old bucket';
    if (n.type === 'cloudflare_logpush_ownership_challenge') {
      reason += ': Cloudflare writes a new challenge file and the job gets a new ownership token';
    }
    if (n.type === JOB) {
      reason += '. Cloudflare never backfills: the logs between destroy and create are lost';
    }
    recreations.push({ stack: n.stack, address: `${n.type}.${n.id}`, job: n.type === JOB, reason });
  }

  // Jobs: added, removed, moved (an address change is a destroy + create), changed.
  const jobsBefore = [...before.entries()].filter(([, r]) => r.type === JOB);
  const jobsAfter = [...after.entries()].filter(([, r]) => r.type === JOB);
  const addedJobs = jobsAfter.filter(([k]) => !before.has(k));
  const removedJobs = jobsBefore.filter(([k]) => !after.has(k));
  const identity = (b: ResourceBlock) =>
    `${str(b.zone_id) ?? ''}|${str(b.account_id) ?? ''}|${str(b.dataset) ?? ''}`;
  const moved: JobMove[] = [];
  const movedFrom = new Set<string>();
  const movedTo = new Set<string>();
  const declaredMoves = new Set<string>();
  for (const [stack, json] of newOut) {
    for (const m of json.moved ?? []) declaredMoves.add(`${stack}\u0000${m.from}\u0000${m.to}`);
  }
  // Pair a removed and an added job of the same zone/account and dataset; the same destination first.
  for (const sameDestination of [true, false]) {
    for (const [rk, r] of removedJobs) {
      if (movedFrom.has(rk)) continue;
      const match = addedJobs.find(
        ([ak, a]) =>
          !movedTo.has(ak) &&
          identity(a.block) === identity(r.block) &&
          (!sameDestination || a.block.destination_conf === r.block.destination_conf),
      );
      if (!match) continue;
      const [ak, a] = match;
      movedFrom.add(rk);
      movedTo.add(ak);
      const from = jobRef(r.stack, r.id, r.block);
      const to = jobRef(a.stack, a.id, a.block);
      moved.push({ from, to });
      if (a.stack === r.stack && declaredMoves.has(`${a.stack}\u0000${from.address}\u0000${to.address}`)) {
        continue;
      }
      recreations.push({
        stack: a.stack,
        address: to.address,
        job: true,
        reason:
          `the job moves from ${r.stack === a.stack ? '' : `stack ${r.stack} `}${from.address} to ` +
          `${r.stack === a.stack ? '' : `stack ${a.stack} `}${to.address}: Terraform destroys the old job and creates a new one` +
          (r.stack === a.stack
            ? ' (a `moved` block from the old to the new address avoids it)'
            : ' (across stacks: move the state by hand, e.g. terraform state mv / import, or keep the address)') +
          '. Cloudflare never backfills: the logs between destroy and create are lost',
      });
    }
  }

  const changedJobs: JobChange[] = [];
  const destinationChanges: DestinationChange[] = [];
  for (const [key, n] of jobsAfter) {
    const o = before.get(key);
    if (!o) continue;
    const changes = jobChanges(o.block, n.block);
    if (!changes.length) continue;
    changedJobs.push({ ...jobRef(n.stack, n.id, n.block), changes });
    const kind = changes.find((c) => c.attribute === 'kind');
    if (kind && !replaced.has(key)) {
      recreations.push({
        stack: n.stack,
        address: `${JOB}.${n.id}`,
        job: true,
        reason:
          `kind: ${JSON.stringify(kind.old ?? null)} -> ${JSON.stringify(kind.new ?? null)}. The API accepts kind only on create: ` +
          'the update fails, so the job has to be re-created. Cloudflare never backfills: the logs between destroy and create are lost',
      });
    }
    const oldDest = str(o.block.destination_conf);
    const newDest = str(n.block.destination_conf);
    if (oldDest !== undefined && newDest !== undefined && oldDest !== newDest && !replaced.has(key)) {
      const oldBucket = bucketOf(oldDest);
      const newBucket = bucketOf(newDest);
      destinationChanges.push({
        ...jobRef(n.stack, n.id, n.block),
        oldDestination: oldDest,
        newDestination: newDest,
        note:
          'destination_conf is updated in place (no RequiresReplace in cloudflare/cloudflare 5.14.0), but Cloudflare ' +
          'accepts the update only with a new ownership token: the ownership challenge (destination_conf RequiresReplace) ' +
          'is re-created and a new challenge file is read' +
          (oldBucket && newBucket && oldBucket !== newBucket
            ? `. The bucket changes (${oldBucket} -> ${newBucket}): logs written so far stay in ${oldBucket}, and ` +
              'readers (SIEM, retention) must follow'
            : ''),
      });
    }
  }

  // Grants: every attribute of every resource (and data source) that can grant access is expanded
  // into atoms or, when not understood, reported as unreviewed. Nothing grant-shaped is dropped.
  const grants: GrantChange[] = [];
  const grantBefore = grantBearers(oldOut);
  const grantAfter = grantBearers(newOut);
  for (const key of [...new Set([...grantBefore.keys(), ...grantAfter.keys()])].sort()) {
    const o = grantBefore.get(key);
    const n = grantAfter.get(key);
    const r = (n ?? o)!;
    const oldBlock = o?.block ?? {};
    const newBlock = n?.block ?? {};
    const address = `${r.type}.${r.id}`;
    const documents = r.data ? [] : (POLICY_ATTRIBUTES[r.type] ?? []);
    const attributes = [...new Set([...Object.keys(oldBlock), ...Object.keys(newBlock)])]
      .filter((k) => !META_ARGUMENTS.has(k))
      .sort();
    // A whole-block grant (an attachment, a Lambda permission): its atoms from every attribute at once.
    const whole = r.data ? undefined : WHOLE_BLOCK_GRANTS[r.type];
    if (whole) {
      if (canonical(o?.block) === canonical(n?.block)) continue;
      const a = o ? structuredAtoms(r.type, whole, oldBlock) : [];
      const b = n ? structuredAtoms(r.type, whole, newBlock) : [];
      if (a && b) {
        grants.push(...atomChanges(r.stack, address, whole, a, b));
        continue;
      }
    }
    for (const attr of attributes) {
      if (documents.includes(attr)) {
        grants.push(
          ...grantChanges(
            r.stack,
            address,
            attr,
            o?.block[attr],
            n?.block[attr],
            identityOf(r.type, r.block),
          ),
        );
        continue;
      }
      if (canonical(oldBlock[attr]) === canonical(newBlock[attr])) continue;
      const a = r.data ? undefined : structuredAtoms(r.type, attr, oldBlock);
      const b = r.data ? undefined : structuredAtoms(r.type, attr, newBlock);
      if (a && b) {
        grants.push(...atomChanges(r.stack, address, attr, a, b));
      } else if (GRANT_TYPE.test(r.type) || GRANT_ATTRIBUTE.test(attr)) {
        grants.push({
          stack: r.stack,
          address,
          attribute: attr,
          change: 'unreviewed',
          effect: '?',
          principal: '?',
          action: '?',
          resource: `${attr} of a resource that can grant access changed and is not expanded: review it by hand`,
        });
      }
    }
  }

  return {
    touchedStacks: [...added, ...changed].sort(),
    stacks: { added, removed, changed },
    pipelines: {
      added: addedJobs.filter(([k]) => !movedTo.has(k)).map(([, r]) => jobRef(r.stack, r.id, r.block)),
      removed: removedJobs.filter(([k]) => !movedFrom.has(k)).map(([, r]) => jobRef(r.stack, r.id, r.block)),
      changed: changedJobs,
      moved,
    },
    destinationChanges,
    grants,
    recreations,
  };
}

// ---------------------------------------------------------------------------------------------
// Markdown

/**
 * Text of the synthesized output as a Markdown code span: a backtick becomes `'` and a line break or
 * other control character a visible `\uXXXX`, so no value can end the span, the list item or the
 * comment's structure.
 */
const code = (s: string) => `\`${terminalText(s.replace(/`/g, "'"))}\``;
const short = (v: unknown) => {
  const text = typeof v === 'string' ? v : JSON.stringify(v ?? null);
  return code(text.length > 120 ? `${text.slice(0, 117)}...` : text);
};

function jobLabel(j: JobRef): string {
  const owner = j.zoneId ? `zone ${j.zoneId}` : j.accountId ? `account ${j.accountId}` : 'no zone/account';
  return `${code(j.stack)} ${code(j.address)} (${j.dataset ?? '?'}, ${owner})`;
}

/** The diff as Markdown for a pull-request comment. */
export function diffMarkdown(d: SynthDiff): string {
  const out: string[] = ['## cdktf-logpush diff', ''];
  const jobRecreations = d.recreations.filter((r) => r.job);
  if (d.recreations.length) {
    out.push('> [!CAUTION]');
    out.push(
      `> **RE-CREATION: ${d.recreations.length} resource(s) will be destroyed and created again` +
        (jobRecreations.length
          ? `, ${jobRecreations.length} of them Logpush job(s): Cloudflare never backfills, the logs in between are lost`
          : '') +
        '.**',
    );
    for (const r of d.recreations) {
      out.push(`> - ${r.job ? '**job** ' : ''}${code(r.stack)} ${code(r.address)}: ${r.reason}`);
    }
    out.push('');
  }
  if (d.destinationChanges.length) {
    out.push('> [!WARNING]');
    out.push(`> **${d.destinationChanges.length} job(s) change destination.**`);
    for (const c of d.destinationChanges) {
      out.push(`> - ${jobLabel(c)}: ${code(c.oldDestination)} -> ${code(c.newDestination)}. ${c.note}`);
    }
    out.push('');
  }
  const stackList = (names: readonly string[]) => (names.length ? names.map(code).join(', ') : 'none');
  out.push(`**Stacks touched:** ${stackList(d.touchedStacks)}`);
  if (d.stacks.added.length) out.push(`- added: ${stackList(d.stacks.added)}`);
  if (d.stacks.removed.length) out.push(`- removed: ${stackList(d.stacks.removed)}`);
  if (d.stacks.changed.length) out.push(`- changed: ${stackList(d.stacks.changed)}`);
  out.push('');

  const p = d.pipelines;
  out.push(
    `### Pipelines: ${p.added.length} added, ${p.removed.length} removed, ${p.changed.length} changed, ${p.moved.length} moved`,
    '',
  );
  for (const j of p.added) out.push(`- **added** ${jobLabel(j)} -> ${short(j.destination)}`);
  for (const j of p.removed) out.push(`- **removed** ${jobLabel(j)} (was -> ${short(j.destination)})`);
  for (const m of p.moved) {
    out.push(`- **moved** ${jobLabel(m.from)} -> ${code(m.to.stack)} ${code(m.to.address)}`);
  }
  for (const c of p.changed) {
    out.push(`- **changed** ${jobLabel(c)}`);
    for (const a of c.changes) {
      if (a.attribute === 'output_options.field_names') {
        const parts = [
          a.fieldsAdded?.length ? `+ ${a.fieldsAdded.join(', ')}` : '',
          a.fieldsRemoved?.length ? `- ${a.fieldsRemoved.join(', ')}` : '',
        ].filter(Boolean);
        out.push(`  - fields: ${parts.join('; ') || 'order only'}`);
      } else if (SECRET_ATTRIBUTES.has(a.attribute)) {
        out.push(`  - ${a.attribute}: changed (value not shown)`);
      } else {
        out.push(`  - ${a.attribute}: ${short(a.old)} -> ${short(a.new)}`);
      }
    }
  }
  if (!p.added.length && !p.removed.length && !p.changed.length && !p.moved.length) {
    out.push('No pipeline changes.');
  }
  out.push('');

  const widened = d.grants.filter((g) => g.change === 'widened');
  const narrowed = d.grants.filter((g) => g.change === 'narrowed');
  const unreviewed = d.grants.filter((g) => g.change === 'unreviewed');
  out.push(
    `### Grants: ${widened.length} widened, ${narrowed.length} narrowed` +
      (unreviewed.length ? `, ${unreviewed.length} unreviewed (review by hand)` : ''),
    '',
  );
  for (const g of unreviewed) {
    out.push(`- **unreviewed** ${code(g.stack)} ${code(g.address)} ${code(g.attribute)}: ${g.resource}`);
  }
  for (const g of [...widened, ...narrowed]) {
    out.push(
      `- **${g.change}** ${code(g.stack)} ${code(g.address)}: ${g.effect === 'Deny' ? (g.change === 'widened' ? 'Deny removed:' : 'Deny added:') : g.effect} ${code(g.principal)} ${code(g.action)} on ${code(g.resource)}` +
        (g.condition ? ` if ${code(g.condition)}` : ''),
    );
  }
  if (!d.grants.length) out.push('No grant changes.');
  return `${out.join('\n')}\n`;
}
