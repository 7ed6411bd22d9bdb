/**
 * What a provider does with a schema beyond what Terraform checks itself: validators on the
 * configuration, defaults and unknowns in the plan (as terraform-plugin-framework plans them, or
 * the SDK's legacy plan), RequiresReplace, and filling the unknowns at apply.
 */
import { randomBytes } from 'crypto';
import type { Attribute, Block, ResourceSchema, Validator } from './schema';
import { deepEqual, Unknown, UNKNOWN, type Obj, type Value } from './values';

export interface Diagnostic {
  readonly severity: 'ERROR' | 'WARNING';
  readonly summary: string;
  readonly detail?: string;
  readonly attribute?: { steps: { attribute_name?: string; element_key_int?: number }[] };
}

export const error = (summary: string, detail?: string, path?: string[]): Diagnostic => ({
  severity: 'ERROR',
  summary,
  ...(detail ? { detail } : {}),
  ...(path ? { attribute: { steps: path.map((p) => ({ attribute_name: p })) } } : {}),
});

/** Why a known value fails a validator, or undefined. */
function check(v: Validator, value: Value): string | undefined {
  switch (v.kind) {
    case 'oneOf': {
      const ok = v.values.some((x) =>
        v.caseInsensitive && typeof x === 'string' && typeof value === 'string'
          ? x.toLowerCase() === value.toLowerCase()
          : x === value,
      );
      return ok
        ? undefined
        : `value must be one of: ${v.values.map((x) => JSON.stringify(x)).join(', ')}, got: ${JSON.stringify(value)}`;
    }
    case 'between':
      return typeof value === 'number' && value >= v.min && value <= v.max
        ? undefined
        : `value must be between ${v.min} and ${v.max}, got: ${String(value)}`;
    case 'atLeast':
      return typeof value === 'number' && value >= v.min
        ? undefined
        : `value must be at least ${v.min}, got: ${String(value)}`;
    case 'atMost':
      return typeof value === 'number' && value <= v.max
        ? undefined
        : `value must be at most ${v.max}, got: ${String(value)}`;
    case 'any': {
      const failures = v.of.map((x) => check(x, value));
      return failures.some((f) => f === undefined) ? undefined : failures.join(' or ');
    }
    case 'each': {
      const items = Array.isArray(value) ? value : [];
      for (const item of items) {
        if (item === null || item instanceof Unknown) continue;
        const why = v.of.map((x) => check(x, item)).find((f) => f !== undefined);
        if (why) return `element ${why}`;
      }
      return undefined;
    }
    case 'regex':
      return typeof value === 'string' && new RegExp(v.pattern).test(value)
        ? undefined
        : `value must match ${v.pattern}${v.message ? ` (${v.message})` : ''}, got: ${JSON.stringify(value)}`;
    case 'length': {
      const n = typeof value === 'string' ? [...value].length : 0;
      return (v.min === undefined || n >= v.min) && (v.max === undefined || n <= v.max)
        ? undefined
        : `string length must be ${v.min ?? 0}..${v.max ?? '∞'}, got: ${n}`;
    }
    case 'size': {
      const n = Array.isArray(value) ? value.length : 0;
      return (v.min === undefined || n >= v.min) && (v.max === undefined || n <= v.max)
        ? undefined
        : `list must have ${v.min ?? 0}..${v.max ?? '∞'} elements, got: ${n}`;
    }
    default:
      return undefined;
  }
}

/** Whether an attribute or block is set in a configuration (an absent block arrives as an empty list). */
const isSet = (v: Value | undefined): boolean =>
  v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0);

/** The validators' diagnostics for a configuration object of `block` (unknown values skipped). */
export function validate(block: Block, config: Obj | null, path: string[] = []): Diagnostic[] {
  if (!config) return [];
  const out: Diagnostic[] = [];
  for (const a of block.attributes) {
    const value = config[a.name] ?? null;
    if (value === null || value instanceof Unknown) continue;
    for (const v of a.validators ?? []) {
      if (v.kind === 'conflictsWith') {
        const other = v.paths.find((p) => isSet(config[p]));
        if (other) {
          out.push(
            error('Invalid Attribute Combination', `"${a.name}" conflicts with "${other}"`, [
              ...path,
              a.name,
            ]),
          );
        }
        continue;
      }
      if (v.kind === 'requiredWith') {
        const missing = v.paths.find((p) => !isSet(config[p]));
        if (missing) {
          out.push(
            error(
              'Missing required argument',
              `"${a.name}": all of \`${[a.name, ...v.paths].join(',')}\` must be specified`,
              [...path, a.name],
            ),
          );
        }
        continue;
      }
      const why = check(v, value);
      if (why) {
        out.push(
          error('Invalid Attribute Value', `Attribute ${[...path, a.name].join('.')} ${why}`, [
            ...path,
            a.name,
          ]),
        );
      }
    }
    if (a.nested) {
      const items =
        a.nested.nesting === 'single' ? [value] : Array.isArray(value) ? value : Object.values(value as Obj);
      for (const item of items) {
        if (item && !(item instanceof Unknown)) {
          out.push(
            ...validate({ attributes: a.nested.attributes, blocks: [] }, item as Obj, [...path, a.name]),
          );
        }
      }
    }
  }
  for (const b of block.blocks) {
    const value = config[b.name] ?? null;
    if (value === null || value instanceof Unknown) continue;
    const items = Array.isArray(value) ? value : [value];
    if (b.maxItems !== undefined && items.length > b.maxItems) {
      out.push(
        error('Too many blocks', `No more than ${b.maxItems} "${b.name}" blocks are allowed`, [
          ...path,
          b.name,
        ]),
      );
    }
    for (const item of items) {
      if (item && !(item instanceof Unknown)) out.push(...validate(b.block, item as Obj, [...path, b.name]));
    }
  }
  return out;
}

/** Defaults and unknowns for computed attributes the configuration leaves null. */
function planObject(
  attrs: readonly Attribute[],
  proposed: Obj,
  config: Obj | null,
  prior: Obj | null,
  changed: boolean,
): Obj {
  const out: Obj = { ...proposed };
  for (const a of attrs) {
    let v = out[a.name] ?? null;
    const configured = (config?.[a.name] ?? null) !== null;
    if (a.computed && !configured) {
      if (a.default !== undefined) v = a.default as Value;
      else if (!prior) v = UNKNOWN;
      else if (changed && !a.useStateForUnknown) v = UNKNOWN;
      else v = prior[a.name] ?? null;
    } else if (!configured && a.default !== undefined) {
      v = a.default as Value; // the SDK plans the Default of an optional attribute
    }
    if (a.nested && v !== null && !(v instanceof Unknown)) {
      const nested = a.nested.attributes;
      const each = (x: Value) => (x && !(x instanceof Unknown) ? withNestedDefaults(nested, x as Obj) : x);
      v =
        a.nested.nesting === 'single'
          ? each(v)
          : Array.isArray(v)
            ? v.map(each)
            : Object.fromEntries(Object.entries(v as Obj).map(([k, x]) => [k, each(x)]));
    }
    out[a.name] = v;
  }
  return out;
}

function withNestedDefaults(attrs: readonly Attribute[], o: Obj): Obj {
  const out: Obj = { ...o };
  for (const a of attrs) {
    if ((out[a.name] ?? null) === null && a.computed && a.default !== undefined) {
      out[a.name] = a.default as Value;
    }
  }
  return out;
}

export interface Planned {
  readonly planned: Obj | null;
  readonly requiresReplace: string[][];
}

/** The planned state of a resource (framework semantics; the SDK's legacy plan keeps prior computed values). */
export function planChange(
  schema: ResourceSchema,
  prior: Obj | null,
  proposed: Obj | null,
  config: Obj | null,
): Planned {
  if (proposed === null) return { planned: null, requiresReplace: [] };
  const block = schema.block;
  const changed = prior !== null && !deepEqual(proposed, prior);
  const planned = planObject(block.attributes, proposed, config, prior, changed && !schema.legacyTypeSystem);
  const requiresReplace: string[][] = [];
  if (prior) {
    for (const a of block.attributes) {
      if (!a.replace) continue;
      if (a.replace === 'ifConfigured' && (config?.[a.name] ?? null) === null) continue;
      if (!deepEqual(prior[a.name] ?? null, planned[a.name] ?? null)) requiresReplace.push([a.name]);
    }
    for (const b of block.blocks) {
      if (b.replace && !deepEqual(prior[b.name] ?? null, planned[b.name] ?? null)) {
        requiresReplace.push([b.name]);
      }
    }
  }
  return { planned, requiresReplace };
}

/** Replaces the unknowns left in a state after apply: a fresh id, else null. */
export function fillUnknowns(block: Block, state: Obj): Obj {
  const out: Obj = { ...state };
  for (const a of block.attributes) {
    const v = out[a.name];
    if (v instanceof Unknown) {
      out[a.name] =
        a.name === 'id'
          ? a.type === 'number'
            ? Date.now() % 1_000_000_000
            : randomBytes(16).toString('hex')
          : null;
    }
  }
  return out;
}
