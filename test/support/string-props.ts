/**
 * Helpers of the "every string prop" property (test/property/every-string-prop.test.ts):
 *
 * - {@link stringPaths}: every string an input schema takes (zod 4), as a path such as `fields[]`,
 *   `tags{key}` or `buckets{}.name`, so that the property's coverage is derived from the schemas and
 *   a new string prop cannot be forgotten.
 * - {@link evaluableLeaves}: every string of a synthesized stack (attribute values and map keys of
 *   resources and data sources), grouped by the construct that defined it, as a throwaway Terraform
 *   configuration can evaluate it: references to other objects become the text `<ref>`.
 */
import type { z } from 'zod';
import type { SynthJson } from './synth';

/** The inner definition of a zod 4 schema (the `_zod.def` every schema carries). */
interface ZodDef {
  readonly type: string;
  readonly innerType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly shape?: Record<string, z.ZodType>;
  readonly element?: z.ZodType;
  readonly keyType?: z.ZodType;
  readonly valueType?: z.ZodType;
  readonly options?: readonly z.ZodType[];
  readonly values?: readonly unknown[];
}
const defOf = (s: z.ZodType): ZodDef => (s as unknown as { _zod: { def: ZodDef } })._zod.def;

/**
 * The paths of every string a schema takes: `a.b` for an object key, `a[]` for an array's items,
 * `a{key}` / `a{}` for a record's keys / values. A `z.literal` (a fixed value such as `'all'` or
 * `type: 'panther'`) is not a string the user writes freely and is left out; enums are kept.
 */
export function stringPaths(schema: z.ZodType): string[] {
  const out = new Set<string>();
  const walk = (s: z.ZodType, path: string): void => {
    const def = defOf(s);
    switch (def.type) {
      case 'string':
      case 'enum':
        out.add(path);
        return;
      case 'optional':
      case 'nullable':
      case 'default':
      case 'readonly':
        return walk(def.innerType!, path);
      case 'pipe':
        return walk(def.in!, path);
      case 'object':
        for (const [k, v] of Object.entries(def.shape!)) walk(v, path ? `${path}.${k}` : k);
        return;
      case 'array':
        return walk(def.element!, `${path}[]`);
      case 'record':
        walk(def.keyType!, `${path}{key}`);
        return walk(def.valueType!, `${path}{}`);
      case 'union':
        for (const o of def.options!) walk(o, path);
        return;
      case 'literal':
      case 'boolean':
      case 'number':
      case 'custom':
        return;
      default:
        // A schema kind this walker does not know: fail rather than miss its strings.
        throw new Error(`stringPaths: unknown zod type ${def.type} at ${path || '(root)'}`);
    }
  };
  walk(schema, '');
  return [...out].sort();
}

/** A cdktf reference as it writes one: `aws_s3_bucket.logs_1A2B3C4D.arn`, `data.x.y.json`, `var.v`. */
const TRAVERSAL = /^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*|\[\d+\])+$/;
/** Text inside `${...}` that refers to something (a traversal), once its string literals are removed. */
const REFERS = /[A-Za-z_][\w-]*\.[A-Za-z_]/;

/**
 * `s` (a string of a `*.tf.json` file, a Terraform template) as a throwaway configuration can
 * evaluate it: each `${<traversal>}` becomes the text `<ref>`; an interpolation that holds no
 * reference (`${jsonencode({...})}` of literals) is kept for Terraform to evaluate. Undefined when an
 * interpolation mixes a reference with a function call (nothing here can evaluate that). `$${` and
 * `%%{` are escapes and stay as they are; so does `%{` (a directive Terraform evaluates).
 */
export function evaluableTemplate(s: string): string | undefined {
  let out = '';
  let i = 0;
  while (i < s.length) {
    if (s.startsWith('$${', i)) {
      out += '$${';
      i += 3;
      continue;
    }
    if (s.startsWith('${', i)) {
      const end = closingBrace(s, i + 2);
      if (end < 0) return undefined;
      const body = s.slice(i + 2, end).trim();
      if (TRAVERSAL.test(body)) out += '<ref>';
      else if (!REFERS.test(body.replace(/"(?:[^"\\]|\\.)*"/g, '""'))) out += s.slice(i, end + 1);
      else return undefined;
      i = end + 1;
      continue;
    }
    out += s[i];
    i++;
  }
  return out;
}

/** The index of the `}` closing an interpolation whose body starts at `from` (strings skipped). */
function closingBrace(s: string, from: number): number {
  let depth = 0;
  for (let i = from; i < s.length; i++) {
    const c = s[i];
    if (c === '"') {
      for (i++; i < s.length && s[i] !== '"'; i++) if (s[i] === '\\') i++;
    } else if (c === '{') depth++;
    else if (c === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

/** Every string in `value` (values, and keys of objects), but cdktf's own metadata (`//`). */
function stringsOf(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => stringsOf(v, out));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '//') continue;
      out.push(k);
      stringsOf(v, out);
    }
  }
}

/** The strings of one construct's resources and data sources. */
export interface ConstructLeaves {
  /** The strings as synthesized. */
  readonly synthesized: string[];
  /** Those a throwaway configuration can evaluate ({@link evaluableTemplate}), as it will. */
  readonly evaluable: string[];
}

/**
 * The strings of every resource and data source of a synthesized stack, by construct path (the
 * `//.metadata.path` cdktf writes on each, e.g. `app/stack/c12/Resource`).
 */
export function leavesByPath(json: SynthJson): Map<string, ConstructLeaves> {
  const byPath = new Map<string, ConstructLeaves>();
  for (const block of [json.resource, json.data]) {
    for (const ofType of Object.values(block ?? {})) {
      for (const body of Object.values(ofType)) {
        const path = (body['//'] as { metadata?: { path?: string } } | undefined)?.metadata?.path;
        if (path === undefined) throw new Error('a resource without //.metadata.path');
        const synthesized: string[] = [];
        stringsOf(body, synthesized);
        const evaluable = synthesized.map(evaluableTemplate).filter((x): x is string => x !== undefined);
        const entry = byPath.get(path) ?? { synthesized: [], evaluable: [] };
        entry.synthesized.push(...synthesized);
        entry.evaluable.push(...evaluable);
        byPath.set(path, entry);
      }
    }
  }
  return byPath;
}
