/**
 * The fleet file (`logpush.yaml`, JSON accepted): its typed shape and its parser. Parsing validates
 * the whole file and reports EVERY problem at once, each with file:line:column, the path inside the
 * file, the value and what is allowed. Framework-free: no cdktf here.
 */
import * as fs from 'fs';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { boundFleetInput, FLEET_LIMITS, fleetInputIssue } from './bounds';
import { checkFleet, type Locator } from './check';
import { FleetValidationError, type FleetIssue, type FleetPath } from './issues';
import type { FleetPlan } from './plan-types';

import type { FleetSpec } from './spec-types';

export { FleetValidationError, type FleetIssue } from './issues';
export type {
  FleetAlertOverrides,
  FleetAlerts,
  FleetBucket,
  FleetDatasetEntry,
  FleetDefaults,
  FleetOwner,
  FleetPantherSiem,
  FleetPipelineOptions,
  FleetSharding,
  FleetSiem,
  FleetSpec,
  GrantLayout,
} from './spec-types';

/** A parsed fleet file and what it means. */
export interface LoadedFleet {
  readonly spec: FleetSpec;
  readonly plan: FleetPlan;
}

/**
 * Parses and validates a fleet file's text (YAML; JSON is YAML) and plans it. Throws one
 * {@link FleetValidationError} listing every problem.
 */
export function parseFleetWithPlan(text: string, fileName: string): LoadedFleet {
  if (Buffer.byteLength(text, 'utf8') > FLEET_LIMITS.maxFileBytes) {
    throw fleetInputIssue(
      fileName,
      'FLEET_FILE_TOO_LARGE',
      `is larger than ${FLEET_LIMITS.maxFileBytes} bytes: not a fleet file`,
    );
  }
  const lineCounter = new LineCounter();
  let doc: ReturnType<typeof parseDocument>;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, merge: true });
  } catch (e) {
    // The parser recurses per nesting level: a deep enough file overflows the stack.
    if (e instanceof RangeError) {
      throw fleetInputIssue(fileName, 'FLEET_TOO_DEEP', `nests deeper than ${FLEET_LIMITS.maxDepth} levels`);
    }
    throw e;
  }
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  // An unknown tag (`!foo`) is only a warning to the parser, which then ignores it: refused here.
  const tagWarnings = doc.warnings.filter((w) => w.code === 'TAG_RESOLVE_FAILED');
  if (doc.errors.length > 0 || tagWarnings.length > 0) {
    throw new FleetValidationError(fileName, [
      ...doc.errors.slice(0, FLEET_LIMITS.maxIssues).map((e): FleetIssue => ({
        file: fileName,
        ...at(e.pos[0]),
        path: '',
        message: `YAML: ${e.message
          .split('\n')[0]!
          .replace(/ at line \d+, column \d+:?$/, '')
          .slice(0, 200)}`,
        hasValue: false,
        code: 'YAML_SYNTAX',
      })),
      ...tagWarnings.slice(0, FLEET_LIMITS.maxIssues).map((w): FleetIssue => ({
        file: fileName,
        ...at(w.pos[0]),
        path: '',
        message: 'YAML: unknown tag: a fleet file uses no tags (write the plain value)',
        hasValue: false,
        code: 'YAML_UNKNOWN_TAG',
      })),
    ]);
  }
  const locate: Locator = (path, target) => at(offsetOf(doc.contents, path, target));
  let input: unknown;
  try {
    // Aliases are common for shared dataset lists; the cap stops exponential ("billion laughs")
    // expansion, and boundFleetInput the size and depth of what the aliases expand to.
    input = doc.toJS({ maxAliasCount: FLEET_LIMITS.maxAliasCount });
  } catch (e) {
    if (e instanceof ReferenceError && /alias/i.test(e.message)) {
      throw fleetInputIssue(
        fileName,
        'YAML_ALIAS_LIMIT',
        `expands its aliases more than ${FLEET_LIMITS.maxAliasCount} times (a YAML alias bomb?): not a fleet file`,
      );
    }
    if (e instanceof RangeError) {
      throw fleetInputIssue(fileName, 'FLEET_TOO_DEEP', `nests deeper than ${FLEET_LIMITS.maxDepth} levels`);
    }
    throw e;
  }
  boundFleetInput(input, fileName);
  const result = checkFleet(input ?? {}, fileName, locate);
  if (result.issues.length > 0) throw new FleetValidationError(fileName, result.issues);
  return { spec: result.spec!, plan: result.plan! };
}

/** Parses and validates a fleet file's text. Throws one {@link FleetValidationError} listing every problem. */
export function parseFleet(text: string, fileName: string): FleetSpec {
  return parseFleetWithPlan(text, fileName).spec;
}

/** Reads, parses and validates a fleet file (YAML or JSON). */
export function loadFleetFile(path: string): FleetSpec {
  return parseFleetWithPlan(readFleetFile(path), path).spec;
}

/**
 * A fleet file's text: a regular file only (a FIFO, a device such as `/dev/zero` or a directory is
 * refused at once, `FLEET_FILE_NOT_REGULAR`), of at most `FLEET_LIMITS.maxFileBytes`
 * (`FLEET_FILE_TOO_LARGE`). A missing file throws the file system's error.
 */
export function readFleetFile(path: string): string {
  // O_NONBLOCK: opening a FIFO does not wait for a writer (fstat below then refuses it).
  const fd = fs.openSync(path, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) {
      const kind = stat.isDirectory()
        ? 'a directory'
        : stat.isFIFO()
          ? 'a FIFO'
          : stat.isCharacterDevice() || stat.isBlockDevice()
            ? 'a device'
            : stat.isSocket()
              ? 'a socket'
              : 'not a regular file';
      throw fleetInputIssue(
        path,
        'FLEET_FILE_NOT_REGULAR',
        `is ${kind}: a fleet file must be a regular file`,
      );
    }
    const max = FLEET_LIMITS.maxFileBytes;
    const tooLarge = () =>
      fleetInputIssue(path, 'FLEET_FILE_TOO_LARGE', `is larger than ${max} bytes: not a fleet file`);
    if (stat.size > max) throw tooLarge();
    const buf = Buffer.alloc(max + 1);
    let length = 0;
    for (;;) {
      const n = fs.readSync(fd, buf, length, buf.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > max) throw tooLarge();
    }
    return buf.subarray(0, length).toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads, parses, validates and plans a fleet file. */
export function loadFleetFileWithPlan(path: string): LoadedFleet {
  return parseFleetWithPlan(readFleetFile(path), path);
}

/**
 * Validates a spec passed as an object (no positions: issues carry line 0). Returns it typed, or
 * throws one {@link FleetValidationError}.
 */
export function validateFleet(spec: unknown, name = '<spec>'): FleetSpec {
  const result = checkFleet(spec, name, () => ({ line: 0, column: 0 }));
  if (result.issues.length > 0) throw new FleetValidationError(name, result.issues);
  return result.spec!;
}

/**
 * The 1-based line and column of the value at `path` in a fleet file's text (of its closest
 * existing ancestor when it is absent). For problems found after parsing, e.g. by `reshardIssues`.
 */
export function locateInFleetText(text: string, path: FleetPath): { line: number; column: number } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const { line, col } = lineCounter.linePos(offsetOf(doc.contents, path, 'value'));
  return { line, column: col };
}

/** The source offset of the node at `path` (or of the closest existing ancestor, or of the key). */
function offsetOf(root: unknown, path: FleetPath, target: 'value' | 'key'): number {
  let node = root as YamlNode | null | undefined;
  let offset = node?.range?.[0] ?? 0;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(seg),
      );
      if (!pair) break;
      const key = pair.key as YamlNode | null;
      const value = pair.value as YamlNode | null;
      offset =
        (target === 'key' && i === path.length - 1 ? key?.range?.[0] : value?.range?.[0]) ??
        key?.range?.[0] ??
        offset;
      node = value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as YamlNode | null | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else break;
  }
  return offset;
}
