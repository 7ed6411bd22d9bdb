/**
 * Bounds on the work a fleet file may cause (issue 17 item 8): its size, how far its aliases
 * expand, how deep it nests and how many problems are listed. Every refusal is a
 * {@link FleetValidationError} with a stable code. One owner: the parser (`spec.ts`), the checks
 * (`check.ts`) and the CLI read these limits from here.
 */
import { FleetValidationError, type FleetIssue } from './issues';

export const FLEET_LIMITS = {
  /** Largest fleet file, in bytes (4 MiB: a fleet of 10,000 zones is about 1 MiB). */
  maxFileBytes: 4 * 1024 * 1024,
  /**
   * yaml's `maxAliasCount`: how often aliases may be resolved, weighted by the aliases inside what
   * they name (https://eemeli.org/yaml/#tojs-options). One shared dataset list per zone needs one
   * per zone.
   */
  maxAliasCount: 20_000,
  /** Values (scalars, lists, maps) of the data once aliases are expanded. */
  maxValues: 1_000_000,
  /** Nesting depth of the data (a fleet file needs 6). */
  maxDepth: 64,
  /** Problems listed; one more issue (`TOO_MANY_PROBLEMS`) says how many were left out. */
  maxIssues: 200,
  /** Characters of one problem's message (values are shown shortened to 120 on top). */
  maxMessageChars: 600,
} as const;

/** A refusal of the whole file: one issue at its start. */
export function fleetInputIssue(file: string, code: string, message: string): FleetValidationError {
  const issue: FleetIssue = {
    file,
    line: 1,
    column: 1,
    path: '',
    message: `the file ${message}`,
    hasValue: false,
    code,
  };
  return new FleetValidationError(file, [issue]);
}

/**
 * Walks the parsed data (aliases expanded: a shared node is counted each time it is reached) and
 * refuses it when it holds more than `maxValues` values or nests deeper than `maxDepth`. Stops as
 * soon as a bound is passed, so its own work is bounded too.
 */
export function boundFleetInput(input: unknown, file: string): void {
  let values = 0;
  const stack: [unknown, number][] = [[input, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (++values > FLEET_LIMITS.maxValues) {
      throw fleetInputIssue(
        file,
        'FLEET_TOO_LARGE',
        `holds more than ${FLEET_LIMITS.maxValues} values once its aliases are expanded`,
      );
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= FLEET_LIMITS.maxDepth) {
      throw fleetInputIssue(file, 'FLEET_TOO_DEEP', `nests deeper than ${FLEET_LIMITS.maxDepth} levels`);
    }
    const children = value instanceof Map ? [...value.keys(), ...value.values()] : Object.values(value);
    for (const child of children) stack.push([child, depth + 1]);
  }
}
