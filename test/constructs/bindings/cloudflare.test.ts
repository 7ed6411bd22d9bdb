/**
 * The library's own Cloudflare bindings (constructs/bindings/cloudflare/, used by the cdktn flavour)
 * against the prebuilt `@cdktf/provider-cloudflare` 13.9.1 ones (used by the cdktf flavour): the
 * same config must give the same Terraform JSON and the same HCL, byte for byte. First with every
 * attribute each binding has set (literals and tokens), then with what the library itself sets:
 * every example synthesized once with the prebuilt classes and once with the owned ones swapped in
 * for `@cdktf/provider-cloudflare/lib/*` (the same swap scripts/flavours.ts makes for cdktn).
 */
import * as prebuiltJob from '@cdktf/provider-cloudflare/lib/logpush-job';
import * as prebuiltChallenge from '@cdktf/provider-cloudflare/lib/logpush-ownership-challenge';
import * as prebuiltPolicy from '@cdktf/provider-cloudflare/lib/notification-policy';
import * as prebuiltProvider from '@cdktf/provider-cloudflare/lib/provider';
import { App, Fn, TerraformOutput, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ownedJob from '../../../constructs/bindings/cloudflare/logpush-job';
import * as ownedChallenge from '../../../constructs/bindings/cloudflare/logpush-ownership-challenge';
import * as ownedPolicy from '../../../constructs/bindings/cloudflare/notification-policy';
import * as ownedProvider from '../../../constructs/bindings/cloudflare/provider';
import { PantherProvider, PantherS3Source } from '../../../constructs/bindings/panther';
import { FLAVOURS, rewriteSpecifier } from '../../../scripts/flavours';

type Bindings = {
  provider: typeof prebuiltProvider | typeof ownedProvider;
  job: typeof prebuiltJob | typeof ownedJob;
  challenge: typeof prebuiltChallenge | typeof ownedChallenge;
  policy: typeof prebuiltPolicy | typeof ownedPolicy;
};
const PREBUILT: Bindings = {
  provider: prebuiltProvider,
  job: prebuiltJob,
  challenge: prebuiltChallenge,
  policy: prebuiltPolicy,
};
const OWNED: Bindings = {
  provider: ownedProvider,
  job: ownedJob,
  challenge: ownedChallenge,
  policy: ownedPolicy,
};

/** One stack using every attribute of every binding, some as tokens. */
function everything(b: Bindings, options: { minimal?: boolean } = {}): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'bindings');
  const token = new TerraformVariable(stack, 'token', { type: 'string', sensitive: true });
  const fields = new TerraformVariable(stack, 'fields', { type: 'list(string)' });
  const provider = new b.provider.CloudflareProvider(
    stack,
    'cloudflare',
    options.minimal
      ? {}
      : {
          apiToken: token.stringValue,
          apiKey: 'k',
          apiUserServiceKey: 'u',
          baseUrl: 'https://api.cloudflare.com/client/v4',
          email: 'ops@example.com',
          userAgentOperatorSuffix: 'logpush',
          alias: 'second',
        },
  );
  const challenge = new b.challenge.LogpushOwnershipChallenge(stack, 'challenge', {
    provider,
    zoneId: '023e105f4ecef8ad9ca31a8372d0c353',
    destinationConf: 's3://b/p/{DATE}?region=us-west-2',
  });
  new b.challenge.LogpushOwnershipChallenge(stack, 'account-challenge', {
    accountId: '01a7362d577a6c3019a474fd6f485823',
    destinationConf: 's3://b/a/{DATE}?region=us-west-2',
    dependsOn: [challenge],
  });
  const job = new b.job.LogpushJob(stack, 'job', {
    provider,
    zoneId: '023e105f4ecef8ad9ca31a8372d0c353',
    dataset: 'http_requests',
    destinationConf: 's3://b/p/{DATE}?region=us-west-2',
    enabled: true,
    filter: '{"where":{"key":"ClientIP","operator":"eq","value":"${x}"}}',
    frequency: 'high',
    kind: '',
    logpullOptions: 'fields=A,B',
    maxUploadBytes: 5_000_000,
    maxUploadIntervalSeconds: 30,
    maxUploadRecords: 1000,
    name: 'p',
    ownershipChallenge: Fn.jsondecode(challenge.filename) as string,
    outputOptions: options.minimal
      ? { fieldNames: ['A'] }
      : {
          batchPrefix: '[',
          batchSuffix: ']',
          cve202144228: true,
          fieldDelimiter: ',',
          fieldNames: fields.listValue,
          outputType: 'ndjson',
          recordDelimiter: '\n',
          recordPrefix: '{',
          recordSuffix: '}',
          recordTemplate: '{{.A}}',
          sampleRate: 0.5,
          timestampFormat: 'rfc3339',
        },
    lifecycle: { preventDestroy: true },
  });
  new b.job.LogpushJob(stack, 'account-job', {
    accountId: '01a7362d577a6c3019a474fd6f485823',
    dataset: 'audit_logs',
    destinationConf: job.destinationConf,
    outputOptions: { fieldNames: ['When'], timestampFormat: 'unix' },
  });
  const filters: Record<string, string[]> = {};
  const names = Object.keys(ownedPolicyFilterExample);
  for (const [i, name] of names.entries()) filters[name] = [`v${i}`];
  new b.policy.NotificationPolicy(stack, 'alert', {
    accountId: '01a7362d577a6c3019a474fd6f485823',
    alertType: 'logpush_job_disabled',
    name: 'logpush',
    description: 'a job was disabled',
    enabled: true,
    alertInterval: '30m',
    filters: options.minimal ? undefined : filters,
    mechanisms: options.minimal
      ? { email: [{ id: 'ops@example.com' }] }
      : {
          email: [{ id: 'ops@example.com' }, { id: 'sec@example.com' }],
          pagerduty: [{ id: 'pd' }],
          webhooks: [{ id: 'wh' }],
        },
  });
  return stack;
}

/** Every member of `filters`, as the prebuilt interface declares them (a type error when one lacks). */
const ownedPolicyFilterExample: Required<prebuiltPolicy.NotificationPolicyFilters> &
  Required<ownedPolicy.NotificationPolicyFilters> = Object.fromEntries(
  [
    'actions affectedAsns affectedComponents affectedLocations airportCode alertTriggerPreferences',
    'alertTriggerPreferencesValue enabled environment event eventSource eventType groupBy healthCheckId',
    'incidentImpact inputId insightClass limit logoTag megabitsPerSecond newHealth newStatus',
    'packetsPerSecond poolId popNames product projectId protocol queryTag requestsPerSecond selectors',
    'services slo status targetHostname targetIp targetZoneName trafficExclusions tunnelId tunnelName',
    'type where zones',
  ]
    .join(' ')
    .split(' ')
    .map((k) => [k, []]),
) as unknown as Required<prebuiltPolicy.NotificationPolicyFilters>;

describe('owned Cloudflare bindings render what the prebuilt ones render', () => {
  test.each([
    ['every attribute set', { minimal: false }],
    ['the fewest attributes', { minimal: true }],
  ])('JSON, %s', (_name, options) => {
    const prebuilt = Testing.synth(everything(PREBUILT, options), true);
    const owned = Testing.synth(everything(OWNED, options), true);
    expect(owned).toBe(prebuilt);
    // Every resource type and attribute is there (a binding that dropped all would also be equal).
    const json = JSON.parse(owned) as { resource: Record<string, Record<string, Record<string, unknown>>> };
    expect(Object.keys(json.resource).sort()).toEqual([
      'cloudflare_logpush_job',
      'cloudflare_logpush_ownership_challenge',
      'cloudflare_notification_policy',
    ]);
    if (!options.minimal) {
      expect(Object.keys(json.resource.cloudflare_logpush_job!.job!.output_options as object)).toHaveLength(
        12,
      );
      expect(
        Object.keys((json.resource.cloudflare_notification_policy!.alert as { filters: object }).filters),
      ).toHaveLength(Object.keys(ownedPolicyFilterExample).length);
    }
  });

  test.each([
    ['every attribute set', { minimal: false }],
    ['the fewest attributes', { minimal: true }],
  ])('HCL, %s', (_name, options) => {
    const prebuilt = Testing.synthHcl(everything(PREBUILT, options), true);
    const owned = Testing.synthHcl(everything(OWNED, options), true);
    expect(owned).toBe(prebuilt);
    expect(owned).toContain('resource "cloudflare_notification_policy" "alert"');
  });

  test('the computed attributes the library reads resolve to the same references', () => {
    const refs = (b: Bindings) => {
      const stack = new TerraformStack(Testing.app(), 's');
      new b.provider.CloudflareProvider(stack, 'cf', {});
      const c = new b.challenge.LogpushOwnershipChallenge(stack, 'c', { destinationConf: 'd' });
      const j = new b.job.LogpushJob(stack, 'j', { destinationConf: 'd' });
      const p = new b.policy.NotificationPolicy(stack, 'p', {
        accountId: 'a',
        alertType: 't',
        name: 'n',
        mechanisms: {},
      });
      const refs: Record<string, unknown> = {
        filename: c.filename,
        message: c.message,
        valid: c.valid,
        id: j.id,
        name: j.name,
        lastComplete: j.lastComplete,
        lastError: j.lastError,
        errorMessage: j.errorMessage,
        policyId: p.id,
      };
      for (const [k, v] of Object.entries(refs)) new TerraformOutput(stack, k, { value: v });
      return (JSON.parse(Testing.synth(stack)) as { output: Record<string, { value: unknown }> }).output;
    };
    expect(refs(OWNED)).toEqual(refs(PREBUILT));
    expect(refs(OWNED).filename!.value).toBe('${cloudflare_logpush_ownership_challenge.c.filename}');
  });
});

/**
 * What the library sets: each example with the owned bindings swapped in for the prebuilt ones
 * through the cdktn flavour's own mapping table (so a module the table maps is a module compared).
 */
const EXAMPLES = fs
  .readdirSync(path.join(__dirname, '..', '..', '..', 'examples'))
  .filter((name) => fs.existsSync(path.join(__dirname, '..', '..', '..', 'examples', name, 'main.ts')))
  .sort();

function synthExample(name: string, owned: boolean): Record<string, string> {
  const mocked: string[] = [];
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `cf-bindings-${name}-`));
  try {
    jest.isolateModules(() => {
      if (owned) {
        for (const sub of ['logpush-job', 'logpush-ownership-challenge', 'notification-policy', 'provider']) {
          const from = `@cdktf/provider-cloudflare/lib/${sub}`;
          const to = rewriteSpecifier(
            FLAVOURS.cdktn,
            from,
            path.join(__dirname, '..', '..', '..', 'constructs', 'x.ts'),
          );
          expect(to).toMatch(/^\.\/bindings\/cloudflare\//);
          const target = path.join(__dirname, '..', '..', '..', 'constructs', to);
          // eslint-disable-next-line @typescript-eslint/no-require-imports
          jest.doMock(from, () => require(target));
          mocked.push(from);
          // The swap is in place: the example's import of the prebuilt module gets the owned one.
          // eslint-disable-next-line @typescript-eslint/no-require-imports
          expect(Object.keys(require(from) as object)).toEqual(Object.keys(require(target) as object));
          // eslint-disable-next-line @typescript-eslint/no-require-imports
          expect((require(from) as object) === (require(target) as object)).toBe(true);
        }
      }
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const cdktf = require('cdktf') as typeof import('cdktf');
      const app = new cdktf.App({ outdir });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(path.join(__dirname, '..', '..', '..', 'examples', name, 'main.ts')) as Record<
        string,
        unknown
      >;
      // An example exports a `define*(app)` function or a `*Stack` class.
      const define = Object.entries(mod).find(([k, v]) => /^define/.test(k) && typeof v === 'function');
      const stackClass = Object.values(mod).find(
        (v): v is new (s: App, id: string) => TerraformStack =>
          typeof v === 'function' && /Stack$/.test((v as { name: string }).name),
      );
      if (define) (define[1] as (a: unknown) => void)(app);
      else new stackClass!(app as unknown as App, name);
      app.synth();
    });
    for (const from of mocked.splice(0)) jest.dontMock(from);
    const stacks = path.join(outdir, 'stacks');
    return Object.fromEntries(
      fs.readdirSync(stacks).map((s) => [s, fs.readFileSync(path.join(stacks, s, 'cdk.tf.json'), 'utf8')]),
    );
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

describe.each(EXAMPLES)('example %s with the owned Cloudflare bindings', (name) => {
  test('synthesizes byte-identical stacks', () => {
    const prebuilt = synthExample(name, false);
    const owned = synthExample(name, true);
    expect(Object.keys(owned).sort()).toEqual(Object.keys(prebuilt).sort());
    // Asset paths hold a content hash of the same handler: equal too.
    for (const stack of Object.keys(prebuilt)) expect(owned[stack]).toBe(prebuilt[stack]);
  });
});

test('a hand-written provider with an alias: its resources name `<provider>.<alias>`', () => {
  const stack = new TerraformStack(Testing.app(), 'alias');
  const cf = new ownedProvider.CloudflareProvider(stack, 'cf', { alias: 'second' });
  const panther = new PantherProvider(stack, 'panther', { alias: 'eu' });
  new ownedChallenge.LogpushOwnershipChallenge(stack, 'c', { provider: cf, destinationConf: 'd' });
  new PantherS3Source(stack, 's', {
    provider: panther,
    awsAccountId: '123456789012',
    bucketName: 'b',
    name: 'n',
    logProcessingRoleArn: 'arn:aws:iam::123456789012:role/r',
    logStreamType: 'Lines',
    prefixLogTypes: [],
  });
  const json = JSON.parse(Testing.synth(stack)) as {
    provider: Record<string, { alias?: string }[]>;
    resource: Record<string, Record<string, { provider?: string }>>;
  };
  expect(json.provider.cloudflare![0]!.alias).toBe('second');
  expect(json.provider.panther![0]!.alias).toBe('eu');
  expect(json.resource.cloudflare_logpush_ownership_challenge!.c!.provider).toBe('cloudflare.second');
  expect(json.resource.panther_s3_source!.s!.provider).toBe('panther.eu');
});
