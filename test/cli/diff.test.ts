import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../support/cli';
import { synthApp, type AppStack } from '../support/synth-app';

const ZONE_A = '023e105f4ecef8ad9ca31a8372d0c353';
const ZONE_B = '9a7806061c88ada191ed06f989cc3dac';
const ACCOUNT = '01a7362d577a6c3019a474fd6f485823';
const CLOUDFLARE = 'AWS:arn:aws:iam::391854517948:user/cloudflare-logpush';

const base: AppStack[] = [
  {
    name: 'zones',
    bucketName: 'acme-zone-logs',
    panther: true,
    pipelines: [
      {
        id: 'http',
        zoneId: ZONE_A,
        dataset: 'http_requests',
        fields: ['ClientIP', 'EdgeStartTimestamp', 'RayID'],
      },
      { id: 'firewall', zoneId: ZONE_A, dataset: 'firewall_events' },
    ],
  },
  {
    name: 'account',
    bucketName: 'acme-account-logs',
    pipelines: [{ id: 'audit', accountId: ACCOUNT, dataset: 'audit_logs' }],
  },
];

/** The change under review: zone added (new stack), dataset removed, fields changed, bucket renamed. */
const next: AppStack[] = [
  {
    ...base[0]!,
    pipelines: [
      {
        id: 'http',
        zoneId: ZONE_A,
        dataset: 'http_requests',
        fields: ['ClientIP', 'ClientRequestHost', 'EdgeStartTimestamp'],
      },
    ],
  },
  {
    name: 'zone-b',
    bucketName: 'acme-zone-b-logs',
    pipelines: [{ id: 'http', zoneId: ZONE_B, dataset: 'http_requests' }],
  },
  { ...base[1]!, bucketName: 'acme-account-logs-v2' },
];

/** Only a construct id renamed: the job's address moves. */
const renamedId: AppStack[] = [
  { ...base[0]!, pipelines: [{ ...base[0]!.pipelines[0]!, id: 'http-requests' }, base[0]!.pipelines[1]!] },
  base[1]!,
];

interface Diff {
  touchedStacks: string[];
  stacks: { added: string[]; removed: string[]; changed: string[] };
  pipelines: {
    added: { stack: string; address: string; zoneId?: string; dataset?: string }[];
    removed: { stack: string; address: string; dataset?: string }[];
    changed: {
      stack: string;
      address: string;
      changes: {
        attribute: string;
        fieldsAdded?: string[];
        fieldsRemoved?: string[];
        old?: unknown;
        new?: unknown;
      }[];
    }[];
    moved: { from: { address: string }; to: { address: string } }[];
  };
  destinationChanges: { stack: string; oldDestination: string; newDestination: string; note: string }[];
  grants: {
    stack: string;
    address: string;
    change: string;
    principal: string;
    action: string;
    resource: string;
  }[];
  recreations: { stack: string; address: string; job: boolean; reason: string }[];
}

let dir: string;
const out = (name: string) => path.join(dir, name);

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-logpush-diff-'));
  synthApp(out('base'), base);
  synthApp(out('next'), next);
  synthApp(out('renamed-id'), renamedId);
}, 120_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('cdktf-logpush diff', () => {
  test('--json: zone added, dataset removed, fields changed, stacks touched', async () => {
    const r = await runCli(['diff', out('base'), out('next'), '--json']);
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout) as Diff;
    expect(d.touchedStacks).toEqual(['account', 'zone-b', 'zones']);
    expect(d.stacks).toEqual({ added: ['zone-b'], removed: [], changed: ['account', 'zones'] });

    expect(d.pipelines.added).toEqual([
      expect.objectContaining({ stack: 'zone-b', zoneId: ZONE_B, dataset: 'http_requests' }),
    ]);
    expect(d.pipelines.removed).toEqual([
      expect.objectContaining({ stack: 'zones', dataset: 'firewall_events' }),
    ]);
    expect(d.pipelines.moved).toEqual([]);
    const http = d.pipelines.changed.find((c) => c.stack === 'zones')!;
    expect(http.changes).toEqual([
      {
        attribute: 'output_options.field_names',
        fieldsAdded: ['ClientRequestHost'],
        fieldsRemoved: ['RayID'],
      },
    ]);

    // The removed dataset narrows Cloudflare's write grant and Panther's read grant.
    expect(d.grants).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          stack: 'zones',
          change: 'narrowed',
          principal: CLOUDFLARE,
          action: 's3:PutObject',
          resource: 'arn:aws:s3:::acme-zone-logs/firewall_events/*',
        }),
        expect.objectContaining({
          stack: 'zones',
          address: expect.stringMatching(/^aws_iam_role_policy\.panther-source_ReadPolicy/),
          change: 'narrowed',
          action: 's3:GetObject',
          resource: 'arn:aws:s3:::acme-zone-logs/firewall_events/*',
        }),
        expect.objectContaining({
          stack: 'zone-b',
          change: 'widened',
          principal: CLOUDFLARE,
          resource: 'arn:aws:s3:::acme-zone-b-logs/http_requests/*',
        }),
      ]),
    );
    expect(d.grants.filter((g) => g.stack === 'zones' && g.change === 'widened')).toEqual([]);
  });

  test('bucket renamed: warns loudly about re-creation and names why', async () => {
    const r = await runCli(['diff', out('base'), out('next')]);
    expect(r.code).toBe(0);
    const md = r.stdout;
    expect(md).toContain('> [!CAUTION]');
    expect(md).toMatch(/RE-CREATION: \d+ resource\(s\) will be destroyed and created again/);
    // The bucket itself: bucket name forces replacement, and prevent_destroy makes the plan fail.
    expect(md).toMatch(
      /`account` `aws_s3_bucket\.logs_[0-9A-F]+`: bucket: "acme-account-logs" -> "acme-account-logs-v2".*prevent_destroy/,
    );
    // The ownership challenge is re-created: a new challenge file, a new token.
    expect(md).toMatch(
      /`account` `cloudflare_logpush_ownership_challenge\.audit_Challenge_[0-9A-F]+`: destination_conf/,
    );
    expect(md).toContain('new ownership token');
    // The job switches destination in place, with a new token; the old bucket keeps the old logs.
    expect(md).toContain('> [!WARNING]');
    expect(md).toContain(
      '`s3://acme-account-logs/audit_logs/{DATE}?region=us-west-2` -> `s3://acme-account-logs-v2/audit_logs/{DATE}?region=us-west-2`',
    );
    expect(md).toContain('logs written so far stay in acme-account-logs');
    expect(md).toContain('**Stacks touched:** `account`, `zone-b`, `zones`');
    expect(md).toContain('- fields: + ClientRequestHost; - RayID');
    expect(md).toMatch(
      /\*\*removed\*\* `zones` `cloudflare_logpush_job\.firewall_[0-9A-F]+` \(firewall_events, zone /,
    );
    expect(r.stderr).toMatch(/WARNING: \d+ resource\(s\) re-created/);

    const j = JSON.parse((await runCli(['diff', out('base'), out('next'), '--json'])).stdout) as Diff;
    const replaced = j.recreations.map((x) => `${x.stack} ${x.address.replace(/_[0-9A-F]{8}$/, '')}`);
    expect(replaced).toEqual(
      expect.arrayContaining([
        'account aws_s3_bucket.logs',
        'account aws_s3_bucket_policy.logs_Policy',
        'account cloudflare_logpush_ownership_challenge.audit_Challenge',
      ]),
    );
    // Nothing in the zones stack is re-created: a dataset removal and a field change are not re-creations.
    expect(j.recreations.filter((x) => x.stack === 'zones')).toEqual([]);
    // Under cloudflare 5.14 the job itself is updated in place (destination_conf has no RequiresReplace).
    expect(j.recreations.filter((x) => x.job)).toEqual([]);
    expect(j.destinationChanges).toEqual([expect.objectContaining({ stack: 'account' })]);
  });

  test('a construct id renamed moves the job: re-creation, exit 1 with --fail-on-recreate', async () => {
    const plain = await runCli(['diff', out('base'), out('renamed-id'), '--json']);
    expect(plain.code).toBe(0);
    const d = JSON.parse(plain.stdout) as Diff;
    expect(d.pipelines.moved).toEqual([
      {
        from: expect.objectContaining({ address: expect.stringMatching(/^cloudflare_logpush_job\.http_/) }),
        to: expect.objectContaining({
          address: expect.stringMatching(/^cloudflare_logpush_job\.http-requests_/),
        }),
      },
    ]);
    expect(d.pipelines.added).toEqual([]);
    expect(d.pipelines.removed).toEqual([]);
    expect(d.recreations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ job: true, reason: expect.stringContaining('Cloudflare never backfills') }),
      ]),
    );
    expect(d.touchedStacks).toEqual(['zones']);

    const strict = await runCli(['diff', out('base'), out('renamed-id'), '--fail-on-recreate']);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('**job**');
    expect(strict.stdout).toContain('a `moved` block from the old to the new address avoids it');
  });

  test('the same output twice: nothing touched, exit 0 even with --fail-on-recreate', async () => {
    const r = await runCli(['diff', out('base'), out('base'), '--json', '--fail-on-recreate']);
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout) as Diff;
    expect(d.touchedStacks).toEqual([]);
    expect(d.recreations).toEqual([]);
    expect(d.grants).toEqual([]);
    const md = await runCli(['diff', out('base'), out('base')]);
    expect(md.stdout).toContain('No pipeline changes.');
    expect(md.stdout).not.toContain('[!CAUTION]');
    expect(md.stderr).toBe('');
  });

  test('fails with exit 2 when a directory is not a synthesized output', async () => {
    const r = await runCli(['diff', out('base'), path.join(dir, 'nope')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('is not a synthesized cdktf output: no manifest.json');
  });

  test('fails with exit 2 on a missing argument', async () => {
    const r = await runCli(['diff', out('base')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("missing required argument 'new'");
  });

  test('--help documents the exit codes', async () => {
    const r = await runCli(['diff', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--fail-on-recreate');
    expect(r.stdout).toContain('Exit codes: 0 the diff was computed');
  });
});
