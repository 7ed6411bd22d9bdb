/**
 * What the fleet commands (`validate`, `plan-summary`, `graph`) share: reading a fleet file and
 * reporting its problems, each as `file:line:column path: message (got value)`.
 */
import { describeValue } from '../errors';
import {
  FleetValidationError,
  formatLocation,
  parseFleetWithPlan,
  readFleetFile,
  type FleetIssue,
  type LoadedFleet,
} from '../fleet';
import { CliError, EXIT, type CliIo } from './io';
import { terminalText } from '../output-text';
import { styles } from './style';

/**
 * Reads a fleet file; a missing or unreadable file, or one that is not a regular file or too large
 * (`FLEET_FILE_NOT_REGULAR`, `FLEET_FILE_TOO_LARGE`), is a usage error (exit 2).
 */
export function readFleetText(file: string): string {
  try {
    return readFleetFile(file);
  } catch (e) {
    if (e instanceof FleetValidationError) {
      throw new CliError(terminalText(`${file}: ${e.issues[0]!.message}`), EXIT.usage, e.codes[0]);
    }
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(
      terminalText(
        code === 'ENOENT' ? `no such fleet file: ${file}` : `cannot read ${file}: ${(e as Error).message}`,
      ),
      EXIT.usage,
    );
  }
}

/** The issues of a file, or its spec and plan. */
export type FleetLoad = { ok: true; fleet: LoadedFleet } | { ok: false; issues: readonly FleetIssue[] };

/** Parses, validates and plans a fleet file. */
export function loadFleet(file: string): FleetLoad {
  const text = readFleetText(file);
  try {
    return { ok: true, fleet: parseFleetWithPlan(text, file) };
  } catch (e) {
    if (e instanceof FleetValidationError) return { ok: false, issues: e.issues };
    throw e;
  }
}

/** An issue as JSON for scripts. */
export function issueJson(issue: FleetIssue): Record<string, unknown> {
  return {
    file: issue.file,
    line: issue.line,
    column: issue.column,
    path: issue.path,
    message: issue.message,
    code: issue.code,
    ...(issue.hasValue ? { value: issue.value ?? null } : {}),
    ...(issue.closest ? { closest: issue.closest } : {}),
  };
}

/** Writes every issue to stderr, one a line (coloured on a terminal), then a count. */
export function reportIssues(io: CliIo, file: string, issues: readonly FleetIssue[]): void {
  const s = styles(io);
  // Text from the file (keys, names, values) is escaped for the terminal: one line per issue,
  // no escape sequence of the file's reaches the terminal.
  const t = terminalText;
  for (const i of issues) {
    const got = i.hasValue ? s.dim(` (got ${t(describeValue(i.value))})`) : '';
    const where = i.path === '' ? '' : ` ${s.yellow(t(i.path))}:`;
    io.stderr(`${s.bold(t(formatLocation(i)))}${where} ${t(i.message)}${got}\n`);
  }
  const n = issues.length;
  io.stderr(s.red(`${terminalText(file)}: ${n} problem${n === 1 ? '' : 's'}\n`));
}

/** Loads a file for a command that needs it valid: on problems, reports them and throws (exit 1). */
export function requireValidFleet(io: CliIo, file: string): LoadedFleet {
  const r = loadFleet(file);
  if (r.ok) return r.fleet;
  reportIssues(io, file, r.issues);
  throw new CliError(`${file} is not a valid fleet file (run cdktf-logpush validate ${file})`, EXIT.finding);
}

/** The app's stack names: `<fleet id>-foundation` and `<fleet id>-<shard>` (LogpushFleet's rule). */
export function stackNames(fleetId: string | undefined, shards: readonly string[]): string[] {
  const name = (s: string) => (fleetId ? `${fleetId}-${s}` : s);
  return [name('foundation'), ...shards.map(name)];
}

export const plural = (n: number, word: string, words = `${word}s`): string =>
  `${n} ${n === 1 ? word : words}`;
