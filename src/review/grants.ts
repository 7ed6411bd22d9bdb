/**
 * Grant changes between two synthesized outputs: every attribute of every resource (and data
 * source) that can grant access is expanded into policy atoms or, when not understood, reported as
 * `unreviewed`. Nothing grant-shaped is dropped (fail closed).
 */
import { atomKey, atomsOf, type Atom } from './policy-atoms';
import { canonical, dedupe, isRecord, list, str } from './private/json';
import type { ResourceBlock, SynthOutput } from './synth-output';
import type { GrantChange } from './types';

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

/** The grants widened, narrowed or to review by hand between two outputs. */
export function grantDiff(oldOut: SynthOutput, newOut: SynthOutput): GrantChange[] {
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
  return grants;
}
