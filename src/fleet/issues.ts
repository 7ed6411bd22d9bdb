/**
 * Problems found in a fleet file, each with the file, line and column it points at and the path
 * inside the file (`zones[3].datasets[1]`).
 */
import { describeValue, LogpushValidationError, type PropIssue } from '../errors';

/** A path inside the fleet file: keys and list indexes. */
export type FleetPath = readonly (string | number)[];

/** One problem in a fleet file. */
export interface FleetIssue extends PropIssue {
  /** The file, as it was named to the parser (`<spec>` for a spec passed as an object). */
  readonly file: string;
  /** 1-based line the problem points at (0 when the spec was passed as an object). */
  readonly line: number;
  /** 1-based column (0 when the spec was passed as an object). */
  readonly column: number;
  /** Up to three known names closest to the bad one, when the value names something. */
  readonly closest?: readonly string[];
}

/** Characters of one key a rendered path shows (a file may hold a key of any length). */
const MAX_SEGMENT_SHOWN = 60;

/** Renders a path the way a reader finds it in the file: `zones[3].datasets[1]`, `buckets.main.name`. */
export function formatPath(path: FleetPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (seg.length > MAX_SEGMENT_SHOWN) {
      out += `[${JSON.stringify(`${seg.slice(0, MAX_SEGMENT_SHOWN)}...`)}]`;
    } else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** `file:line:column` (or just the file when there is no position). */
export function formatLocation(issue: Pick<FleetIssue, 'file' | 'line' | 'column'>): string {
  return issue.line > 0 ? `${issue.file}:${issue.line}:${issue.column}` : issue.file;
}

/** One line per issue: `file:line:col path: message (got value)`. */
export function formatIssue(issue: FleetIssue): string {
  const where = issue.path === '' ? '' : ` ${issue.path}:`;
  const got = issue.hasValue ? ` (got ${describeValue(issue.value)})` : '';
  return `${formatLocation(issue)}${where} ${issue.message}${got}`;
}

/**
 * Thrown when a fleet file (or a spec object) is invalid: one error listing EVERY problem found,
 * each with its position, path, value and what is allowed.
 */
export class FleetValidationError extends LogpushValidationError {
  public override readonly issues: readonly FleetIssue[];
  /** `INVALID_FLEET_FILE`; each issue has its own code. */
  public override readonly code = 'INVALID_FLEET_FILE';

  constructor(file: string, issues: readonly FleetIssue[]) {
    super(`fleet file ${file}`, issues);
    this.name = 'FleetValidationError';
    this.issues = issues;
    const n = issues.length;
    this.message = `invalid fleet file ${file} (${n} problem${n === 1 ? '' : 's'}):\n${issues
      .map((i) => `  - ${formatIssue(i)}`)
      .join('\n')}`;
  }
}
