/**
 * Generators of public props for the property tests, and the shared fast-check settings: at least
 * 2,000 cases per property, seeded (FC_SEED, else a fixed default) so that a failure is reproducible;
 * fast-check prints the seed and the counterexample path when a property fails.
 */
import fc from 'fast-check';
import { allFields, datasetsOf, PROVIDER_DATASETS, type Scope } from '../../src/datasets';
import { PREFIX_SEGMENT_CHARS } from '../../src/names';
import { pantherLogType } from '../../src/panther';

/** The run settings of every property. */
export const FC_PARAMS = {
  seed: process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : 20261123,
  numRuns: process.env.FC_RUNS !== undefined ? Number(process.env.FC_RUNS) : 2000,
  verbose: 1 as const,
};

/** The characters of a regex character class body such as `A-Za-z0-9!_.'()=-`. */
function charsOf(cls: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < cls.length; i++) {
    if (cls[i + 1] === '-' && i + 2 < cls.length) {
      for (let c = cls.charCodeAt(i); c <= cls.charCodeAt(i + 2); c++) out.push(String.fromCharCode(c));
      i += 2;
    } else out.push(cls[i]!);
  }
  return out;
}

/** A string of 1..max characters of a class. */
const stringOf = (cls: string, minLength: number, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...charsOf(cls)), minLength, maxLength });

/** One prefix segment from the allow-list (never "." or ".."). */
export const segmentArb = fc
  .string({ unit: fc.constantFrom(...charsOf(PREFIX_SEGMENT_CHARS)), minLength: 1, maxLength: 12 })
  .filter((s) => s !== '.' && s !== '..');

/** A valid key prefix: 1-4 segments. */
export const prefixArb = fc.array(segmentArb, { minLength: 1, maxLength: 4 }).map((s) => s.join('/'));

/** An S3 object key part (what Cloudflare appends under a prefix). */
export const keyTailArb = fc
  .array(stringOf('A-Za-z0-9_.=-', 1, 16), { minLength: 1, maxLength: 3 })
  .map((s) => s.join('/'));

const providerDatasets = (scope: Scope) => datasetsOf(scope).filter((d) => PROVIDER_DATASETS.has(d));

/** A valid pipeline spec, without bucket, ids and prefix uniqueness (the harness adds those). */
export interface PipelineSpec {
  readonly scope: Scope;
  readonly dataset: string;
  readonly props: Record<string, unknown>;
  readonly prefix: string;
  /** Whether the harness attaches the batch's Panther source (only when Panther can read it). */
  readonly siem: boolean;
  /** Ownership: the custom resource, or a token from a sensitive variable. */
  readonly fromToken: boolean;
}

const uploadKnob = (min: number, max: number) =>
  fc.option(fc.oneof(fc.constant(0), fc.integer({ min, max })), { nil: undefined });

export const pipelineSpecArb: fc.Arbitrary<PipelineSpec> = fc
  .constantFrom<Scope>('zone', 'account')
  .chain((scope) =>
    fc.constantFrom(...providerDatasets(scope)).chain((dataset) =>
      fc.record({
        scope: fc.constant(scope),
        dataset: fc.constant(dataset),
        prefix: prefixArb,
        siem: fc.boolean(),
        fromToken: fc.boolean(),
        props: fc.record(
          {
            fields: fc.oneof(
              fc.constant('all' as const),
              fc.shuffledSubarray([...allFields(scope, dataset)], {
                minLength: 1,
                maxLength: Math.min(8, allFields(scope, dataset).length),
              }),
            ),
            dailySubfolders: fc.boolean(),
            timestampFormat: fc.constantFrom('rfc3339', 'unix', 'unixnano'),
            outputType: fc.constantFrom('ndjson', 'csv'),
            filter: fc.constant(
              '{"where":{"key":"ClientRequestHost","operator":"eq","value":"example.com"}}',
            ),
            sampleRate: fc.double({ min: 0.001, max: 1, noNaN: true }),
            maxUploadBytes: uploadKnob(5_000_000, 1_000_000_000),
            maxUploadIntervalSeconds: uploadKnob(30, 300),
            maxUploadRecords: uploadKnob(1_000, 1_000_000),
            enabled: fc.boolean(),
            name: stringOf('a-zA-Z0-9.-', 0, 30),
          },
          { requiredKeys: [] },
        ),
      }),
    ),
  )
  .map((spec) => {
    // Panther can read only what it has a log type for, with its fields, as NDJSON.
    const fields =
      spec.props.fields === undefined || spec.props.fields === 'all'
        ? allFields(spec.scope, spec.dataset)
        : (spec.props.fields as string[]);
    const readable =
      'logType' in
      pantherLogType({
        scope: spec.scope,
        dataset: spec.dataset,
        fields,
        outputType: (spec.props.outputType as 'ndjson' | 'csv' | undefined) ?? 'ndjson',
      });
    return { ...spec, siem: spec.siem && readable };
  });

/** A 32-hex Cloudflare id unique to `n`. */
export const hexId = (n: number, salt = 0): string =>
  (n.toString(16) + salt.toString(16).padStart(4, '0')).padStart(32, 'a');

/** A 32-hex Cloudflare id of any first character (10 in 16 start with a digit, as real ids do). */
export const cloudflareIdArb = fc.string({
  unit: fc.constantFrom(...'0123456789abcdef'),
  minLength: 32,
  maxLength: 32,
});

/** Whether Panther has a log type for the dataset (with every field, as NDJSON). */
const pantherReads = (scope: Scope, dataset: string): boolean =>
  'logType' in pantherLogType({ scope, dataset, fields: allFields(scope, dataset), outputType: 'ndjson' });

/** A zone's or account's datasets: 1-4 distinct ones the provider accepts, each a name or an entry. */
const ownerDatasetsArb = (scope: Scope, siem: boolean) =>
  fc
    .uniqueArray(fc.constantFrom(...providerDatasets(scope)), { minLength: 1, maxLength: 4 })
    .map((datasets) =>
      // A dataset Panther cannot read opts out of the fleet's SIEM, as the validation asks.
      datasets.map((d) => (siem && !pantherReads(scope, d) ? { dataset: d, siem: false as const } : d)),
    );

/**
 * A valid fleet file (as an object): one bucket (either grant layout), optionally a Panther source
 * without the Panther provider (`registerSource: false`, so the foundation needs AWS only), 1-6
 * zones and 0-2 accounts with ids of any first character, 1-3 shards.
 */
export const fleetSpecArb = fc
  .record({
    grants: fc.constantFrom('per-prefix' as const, 'per-dataset' as const),
    siem: fc.boolean(),
    shards: fc.integer({ min: 1, max: 3 }),
    zoneIds: fc.uniqueArray(cloudflareIdArb, { minLength: 1, maxLength: 6 }),
    accountIds: fc.uniqueArray(cloudflareIdArb, { minLength: 0, maxLength: 2 }),
  })
  .chain((f) =>
    fc
      .record({
        zones: fc.tuple(...f.zoneIds.map(() => ownerDatasetsArb('zone', f.siem))),
        accounts: fc.tuple(...f.accountIds.map(() => ownerDatasetsArb('account', f.siem))),
      })
      .map(({ zones, accounts }) => ({
        version: 1 as const,
        buckets: { main: { name: 'prop-fleet-logs', region: 'us-west-2', grants: f.grants } },
        ...(f.siem
          ? {
              siem: {
                panther: {
                  type: 'panther' as const,
                  bucket: 'main',
                  pantherAwsAccountId: '123456789012',
                  registerSource: false,
                },
              },
              defaults: { siem: 'panther' },
            }
          : {}),
        sharding: { shards: f.shards },
        zones: f.zoneIds.map((id, i) => ({ id, datasets: zones[i]! })),
        ...(f.accountIds.length > 0
          ? { accounts: f.accountIds.map((id, i) => ({ id, datasets: accounts[i]! })) }
          : {}),
      })),
  );

/**
 * A construct id a user might choose: letters, digits, `_`, `-`, `.` and a space, any first
 * character (`2024-http`, `-x`, `http`): the library either makes valid Terraform names from it or
 * refuses it.
 */
export const constructIdArb = fc
  .string({ unit: fc.constantFrom(...charsOf('A-Za-z0-9_. -')), minLength: 1, maxLength: 12 })
  .filter((s) => !['Default', 'Resource'].includes(s));

/** Pieces that Terraform, JSON, YAML or cdktf could read as something else. */
const SPECIAL = [
  '${',
  '%{',
  '$${',
  '%%{',
  '$',
  '%',
  '{',
  '}',
  '$$',
  '%%',
  '~}',
  '}}',
  '\\',
  '"',
  "'",
  '\n',
  '\r\n',
  '\t',
  ' ',
  ':',
  '#',
  '&',
  '*',
  '!',
  '[',
  ']',
  'file("/proc/self/environ")',
  '${file("/proc/self/environ")}',
  '%{ if true }x%{ endif }',
  '${"x"}',
  '\u0000',
  'é',
  '😀',
];
const NO_MARKER = (s: string) => !s.includes('TfToken[');

/** A string rich in template sequences and quoting characters (no cdktf token marker). */
export const dataStringArb = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...SPECIAL) },
      { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }) },
      { weight: 2, arbitrary: fc.string({ minLength: 1, maxLength: 4 }) },
    ),
    { maxLength: 8 },
  )
  .map((parts) => parts.join(''))
  .filter((s) => wellFormed(s) && NO_MARKER(s));

/** No lone surrogate (which no UTF-8 file can hold). */
function wellFormed(s: string): boolean {
  try {
    encodeURIComponent(s);
    return true;
  } catch {
    return false;
  }
}
