import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import {
  FleetValidationError,
  loadFleetFile,
  loadFleetFileWithPlan,
  parseFleet,
  planFleet,
  validateFleet,
  type FleetIssue,
} from '../../../src/fleet';
import { LogpushValidationError } from '../../../src/errors';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'fleet');
const Z1 = '023e105f4ecef8ad9ca31a8372d0c353';
const Z2 = '1f2e3d4c5b6a79881f2e3d4c5b6a7988';
const A1 = '01a7362d577a6c3019a474fd6f485823';

type Spec = Record<string, any>;

/** A valid fleet: one bucket, one Panther source, one zone, one account. */
function base(): Spec {
  return {
    version: 1,
    buckets: { main: { name: 'acme-cloudflare-logs', region: 'us-west-2' } },
    siem: { panther: { type: 'panther', bucket: 'main', pantherAwsAccountId: '123456789012' } },
    defaults: { bucket: 'main' },
    zones: [{ id: Z1, name: 'example.com', datasets: ['http_requests'] }],
    accounts: [{ id: A1, datasets: ['audit_logs'] }],
  };
}

/** Every issue of a spec written as a YAML file (none when it is valid). */
function issuesOf(spec: Spec | string): FleetIssue[] {
  try {
    parseFleet(typeof spec === 'string' ? spec : stringify(spec), 'logpush.yaml');
    return [];
  } catch (e) {
    if (e instanceof FleetValidationError) return [...e.issues];
    throw e;
  }
}

function expectIssue(spec: Spec | string, at: string, message: RegExp): FleetIssue {
  const issues = issuesOf(spec);
  const found = issues.find((i) => i.path === at && message.test(i.message));
  if (!found) {
    throw new Error(
      `no issue at ${at} matching ${message}; got:\n${issues.map((i) => `${i.path}: ${i.message}`).join('\n')}`,
    );
  }
  expect(found.line).toBeGreaterThan(0);
  expect(found.column).toBeGreaterThan(0);
  return found;
}

const edit = (f: (s: Spec) => void): Spec => {
  const s = base();
  f(s);
  return s;
};

describe('fleet file: valid input', () => {
  test('the base spec and the fixture are valid', () => {
    expect(issuesOf(base())).toEqual([]);
    const spec = loadFleetFile(path.join(FIXTURES, 'logpush.yaml'));
    expect(spec.zones).toHaveLength(2);
  });

  test('JSON is accepted, with positions', () => {
    expect(issuesOf(JSON.stringify(base(), null, 2))).toEqual([]);
    const bad = JSON.stringify(
      edit((s) => (s.zones[0].datasets = ['http_request'])),
      null,
      2,
    );
    const issue = expectIssue(
      bad,
      'zones[0].datasets[0]',
      /unknown zone dataset; closest known: http_requests/,
    );
    expect(bad.split('\n')[issue.line - 1]).toContain('"http_request"');
  });

  test('a spec object validates and plans without positions', () => {
    const plan = planFleet(validateFleet(base()));
    expect(plan.pipelines.map((p) => p.id)).toEqual([`zone-${Z1}-http_requests`, `account-${A1}-audit_logs`]);
    expect(() => validateFleet({ version: 2, buckets: {} })).toThrow(FleetValidationError);
  });

  test('a zone and an account with one id and dataset are two pipelines with two construct ids', () => {
    const s = base();
    s.zones[0].datasets = ['firewall_events'];
    s.accounts[0] = { id: Z1, datasets: ['firewall_events'] };
    delete s.siem;
    expect(planFleet(validateFleet(s)).pipelines.map((p) => p.id)).toEqual([
      `zone-${Z1}-firewall_events`,
      `account-${Z1}-firewall_events`,
    ]);
  });

  test('fails: FleetValidationError is a LogpushValidationError', () => {
    expect(() => parseFleet('version: 1\n', 'x.yaml')).toThrow(LogpushValidationError);
  });
});

describe('fleet file: the format of errors', () => {
  test('fails with every mistake of a file at once, each with file:line:column, path, value and closest name', () => {
    const file = path.join(FIXTURES, 'invalid.yaml');
    let error: FleetValidationError | undefined;
    try {
      loadFleetFile(file);
    } catch (e) {
      error = e as FleetValidationError;
    }
    expect(error).toBeInstanceOf(FleetValidationError);
    const lines = error!.message.split('\n').slice(1);
    expect(lines).toEqual([
      `  - ${file}:3:79 buckets.main.retentionDay: unknown key "retentionDay"; allowed: retentionDays, abortIncompleteMultipartUploadDays, noncurrentVersionRetentionDays, requireEncryptionHeader, retainOnDestroy, tags, adopt, grants, prefixRoot, name, region; closest known: retentionDays`,
      `  - ${file}:5:37 siem.panther.bucket: names no entry of buckets; declared: main; closest known: main (got "mian")`,
      `  - ${file}:5:64 siem.panther.pantherAwsAccountId: expected a string, got a number: write it in quotes (got 123456789012)`,
      `  - ${file}:6:44 defaults.timestampFormat: invalid option: expected one of "rfc3339"|"unix"|"unixnano" (got "iso8601")`,
      `  - ${file}:12:9 zones[0].datasets[1]: unknown zone dataset; closest known: http_requests, dns_logs, zaraz_events (\`cdktf-logpush datasets --scope zone\` lists all) (got "http_request")`,
      `  - ${file}:14:26 zones[0].datasets[2].fields[1]: unknown field of zone dataset firewall_events; closest known: ClientIP, ClientASN, ClientIPClass (got "ClientIPP")`,
      `  - ${file}:15:9 zones[1].id: is also the id of zones[0] (got "023e105f4ecef8ad9ca31a8372d0c353")`,
      `  - ${file}:16:16 zones[1].datasets[0]: is an account dataset: list it under accounts, not zones (got "audit_logs")`,
      `  - ${file}:16:55 zones[1].datasets[1].siem: names no entry of siem; declared: panther; closest known: panther (got "splunk")`,
      `  - ${file}:17:9 zones[2].id: must be a Cloudflare zone id: 32 lowercase hex characters (got "NOT-A-ZONE")`,
    ]);
    expect(error!.issues.find((i) => i.path === 'zones[0].datasets[1]')?.closest).toEqual([
      'http_requests',
      'dns_logs',
      'zaraz_events',
    ]);
  });

  test('fails on YAML syntax with the position of the error', () => {
    const issues = issuesOf('version: 1\nbuckets:\n  main: { name: a\n');
    expect(issues[0]).toMatchObject({ file: 'logpush.yaml', line: expect.any(Number), path: '' });
    expect(issues[0]!.message).toMatch(/^YAML: /);
  });

  test('fails on a key written twice', () => {
    const issues = issuesOf('version: 1\nversion: 1\nbuckets: {}\n');
    expect(issues).toEqual([
      expect.objectContaining({ line: 2, column: 1, message: expect.stringMatching(/unique/) }),
    ]);
  });
});

describe('fleet file: schema rules (one per entry kind, from the constructs’ zod schemas)', () => {
  const cases: [string, (s: Spec) => void, string, RegExp][] = [
    ['a version other than 1', (s) => (s.version = 2), 'version', /must be 1/],
    ['no buckets key', (s) => delete s.buckets, 'buckets', /is required/],
    ['an unknown top-level key', (s) => (s.zone = []), 'zone', /unknown key "zone".*closest known: zones/],
    [
      'a bucket key with a space',
      (s) => (s.buckets['my bucket'] = s.buckets.main),
      'buckets["my bucket"]',
      /must start with a letter/,
    ],
    ['a bucket without a name', (s) => delete s.buckets.main.name, 'buckets.main.name', /is required/],
    [
      'an invalid bucket name',
      (s) => (s.buckets.main.name = 'Acme_Logs'),
      'buckets.main.name',
      /valid S3 bucket name/,
    ],
    ['an invalid region', (s) => (s.buckets.main.region = 'west'), 'buckets.main.region', /AWS region/],
    [
      'a fractional retention',
      (s) => (s.buckets.main.retentionDays = 1.5),
      'buckets.main.retentionDays',
      /whole number/,
    ],
    [
      'an unknown grant layout',
      (s) => (s.buckets.main.grants = 'per-zone'),
      'buckets.main.grants',
      /per-prefix.*per-dataset/,
    ],
    [
      'a prefix root with a slash at the end',
      (s) => (s.buckets.main.prefixRoot = 'logs/'),
      'buckets.main.prefixRoot',
      /empty segment/,
    ],
    [
      'an unknown SIEM type',
      (s) => (s.siem.panther.type = 'splunk'),
      'siem.panther.type',
      /supported: panther/,
    ],
    [
      'a Panther account id of 11 digits',
      (s) => (s.siem.panther.pantherAwsAccountId = '12345678901'),
      'siem.panther.pantherAwsAccountId',
      /12 digits/,
    ],
    [
      'an unquoted Panther account id',
      (s) => (s.siem.panther.pantherAwsAccountId = 123456789012),
      'siem.panther.pantherAwsAccountId',
      /write it in quotes/,
    ],
    [
      'a Panther name with an underscore',
      (s) => (s.siem.panther.name = 'cloud_flare'),
      'siem.panther.name',
      /Panther source name/,
    ],
    [
      'unknown notifications',
      (s) => (s.siem.panther.notifications = 'none'),
      'siem.panther.notifications',
      /self-managed/,
    ],
    [
      'a timestamp format',
      (s) => (s.defaults.timestampFormat = 'iso8601'),
      'defaults.timestampFormat',
      /rfc3339/,
    ],
    ['an empty field list', (s) => (s.defaults.fields = []), 'defaults.fields', /at least one field/],
    [
      'fields that are neither all nor a list',
      (s) => (s.defaults.fields = 'every'),
      'defaults.fields',
      /'all' or a list/,
    ],
    ['a sample rate above 1', (s) => (s.defaults.sampleRate = 2), 'defaults.sampleRate', /at most 1/],
    [
      'a filter that is not JSON',
      (s) => (s.defaults.filter = 'host = x'),
      'defaults.filter',
      /Logpush filter as JSON/,
    ],
    [
      'an upload interval out of range',
      (s) => (s.defaults.maxUploadIntervalSeconds = 10),
      'defaults.maxUploadIntervalSeconds',
      /30 to 300/,
    ],
    ['a prefix in defaults', (s) => (s.defaults.prefix = 'x'), 'defaults.prefix', /unknown key "prefix"/],
    ['an invalid zone id', (s) => (s.zones[0].id = 'example.com'), 'zones[0].id', /32 lowercase hex/],
    [
      'an invalid account id',
      (s) => (s.accounts[0].id = A1.toUpperCase()),
      'accounts[0].id',
      /32 lowercase hex/,
    ],
    [
      'a zone without datasets',
      (s) => (s.zones[0].datasets = []),
      'zones[0].datasets',
      /at least one dataset/,
    ],
    [
      'a dataset entry that is a number',
      (s) => (s.zones[0].datasets = [42]),
      'zones[0].datasets[0]',
      /dataset name or an object/,
    ],
    [
      'an unknown key in a dataset entry',
      (s) => (s.zones[0].datasets = [{ dataset: 'http_requests', feilds: 'all' }]),
      'zones[0].datasets[0].feilds',
      /closest known: fields/,
    ],
    [
      'an invalid prefix on an entry',
      (s) => (s.zones[0].datasets = [{ dataset: 'http_requests', prefix: '/x' }]),
      'zones[0].datasets[0].prefix',
      /empty segment/,
    ],
    [
      'an invalid job name',
      (s) => (s.zones[0].datasets = [{ dataset: 'http_requests', name: 'a b' }]),
      'zones[0].datasets[0].name',
      /a-zA-Z0-9/,
    ],
    ['zero shards', (s) => (s.sharding = { shards: 0 }), 'sharding.shards', /at least 1/],
    [
      'more pipelines per shard than the API allows in 5 minutes',
      (s) => (s.sharding = { pipelinesPerShard: 5000 }),
      'sharding.pipelinesPerShard',
      /1,200 requests/,
    ],
    [
      'allowReshard that is not a boolean',
      (s) => (s.sharding = { allowReshard: 'yes' }),
      'sharding.allowReshard',
      /expected boolean/,
    ],
    ['a fractional shard count', (s) => (s.sharding = { shards: 2.5 }), 'sharding.shards', /whole number/],
    [
      'an unknown sharding key',
      (s) => (s.sharding = { shard: 2 }),
      'sharding.shard',
      /closest known: shards/,
    ],
    ['a $schema that is not a string', (s) => (s.$schema = 1), '$schema', /expected a string, got a number/],
    [
      'a SIEM key with a dot',
      (s) => (s.siem['panther.prod'] = s.siem.panther),
      'siem["panther.prod"]',
      /must start with a letter/,
    ],
    [
      'a bucket tag that is not a string',
      (s) => (s.buckets.main.tags = { team: 1 }),
      'buckets.main.tags.team',
      /write it in quotes/,
    ],
    [
      'zero days of noncurrent versions',
      (s) => (s.buckets.main.noncurrentVersionRetentionDays = 0),
      'buckets.main.noncurrentVersionRetentionDays',
      /at least 1/,
    ],
    [
      'zero days for incomplete uploads',
      (s) => (s.buckets.main.abortIncompleteMultipartUploadDays = 0),
      'buckets.main.abortIncompleteMultipartUploadDays',
      /at least 1/,
    ],
    [
      'requireEncryptionHeader that is not a boolean',
      (s) => (s.buckets.main.requireEncryptionHeader = 'yes'),
      'buckets.main.requireEncryptionHeader',
      /expected boolean/,
    ],
    [
      'retainOnDestroy that is not a boolean',
      (s) => (s.buckets.main.retainOnDestroy = 'no'),
      'buckets.main.retainOnDestroy',
      /expected boolean/,
    ],
    ['a bucket without a region', (s) => delete s.buckets.main.region, 'buckets.main.region', /is required/],
    ['a SIEM without a bucket', (s) => delete s.siem.panther.bucket, 'siem.panther.bucket', /is required/],
    [
      'an invalid bucket owner account',
      (s) => (s.siem.panther.awsAccountId = 'me'),
      'siem.panther.awsAccountId',
      /12 digits/,
    ],
    [
      'an invalid Panther region',
      (s) => (s.siem.panther.pantherRegion = 'eu'),
      'siem.panther.pantherRegion',
      /AWS region/,
    ],
    [
      'an invalid role name',
      (s) => (s.siem.panther.roleName = 'a/b'),
      'siem.panther.roleName',
      /IAM role name/,
    ],
    [
      'registerSource that is not a boolean',
      (s) => (s.siem.panther.registerSource = 1),
      'siem.panther.registerSource',
      /expected boolean/,
    ],
    ['an unknown output type', (s) => (s.defaults.outputType = 'json'), 'defaults.outputType', /ndjson/],
    [
      'dailySubfolders that is not a boolean',
      (s) => (s.defaults.dailySubfolders = 'daily'),
      'defaults.dailySubfolders',
      /expected boolean/,
    ],
    [
      'an upload size out of range',
      (s) => (s.defaults.maxUploadBytes = 1000),
      'defaults.maxUploadBytes',
      /5000000 to 1000000000/,
    ],
    [
      'an upload record count out of range',
      (s) => (s.defaults.maxUploadRecords = 10),
      'defaults.maxUploadRecords',
      /1000 to 1000000/,
    ],
    [
      'enabled that is not a boolean',
      (s) => (s.defaults.enabled = 'on'),
      'defaults.enabled',
      /expected boolean/,
    ],
    [
      'a siem default that is true',
      (s) => (s.defaults.siem = true),
      'defaults.siem',
      /key of siem, or be false/,
    ],
    ['an empty zone name', (s) => (s.zones[0].name = ''), 'zones[0].name', /too small|at least/i],
    ['a zone without an id', (s) => delete s.zones[0].id, 'zones[0].id', /is required/],
    ['zones that are not a list', (s) => (s.zones = { id: Z1 }), 'zones', /expected array/],
    [
      'an unknown key on a zone',
      (s) => (s.zones[0].dataset = ['dns_logs']),
      'zones[0].dataset',
      /closest known: datasets/,
    ],
  ];
  test.each(cases)('fails on %s', (_name, change, at, message) => {
    expectIssue(edit(change), at, message);
  });
});

describe('fleet file: cross-entry rules', () => {
  const cases: [string, (s: Spec) => void, string, RegExp][] = [
    ['no bucket at all', (s) => (s.buckets = {}), 'buckets', /at least one bucket/],
    [
      'two entries for one S3 bucket',
      (s) => (s.buckets.copy = { ...s.buckets.main }),
      'buckets.copy.name',
      /also the name of buckets.main/,
    ],
    [
      'a SIEM reading an unknown bucket',
      (s) => (s.siem.panther.bucket = 'mian'),
      'siem.panther.bucket',
      /declared: main; closest known: main/,
    ],
    [
      'defaults naming an unknown bucket',
      (s) => (s.defaults.bucket = 'logs'),
      'defaults.bucket',
      /names no entry of buckets/,
    ],
    [
      'defaults naming an unknown SIEM',
      (s) => (s.defaults.siem = 'panter'),
      'defaults.siem',
      /closest known: panther/,
    ],
    [
      'a zone naming an unknown bucket',
      (s) => (s.zones[0].bucket = 'other'),
      'zones[0].bucket',
      /names no entry of buckets/,
    ],
    [
      'no bucket for a pipeline when there are two',
      (s) => {
        s.buckets.other = { name: 'acme-other-logs', region: 'us-west-2' };
        delete s.defaults.bucket;
      },
      'zones[0].datasets[0]',
      /has no bucket/,
    ],
    [
      'a zone id listed twice',
      (s) => s.zones.push({ id: Z1, datasets: ['dns_logs'] }),
      'zones[1].id',
      /also the id of zones\[0\]/,
    ],
    [
      'an account id listed twice',
      (s) => s.accounts.push({ id: A1, datasets: ['gateway_dns'] }),
      'accounts[1].id',
      /also the id of accounts\[0\]/,
    ],
    [
      'a dataset listed twice for a zone',
      (s) => s.zones[0].datasets.push({ dataset: 'http_requests' }),
      'zones[0].datasets[1].dataset',
      /listed twice.*datasets\[0\]/,
    ],
    [
      'more than 4 jobs for a zone',
      (s) =>
        (s.zones[0].datasets = [
          'http_requests',
          'firewall_events',
          'dns_logs',
          'nel_reports',
          'spectrum_events',
        ]),
      'zones[0].datasets',
      /at most 4 Logpush jobs per zone/,
    ],
    [
      'an account dataset under a zone',
      (s) => s.zones[0].datasets.push('audit_logs'),
      'zones[0].datasets[1]',
      /account dataset: list it under accounts/,
    ],
    [
      'a zone dataset under an account',
      (s) => (s.accounts[0].datasets = ['http_requests']),
      'accounts[0].datasets[0]',
      /zone dataset: list it under zones/,
    ],
    [
      'an unknown account dataset',
      (s) => (s.accounts[0].datasets = ['audit_log']),
      'accounts[0].datasets[0]',
      /unknown account dataset; closest known: audit_logs/,
    ],
    [
      'a dataset the pinned provider rejects',
      (s) => (s.zones[0].datasets = ['account_abuse_protection_events']),
      'zones[0].datasets[0]',
      /pinned cloudflare provider/,
    ],
    [
      'an unknown field in defaults',
      (s) => (s.defaults.fields = ['ClientIP', 'EdgeStartTimestmp']),
      'defaults.fields[1]',
      /closest known: EdgeStartTimestamp/,
    ],
    [
      'a field listed twice',
      (s) => (s.zones[0].datasets = [{ dataset: 'http_requests', fields: ['ClientIP', 'ClientIP'] }]),
      'zones[0].datasets[0].fields[1]',
      /listed twice/,
    ],
    [
      'a dataset Panther has no log type for',
      (s) => {
        s.defaults.siem = 'panther';
        s.zones[0].datasets = ['dns_logs'];
      },
      'zones[0].datasets[0]',
      /siem "panther": Panther has no log type for the zone dataset dns_logs; .*; to push it without the SIEM, opt this entry out: \{ dataset: dns_logs, siem: false \}/,
    ],
    [
      'fields without the one Panther requires',
      (s) => (s.zones[0].datasets = [{ dataset: 'http_requests', siem: 'panther', fields: ['ClientIP'] }]),
      'zones[0].datasets[0]',
      /Cloudflare.HttpRequest requires the field EdgeStartTimestamp/,
    ],
    [
      'CSV to Panther',
      (s) => (s.zones[0].datasets = [{ dataset: 'http_requests', siem: 'panther', outputType: 'csv' }]),
      'zones[0].datasets[0]',
      /outputType must be 'ndjson'/,
    ],
    [
      'a SIEM reading another bucket than the pipeline writes to',
      (s) => {
        s.buckets.other = { name: 'acme-other-logs', region: 'us-west-2' };
        s.zones[0].bucket = 'other';
        s.zones[0].siem = 'panther';
      },
      'zones[0].datasets[0]',
      /writes to bucket "other", but its siem "panther" reads bucket "main"/,
    ],
    [
      'a prefix outside the dataset with per-dataset grants',
      (s) => {
        s.buckets.main.grants = 'per-dataset';
        s.zones[0].datasets = [{ dataset: 'http_requests', prefix: 'cloudflare/web' }];
      },
      'zones[0].datasets[0].prefix',
      /grants per dataset: a prefix must be "cloudflare\/http_requests\/[0-9a-f]{32}" /,
    ],
    [
      'two zones of the same name (same prefix)',
      (s) => s.zones.push({ id: Z2, name: 'example.com', datasets: ['http_requests'] }),
      'zones[1].datasets[0]',
      /prefix "cloudflare\/example.com\/http_requests" .* also the prefix of zones\[0\].datasets\[0\]/,
    ],
    [
      'a prefix inside another pipeline’s prefix',
      (s) =>
        s.zones.push({
          id: Z2,
          datasets: [{ dataset: 'http_requests', prefix: 'cloudflare/example.com/http_requests/more' }],
        }),
      'zones[1].datasets[0].prefix',
      /lies inside the prefix "cloudflare\/example.com\/http_requests" of zones\[0\]/,
    ],
    [
      'a prefix containing another pipeline’s prefix',
      (s) =>
        s.zones.push({ id: Z2, datasets: [{ dataset: 'http_requests', prefix: 'cloudflare/example.com' }] }),
      'zones[1].datasets[0].prefix',
      /contains the prefix of zones\[0\]/,
    ],
    [
      'a zone name that makes an invalid prefix',
      (s) => (s.zones[0].name = 'exämple.com'),
      'zones[0].name',
      /makes the prefix "cloudflare\/exämple.com\/http_requests", which must be a key prefix/,
    ],
    [
      'a shard over its capacity',
      (s) => (s.sharding = { shards: 1, pipelinesPerShard: 1 }),
      'sharding.shards',
      /shard-0 would hold 2 pipelines, more than sharding.pipelinesPerShard \(1\): set sharding.shards to \d+/,
    ],
  ];
  test.each(cases)('fails on %s', (_name, change, at, message) => {
    expectIssue(edit(change), at, message);
  });

  test('a single bucket needs no defaults.bucket; siem: false opts out of the default SIEM', () => {
    const plan = loadFleetFileWithPlan(path.join(FIXTURES, 'logpush.yaml')).plan;
    const dns = plan.pipelines.find((p) => p.dataset === 'dns_logs')!;
    expect(dns.siem).toBeUndefined();
    const s = edit((x) => {
      delete x.defaults;
      x.zones[0].siem = 'panther';
    });
    const p = planFleet(validateFleet(s)).pipelines[0]!;
    expect(p).toMatchObject({ bucket: 'main', siem: 'panther', logType: 'Cloudflare.HttpRequest' });
  });
});

describe('fleet plan', () => {
  test('per-prefix: <root>/<zone name or id>/<dataset>; per-dataset: <root>/<dataset>/<id>', () => {
    const perPrefix = planFleet(validateFleet(base()));
    expect(perPrefix.pipelines.map((p) => p.prefix)).toEqual([
      'cloudflare/example.com/http_requests',
      `cloudflare/${A1}/audit_logs`,
    ]);
    const perDataset = planFleet(
      validateFleet(
        edit((s) => (s.buckets.main = { ...s.buckets.main, grants: 'per-dataset', prefixRoot: 'cf/logs' })),
      ),
    );
    expect(perDataset.pipelines.map((p) => p.prefix)).toEqual([
      `cf/logs/http_requests/${Z1}`,
      `cf/logs/audit_logs/${A1}`,
    ]);
    expect(perDataset.buckets[0]!.props).toEqual({
      bucketName: 'acme-cloudflare-logs',
      region: 'us-west-2',
      grants: 'per-dataset',
    });
  });

  test('pipeline props merge defaults under the entry and carry the prefix', () => {
    const s = edit((x) => {
      x.defaults = { ...x.defaults, timestampFormat: 'unix', sampleRate: 0.5 };
      x.zones[0].datasets = [{ dataset: 'http_requests', sampleRate: 0.25, name: 'web' }];
    });
    expect(planFleet(validateFleet(s)).pipelines[0]!.props).toEqual({
      zoneId: Z1,
      dataset: 'http_requests',
      fields: 'all',
      prefix: 'cloudflare/example.com/http_requests',
      timestampFormat: 'unix',
      sampleRate: 0.25,
      name: 'web',
    });
  });

  test('the Panther source defaults its name from the key and lists its log types', () => {
    const s = edit((x) => {
      x.siem = { panther_prod: { ...x.siem.panther } };
      x.defaults.siem = 'panther_prod';
    });
    const plan = planFleet(validateFleet(s));
    expect(plan.siems).toEqual([
      {
        key: 'panther_prod',
        type: 'panther',
        bucket: 'main',
        props: { pantherAwsAccountId: '123456789012', name: 'panther-prod' },
        logTypes: ['Cloudflare.Audit', 'Cloudflare.HttpRequest'],
      },
    ]);
  });
});

describe('docs/fleet.md', () => {
  const page = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'docs', 'fleet.md'), 'utf8');
  const section = page.slice(page.indexOf('## Fleet file (`logpush.yaml`)'));

  test('the fleet file of the "Fleet file" section is valid', () => {
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)![1]!;
    const plan = planFleet(parseFleet(yaml, 'docs/fleet.md'));
    expect(plan.pipelines.map((p) => p.id)).toEqual([
      'zone-023e105f4ecef8ad9ca31a8372d0c353-http_requests',
      'zone-023e105f4ecef8ad9ca31a8372d0c353-firewall_events',
      'account-01a7362d577a6c3019a474fd6f485823-audit_logs',
    ]);
    expect(plan.shards).toHaveLength(4);
  });
});

describe('YAML conveniences', () => {
  test('aliases and merge keys share settings between zones', () => {
    const Z3 = 'aa2e105f4ecef8ad9ca31a8372d0c3bb';
    const text = [
      'version: 1',
      'buckets: { main: { name: acme-cloudflare-logs, region: us-west-2 } }',
      'zones:',
      `  - &zone { id: ${Z1}, name: a.example.com, datasets: &web [http_requests, firewall_events] }`,
      `  - { <<: *zone, id: ${Z2}, name: b.example.com }`,
      `  - { id: ${Z3}, datasets: *web }`,
    ].join('\n');
    const plan = planFleet(parseFleet(text, 'logpush.yaml'));
    expect(plan.pipelines.map((p) => p.id)).toEqual([
      `zone-${Z1}-http_requests`,
      `zone-${Z1}-firewall_events`,
      `zone-${Z2}-http_requests`,
      `zone-${Z2}-firewall_events`,
      `zone-${Z3}-http_requests`,
      `zone-${Z3}-firewall_events`,
    ]);
  });
});
