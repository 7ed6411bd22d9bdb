/**
 * Data stays data (issue 17, item 1), over EVERY string prop of every exported construct and every
 * string of a fleet file. The list of strings is derived from the zod schemas (src/schema.ts,
 * src/cis.ts, src/fleet/schema.ts) by `stringPaths`: a string prop added to a schema and not to
 * the tables below fails the first test of each describe.
 *
 * Each prop gets >= 2,000 generated values (rich in `${`, `%{`, `$${`, quotes, backslashes,
 * newlines and unicode, mixed with values of the allowed shape). A value is either refused, with a
 * code from the prop's list and before anything is defined (no construct left in the tree), or
 * accepted: then the stack is synthesized (batched: many cases per stack) and every string of the
 * case's resources is evaluated by the real Terraform (test/support/terraform-eval.ts: one
 * throwaway configuration per batch, references replaced by the text `<ref>`); what Terraform reads
 * must hold the value the user wrote. An interpolation that escaped as code either fails the apply
 * or evaluates to something else, and the value is then not found.
 *
 * Props covered by test/property/data-stays-data.test.ts (with exact comparisons) are named in the
 * tables with that test instead of a runner.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CloudflareProvider } from '@cdktf/provider-cloudflare/lib/provider';
import { App, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { Construct } from 'constructs';
import fc from 'fast-check';
import {
  CisLogpushPipeline,
  CosLogBucket,
  IbmProvider,
  LogBucket,
  LogpushAlerts,
  LogpushPipeline,
  LogpushValidationError,
  OwnershipTokenReader,
  OwnershipVerification,
  PantherLogSource,
  PantherProvider,
} from 'cdktf-logpush';
import { schemas } from '../../constructs/private/schemas';
import { cisSchemas } from '../../constructs/ibm/private/cis-internal';
import { allFields, cisAllFields, cisDatasets } from '../../src/datasets';
import { BUCKET_CONFIGURATIONS, OUTPUT_TYPES, TIMESTAMP_FORMATS } from '../../src/schema';
import { CIS_FREQUENCIES, COS_REGIONS, COS_STORAGE_CLASSES } from '../../src/ibm-cis/schemas';
import { GRANT_LAYOUTS } from '../../src/model/layout';
import { leavesByPath, stringPaths } from '../support/string-props';
import { TerraformEvaluator, terraformAvailable } from '../support/terraform-eval';
import { FC_PARAMS } from './arbitraries';
import {
  ACCOUNT,
  ACCOUNT_DATASETS,
  awsRegionArb,
  BY_EXISTING,
  bucketNameArb,
  CASES,
  caseId,
  hex32,
  mixed,
  nfd,
  prefixShapeArb,
  RULE_CODES,
  synthWithMetadata,
  uuid,
  ZONE_DATASETS,
  type Covered,
  type PropStats,
} from './string-prop-shared';

const available = terraformAvailable();

const INSTANCE = 'c84e2a79-ce6d-3c79-a7e4-7e7ab3054cfe';
const COS_CRN = `crn:v1:bluemix:public:cloud-object-storage:global:a/4ea1882a2d3401ed1e459979941966ea:${INSTANCE}::`;
const CIS_CRN =
  'crn:v1:bluemix:public:internet-svcs:global:a/4ea1882a2d3401ed1e459979941966ea:31fa970d-51d0-4b05-893e-251cba75a7b3::';
/** A stack with every provider the constructs use. */
function newStack(): { app: App; stack: TerraformStack } {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'data');
  new AwsProvider(stack, 'aws', { region: 'us-west-2' });
  new CloudflareProvider(stack, 'cloudflare', {});
  new PantherProvider(stack, 'panther', {});
  new IbmProvider(stack, 'ibm', { region: 'us-south' });
  return { app, stack };
}

/** A token ownership verification (a sensitive variable). */
const tokenOwnership = (s: Construct, id = 'token') =>
  OwnershipVerification.fromToken(
    new TerraformVariable(s, id, { type: 'string', sensitive: true }).stringValue,
  );

/** How one string prop is run. */
interface PropRunner<D> {
  /** The values tried. */
  readonly arb: fc.Arbitrary<string>;
  /** What every case of a batch shares (a bucket, an ownership token), defined first. */
  readonly setup?: (stack: TerraformStack) => D;
  /** Defines the construct(s) of case `n` under `c`, with `value` at the prop; throws when refused. */
  readonly define: (c: Construct, value: string, n: number, deps: D) => void;
  /** The text Terraform must read for an accepted value; undefined when it selects, not writes. */
  readonly expect?: (value: string, n: number) => string | undefined;
  /** The codes a refusal may carry. @default RULE_CODES (a shape or rule code of docs/errors.md) */
  readonly codes?: readonly string[];
  /** Where the value lands: the case's own constructs, or anywhere in the stack (a shared one). */
  readonly where?: 'own' | 'stack';
  /** Accepted cases per synthesized stack. @default 400 */
  readonly batch?: number;
}

const children = (c: Construct) => c.node.children.length;

/** Runs one prop's >= 2,000 cases, batched, through the construct and the real Terraform. */
function runProp<D>(tf: TerraformEvaluator, name: string, salt: number, r: PropRunner<D>): PropStats {
  const start = Date.now();
  const values = fc.sample(r.arb, { seed: FC_PARAMS.seed + salt, numRuns: CASES });
  const stats: PropStats = { cases: values.length, refused: 0, accepted: 0, checked: 0, applies: 0, ms: 0 };
  const codes = r.codes ?? RULE_CODES;
  const mismatches: unknown[] = [];
  let next = 0;
  while (next < values.length) {
    const { app, stack } = newStack();
    const deps = r.setup ? r.setup(stack) : (undefined as D);
    const depNodes = Object.values((deps ?? {}) as object).filter((d): d is Construct =>
      Construct.isConstruct(d),
    );
    const fingerprint = () => [children(app), children(stack), ...depNodes.map(children)].join(',');
    const accepted: Array<{ n: number; value: string }> = [];
    for (; next < values.length && accepted.length < (r.batch ?? 400); next++) {
      const n = next;
      const value = values[n]!;
      const before = fingerprint();
      const c = new Construct(stack, `c${n}`);
      try {
        r.define(c, value, n, deps);
        accepted.push({ n, value });
      } catch (e) {
        if (!LogpushValidationError.isLogpushValidationError(e)) throw e;
        stats.refused++;
        // Refused before anything was defined: the case's scope is empty, nothing was added elsewhere.
        if (children(c) !== 0 || !e.codes.every((code) => codes.includes(code))) {
          mismatches.push({ value, refusedWith: e.codes, allowed: codes, defined: children(c) });
        }
        stack.node.tryRemoveChild(`c${n}`);
        if (fingerprint() !== before) {
          mismatches.push({ value, definedElsewhere: { before, after: fingerprint() } });
        }
      }
    }
    stats.accepted += accepted.length;
    if (accepted.length === 0) continue;
    const json = synthWithMetadata(stack);
    const byPath = leavesByPath(json);
    const own = (n: number) => {
      const prefix = `${stack.node.path}/c${n}/`;
      return [...byPath].filter(([p]) => p.startsWith(prefix)).map(([, l]) => l);
    };
    const groups = r.where === 'stack' ? [...byPath.values()] : accepted.flatMap(({ n }) => own(n));
    const texts = [...new Set(groups.flatMap((g) => g.evaluable))];
    const seen = tf.evaluate(texts) as string[];
    stats.applies++;
    const read = new Map(texts.map((t, i) => [t, nfd(seen[i]!)]));
    for (const { n, value } of accepted) {
      const expected = r.expect ? r.expect(value, n) : value;
      if (expected === undefined) continue;
      stats.checked++;
      const mine = r.where === 'stack' ? groups : own(n);
      const found = mine.some((g) => g.evaluable.some((t) => read.get(t)!.includes(nfd(expected))));
      if (!found) {
        mismatches.push({
          value,
          expected,
          synthesized: mine
            .flatMap((g) => g.synthesized)
            .filter((s) => s.length > 0)
            .slice(0, 40),
        });
      }
    }
  }
  stats.ms = Date.now() - start;
  expect({ prop: name, mismatches: mismatches.slice(0, 3) }).toEqual({ prop: name, mismatches: [] });
  expect(stats.cases).toBeGreaterThanOrEqual(2000);
  return stats;
}

// ---------------------------------------------------------------------------------------------
// The runners, per construct, per string path of its schema.

interface PipelineDeps {
  bucket: LogBucket;
  ownership: OwnershipVerification;
}
const pipelineDeps = (s: TerraformStack): PipelineDeps => ({
  bucket: new LogBucket(s, 'logs', { bucketName: 'acme-logs', region: 'us-west-2' }),
  ownership: tokenOwnership(s),
});
const zonePipeline = (c: Construct, n: number, d: PipelineDeps, over: Record<string, unknown> = {}) =>
  new LogpushPipeline(c, 'p', {
    zoneId: caseId(n),
    dataset: 'http_requests',
    bucket: d.bucket,
    prefix: `c${n}`,
    ownership: d.ownership,
    ...over,
  });

const logBucketRunners: Record<
  string,
  PropRunner<PipelineDeps> | PropRunner<{ target: LogBucket }> | Covered
> = {
  bucketName: BY_EXISTING('values that reach a grant (bucket name, prefixes)'),
  region: {
    arb: mixed(1, awsRegionArb),
    setup: (s) => ({ ownership: tokenOwnership(s) }) as PipelineDeps,
    // The region is written into every pipeline's destination_conf.
    define: (c, v, n, d) => {
      const bucket = new LogBucket(c, 'b', { bucketName: `acme-r${n}`, region: v });
      zonePipeline(c, n, { bucket, ownership: d.ownership });
    },
    expect: (v) => `region=${v}`,
    batch: 150,
  } satisfies PropRunner<PipelineDeps>,
  'tags{key}': BY_EXISTING('LogBucket.tags: every value and every key (2,000 each)'),
  'tags{}': BY_EXISTING('LogBucket.tags: every value and every key (2,000 each)'),
  'adopt.importConfigurations[]': {
    arb: mixed(1, fc.constantFrom(...BUCKET_CONFIGURATIONS)),
    define: (c, v, n) =>
      new LogBucket(c, 'b', {
        bucketName: `acme-a${n}`,
        adopt: { acknowledgeExistingPolicyReplaced: true, importConfigurations: [v] },
      }),
    // It selects which configurations are imported: no text of it is written.
    expect: () => undefined,
  } satisfies PropRunner<undefined>,
  serverAccessLogsPrefix: {
    arb: mixed(
      1,
      prefixShapeArb.map((p) => `${p}/`),
    ),
    setup: (s) => ({ target: new LogBucket(s, 'access', { bucketName: 'acme-access' }) }),
    define: (c, v, n, d) =>
      new LogBucket(c, 'b', {
        bucketName: `acme-s${n}`,
        serverAccessLogsBucket: d.target,
        serverAccessLogsPrefix: `s${n}/${v}`,
      }),
    expect: (v, n) => `s${n}/${v}`,
    codes: [...RULE_CODES, 'PREFIX_OVERLAP', 'PREFIX_UNDER_GRANT'],
    batch: 200,
  } satisfies PropRunner<{ target: LogBucket }>,
  grants: {
    arb: mixed(1, fc.constantFrom(...GRANT_LAYOUTS)),
    define: (c, v, n) => new LogBucket(c, 'b', { bucketName: `acme-g${n}`, grants: v as 'per-prefix' }),
    expect: () => undefined,
  } satisfies PropRunner<undefined>,
  prefixRoot: {
    arb: mixed(1, prefixShapeArb),
    setup: (s) => ({ ownership: tokenOwnership(s) }) as PipelineDeps,
    // The root of every pipeline prefix of a per-dataset bucket: in the job's destination.
    define: (c, v, n, d) => {
      const bucket = new LogBucket(c, 'b', {
        bucketName: `acme-p${n}`,
        region: 'us-west-2',
        grants: 'per-dataset',
        prefixRoot: v,
      });
      new LogpushPipeline(c, 'p', {
        zoneId: caseId(n),
        dataset: 'http_requests',
        bucket,
        ownership: d.ownership,
      });
    },
    expect: (v, n) => `s3://acme-p${n}/${v}/http_requests/${caseId(n)}/`,
    batch: 150,
  } satisfies PropRunner<PipelineDeps>,
};

const pipelineRunners: Record<string, PropRunner<PipelineDeps> | Covered> = {
  zoneId: {
    arb: mixed(1, hex32),
    setup: pipelineDeps,
    define: (c, v, n, d) => zonePipeline(c, n, d, { zoneId: v }),
    codes: [...RULE_CODES, 'ZONE_JOB_LIMIT'],
  },
  accountId: {
    arb: mixed(1, hex32),
    setup: pipelineDeps,
    define: (c, v, n, d) =>
      zonePipeline(c, n, d, { zoneId: undefined, accountId: v, dataset: ACCOUNT_DATASETS[0] }),
  },
  dataset: {
    arb: mixed(1, fc.constantFrom(...ZONE_DATASETS, ...ACCOUNT_DATASETS)),
    setup: pipelineDeps,
    define: (c, v, n, d) => zonePipeline(c, n, d, { dataset: v }),
    expect: (v) => `"${v}"`.slice(1, -1),
  },
  'fields[]': {
    arb: mixed(1, fc.constantFrom(...allFields('zone', 'http_requests'))),
    setup: pipelineDeps,
    define: (c, v, n, d) => zonePipeline(c, n, d, { fields: [v] }),
  },
  prefix: BY_EXISTING('values that reach a grant (bucket name, prefixes)'),
  timestampFormat: {
    arb: mixed(1, fc.constantFrom(...TIMESTAMP_FORMATS)),
    setup: pipelineDeps,
    define: (c, v, n, d) => zonePipeline(c, n, d, { timestampFormat: v }),
  },
  outputType: {
    arb: mixed(1, fc.constantFrom(...OUTPUT_TYPES)),
    setup: pipelineDeps,
    define: (c, v, n, d) => zonePipeline(c, n, d, { outputType: v }),
  },
  filter: BY_EXISTING('LogpushPipeline.filter and .name'),
  name: BY_EXISTING('LogpushPipeline.filter and .name'),
};

/**
 * A Panther source takes its bucket for itself: a bucket per accepted case, defined after it (a
 * refused case leaves the bucket to the next).
 */
interface PantherDeps {
  stack: TerraformStack;
  bucket: LogBucket;
}
const pantherRunners: Record<string, PropRunner<PantherDeps> | Covered> = Object.fromEntries(
  (
    [
      ['pantherAwsAccountId', fc.stringMatching(/^\d{12}$/)],
      ['awsAccountId', fc.stringMatching(/^\d{12}$/)],
      ['pantherRegion', awsRegionArb],
      ['roleName', fc.stringMatching(/^[A-Za-z0-9+=,.@_-]{1,40}$/)],
      ['notifications', fc.constantFrom('self-managed', 'panther-managed')],
    ] as const
  ).map(([prop, shape]) => [
    prop,
    {
      arb: mixed(1, shape),
      setup: (s: TerraformStack) => ({
        stack: s,
        bucket: new LogBucket(s, 'first', { bucketName: 'acme-panther-first' }),
      }),
      define: (c: Construct, v: string, n: number, d: PantherDeps) => {
        new PantherLogSource(c, 's', {
          bucket: d.bucket,
          name: `source-${n}`,
          pantherAwsAccountId: ACCOUNT,
          [prop]: v,
        });
        d.bucket = new LogBucket(d.stack, `b${n}`, { bucketName: `acme-panther-${n}` });
      },
      // Where it lands: the trust policy's principal, the role's name, the source's region; a
      // notification mode selects resources.
      expect: prop === 'notifications' ? () => undefined : undefined,
      where: prop === 'pantherRegion' ? 'stack' : 'own',
      batch: 100,
    } satisfies PropRunner<PantherDeps>,
  ]),
);
pantherRunners.name = BY_EXISTING('PantherLogSource.name (a hand-written binding)');

const tokenReaderRunners: Record<string, PropRunner<{ bucket: LogBucket }> | Covered> = {
  prefix: {
    arb: mixed(1, prefixShapeArb),
    setup: (s) => ({ bucket: new LogBucket(s, 'logs', { bucketName: 'acme-logs', region: 'us-west-2' }) }),
    define: (c, v, n, d) =>
      new OwnershipTokenReader(c, 'r', {
        bucket: d.bucket,
        prefix: `c${n}/${v}`,
        destinationConf: `s3://acme-logs/c${n}/{DATE}?region=us-west-2`,
      }),
    expect: (v, n) => inTerraformJson(`c${n}/${v}`),
    codes: [...RULE_CODES, 'PREFIX_OVERLAP', 'UNSAFE_IN_EXPRESSION'],
    batch: 300,
  },
  destinationConf: {
    arb: mixed(
      1,
      prefixShapeArb.map((p) => `s3://acme-logs/${p}/{DATE}?region=us-west-2`),
    ),
    setup: (s) => ({ bucket: new LogBucket(s, 'logs', { bucketName: 'acme-logs', region: 'us-west-2' }) }),
    define: (c, v, n, d) =>
      new OwnershipTokenReader(c, 'r', { bucket: d.bucket, prefix: `c${n}`, destinationConf: v }),
    // Inside the function's input, `jsonencode(...)`: the JSON text Terraform makes of the value.
    expect: inTerraformJson,
    codes: [...RULE_CODES, 'UNSAFE_IN_EXPRESSION'],
    batch: 300,
  },
  filename: BY_EXISTING('OwnershipTokenReader: a destination or filename ...'),
};

const alertsRunners: Record<string, PropRunner<PipelineDeps & { alerts?: LogpushAlerts }> | Covered> = {
  'cloudflareAccountIds[]': {
    arb: mixed(1, hex32),
    define: (c, v) => new LogpushAlerts(c, 'a', { cloudflareAccountIds: [v], emails: ['ops@example.com'] }),
    // Another case of the batch may have defined that account's policy (one per account in an app).
    where: 'stack',
  },
  'emails[]': {
    arb: mixed(1, fc.emailAddress()),
    define: (c, v, n) => new LogpushAlerts(c, 'a', { cloudflareAccountIds: [caseId(n)], emails: [v] }),
  },
  'webhookIds[]': {
    arb: mixed(1, uuid, hex32),
    define: (c, v, n) => new LogpushAlerts(c, 'a', { cloudflareAccountIds: [caseId(n)], webhookIds: [v] }),
  },
  'pagerDutyIds[]': {
    arb: mixed(1, uuid, hex32),
    define: (c, v, n) => new LogpushAlerts(c, 'a', { cloudflareAccountIds: [caseId(n)], pagerDutyIds: [v] }),
  },
  topicArn: {
    arb: mixed(1, fc.stringMatching(/^arn:aws:sns:us-west-2:\d{12}:[A-Za-z0-9_-]{1,20}$/)),
    setup: pipelineDeps,
    // Written into the freshness alarm of each pipeline the alerts watch.
    define: (c, v, n, d) => {
      const alerts = new LogpushAlerts(c, 'a', { topicArn: v });
      zonePipeline(c, n, d, { alerts });
    },
    batch: 200,
  },
  'forPipeline.cloudflareAccountId': {
    arb: mixed(1, hex32),
    setup: (s) => ({
      ...pipelineDeps(s),
      alerts: new LogpushAlerts(s, 'alerts', { emails: ['ops@example.com'], freshnessAlarms: false }),
    }),
    // The account's failing-jobs policy is the shared alerts' own.
    define: (c, v, n, d) =>
      zonePipeline(c, n, d, { alerts: d.alerts!.forPipeline({ cloudflareAccountId: v }) }),
    where: 'stack',
    batch: 200,
  },
};

interface CisDeps {
  bucket: CosLogBucket;
  ownership: OwnershipVerification;
}
const cisDeps = (s: TerraformStack): CisDeps => ({
  bucket: new CosLogBucket(s, 'cos', {
    bucketName: 'acme-cis-logs',
    resourceInstanceId: COS_CRN,
    region: 'us-south',
  }),
  ownership: tokenOwnership(s),
});
const cisPipeline = (c: Construct, n: number, d: CisDeps, over: Record<string, unknown> = {}) =>
  new CisLogpushPipeline(c, 'p', {
    cisId: CIS_CRN,
    domainId: caseId(n),
    dataset: 'http_requests',
    bucket: d.bucket,
    prefix: `c${n}`,
    ownership: d.ownership,
    ...over,
  });
/**
 * A string as Terraform's `jsonencode` writes it inside JSON text (Go's encoding/json: `<`, `>`,
 * `&` as `\u003c`, `\u003e`, `\u0026`); the values accepted there are printable ASCII only.
 */
function inTerraformJson(v: string): string {
  return JSON.stringify(v)
    .slice(1, -1)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026');
}
/** A value as it appears inside the job's `cos` JSON text. */
const inJson = (v: string) => JSON.stringify(v).slice(1, -1);

const cisPipelineRunners: Record<string, PropRunner<CisDeps>> = {
  cisId: {
    arb: mixed(
      1,
      fc.constant(CIS_CRN),
      uuid.map((u) => CIS_CRN.replace(/[0-9a-f-]{36}::$/, `${u}::`)),
    ),
    setup: cisDeps,
    define: (c, v, n, d) => cisPipeline(c, n, d, { cisId: v }),
  },
  domainId: {
    arb: mixed(1, hex32),
    setup: cisDeps,
    define: (c, v, n, d) => cisPipeline(c, n, d, { domainId: v }),
  },
  dataset: {
    arb: mixed(1, fc.constantFrom(...cisDatasets())),
    setup: cisDeps,
    define: (c, v, n, d) => cisPipeline(c, n, d, { dataset: v }),
  },
  'fields[]': {
    arb: mixed(1, fc.constantFrom(...cisAllFields('http_requests'))),
    setup: cisDeps,
    define: (c, v, n, d) => cisPipeline(c, n, d, { fields: [v] }),
  },
  prefix: {
    arb: mixed(1, prefixShapeArb),
    setup: cisDeps,
    define: (c, v, n, d) => cisPipeline(c, n, d, { prefix: `c${n}/${v}` }),
    expect: (v, n) => inJson(`c${n}/${v}`),
  },
  timestampFormat: {
    arb: mixed(1, fc.constantFrom(...TIMESTAMP_FORMATS)),
    setup: cisDeps,
    define: (c, v, n, d) => cisPipeline(c, n, d, { timestampFormat: v }),
    expect: (v) => `timestamps=${v}`,
  },
  frequency: {
    arb: mixed(1, fc.constantFrom(...CIS_FREQUENCIES)),
    setup: cisDeps,
    define: (c, v, n, d) => cisPipeline(c, n, d, { frequency: v }),
  },
  name: {
    arb: mixed(1, fc.stringMatching(/^[a-zA-Z0-9.-]{0,30}$/)),
    setup: cisDeps,
    define: (c, v, n, d) => cisPipeline(c, n, d, { name: v }),
  },
};

const cosReferenceRunners: Record<string, PropRunner<CisDeps>> = Object.fromEntries(
  (
    [
      ['bucketName', bucketNameArb, 'existing-logs'],
      ['instanceId', uuid, INSTANCE],
      ['region', fc.constantFrom(...COS_REGIONS), 'us-south'],
    ] as const
  ).map(([prop, shape]) => [
    prop,
    {
      arb: mixed(1, shape),
      setup: cisDeps,
      define: (c: Construct, v: string, n: number, d: CisDeps) =>
        cisPipeline(c, n, d, {
          bucket: { bucketName: 'existing-logs', instanceId: INSTANCE, region: 'us-south', [prop]: v },
        }),
      expect: (v: string) => inJson(v),
      batch: 300,
    } satisfies PropRunner<CisDeps>,
  ]),
);

const KMS = (u: string) =>
  `crn:v1:bluemix:public:kms:us-south:a/4ea1882a2d3401ed1e459979941966ea:${u}:key:abcd-1234`;
const cidrArb = fc.oneof(
  fc.ipV4().chain((ip) => fc.integer({ min: 0, max: 32 }).map((m) => `${ip}/${m}`)),
  fc.ipV6().chain((ip) => fc.integer({ min: 0, max: 128 }).map((m) => `${ip}/${m}`)),
);
const cosBucketRunners: Record<string, PropRunner<undefined>> = Object.fromEntries(
  (
    [
      ['bucketName', bucketNameArb, undefined],
      ['resourceInstanceId', uuid.map((u) => COS_CRN.replace(INSTANCE, u)), undefined],
      ['instanceGuid', uuid, undefined],
      ['region', fc.constantFrom(...COS_REGIONS), undefined],
      ['storageClass', fc.constantFrom(...COS_STORAGE_CLASSES), undefined],
      ['kmsKeyCrn', uuid.map(KMS), undefined],
      ['allowedIps[]', cidrArb, undefined],
    ] as const
  ).map(([prop, shape]) => [
    prop,
    {
      arb: mixed(1, shape),
      define: (c: Construct, v: string, n: number) =>
        new CosLogBucket(c, 'b', {
          bucketName: `acme-cos-${n}`,
          resourceInstanceId: COS_CRN,
          region: 'us-south',
          ...(prop === 'allowedIps[]' ? { allowedIps: [v] } : { [prop]: v }),
        }),
    } satisfies PropRunner<undefined>,
  ]),
);

/** Every construct: its schema (whose strings must all be covered) and the runners. */
const CONSTRUCTS: Record<
  string,
  { schema: Parameters<typeof stringPaths>[0]; runners: Record<string, PropRunner<never> | Covered> }
> = {
  LogBucket: { schema: schemas().logBucket, runners: logBucketRunners as never },
  LogpushPipeline: { schema: schemas().pipelineBase, runners: pipelineRunners as never },
  PantherLogSource: { schema: schemas().pantherSource, runners: pantherRunners as never },
  OwnershipTokenReader: { schema: schemas().tokenReader, runners: tokenReaderRunners as never },
  LogpushAlerts: {
    schema: schemas().alertsProps.extend({ forPipeline: schemas().pipelineAlertOptions }),
    runners: alertsRunners as never,
  },
  CisLogpushPipeline: { schema: cisSchemas().cisPipelineBase, runners: cisPipelineRunners as never },
  'CisLogpushPipeline.bucket (an existing bucket)': {
    schema: cisSchemas().cosBucketReference,
    runners: cosReferenceRunners as never,
  },
  CosLogBucket: { schema: cisSchemas().cosLogBucket, runners: cosBucketRunners as never },
};

const isCovered = (r: PropRunner<never> | Covered): r is Covered => 'coveredBy' in r;

describe('every string prop of every construct: derived from the schemas', () => {
  test.each(Object.keys(CONSTRUCTS))('%s: every string prop has a runner (or a named test)', (name) => {
    const { schema, runners } = CONSTRUCTS[name]!;
    expect(Object.keys(runners).sort()).toEqual(stringPaths(schema));
  });
});

const RUNS = Object.entries(CONSTRUCTS).flatMap(([name, { runners }], i) =>
  Object.entries(runners)
    .filter(([, r]) => !isCovered(r))
    .map(([prop, r], j) => ({
      label: `${name}.${prop}`,
      runner: r as unknown as PropRunner<unknown>,
      salt: 100 * (i + 1) + j,
    })),
);

(available ? describe : describe.skip)(
  'every string prop of every construct: what Terraform reads (2,000 each)',
  () => {
    let tf: TerraformEvaluator;
    const report: Record<string, PropStats> = {};
    beforeAll(() => {
      tf = new TerraformEvaluator();
    });
    afterAll(() => {
      tf?.dispose();
      console.log(`every-string-prop: ${JSON.stringify(report, null, 1)}`);
    });

    test.each(RUNS.map((r) => [r.label, r] as const))(
      '%s: as written, or refused with a code',
      (_label, r) => {
        report[r.label] = runProp(tf, r.label, r.salt, r.runner);
      },
    );
  },
);
