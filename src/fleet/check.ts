/**
 * Validation and planning of a fleet file in one pass. The zod schema checks each entry (the same
 * rules as the constructs' props); the cross-entry rules here check what no single entry can:
 * references, duplicates, dataset scope, Cloudflare's jobs-per-zone limit, prefix collisions,
 * Panther's log types and the shards' capacity. Both run on every file, so a file with several
 * mistakes gets all of them at once.
 */
import { terraformLiteral } from '../terraform-literal';
import type { z } from 'zod';
import { allFields, closestNames, datasetsOf, isDataset, scopesOf } from '../datasets';
import {
  ALERT_CODES,
  alertsPropsIssues,
  freshnessPrefixOf,
  metricsConfigurationCountProblem,
} from '../alerts';
import { pantherLogType } from '../panther';
import { pipelineIssues, zodIssueCode, type PipelineInput } from '../schema';
import { fleetPipelineId } from '../terraform-names';
import { FLEET_LIMITS } from './bounds';
import { formatPath, type FleetIssue, type FleetPath } from './issues';
import type { FleetPlan, PlannedBucket, PlannedPipeline, PlannedSiem } from './plan-types';
import { fleetSchemas } from './schema';
import {
  DEFAULT_PIPELINES_PER_SHARD,
  DEFAULT_PREFIX_ROOT,
  MAX_JOBS_PER_ZONE,
  shardIndexOf,
  shardLoads,
  shardName,
  shardsNeeded,
} from './shard';
import type { FleetAlerts, FleetSpec, GrantLayout } from './spec-types';

/** Maps a path inside the file to a 1-based position (the key's, for `target: 'key'`). */
export type Locator = (path: FleetPath, target: 'value' | 'key') => { line: number; column: number };

export interface CheckResult {
  readonly issues: FleetIssue[];
  /** Set when there are no issues. */
  readonly spec?: FleetSpec;
  /** Set when there are no issues. */
  readonly plan?: FleetPlan;
}

interface AddOptions {
  readonly value?: unknown;
  /** The issue's stable code (docs/errors.md). */
  readonly code: string;
  readonly closest?: readonly string[];
  readonly target?: 'value' | 'key';
}
type Add = ((path: FleetPath, message: string, options: AddOptions) => void) & {
  /** Whether the list is full: later problems are only counted. */
  readonly full: () => boolean;
  /** Counts `n` problems left out without working them out. */
  readonly skip: (n: number) => void;
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const has = (o: Obj, key: string) => Object.prototype.hasOwnProperty.call(o, key);
const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);

/** Validates a fleet file's data and, when it is valid, plans it. */
export function checkFleet(input: unknown, file: string, locate: Locator): CheckResult {
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

  const schemas = fleetSchemas();
  const parsed = schemas.file.safeParse(input);
  if (!parsed.success) addZodIssues(parsed.error.issues, input, [], schemas.file, add);
  const plan = crossCheck(isObj(input) ? input : {}, add);
  dataIssues(input, [], add, 0);

  if (issues.length > 0) {
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
    return { issues };
  }
  return { issues, spec: parsed.data as FleetSpec, plan };
}

// ---- data stays data ---------------------------------------------------------------------------

/**
 * A fleet file holds data, never a Terraform reference: every string (key or value) with a cdktf
 * token marker is refused (src/terraform-literal.ts decides; the constructs escape the rest).
 */
function dataIssues(input: unknown, path: FleetPath, add: Add, depth: number): void {
  if (depth > 64) return;
  if (typeof input === 'string') {
    const r = terraformLiteral(input);
    if ('issue' in r) add(path, r.issue.message, { value: input, code: r.issue.code });
  } else if (Array.isArray(input)) {
    input.forEach((v, i) => dataIssues(v, [...path, i], add, depth + 1));
  } else if (isObj(input)) {
    for (const [k, v] of Object.entries(input)) {
      const key = terraformLiteral(k);
      if ('issue' in key) {
        add([...path, k], key.issue.message, { value: k, code: key.issue.code, target: 'key' });
      }
      dataIssues(v, [...path, k], add, depth + 1);
    }
  }
}

// ---- zod issues --------------------------------------------------------------------------------

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

function addZodIssues(
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
            { target: 'key', closest, code: 'UNKNOWN_PROP' },
          );
        }
        break;
      }
      case 'invalid_key': {
        const inner = issue.issues[0];
        add(path, inner ? lowerFirst(inner.message) : 'is not an allowed key', {
          value: path[path.length - 1],
          target: 'key',
          code: 'INVALID_FORMAT',
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

// ---- cross-entry rules and the plan ------------------------------------------------------------

/** A reference to a key of `buckets` or `siem` that does not exist. */
function checkRef(add: Add, path: FleetPath, kind: 'buckets' | 'siem', value: unknown, table: Obj): boolean {
  if (typeof value !== 'string' || has(table, value)) return true;
  const keys = Object.keys(table);
  const closest = closestNames(value, keys, 1);
  add(
    path,
    keys.length === 0
      ? `names no entry of ${kind}: the file declares none`
      : `names no entry of ${kind}; declared: ${keys.join(', ')}; closest known: ${closest[0]}`,
    { value, closest, code: 'UNKNOWN_REFERENCE' },
  );
  return false;
}

function pick(source: Obj, keys: readonly string[]): Obj {
  const out: Obj = {};
  for (const k of keys) if (source[k] !== undefined) out[k] = source[k];
  return out;
}

/** A pipeline being planned. */
interface Draft {
  readonly owner: string;
  readonly pipeline: Omit<PlannedPipeline, 'shard'>;
}

function crossCheck(root: Obj, add: Add): FleetPlan {
  const schemas = fleetSchemas();
  const bucketOptionKeys = Object.keys(schemas.bucket.shape).filter(
    (k) => !['name', 'region', 'grants', 'prefixRoot'].includes(k),
  );
  const pipelineOptionKeys = Object.keys(schemas.defaults.shape).filter(
    (k) => k !== 'bucket' && k !== 'siem',
  );
  const prefixSchema = schemas.datasetEntry.shape.prefix;
  const rootValidity = new Map<string, boolean>();
  const rootValid = (root: string): boolean => {
    let valid = rootValidity.get(root);
    if (valid === undefined) rootValidity.set(root, (valid = prefixSchema.safeParse(root).success));
    return valid;
  };

  // Buckets.
  const bucketsRaw = isObj(root.buckets) ? root.buckets : {};
  if (isObj(root.buckets) && Object.keys(bucketsRaw).length === 0) {
    add(['buckets'], 'must declare at least one bucket', { value: root.buckets, code: 'INVALID_LENGTH' });
  }
  const buckets = new Map<string, PlannedBucket>();
  const bucketByName = new Map<string, string>();
  for (const [key, b] of Object.entries(bucketsRaw)) {
    if (!isObj(b)) continue;
    const grants: GrantLayout = b.grants === 'per-dataset' ? 'per-dataset' : 'per-prefix';
    const prefixRoot = typeof b.prefixRoot === 'string' ? b.prefixRoot : DEFAULT_PREFIX_ROOT;
    if (typeof b.name === 'string') {
      const other = bucketByName.get(b.name);
      if (other !== undefined) {
        add(['buckets', key, 'name'], `is also the name of buckets.${other}: one entry per S3 bucket`, {
          value: b.name,
          code: 'DUPLICATE_BUCKET_NAME',
        });
      } else bucketByName.set(b.name, key);
    }
    buckets.set(key, {
      key,
      grants,
      prefixRoot,
      props: {
        bucketName: b.name as string,
        region: b.region as string,
        grants,
        ...pick(b, bucketOptionKeys),
      },
    });
  }

  // SIEM sources.
  const siemRaw = isObj(root.siem) ? root.siem : {};
  const siemLogTypes = new Map<string, Set<string>>();
  for (const [key, s] of Object.entries(siemRaw)) {
    if (!isObj(s)) continue;
    checkRef(add, ['siem', key, 'bucket'], 'buckets', s.bucket, bucketsRaw);
    siemLogTypes.set(key, new Set());
  }

  // Defaults.
  const defaults = isObj(root.defaults) ? root.defaults : {};
  checkRef(add, ['defaults', 'bucket'], 'buckets', defaults.bucket, bucketsRaw);
  checkRef(add, ['defaults', 'siem'], 'siem', defaults.siem, siemRaw);
  const defaultOptions = pick(defaults, pipelineOptionKeys);
  const onlyBucket = Object.keys(bucketsRaw).length === 1 ? Object.keys(bucketsRaw)[0] : undefined;

  // Alerts: the file's, and each zone's overrides.
  const alerts = isObj(root.alerts) ? root.alerts : undefined;
  if (alerts) {
    for (const i of alertsPropsIssues(alerts as Parameters<typeof alertsPropsIssues>[0])) {
      add(['alerts', i.path], i.message, { value: i.value, code: i.code });
    }
  }
  const freshnessOn = alerts !== undefined && alerts.freshnessAlarms !== false;
  /** bucket key -> the prefixes with a freshness filter (S3 allows 1,000 per bucket). */
  const metricsFilters = new Map<string, Set<string>>();

  // Zones and accounts.
  const drafts: Draft[] = [];
  const owners: { id: string; pipelines: number }[] = [];
  const ids = new Map<string, string>();
  const prefixes = new Map<string, Map<string, string>>();
  const ancestors = new Map<string, Map<string, string>>();

  for (const scope of ['zone', 'account'] as const) {
    const listKey = scope === 'zone' ? 'zones' : 'accounts';
    const list = root[listKey];
    if (!Array.isArray(list)) continue;
    const ownerIds = new Map<string, number>();
    list.forEach((owner: unknown, i) => {
      if (!isObj(owner)) return;
      const base: FleetPath = [listKey, i];
      const id = typeof owner.id === 'string' ? owner.id : `${listKey}[${i}]`;
      if (typeof owner.id === 'string') {
        const j = ownerIds.get(owner.id);
        if (j !== undefined) {
          add([...base, 'id'], `is also the id of ${listKey}[${j}]`, {
            value: owner.id,
            code: 'DUPLICATE_ITEM',
          });
        } else ownerIds.set(owner.id, i);
      }
      const ownerName = typeof owner.name === 'string' ? owner.name : undefined;
      checkRef(add, [...base, 'bucket'], 'buckets', owner.bucket, bucketsRaw);
      checkRef(add, [...base, 'siem'], 'siem', owner.siem, siemRaw);
      const override = owner.alerts;
      if (override !== undefined && alerts === undefined) {
        add(
          [...base, 'alerts'],
          'sets alerts of its own, but the file declares no alerts: add a top-level alerts',
          {
            value: override,
            code: ALERT_CODES.overrideWithoutAlerts,
          },
        );
      }
      if (scope === 'account' && isObj(override) && override.cloudflareAccountId !== undefined) {
        add(
          [...base, 'alerts', 'cloudflareAccountId'],
          "is for zones: an account's pipelines notify through the account's own policy",
          { value: override.cloudflareAccountId, code: ALERT_CODES.accountOverrideOnAccount },
        );
      }
      const ownerAlerts: PlannedPipeline['alerts'] =
        alerts === undefined || override === false
          ? undefined
          : isObj(override)
            ? (pick(override, ['cloudflareAccountId', 'freshnessMinutes']) as PlannedPipeline['alerts'])
            : {};
      const datasets: unknown[] = Array.isArray(owner.datasets) ? owner.datasets : [];
      if (scope === 'zone' && datasets.length > MAX_JOBS_PER_ZONE) {
        add(
          [...base, 'datasets'],
          `lists ${datasets.length} datasets: Cloudflare allows at most ${MAX_JOBS_PER_ZONE} Logpush jobs per zone`,
          { value: datasets.length, code: 'ZONE_JOB_LIMIT' },
        );
      }
      const seenDatasets = new Map<string, number>();
      const namesChecked = new Set<string>();
      const longestDataset = datasets
        .map((d) => (typeof d === 'string' ? d : isObj(d) && typeof d.dataset === 'string' ? d.dataset : ''))
        .reduce((a, b) => (b.length > a.length ? b : a), '');
      let count = 0;
      datasets.forEach((d, k) => {
        const entryPath: FleetPath = [...base, 'datasets', k];
        const entry: Obj | undefined = typeof d === 'string' ? { dataset: d } : isObj(d) ? d : undefined;
        if (!entry || typeof entry.dataset !== 'string') return;
        const dataset = entry.dataset;
        const datasetPath: FleetPath = typeof d === 'string' ? entryPath : [...entryPath, 'dataset'];
        const twice = seenDatasets.get(dataset);
        if (twice !== undefined) {
          add(datasetPath, `is listed twice for this ${scope} (also datasets[${twice}])`, {
            value: dataset,
            code: 'DUPLICATE_ITEM',
          });
          return;
        }
        seenDatasets.set(dataset, k);
        count++;

        // The dataset and its fields.
        const options: Obj = { ...defaultOptions, ...pick(entry, pipelineOptionKeys) };
        const fieldsPath: FleetPath =
          entry.fields !== undefined
            ? [...entryPath, 'fields']
            : defaults.fields !== undefined
              ? ['defaults', 'fields']
              : entryPath;
        const fields: 'all' | string[] =
          Array.isArray(options.fields) && options.fields.every((f) => typeof f === 'string')
            ? (options.fields as string[])
            : 'all';
        const known = isDataset(scope, dataset);
        if (!known) {
          const other = scopesOf(dataset);
          if (other.length > 0) {
            add(datasetPath, `is an ${other[0]} dataset: list it under ${other[0]}s, not ${listKey}`, {
              value: dataset,
              code: 'DATASET_SCOPE_MISMATCH',
            });
          } else {
            const closest = closestNames(dataset, datasetsOf(scope));
            add(
              datasetPath,
              `unknown ${scope} dataset; closest known: ${closest.join(', ')} (\`cdktf-logpush datasets --scope ${scope}\` lists all)`,
              { value: dataset, closest, code: 'NOT_IN_CATALOGUE' },
            );
          }
        } else {
          const input: PipelineInput = {
            ...(scope === 'zone' ? { zoneId: id } : { accountId: id }),
            dataset,
            fields,
          };
          for (const p of pipelineIssues(input)) {
            const m = /^fields\.(\d+)$/.exec(p.path);
            const path = p.path === 'dataset' ? datasetPath : m ? [...fieldsPath, Number(m[1])] : entryPath;
            add(path, p.message, p.hasValue ? { value: p.value, code: p.code } : { code: p.code });
          }
        }

        // Bucket and SIEM.
        const bucketKey = [entry.bucket, owner.bucket, defaults.bucket, onlyBucket].find(
          (v): v is string => typeof v === 'string',
        );
        if (entry.bucket !== undefined) {
          checkRef(add, [...entryPath, 'bucket'], 'buckets', entry.bucket, bucketsRaw);
        }
        if (bucketKey === undefined) {
          add(entryPath, `has no bucket: set bucket here, on the ${scope} or in defaults`, {
            code: 'MISSING_PROP',
          });
          return;
        }
        const bucket = buckets.get(bucketKey);
        const siemSetting = [entry.siem, owner.siem, defaults.siem].find((v) => v !== undefined);
        if (entry.siem !== undefined) checkRef(add, [...entryPath, 'siem'], 'siem', entry.siem, siemRaw);
        const siemKey =
          typeof siemSetting === 'string' && has(siemRaw, siemSetting) ? siemSetting : undefined;
        let logType: string | undefined;
        if (siemKey !== undefined) {
          const siem = siemRaw[siemKey] as Obj;
          if (typeof siem.bucket === 'string' && siem.bucket !== bucketKey) {
            add(
              entryPath,
              `writes to bucket "${bucketKey}", but its siem "${siemKey}" reads bucket "${siem.bucket}"`,
              { value: dataset, code: 'SIEM_BUCKET_MISMATCH' },
            );
          }
          if (known) {
            const r = pantherLogType({
              scope,
              dataset,
              fields: fields === 'all' ? allFields(scope, dataset) : fields,
              outputType: options.outputType === 'csv' ? 'csv' : 'ndjson',
            });
            if ('problems' in r) {
              // A dataset Panther cannot parse can still be pushed, without the SIEM: say how.
              const fix = r.noLogType
                ? `; to push it without the SIEM, opt this entry out: { dataset: ${dataset}, siem: false }`
                : '';
              for (const problem of r.problems) {
                add(entryPath, `siem "${siemKey}": ${problem}${fix}`, {
                  value: dataset,
                  code: 'SIEM_REFUSES_PIPELINE',
                });
              }
            } else {
              logType = r.logType;
              siemLogTypes.get(siemKey)?.add(r.logType);
            }
          }
        }

        // The prefix.
        if (!bucket) return;
        let prefix: string;
        let prefixPath: FleetPath = entryPath;
        if (typeof entry.prefix === 'string') {
          prefix = entry.prefix;
          prefixPath = [...entryPath, 'prefix'];
          // The same rule as LogBucket.prefixProblem: exactly <prefixRoot>/<dataset>/<id>.
          const expected = `${bucket.prefixRoot}/${dataset}/${id}`;
          if (bucket.grants === 'per-dataset' && prefix !== expected) {
            add(
              prefixPath,
              `bucket "${bucketKey}" grants per dataset: a prefix must be ${expected} (<prefixRoot>/<dataset>/<zone or account id>), or be left out`,
              { value: prefix, code: 'PREFIX_OUTSIDE_LAYOUT' },
            );
          }
        } else if (bucket.grants === 'per-dataset') {
          prefix = `${bucket.prefixRoot}/${dataset}/${id}`;
        } else {
          prefix = `${bucket.prefixRoot}/${ownerName ?? id}/${dataset}`;
          // The name is checked once per zone and bucket (with its longest dataset, for the length
          // rule): the other segments are a valid root and dataset names.
          const checkKey = `${bucketKey}\0${ownerName}`;
          const candidate = `${bucket.prefixRoot}/${ownerName}/${longestDataset}`;
          const derived =
            ownerName !== undefined && rootValid(bucket.prefixRoot) && !namesChecked.has(checkKey)
              ? prefixSchema.safeParse(candidate)
              : undefined;
          namesChecked.add(checkKey);
          if (derived && !derived.success) {
            add(
              [...base, 'name'],
              `makes the prefix "${candidate}", which ${lowerFirst(derived.error.issues[0]?.message ?? 'is not a valid key prefix')}: set prefix on each dataset entry`,
              { value: ownerName, code: 'INVALID_PREFIX' },
            );
          }
        }
        const source = formatPath(entryPath);
        let used = prefixes.get(bucketKey);
        let inner = ancestors.get(bucketKey);
        if (!used || !inner) {
          prefixes.set(bucketKey, (used = new Map()));
          ancestors.set(bucketKey, (inner = new Map()));
        }
        const segments = prefix.split('/');
        const same = used.get(prefix);
        if (same !== undefined) {
          add(prefixPath, `prefix "${prefix}" in bucket "${bucketKey}" is also the prefix of ${same}`, {
            value: prefix,
            code: 'PREFIX_OVERLAP',
          });
        } else if (inner.has(prefix)) {
          add(
            prefixPath,
            `prefix "${prefix}" in bucket "${bucketKey}" contains the prefix of ${inner.get(prefix)}`,
            {
              value: prefix,
              code: 'PREFIX_OVERLAP',
            },
          );
        } else {
          for (let n = 1; n < segments.length; n++) {
            const outer = segments.slice(0, n).join('/');
            const owner2 = used.get(outer);
            if (owner2 !== undefined) {
              add(
                prefixPath,
                `prefix "${prefix}" in bucket "${bucketKey}" lies inside the prefix "${outer}" of ${owner2}`,
                {
                  value: prefix,
                  code: 'PREFIX_OVERLAP',
                },
              );
              break;
            }
          }
        }
        used.set(prefix, source);
        for (let n = 1; n < segments.length; n++) inner.set(segments.slice(0, n).join('/'), source);

        // Its freshness filter: the dataset's in a per-dataset bucket (a zone's window cannot differ).
        if (ownerAlerts !== undefined && freshnessOn) {
          if (bucket.grants === 'per-dataset' && ownerAlerts.freshnessMinutes !== undefined) {
            add(
              [...base, 'alerts', 'freshnessMinutes'],
              `bucket "${bucketKey}" grants per dataset: its freshness alarms are per dataset, shared by every zone; set alerts.freshnessMinutes instead`,
              { value: ownerAlerts.freshnessMinutes, code: ALERT_CODES.sharedFreshnessOverride },
            );
          }
          let filters = metricsFilters.get(bucketKey);
          if (!filters) metricsFilters.set(bucketKey, (filters = new Set()));
          filters.add(freshnessPrefixOf(bucket.grants, bucket.prefixRoot, { dataset, prefix }));
        }

        // The pipeline.
        const pipelineId = fleetPipelineId(scope, id, dataset);
        const clash = ids.get(pipelineId);
        if (clash !== undefined) {
          add(datasetPath, `makes the construct id "${pipelineId}", already made by ${clash}`, {
            value: dataset,
            code: 'ID_TAKEN',
          });
        } else ids.set(pipelineId, source);
        const props = {
          ...(scope === 'zone' ? { zoneId: id } : { accountId: id }),
          dataset,
          ...options,
          fields,
          prefix,
          ...(typeof entry.name === 'string' ? { name: entry.name } : {}),
        } as PipelineInput & { prefix: string };
        drafts.push({
          owner: id,
          pipeline: {
            id: pipelineId,
            scope,
            ...(scope === 'zone'
              ? { zoneId: id, ...(ownerName !== undefined ? { zoneName: ownerName } : {}) }
              : { accountId: id, ...(ownerName !== undefined ? { accountName: ownerName } : {}) }),
            dataset,
            fields,
            bucket: bucketKey,
            ...(siemKey !== undefined ? { siem: siemKey } : {}),
            ...(logType !== undefined ? { logType } : {}),
            prefix,
            source,
            props,
            ...(ownerAlerts !== undefined ? { alerts: ownerAlerts } : {}),
          },
        });
      });
      owners.push({ id, pipelines: count });
    });
  }

  for (const [bucketKey, filters] of metricsFilters) {
    const problem = metricsConfigurationCountProblem(`bucket "${bucketKey}"`, filters.size);
    if (problem !== undefined) {
      add(['alerts'], problem, { value: filters.size, code: ALERT_CODES.metricsLimit });
    }
  }

  // Sharding.
  const sharding = isObj(root.sharding) ? root.sharding : {};
  const shards =
    typeof sharding.shards === 'number' && Number.isInteger(sharding.shards) && sharding.shards >= 1
      ? sharding.shards
      : 1;
  const perShard =
    typeof sharding.pipelinesPerShard === 'number' &&
    Number.isInteger(sharding.pipelinesPerShard) &&
    sharding.pipelinesPerShard >= 1
      ? sharding.pipelinesPerShard
      : DEFAULT_PIPELINES_PER_SHARD;
  const loads = shardLoads(owners, shards);
  const fullest = Math.max(0, ...loads);
  if (fullest > perShard) {
    const need = shardsNeeded(owners, perShard, shards + 1);
    add(
      sharding.shards !== undefined ? ['sharding', 'shards'] : isObj(root.sharding) ? ['sharding'] : [],
      `shard-${loads.indexOf(fullest)} would hold ${fullest} pipelines, more than sharding.pipelinesPerShard (${perShard}): set sharding.shards to ${need} (on a deployed fleet also sharding.allowReshard: true, since pipelines that move to another shard are re-created)`,
      { value: shards, code: 'SHARD_TOO_FULL' },
    );
  }

  const pipelines: PlannedPipeline[] = drafts.map((d) => ({
    ...d.pipeline,
    shard: shardName(shardIndexOf(d.owner, shards)),
  }));
  const siems: PlannedSiem[] = Object.entries(siemRaw)
    .filter((e): e is [string, Obj] => isObj(e[1]))
    .map(([key, s]) => {
      const rest = pick(
        s,
        Object.keys(s).filter((k) => k !== 'type' && k !== 'bucket'),
      );
      return {
        key,
        type: 'panther' as const,
        bucket: s.bucket as string,
        props: {
          ...rest,
          name: typeof s.name === 'string' ? s.name : key.replace(/_/g, '-'),
        } as PlannedSiem['props'],
        logTypes: [...(siemLogTypes.get(key) ?? [])].sort(),
      };
    });
  return {
    buckets: [...buckets.values()],
    siems,
    pipelines,
    shards: Array.from({ length: shards }, (_, i) => shardName(i)),
    sharding: { shards, pipelinesPerShard: perShard },
    ...(alerts !== undefined ? { alerts: alerts as FleetAlerts } : {}),
  };
}
