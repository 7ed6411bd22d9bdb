/** The schema's (zod's) problems with a fleet file, worded for the file's reader. */
import type { z } from 'zod';
import { closestNames } from '../../datasets';
import type { FleetPath } from '../issues';
import { zodIssueCode } from '../../schema';
import { isObj, lowerFirst, type Add } from './collector';

function getAt(input: unknown, path: FleetPath): unknown {
  let v = input;
  for (const seg of path) {
    if (Array.isArray(v) && typeof seg === 'number') v = v[seg];
    else if (isObj(v) && typeof seg === 'string') v = v[seg];
    else return undefined;
  }
  return v;
}

interface SchemaDef {
  type: string;
  shape?: Record<string, unknown>;
  valueType?: unknown;
  element?: unknown;
  innerType?: unknown;
  in?: unknown;
  options?: unknown[];
}
const defOf = (s: unknown): SchemaDef | undefined => (s as { _zod?: { def?: SchemaDef } })?._zod?.def;

/** Unwraps optional/default/pipe wrappers, and a union to its object option. */
function unwrap(schema: unknown): unknown {
  let s = schema;
  for (let depth = 0; depth < 10; depth++) {
    const def = defOf(s);
    if (!def) return s;
    if (def.innerType !== undefined) s = def.innerType;
    else if (def.type === 'pipe') s = def.in;
    else if (def.type === 'union') {
      const obj = def.options?.find((o) => defOf(unwrap(o))?.type === 'object');
      if (!obj) return s;
      s = obj;
    } else return s;
  }
  return s;
}

/** The keys an object at `path` of the file may have. */
function knownKeys(root: unknown, path: FleetPath): string[] {
  let s = unwrap(root);
  for (const seg of path) {
    const def = defOf(s);
    if (def?.type === 'object' && typeof seg === 'string') s = def.shape?.[seg];
    else if (def?.type === 'record') s = def.valueType;
    else if (def?.type === 'array') s = def.element;
    else return [];
    s = unwrap(s);
  }
  const def = defOf(s);
  return def?.type === 'object' ? Object.keys(def.shape ?? {}) : [];
}

/** Characters of an unknown key a message shows. */
const MAX_KEY_SHOWN = 60;

export function addZodIssues(
  list: readonly z.core.$ZodIssue[],
  input: unknown,
  base: FleetPath,
  root: unknown,
  add: Add,
): void {
  for (const issue of list) {
    if (add.full()) {
      add.skip(issue.code === 'unrecognized_keys' ? issue.keys.length : 1);
      continue;
    }
    const path: FleetPath = [...base, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
    const value = getAt(input, path);
    switch (issue.code) {
      case 'invalid_union': {
        if ('discriminator' in issue || issue.errors.length === 0) {
          add(path, 'unknown SIEM type; supported: panther', { value, code: 'NOT_ONE_OF' });
          break;
        }
        // The branch that matches the value's kind (an object for an object, ...) explains best.
        const fitting = issue.errors.filter(
          (errs) => !errs.some((e) => e.path.length === 0 && e.code === 'invalid_type'),
        );
        if (fitting.length === 1 && typeof value === 'object' && value !== null) {
          addZodIssues(fitting[0]!, input, path, root, add);
        } else add(path, lowerFirst(issue.message), { value, code: zodIssueCode(issue, value) });
        break;
      }
      case 'unrecognized_keys': {
        const known = knownKeys(root, path);
        for (const [k, key] of issue.keys.entries()) {
          if (add.full()) {
            add.skip(issue.keys.length - k);
            break;
          }
          // A key of any length may be in the file: the message and the suggestion use its start.
          const shown = key.length > MAX_KEY_SHOWN ? `${key.slice(0, MAX_KEY_SHOWN)}...` : key;
          const closest = closestNames(shown, known, 1);
          add(
            [...path, key],
            `unknown key "${shown}"; allowed: ${known.join(', ')}; closest known: ${closest[0]}`,
            {
              code: 'UNKNOWN_PROP',
              target: 'key',
              closest,
            },
          );
        }
        break;
      }
      case 'invalid_key': {
        const inner = issue.issues[0];
        add(path, inner ? lowerFirst(inner.message) : 'is not an allowed key', {
          code: 'INVALID_FORMAT',
          value: path[path.length - 1],
          target: 'key',
        });
        break;
      }
      case 'invalid_type': {
        if (value === undefined) {
          add(path, `is required: expected ${issue.expected}`, { code: 'MISSING_PROP' });
        } else if (issue.expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')) {
          add(path, `expected a string, got a ${typeof value}: write it in quotes`, {
            value,
            code: 'INVALID_TYPE',
          });
        } else {
          add(path, lowerFirst(issue.message), { value, code: 'INVALID_TYPE' });
        }
        break;
      }
      default:
        add(path, lowerFirst(issue.message), { value, code: zodIssueCode(issue, value) });
    }
  }
}
