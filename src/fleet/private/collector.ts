/**
 * The issue list a fleet file's checks add to: deduplicated, bounded (FLEET_LIMITS.maxIssues; past
 * it, problems are only counted), each located in the file. Not exported from the package.
 */
import { FLEET_LIMITS } from '../bounds';
import { formatPath, type FleetIssue, type FleetPath } from '../issues';

/** Maps a path inside the file to a 1-based position (the key's, for `target: 'key'`). */
export type Locator = (path: FleetPath, target: 'value' | 'key') => { line: number; column: number };

export interface AddOptions {
  readonly value?: unknown;
  /** The problem's stable code (required: a program acts on codes, not prose). */
  readonly code: string;
  readonly closest?: readonly string[];
  readonly target?: 'value' | 'key';
}

/** Adds one problem at a path of the file. */
export type Add = ((path: FleetPath, message: string, options: AddOptions) => void) & {
  /** Whether the list is full: later problems are only counted. */
  readonly full: () => boolean;
  /** Counts `n` problems left out without working them out. */
  readonly skip: (n: number) => void;
};

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
export const has = (o: Obj, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);
export const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);

/** The entries of `source` named in `keys` that are set. */
export function pick(source: Obj, keys: readonly string[]): Obj {
  const out: Obj = {};
  for (const k of keys) if (source[k] !== undefined) out[k] = source[k];
  return out;
}

/** An issue list and its `add`; `finish` sorts it by position and appends the count left out. */
export function issueCollector(
  file: string,
  locate: Locator,
): { issues: FleetIssue[]; add: Add; finish: () => FleetIssue[] } {
  const issues: FleetIssue[] = [];
  const seen = new Set<string>();
  // Past FLEET_LIMITS.maxIssues, problems are only counted: no position, no suggestion, no text.
  let left = 0;
  const addIssue = (path: FleetPath, message: string, options: AddOptions): void => {
    if (issues.length >= FLEET_LIMITS.maxIssues) {
      left++;
      return;
    }
    const p = formatPath(path);
    // A message may quote a value of the file (a zone name in a prefix): bounded like the values.
    if (message.length > FLEET_LIMITS.maxMessageChars) {
      message = `${message.slice(0, FLEET_LIMITS.maxMessageChars - 3)}...`;
    }
    const key = `${p}\0${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    const hasValue = has(options as unknown as Obj, 'value');
    issues.push({
      file,
      ...locate(path, options.target ?? 'value'),
      path: p,
      message,
      ...(hasValue ? { value: options.value } : {}),
      hasValue,
      ...(options.closest && options.closest.length > 0 ? { closest: options.closest } : {}),
      code: options.code,
    });
  };
  const add: Add = Object.assign(addIssue, {
    full: () => issues.length >= FLEET_LIMITS.maxIssues,
    skip: (n: number) => {
      left += n;
    },
  });
  const finish = (): FleetIssue[] => {
    if (issues.length === 0) return issues;
    const located = issues.every((i) => i.line > 0);
    if (located) issues.sort((a, b) => a.line - b.line || a.column - b.column);
    if (left > 0) {
      issues.push({
        file,
        line: 0,
        column: 0,
        path: '',
        message: `and ${left} more problem${left === 1 ? '' : 's'} not listed (the first ${FLEET_LIMITS.maxIssues} found are): fix these and validate again`,
        hasValue: false,
        code: 'TOO_MANY_PROBLEMS',
      });
    }
    return issues;
  };
  return { issues, add, finish };
}
