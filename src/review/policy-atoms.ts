/**
 * IAM policy documents read back as atoms: one atom per effect x principal x action x resource x
 * condition alternative, so that two documents compare as sets of grants (a widened grant is an
 * added Allow atom or a removed Deny one). The reading side of src/policy.ts, which builds and
 * renders documents: the statement keys read here are those of its {@link PolicyStatement}.
 */
import type { PolicyStatement } from '../policy';
import { canonical, isRecord, list } from './private/json';

/** A statement as read from JSON: the keys of {@link PolicyStatement} and their negations, unchecked. */
type ReadStatement = { readonly [K in keyof PolicyStatement]?: unknown } & {
  readonly NotPrincipal?: unknown;
  readonly NotAction?: unknown;
  readonly NotResource?: unknown;
};

/** One grant: who may (or may not) do what on what, under which condition. */
export interface Atom {
  readonly effect: string;
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly condition?: string;
}

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
export function atomsOf(policy: unknown, identity: string): Atom[] | undefined {
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
  for (const item of statements) {
    if (!isRecord(item)) continue;
    const s: ReadStatement = item;
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

/** An atom's identity, for set comparisons. */
export const atomKey = (a: Atom): string =>
  `${a.effect}\u0000${a.principal}\u0000${a.action}\u0000${a.resource}\u0000${a.condition ?? ''}`;
