/**
 * Data stays data (issue 17, item 1), over EVERY string of a fleet file (`logpush.yaml`): the list
 * is derived from the fleet file's zod schema (src/fleet/schema.ts) by `stringPaths`, so a string
 * added to the schema and not to the table below fails the first test.
 *
 * Each string gets >= 2,000 generated values (test/property/arbitraries.ts `dataStringArb`, one in
 * nine with a cdktf token marker, mixed with values of the allowed shape). Each value is written
 * into a fleet file (its own zone, account, bucket or SIEM entry where the schema allows several)
 * and read by the fleet's own reader (`parseFleetWithPlan`): refused with a code from the string's
 * list (a token marker always with TOKEN_MARKER_IN_DATA), or accepted. Accepted values are then
 * written into one file per batch (one fleet per case for a value a file holds once: `defaults`,
 * the top-level `alerts`, `$schema`), defined by `LogpushFleet`, every stack synthesized, and every
 * string of every resource evaluated by the real Terraform (one throwaway configuration per
 * batch): what Terraform reads must hold the value written in the file.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CloudflareProvider } from '@cdktf/provider-cloudflare/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import fc from 'fast-check';
import { LogpushFleet, LogpushValidationError, PantherProvider, parseFleet } from 'cdktf-logpush';
import { allFields, datasetsOf, PROVIDER_DATASETS } from '../../src/datasets';
import { parseFleetWithPlan } from '../../src/fleet/spec';
import { fleetSchemas } from '../../src/fleet/schema';
import { GRANT_LAYOUTS } from '../../src/model/layout';
import { BUCKET_CONFIGURATIONS, OUTPUT_TYPES, TIMESTAMP_FORMATS } from '../../src/schema';
import { hasTokenMarker } from '../../src/terraform-literal';
import { leavesByPath, stringPaths } from '../support/string-props';
import { TerraformEvaluator, terraformAvailable } from '../support/terraform-eval';
import { dataStringArb, FC_PARAMS } from './arbitraries';
import {
  ACCOUNT,
  ACCOUNT_DATASETS,
  awsRegionArb,
  BY_EXISTING,
  bucketNameArb,
  CASES,
  caseId,
  hex32,
  nfd,
  prefixShapeArb,
  RULE_CODES,
  synthWithMetadata,
  uuid,
  type Covered,
  type PropStats,
} from './string-prop-shared';

const available = terraformAvailable();

// ---------------------------------------------------------------------------------------------
// Fleet files: every string of the file's schema.

/** A fleet file as the runners build it (JSON, which is YAML). */
type FleetFile = {
  version: 1;
  buckets: Record<string, Record<string, unknown>>;
  siem?: Record<string, Record<string, unknown>>;
  defaults?: Record<string, unknown>;
  zones?: Array<Record<string, unknown>>;
  accounts?: Array<Record<string, unknown>>;
  alerts?: Record<string, unknown>;
  [key: string]: unknown;
};
const baseFleet = (): FleetFile => ({
  version: 1,
  buckets: { main: { name: 'acme-fleet', region: 'us-west-2' } },
  defaults: { bucket: 'main' },
});

/** How one string of a fleet file is run. */
interface FleetRunner {
  readonly arb: fc.Arbitrary<string>;
  /** Writes case `n` with `value` into `file` (its own zone, bucket or SIEM entry where it can). */
  readonly place: (file: FleetFile, value: string, n: number) => void;
  /** The text Terraform must read; undefined when the value names or selects, not writes. */
  readonly expect?: (value: string, n: number) => string | undefined;
  /** The codes a refusal may carry (TOKEN_MARKER_IN_DATA is always allowed). */
  readonly codes?: readonly string[];
  /** The value is one per file (`defaults`, top-level `alerts`): a batch is many fleets in one app. */
  readonly single?: boolean;
  /** Accepted cases per batch. @default 250 */
  readonly batch?: number;
}

/** Data strings, with a cdktf token marker in some (refused: a fleet file holds data). */
const fleetData = fc.oneof(
  { weight: 8, arbitrary: dataStringArb },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        dataStringArb,
        fc.constantFrom('${TfToken[TOKEN.12]}', '#{TfToken[TOKEN.3]}', 'TfToken[TOKEN.7]'),
      )
      .map(([a, m]) => `${a}${m}`),
  },
);
const fleetMixed = (...shapes: fc.Arbitrary<string>[]) =>
  fc.oneof({ weight: 9, arbitrary: fleetData }, ...shapes.map((arbitrary) => ({ weight: 1, arbitrary })));
/**
 * {@link fleetMixed} with fewer values of the allowed shape (1 in 40), for a value whose case costs
 * a fleet of its own or a bucket with its ownership function: about 50 of the 2,000 are accepted.
 */
const fleetRare = (...shapes: fc.Arbitrary<string>[]) =>
  fc.oneof({ weight: 39, arbitrary: fleetData }, ...shapes.map((arbitrary) => ({ weight: 1, arbitrary })));

const configureFleetStack = (s: TerraformStack, context: { kind: string }) => {
  new AwsProvider(s, 'aws', { region: 'us-west-2' });
  if (context.kind === 'foundation') new PantherProvider(s, 'panther', {});
  else new CloudflareProvider(s, 'cloudflare', {});
};

/** The issue codes of a refused fleet file, or undefined when it is accepted. */
function fleetRefusal(file: FleetFile): readonly string[] | undefined {
  try {
    parseFleetWithPlan(JSON.stringify(file), 'case.json');
    return undefined;
  } catch (e) {
    if (!LogpushValidationError.isLogpushValidationError(e)) throw e;
    return e.codes;
  }
}

function runFleetProp(tf: TerraformEvaluator, name: string, salt: number, r: FleetRunner): PropStats {
  const start = Date.now();
  const values = fc.sample(r.arb, { seed: FC_PARAMS.seed + salt, numRuns: CASES });
  const stats: PropStats = { cases: values.length, refused: 0, accepted: 0, checked: 0, applies: 0, ms: 0 };
  const codes = [...(r.codes ?? RULE_CODES), 'TOKEN_MARKER_IN_DATA'];
  const mismatches: unknown[] = [];
  const accepted: Array<{ n: number; value: string }> = [];
  values.forEach((value, n) => {
    const file = baseFleet();
    r.place(file, value, n);
    const refused = fleetRefusal(file);
    if (refused === undefined) {
      accepted.push({ n, value });
      if (hasTokenMarker(value)) mismatches.push({ value, accepted: 'with a token marker' });
      return;
    }
    stats.refused++;
    const marker = hasTokenMarker(value);
    if (!refused.every((c) => codes.includes(c)) || (marker && !refused.includes('TOKEN_MARKER_IN_DATA'))) {
      mismatches.push({ value, refusedWith: refused, allowed: codes });
    }
  });
  stats.accepted = accepted.length;
  const size = r.batch ?? (r.single ? 40 : 250);
  for (let b = 0; b < accepted.length; b += size) {
    // Each value once per batch file: two zones of one name would share a prefix (each accepted alone).
    const seenValues = new Set<string>();
    const batch = accepted.slice(b, b + size).filter(({ value }) => {
      const fresh = r.single === true || !seenValues.has(value);
      seenValues.add(value);
      return fresh;
    });
    const app = Testing.app();
    const fleets: LogpushFleet[] = [];
    if (r.single) {
      for (const { n, value } of batch) {
        const file = baseFleet();
        file.buckets.main!.name = `acme-fleet-${n}`;
        r.place(file, value, n);
        const spec = parseFleet(JSON.stringify(file), 'case.json');
        fleets.push(new LogpushFleet(app, `f${n}`, { spec, configureStack: configureFleetStack }));
      }
    } else {
      const file = baseFleet();
      for (const { n, value } of batch) r.place(file, value, n);
      const spec = parseFleet(JSON.stringify(file), 'batch.json');
      fleets.push(new LogpushFleet(app, 'f', { spec, configureStack: configureFleetStack }));
    }
    const groups = fleets
      .flatMap((f) => [f.foundation, ...Object.values(f.shardStacks)])
      .flatMap((st) => [...leavesByPath(synthWithMetadata(st)).values()]);
    const texts = [...new Set(groups.flatMap((g) => g.evaluable))];
    const seen = tf.evaluate(texts) as string[];
    stats.applies++;
    const read = texts.map((_, i) => nfd(seen[i]!));
    for (const { n, value } of batch) {
      const expected = r.expect ? r.expect(value, n) : value;
      if (expected === undefined) continue;
      stats.checked++;
      if (!read.some((t) => t.includes(nfd(expected)))) mismatches.push({ value, expected });
    }
  }
  stats.ms = Date.now() - start;
  expect({ prop: name, mismatches: mismatches.slice(0, 3) }).toEqual({ prop: name, mismatches: [] });
  expect(stats.cases).toBeGreaterThanOrEqual(2000);
  return stats;
}

/** A zone of case `n`, with one dataset entry (`entry` merged into it). */
const zoneOf = (n: number, entry: Record<string, unknown> = {}, own: Record<string, unknown> = {}) => ({
  id: caseId(n),
  datasets: [{ dataset: 'http_requests', ...entry }],
  ...own,
});
const accountOf = (n: number, entry: Record<string, unknown> = {}, own: Record<string, unknown> = {}) => ({
  id: caseId(n, 1),
  datasets: [{ dataset: ACCOUNT_DATASETS[0], ...entry }],
  ...own,
});
const addZone = (f: FleetFile, z: Record<string, unknown>) => (f.zones ??= []).push(z);
const addAccount = (f: FleetFile, a: Record<string, unknown>) => (f.accounts ??= []).push(a);
/** A bucket of its own for case `n`; with `zone`, a zone writing into it. */
const ownBucket = (f: FleetFile, n: number, props: Record<string, unknown>, key = `b${n}`, zone = false) => {
  f.buckets[key] = { name: `acme-b${n}`, region: 'us-west-2', ...props };
  if (zone) addZone(f, zoneOf(n, {}, { bucket: key }));
};
/** A Panther source of its own for case `n`, reading a bucket of its own. */
const ownSiem = (f: FleetFile, n: number, props: Record<string, unknown>, key = `s${n}`) => {
  f.buckets[`b${n}`] = { name: `acme-b${n}`, region: 'us-west-2' };
  (f.siem ??= {})[key] = { type: 'panther', bucket: `b${n}`, pantherAwsAccountId: ACCOUNT, ...props };
};

/** Runners of a pipeline option, on a zone's or an account's dataset entry. */
function entryRunners(owner: 'zones' | 'accounts'): Record<string, FleetRunner> {
  const scope = owner === 'zones' ? 'zone' : 'account';
  const dataset = owner === 'zones' ? 'http_requests' : ACCOUNT_DATASETS[0]!;
  const add = owner === 'zones' ? addZone : addAccount;
  const ownerOf = owner === 'zones' ? zoneOf : accountOf;
  const on = (prop: string, shape: fc.Arbitrary<string>, expectFn?: FleetRunner['expect']): FleetRunner => ({
    arb: fleetMixed(shape),
    place: (f, v, n) => add(f, ownerOf(n, { [prop]: v })),
    expect: expectFn,
  });
  const p = `${owner}[]`;
  return {
    [`${p}.id`]: {
      arb: fleetMixed(hex32),
      place: (f, v) => add(f, { id: v, datasets: [dataset] }),
      codes: [...RULE_CODES, 'DUPLICATE_OWNER'],
    },
    [`${p}.name`]: {
      arb: fleetMixed(fc.stringMatching(/^[a-z0-9.-]{1,20}$/)),
      place: (f, v, n) => add(f, ownerOf(n, {}, { name: v })),
      // The owner's segment of its default prefixes: <prefixRoot>/<name>/<dataset>.
      expect: (v) => `cloudflare/${v}/${dataset}/`,
    },
    [`${p}.datasets[]`]: {
      arb: fleetMixed(fc.constantFrom(...datasetsOf(scope).filter((d) => PROVIDER_DATASETS.has(d)))),
      place: (f, v, n) => add(f, { id: ownerOf(n).id, datasets: [v] }),
    },
    [`${p}.datasets[].dataset`]: on(
      'dataset',
      fc.constantFrom(...datasetsOf(scope).filter((d) => PROVIDER_DATASETS.has(d))),
    ),
    [`${p}.datasets[].fields[]`]: {
      arb: fleetMixed(fc.constantFrom(...allFields(scope, dataset))),
      place: (f, v, n) => add(f, ownerOf(n, { fields: [v] })),
    },
    [`${p}.datasets[].timestampFormat`]: on('timestampFormat', fc.constantFrom(...TIMESTAMP_FORMATS)),
    [`${p}.datasets[].outputType`]: on('outputType', fc.constantFrom(...OUTPUT_TYPES)),
    [`${p}.datasets[].filter`]: {
      // Filters are JSON text: the generated string is a value in it.
      arb: fleetData.map((v) =>
        JSON.stringify({ where: { key: 'ClientRequestHost', operator: 'eq', value: v } }),
      ),
      place: (f, v, n) => add(f, ownerOf(n, { filter: v })),
    },
    [`${p}.datasets[].prefix`]: {
      arb: fleetMixed(prefixShapeArb),
      place: (f, v, n) => add(f, ownerOf(n, { prefix: `c${n}/${v}` })),
      expect: (v, n) => `c${n}/${v}`,
      codes: [...RULE_CODES, 'PREFIX_OVERLAP'],
    },
    [`${p}.datasets[].name`]: on('name', fc.stringMatching(/^[a-zA-Z0-9.-]{0,30}$/)),
    [`${p}.datasets[].bucket`]: {
      arb: fleetMixed(fc.constant('main')),
      place: (f, v, n) => add(f, ownerOf(n, { bucket: v })),
      expect: () => undefined,
    },
    [`${p}.datasets[].siem`]: {
      arb: fleetMixed(fc.constant('panther')),
      place: (f, v, n) => {
        (f.siem ??= {}).panther = { type: 'panther', bucket: 'main', pantherAwsAccountId: ACCOUNT };
        add(f, ownerOf(n, { siem: v }));
      },
      expect: () => undefined,
    },
    [`${p}.bucket`]: {
      arb: fleetMixed(fc.constant('main')),
      place: (f, v, n) => add(f, ownerOf(n, {}, { bucket: v })),
      expect: () => undefined,
    },
    [`${p}.siem`]: {
      arb: fleetMixed(fc.constant('panther')),
      place: (f, v, n) => {
        (f.siem ??= {}).panther = { type: 'panther', bucket: 'main', pantherAwsAccountId: ACCOUNT };
        add(f, ownerOf(n, {}, { siem: v }));
      },
      expect: () => undefined,
    },
    [`${p}.alerts.cloudflareAccountId`]: {
      arb: fleetMixed(hex32),
      place: (f, v, n) => {
        f.alerts = { emails: ['ops@example.com'], freshnessAlarms: false };
        add(f, ownerOf(n, {}, { alerts: { cloudflareAccountId: v } }));
      },
      // An account's notifications go to that account: an override there is always refused.
      codes: [...RULE_CODES, 'ALERTS_ACCOUNT_OVERRIDE_ON_ACCOUNT'],
    },
  };
}

/** A value of `defaults`: one per file. */
const onDefaults = (
  prop: string,
  shape: fc.Arbitrary<string>,
  expectFn?: FleetRunner['expect'],
): FleetRunner => ({
  arb: fleetRare(shape),
  place: (f, v, n) => {
    f.defaults = { ...f.defaults, [prop]: v };
    addZone(f, zoneOf(n));
  },
  expect: expectFn,
  single: true,
});
/** A value of the top-level `alerts`: one per file. */
const onAlerts = (
  prop: string,
  shape: fc.Arbitrary<string>,
  over: Record<string, unknown> = {},
): FleetRunner => ({
  arb: fleetRare(shape),
  place: (f, v, n) => {
    f.alerts = {
      cloudflareAccountIds: [caseId(n)],
      emails: ['ops@example.com'],
      freshnessAlarms: false,
      ...over,
    };
    // The list props hold the value as their only item; topicArn is a string.
    f.alerts[prop] = prop === 'topicArn' ? v : [v];
    addZone(f, zoneOf(n));
  },
  single: true,
});

const fleetRunners: Record<string, FleetRunner | Covered> = {
  $schema: {
    arb: fleetRare(fc.constant('./node_modules/cdktf-logpush/schema/logpush.schema.json')),
    place: (f, v, n) => {
      f.$schema = v;
      addZone(f, zoneOf(n));
    },
    // For editors only: not written into the configuration.
    expect: () => undefined,
    single: true,
  },
  'buckets{key}': {
    arb: fleetMixed(fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,20}$/)),
    place: (f, v, n) => ownBucket(f, n, {}, v),
    // A construct id (the bucket's construct path), not a value written into the configuration.
    expect: () => undefined,
    codes: [...RULE_CODES, 'INVALID_TERRAFORM_NAME'],
  },
  'buckets{}.name': {
    arb: fleetMixed(bucketNameArb),
    place: (f, v, n) => ownBucket(f, n, { name: v }),
    codes: [...RULE_CODES, 'DUPLICATE_BUCKET_NAME'],
  },
  'buckets{}.region': {
    arb: fleetRare(awsRegionArb),
    place: (f, v, n) => ownBucket(f, n, { region: v }, `b${n}`, true),
    expect: (v) => `region=${v}`,
  },
  'buckets{}.tags{key}': BY_EXISTING('every tag (key and value) and every filter of a fleet file'),
  'buckets{}.tags{}': BY_EXISTING('every tag (key and value) and every filter of a fleet file'),
  'buckets{}.adopt.importConfigurations[]': {
    arb: fleetMixed(fc.constantFrom(...BUCKET_CONFIGURATIONS)),
    place: (f, v, n) =>
      ownBucket(f, n, { adopt: { acknowledgeExistingPolicyReplaced: true, importConfigurations: [v] } }),
    expect: () => undefined,
  },
  'buckets{}.grants': {
    arb: fleetMixed(fc.constantFrom(...GRANT_LAYOUTS)),
    place: (f, v, n) => ownBucket(f, n, { grants: v }),
    expect: () => undefined,
  },
  'buckets{}.prefixRoot': {
    arb: fleetRare(prefixShapeArb),
    place: (f, v, n) => ownBucket(f, n, { prefixRoot: v }, `b${n}`, true),
    expect: (v, n) => `s3://acme-b${n}/${v}/`,
  },
  'siem{key}': {
    arb: fleetMixed(fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,20}$/)),
    place: (f, v, n) => ownSiem(f, n, { name: `source-${n}` }, v),
    expect: () => undefined,
    codes: [...RULE_CODES, 'INVALID_TERRAFORM_NAME'],
  },
  'siem{}.bucket': {
    arb: fleetMixed(fc.constant('b@')),
    // 'b@' stands for the case's own bucket key.
    place: (f, v, n) => {
      ownSiem(f, n, { name: `source-${n}` });
      f.siem![`s${n}`]!.bucket = v === 'b@' ? `b${n}` : v;
    },
    expect: () => undefined,
  },
  ...Object.fromEntries(
    (
      [
        ['name', fc.stringMatching(/^[0-9a-zA-Z-][0-9a-zA-Z- ]{0,10}[0-9a-zA-Z-]$/)],
        ['pantherAwsAccountId', fc.stringMatching(/^\d{12}$/)],
        ['awsAccountId', fc.stringMatching(/^\d{12}$/)],
        ['pantherRegion', awsRegionArb],
        ['roleName', fc.stringMatching(/^[A-Za-z0-9+=,.@_-]{1,40}$/)],
        ['notifications', fc.constantFrom('self-managed', 'panther-managed')],
      ] as const
    ).map(([prop, shape]) => [
      `siem{}.${prop}`,
      {
        arb: fleetMixed(shape),
        place: (f: FleetFile, v: string, n: number) =>
          ownSiem(f, n, { ...(prop === 'name' ? {} : { name: `source-${n}` }), [prop]: v }),
        expect: prop === 'notifications' ? () => undefined : undefined,
        codes: [...RULE_CODES, 'DUPLICATE_SIEM_NAME'],
        batch: 100,
      } satisfies FleetRunner,
    ]),
  ),
  'defaults.fields[]': onDefaults('fields', fc.constantFrom(...allFields('zone', 'http_requests'))),
  'defaults.timestampFormat': onDefaults('timestampFormat', fc.constantFrom(...TIMESTAMP_FORMATS)),
  'defaults.outputType': onDefaults('outputType', fc.constantFrom(...OUTPUT_TYPES)),
  'defaults.filter': {
    ...onDefaults('filter', fc.constant('')),
    // One fleet per accepted case: data strings as they are (not a filter: refused), and 1 in 40
    // as the value inside a filter's JSON (accepted).
    arb: fleetRare(
      fleetData.map((v) => JSON.stringify({ where: { key: 'ClientRequestHost', operator: 'eq', value: v } })),
    ),
  },
  'defaults.bucket': onDefaults('bucket', fc.constant('main'), () => undefined),
  'defaults.siem': {
    arb: fleetRare(fc.constant('panther')),
    place: (f, v, n) => {
      (f.siem ??= {}).panther = { type: 'panther', bucket: 'main', pantherAwsAccountId: ACCOUNT };
      f.defaults = { ...f.defaults, siem: v };
      addZone(f, zoneOf(n));
    },
    expect: () => undefined,
    single: true,
  },
  ...entryRunners('zones'),
  'zones[].datasets[].filter': BY_EXISTING('every tag (key and value) and every filter of a fleet file'),
  ...entryRunners('accounts'),
  'alerts.cloudflareAccountIds[]': onAlerts('cloudflareAccountIds', hex32),
  'alerts.emails[]': onAlerts('emails', fc.emailAddress()),
  'alerts.webhookIds[]': onAlerts('webhookIds', uuid),
  'alerts.pagerDutyIds[]': onAlerts('pagerDutyIds', uuid),
  'alerts.topicArn': onAlerts(
    'topicArn',
    fc.stringMatching(/^arn:aws:sns:us-west-2:\d{12}:[A-Za-z0-9_-]{1,20}$/),
    {
      freshnessAlarms: true,
    },
  ),
};

describe('every string of a fleet file: derived from the schema', () => {
  test('every string of the fleet schema has a runner (or a named test)', () => {
    expect(Object.keys(fleetRunners).sort()).toEqual(stringPaths(fleetSchemas().file));
  });
});

const FLEET_RUNS = Object.entries(fleetRunners)
  .filter((e): e is [string, FleetRunner] => !('coveredBy' in e[1]))
  .map(([path, runner], i) => ({ label: `fleet ${path}`, runner, salt: 10_000 + i }));

(available ? describe : describe.skip)(
  'every string of a fleet file: what Terraform reads (2,000 each)',
  () => {
    let tf: TerraformEvaluator;
    const report: Record<string, PropStats> = {};
    beforeAll(() => {
      tf = new TerraformEvaluator();
    });
    afterAll(() => {
      tf?.dispose();
      console.log(`every-string-prop (fleet): ${JSON.stringify(report, null, 1)}`);
    });

    test.each(FLEET_RUNS.map((r) => [r.label, r] as const))(
      '%s: as written, or refused with a code',
      (_label, r) => {
        report[r.label] = runFleetProp(tf, r.label, r.salt, r.runner);
      },
    );
  },
);
