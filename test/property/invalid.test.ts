/**
 * Generated invalid inputs throw LogpushValidationError before anything is defined: never a
 * TypeError, a constructs error or a cdktf error, and the app's construct tree is unchanged. Every
 * case starts from valid props and applies one mutation that makes them invalid, so each case
 * exercises exactly one rule. One app serves every case (the tree is asserted unchanged after each).
 */
import { TerraformStack, Testing, type App } from 'cdktf';
import fc from 'fast-check';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CloudflareProvider } from '@cdktf/provider-cloudflare/lib/provider';
import { LogBucket, LogpushPipeline, LogpushValidationError, PantherLogSource } from 'cdktf-logpush';
import { allFields, datasetsOf, isDataset } from '../../src/datasets';
import { NAMES } from '../../src/names';
import { FC_PARAMS, prefixArb, segmentArb } from './arbitraries';

const ZONE = '023e105f4ecef8ad9ca31a8372d0c353';
const FULL_ZONE = 'ffff105f4ecef8ad9ca31a8372d0c353';
const TAKEN = 'taken/deep/path';

/** The shared app: a bucket with a claimed prefix, and a zone with 4 jobs across two stacks. */
function harness() {
  const app: App = Testing.app();
  const stack = (id: string) => {
    const s = new TerraformStack(app, id);
    new AwsProvider(s, 'aws', { region: 'us-west-2' });
    new CloudflareProvider(s, 'cloudflare', {});
    return s;
  };
  const a = stack('a');
  const b = stack('b');
  const bucket = new LogBucket(a, 'logs', { bucketName: 'taken-bucket', region: 'us-west-2' });
  new LogpushPipeline(a, 'taken', { zoneId: ZONE, dataset: 'http_requests', bucket, prefix: TAKEN });
  ['http_requests', 'firewall_events', 'dns_logs', 'spectrum_events'].forEach((dataset, i) => {
    new LogpushPipeline(i < 2 ? a : b, `full${i}`, {
      zoneId: FULL_ZONE,
      dataset,
      bucket,
      prefix: `full/${i}`,
    });
  });
  return { app, stacks: [a, b], bucket };
}

type Target = 'pipeline' | 'bucket' | 'panther';
interface Mutation {
  readonly target: Target;
  readonly label: string;
  readonly props?: Record<string, unknown>;
  /** Replace the props entirely (null, a string...). */
  readonly replaceProps?: unknown;
  readonly id?: unknown;
  readonly stack?: number;
}

const LOOK_ALIKES = [
  '\u0430',
  '\u043e',
  '\u0435',
  '\uff0f',
  '\u2215',
  '\u200b',
  '\u00a0',
  '\uff53',
  '\u0131',
  '\u2024',
];
const controlChar = fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c));
const lookAlike = fc.constantFrom(...LOOK_ALIKES);
const noise = fc.oneof(
  controlChar,
  lookAlike,
  fc.constantFrom('*', '?', '${', '${aws:username}', ' ', '%', '#', '\\', '\u007f'),
);

/** Inserts `bad` somewhere in `s`. */
const inject = (s: fc.Arbitrary<string>, bad: fc.Arbitrary<string>) =>
  fc.tuple(s, bad, fc.nat()).map(([v, x, at]) => {
    const i = at % (v.length + 1);
    return v.slice(0, i) + x + v.slice(i);
  });

const badPrefix = fc.oneof(
  inject(prefixArb, noise),
  fc.tuple(prefixArb, fc.constantFrom('.', '..', '')).map(([p, seg]) => `${p}/${seg}`),
  fc.tuple(prefixArb, fc.constantFrom('.', '..', '')).map(([p, seg]) => `${seg}/${p}`),
  prefixArb.map((p) => `${p.replace('/', '//')}/`),
  prefixArb.map((p) => `/${p}`),
  fc
    .array(segmentArb, { minLength: 45, maxLength: 80 })
    .map((s) => s.join('/'))
    .filter((p) => p.length > 512),
  fc.constantFrom('*', '?', '${aws:username}', '../other', 'x/./y', '.', '..', '', '/'),
);

/** Values that are not of the expected JSON type. */
const notString = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string()), fc.object());
const notNumber = fc.oneof(fc.string(), fc.boolean(), fc.constant(null), fc.object(), fc.array(fc.integer()));
const notBoolean = fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.object());

const badString = (kind: keyof typeof NAMES) =>
  fc
    .oneof(
      fc.string({ maxLength: 80 }),
      fc.string({ unit: 'binary', maxLength: 40 }),
      inject(fc.constantFrom('us-west-2', 'acme-logs', 'cloudflare', '123456789012', 'Role-1'), noise),
      fc.string({ minLength: 600, maxLength: 700 }),
    )
    .filter((v) => !NAMES[kind].test(v));

const unknownKey = fc
  .string({ minLength: 1, maxLength: 12 })
  .filter((k) => !PIPELINE_KEYS.has(k) && !/^__proto__$/.test(k));
const PIPELINE_KEYS = new Set([
  'zoneId',
  'accountId',
  'dataset',
  'fields',
  'bucket',
  'prefix',
  'dailySubfolders',
  'timestampFormat',
  'outputType',
  'filter',
  'sampleRate',
  'maxUploadBytes',
  'maxUploadIntervalSeconds',
  'maxUploadRecords',
  'enabled',
  'name',
  'ownership',
  'siem',
  'awsProvider',
  'cloudflareProvider',
  'bucketName',
  'region',
  'retentionDays',
  'noncurrentVersionRetentionDays',
  'abortIncompleteMultipartUploadDays',
  'requireEncryptionHeader',
  'retainOnDestroy',
  'tags',
  'provider',
  'pantherAwsAccountId',
  'awsAccountId',
  'pantherRegion',
  'roleName',
  'notifications',
  'registerSource',
  'pantherProvider',
]);

const outOfRange = (min: number, max: number) =>
  fc.oneof(
    fc.integer({ min: 1, max: min - 1 }),
    fc.integer({ min: max + 1, max: max * 10 }),
    fc.integer({ min: -1_000_000, max: -1 }),
    fc.double({ min: min + 0.01, max: max - 0.01, noNaN: true }).filter((v) => !Number.isInteger(v)),
    fc.constantFrom(NaN, Infinity, -Infinity),
  );

const pipeline = (label: string, props: fc.Arbitrary<Record<string, unknown>>, stack?: number) =>
  props.map((p): Mutation => ({ target: 'pipeline', label, props: p, stack }));

const mutations: fc.Arbitrary<Mutation> = fc.oneof(
  // wrong types
  fc.constantFrom('zoneId', 'dataset', 'prefix', 'filter', 'name', 'timestampFormat').chain((k) =>
    pipeline(
      `wrong type ${k}`,
      notString.map((v) => ({ [k]: v })),
    ),
  ),
  fc.constantFrom('sampleRate', 'maxUploadBytes', 'maxUploadIntervalSeconds', 'maxUploadRecords').chain((k) =>
    pipeline(
      `wrong type ${k}`,
      notNumber.map((v) => ({ [k]: v })),
    ),
  ),
  fc.constantFrom('dailySubfolders', 'enabled').chain((k) =>
    pipeline(
      `wrong type ${k}`,
      notBoolean.map((v) => ({ [k]: v })),
    ),
  ),
  fc.constantFrom('bucket', 'ownership', 'siem', 'fields').chain((k) =>
    pipeline(
      `wrong type ${k}`,
      fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.object()).map((v) => ({ [k]: v })),
    ),
  ),
  // out-of-range numbers
  pipeline(
    'sampleRate out of range',
    fc
      .oneof(fc.double({ max: 0, noNaN: true }), fc.double({ min: 1.000001, noNaN: true }), fc.constant(NaN))
      .map((v) => ({ sampleRate: v })),
  ),
  pipeline(
    'maxUploadBytes out of range',
    outOfRange(5_000_000, 1_000_000_000).map((v) => ({ maxUploadBytes: v })),
  ),
  pipeline(
    'maxUploadIntervalSeconds out of range',
    outOfRange(30, 300).map((v) => ({ maxUploadIntervalSeconds: v })),
  ),
  pipeline(
    'maxUploadRecords out of range',
    outOfRange(1_000, 1_000_000).map((v) => ({ maxUploadRecords: v })),
  ),
  // unknown names
  pipeline(
    'unknown dataset',
    fc
      .string({ maxLength: 30 })
      .filter((d) => !isDataset('zone', d))
      .map((d) => ({ dataset: d })),
  ),
  pipeline(
    'account dataset on a zone',
    fc
      .constantFrom(...datasetsOf('account'))
      .filter((d) => !isDataset('zone', d))
      .map((d) => ({ dataset: d })),
  ),
  pipeline(
    'unknown field',
    fc
      .string({ maxLength: 30 })
      .filter((f) => !allFields('zone', 'http_requests').includes(f))
      .map((f) => ({ fields: ['ClientIP', f] })),
  ),
  pipeline(
    'bad timestampFormat',
    fc
      .string()
      .filter((v) => !['rfc3339', 'unix', 'unixnano'].includes(v))
      .map((v) => ({ timestampFormat: v })),
  ),
  pipeline(
    'bad filter',
    fc.string().map((v) => ({ filter: v })),
  ),
  pipeline(
    'unknown prop',
    fc.tuple(unknownKey, fc.anything()).map(([k, v]) => ({ [k]: v })),
  ),
  // bad ids
  pipeline(
    'bad zoneId',
    badString('cloudflareId').map((v) => ({ zoneId: v })),
  ),
  pipeline('zoneId and accountId', fc.constant({ accountId: ZONE })),
  pipeline(
    'bad job name',
    fc
      .oneof(
        inject(fc.stringMatching(/^[a-z0-9.-]{0,20}$/), noise),
        fc.string({ minLength: 513, maxLength: 600 }),
      )
      .filter((v) => !NAMES.logpushJobName.test(v))
      .map((v) => ({ name: v })),
  ),
  fc
    .oneof(
      fc.constant(''),
      fc.constant('a/b'),
      fc.constant('logs'),
      fc.constant('taken'),
      fc.integer(),
      fc.constant(null),
      fc.object(),
    )
    .map((id): Mutation => ({ target: 'pipeline', label: 'bad construct id', id })),
  // An id whose Terraform names would start with a digit or "-" (after cdktf drops other characters).
  fc
    .tuple(fc.constantFrom(...'0123456789-'), fc.string({ maxLength: 8 }))
    .filter(([, rest]) => !rest.includes('/'))
    .chain(([first, rest]) =>
      fc.constantFrom<Target>('pipeline', 'bucket', 'panther').map((target): Mutation => ({
        target,
        label: 'id making an invalid Terraform name',
        id: `${first}${rest}`,
      })),
    ),
  fc
    .constantFrom(null, 'props', 42, [] as unknown[])
    .map((p): Mutation => ({ target: 'pipeline', label: 'props not an object', replaceProps: p })),
  // prefixes
  pipeline(
    'bad prefix',
    badPrefix.map((p) => ({ prefix: p })),
  ),
  pipeline(
    'colliding prefix',
    fc
      .oneof(
        fc.constantFrom(TAKEN, 'taken', 'taken/deep'),
        segmentArb.map((s) => `${TAKEN}/${s}`),
      )
      .map((p) => ({ prefix: p })),
  ),
  // Cloudflare's limit, across both stacks of the app
  fc.nat({ max: 1 }).chain((s) => pipeline('fifth job on a zone', fc.constant({ zoneId: FULL_ZONE }), s)),
  // LogBucket
  badString('bucketName').map((v): Mutation => ({
    target: 'bucket',
    label: 'bad bucketName',
    props: { bucketName: v },
  })),
  badString('awsRegion').map((v): Mutation => ({
    target: 'bucket',
    label: 'bad region',
    props: { region: v },
  })),
  fc
    .constantFrom('retentionDays', 'noncurrentVersionRetentionDays', 'abortIncompleteMultipartUploadDays')
    .chain((k) =>
      fc
        .oneof(
          fc.integer({ max: 0 }),
          fc.double({ noNaN: false }).filter((v) => !Number.isInteger(v)),
          notNumber,
        )
        .map((v): Mutation => ({ target: 'bucket', label: `bad ${k}`, props: { [k]: v } })),
    ),
  fc
    .constantFrom('requireEncryptionHeader', 'retainOnDestroy')
    .chain((k) =>
      notBoolean.map((v): Mutation => ({ target: 'bucket', label: `wrong type ${k}`, props: { [k]: v } })),
    ),
  fc
    .oneof(fc.integer(), fc.constant(null), fc.dictionary(fc.string(), fc.integer(), { minKeys: 1 }))
    .map((v): Mutation => ({ target: 'bucket', label: 'bad tags', props: { tags: v } })),
  fc.constant<Mutation>({
    target: 'bucket',
    label: 'bucket name used in the app',
    props: { bucketName: 'taken-bucket' },
  }),
  fc
    .tuple(unknownKey, fc.anything())
    .map(([k, v]): Mutation => ({ target: 'bucket', label: 'unknown prop', props: { [k]: v } })),
  // PantherLogSource
  badString('pantherSourceName').map((v): Mutation => ({
    target: 'panther',
    label: 'bad name',
    props: { name: v },
  })),
  badString('awsAccountId').map((v): Mutation => ({
    target: 'panther',
    label: 'bad pantherAwsAccountId',
    props: { pantherAwsAccountId: v },
  })),
  badString('awsAccountId').map((v): Mutation => ({
    target: 'panther',
    label: 'bad awsAccountId',
    props: { awsAccountId: v },
  })),
  badString('awsRegion').map((v): Mutation => ({
    target: 'panther',
    label: 'bad pantherRegion',
    props: { pantherRegion: v },
  })),
  badString('iamRoleName').map((v): Mutation => ({
    target: 'panther',
    label: 'bad roleName',
    props: { roleName: v },
  })),
  fc
    .string()
    .filter((v) => v !== 'self-managed' && v !== 'panther-managed')
    .map((v): Mutation => ({ target: 'panther', label: 'bad notifications', props: { notifications: v } })),
  fc
    .oneof(fc.string(), fc.object(), fc.constant(null))
    .map((v): Mutation => ({ target: 'panther', label: 'bucket not a LogBucket', props: { bucket: v } })),
);

describe('generated invalid inputs', () => {
  test('throw LogpushValidationError before anything is defined', () => {
    const h = harness();
    const count = () => h.app.node.findAll().length;
    const before = count();
    let n = 0;
    fc.assert(
      fc.property(mutations, (m) => {
        const stack = h.stacks[m.stack ?? 0]!;
        const id = m.id !== undefined ? m.id : `case${n++}`;
        const base: Record<Target, Record<string, unknown>> = {
          pipeline: { zoneId: ZONE, dataset: 'http_requests', bucket: h.bucket, prefix: `ok/${n}` },
          bucket: { bucketName: `ok-bucket-${n}`, region: 'us-west-2' },
          panther: { bucket: h.bucket, name: 'cloudflare', pantherAwsAccountId: '123456789012' },
        };
        const props = 'replaceProps' in m ? m.replaceProps : { ...base[m.target], ...m.props };
        const make = {
          pipeline: () => new LogpushPipeline(stack, id as string, props as never),
          bucket: () => new LogBucket(stack, id as string, props as never),
          panther: () => new PantherLogSource(stack, id as string, props as never),
        }[m.target];
        let error: unknown;
        try {
          make();
        } catch (e) {
          error = e;
        }
        if (!(error instanceof LogpushValidationError)) {
          throw new Error(
            `${m.label}: expected a LogpushValidationError, got ${error === undefined ? 'no error' : String(error)}`,
          );
        }
        expect(error.issues.length).toBeGreaterThan(0);
        expect(count()).toBe(before);
      }),
      FC_PARAMS,
    );
  }, 300_000);
});
