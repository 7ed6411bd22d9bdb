/**
 * The fleet file (`logpush.yaml`, JSON accepted): its typed shape and its parser. Parsing validates
 * the whole file and reports EVERY problem at once, each with file:line:column, the path inside the
 * file, the value and what is allowed. Framework-free: no cdktf here.
 */
import type { GrantLayout } from '../bucket-layout';
import * as fs from 'fs';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { boundFleetInput, FLEET_LIMITS, fleetInputIssue } from './bounds';
import { checkFleet, type Locator } from './check';
import { FleetValidationError, type FleetIssue, type FleetPath } from './issues';
import type { FleetPlan } from './plan';

export { FleetValidationError, type FleetIssue } from './issues';

/** How a bucket grants writers and readers. */
export type { GrantLayout } from '../bucket-layout';

/** A bucket of the fleet: a LogBucket's props under the fleet's names. */
export interface FleetBucket {
  /** The S3 bucket name. */
  readonly name: string;
  /** The bucket's AWS region, e.g. `us-west-2`. */
  readonly region: string;
  /**
   * Expire log objects after this many days.
   *
   * @default - kept until deleted
   */
  readonly retentionDays?: number;
  /** @default 1 */
  readonly abortIncompleteMultipartUploadDays?: number;
  /** @default 7 */
  readonly noncurrentVersionRetentionDays?: number;
  /** @default false */
  readonly requireEncryptionHeader?: boolean;
  /** @default true */
  readonly retainOnDestroy?: boolean;
  /** @default - no tags */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * Adopt the existing bucket of this name instead of creating one (Terraform `import` blocks), as
   * `LogBucketProps.adopt`: the fleet then owns the bucket's WHOLE policy.
   *
   * @default - a new bucket is created
   */
  readonly adopt?: {
    readonly acknowledgeExistingPolicyReplaced: boolean;
    readonly importConfigurations?: readonly string[];
  };
  /**
   * `per-prefix`: one grant per pipeline prefix, `<prefixRoot>/<zone name or id>/<dataset>`.
   * `per-dataset`: one grant per dataset, pipelines write to `<prefixRoot>/<dataset>/<zone or account id>`.
   *
   * @default 'per-prefix'
   */
  readonly grants?: GrantLayout;
  /**
   * The first segment(s) of every default pipeline prefix in this bucket.
   *
   * @default 'cloudflare'
   */
  readonly prefixRoot?: string;
}

/** A Panther log source reading one bucket of the fleet: a PantherLogSource's props. */
export interface FleetPantherSiem {
  readonly type: 'panther';
  /** The key (in `buckets`) of the bucket it reads. */
  readonly bucket: string;
  /** The AWS account of the Panther deployment. Quote it in YAML. */
  readonly pantherAwsAccountId: string;
  /**
   * The source's name in Panther.
   *
   * @default - the entry's key, `_` as `-`
   */
  readonly name?: string;
  /** @default - the caller's account */
  readonly awsAccountId?: string;
  /** @default - no subscription is defined */
  readonly pantherRegion?: string;
  /** @default - `PantherLogProcessingRole-<name>` */
  readonly roleName?: string;
  /** @default 'self-managed' */
  readonly notifications?: 'self-managed' | 'panther-managed';
  /** @default true */
  readonly registerSource?: boolean;
}

/** A SIEM source of the fleet. */
export type FleetSiem = FleetPantherSiem;

/** Options of one pipeline that a file may set in `defaults` or on a dataset entry. */
export interface FleetPipelineOptions {
  /** @default 'all' */
  readonly fields?: 'all' | readonly string[];
  /** @default true */
  readonly dailySubfolders?: boolean;
  /** @default 'rfc3339' */
  readonly timestampFormat?: 'rfc3339' | 'unix' | 'unixnano';
  /** @default 'ndjson' */
  readonly outputType?: 'ndjson' | 'csv';
  /** @default - every record is pushed */
  readonly filter?: string;
  /** @default 1 */
  readonly sampleRate?: number;
  /** @default - Cloudflare's default */
  readonly maxUploadBytes?: number;
  /** @default - Cloudflare's default */
  readonly maxUploadIntervalSeconds?: number;
  /** @default - Cloudflare's default */
  readonly maxUploadRecords?: number;
  /** @default true */
  readonly enabled?: boolean;
}

/** `defaults`: options every pipeline gets unless its zone, account or entry sets them. */
export interface FleetDefaults extends FleetPipelineOptions {
  /**
   * The bucket key of every pipeline.
   *
   * @default - the only bucket, when the file has exactly one
   */
  readonly bucket?: string;
  /**
   * The SIEM key of every pipeline; `false` for none.
   *
   * @default - no SIEM
   */
  readonly siem?: string | false;
}

/** A dataset of a zone or account, with options of its own. */
export interface FleetDatasetEntry extends FleetPipelineOptions {
  readonly dataset: string;
  /**
   * The key prefix. With `per-dataset` grants it must be `<prefixRoot>/<dataset>/<zone or account id>`.
   *
   * @default - the bucket's layout (see {@link FleetBucket.grants})
   */
  readonly prefix?: string;
  /** @default - derived from the prefix */
  readonly name?: string;
  /** @default - the zone's, then `defaults.bucket` */
  readonly bucket?: string;
  /** @default - the zone's, then `defaults.siem` */
  readonly siem?: string | false;
}

/**
 * `alerts`: what the team hears when a pipeline stops (LogpushAlertsProps under the fleet's names):
 * Cloudflare's failing-jobs notification policy per account, the SIEM source's no-data alarm, and
 * AWS freshness alarms (per dataset in a `per-dataset` bucket, per pipeline in a `per-prefix` one).
 * They apply to every pipeline; a zone or account may override them with its own `alerts`.
 */
export interface FleetAlerts {
  /** Accounts whose failing Logpush jobs notify. @default - the fleet's accounts (`accounts[].id`) */
  readonly cloudflareAccountIds?: readonly string[];
  /** @default - no email */
  readonly emails?: readonly string[];
  /** @default - no webhook */
  readonly webhookIds?: readonly string[];
  /** @default - no PagerDuty service */
  readonly pagerDutyIds?: readonly string[];
  /** @default true */
  readonly siemNoDataAlarm?: boolean;
  /** 15 to 43,200. @default 60 */
  readonly siemNoDataMinutes?: number;
  /** @default true */
  readonly freshnessAlarms?: boolean;
  /** 5 to 1,440, a multiple of 5. @default 60 */
  readonly freshnessMinutes?: number;
  /** @default - a topic is defined in the foundation stack */
  readonly topicArn?: string;
}

/** A zone's (or account's) own alert settings. */
export interface FleetAlertOverrides {
  /** The zone's Cloudflare account (its failing-jobs policy is defined too). @default - `alerts.cloudflareAccountIds` */
  readonly cloudflareAccountId?: string;
  /** The zone's freshness window; `per-prefix` buckets only. @default - `alerts.freshnessMinutes` */
  readonly freshnessMinutes?: number;
}

/** A zone (or account) and its datasets. */
export interface FleetOwner {
  /** The Cloudflare zone (or account) id: 32 lowercase hex characters. */
  readonly id: string;
  /** @default - none (prefixes use the id) */
  readonly name?: string;
  readonly datasets: readonly (string | FleetDatasetEntry)[];
  /** @default - `defaults.bucket` */
  readonly bucket?: string;
  /** @default - `defaults.siem` */
  readonly siem?: string | false;
  /**
   * The zone's alerts: `false` for none of its pipelines, or settings of its own.
   *
   * @default - the file's `alerts`
   */
  readonly alerts?: false | FleetAlertOverrides;
}

/** How pipelines are spread over stacks. See {@link planFleet}. */
export interface FleetSharding {
  /**
   * The number of pipeline stacks. Pinned: never derived from the fleet's size, so adding a zone
   * never moves another.
   *
   * @default 1
   */
  readonly shards?: number;
  /**
   * The most pipelines one stack may hold; validation refuses a fleet whose fullest shard holds more.
   *
   * @default 400 (see DEFAULT_PIPELINES_PER_SHARD)
   */
  readonly pipelinesPerShard?: number;
  /**
   * Confirms a change of `shards` (compared with the previous file by `validate --base`).
   *
   * @default false
   */
  readonly allowReshard?: boolean;
}

/** The validated, typed fleet file. */
export interface FleetSpec {
  /** An editor's JSON Schema reference (ignored). */
  readonly $schema?: string;
  readonly version: 1;
  readonly buckets: Readonly<Record<string, FleetBucket>>;
  /** @default - no SIEM */
  readonly siem?: Readonly<Record<string, FleetSiem>>;
  /** @default - no defaults */
  readonly defaults?: FleetDefaults;
  /** @default - no zones */
  readonly zones?: readonly FleetOwner[];
  /** @default - no accounts */
  readonly accounts?: readonly FleetOwner[];
  /** @default - one shard */
  readonly sharding?: FleetSharding;
  /** @default - no alerts */
  readonly alerts?: FleetAlerts;
}

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
