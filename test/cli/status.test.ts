/**
 * `cdktf-logpush status` through the real bin against the Cloudflare API emulator
 * (test/support/emulators/cloudflare-api.ts) and moto's S3: every state, 429 + Retry-After, 5xx,
 * timeouts, pagination, the client-side budget, GraphQL with its REST fall-back, CIS jobs, the JSON
 * shape and the exit codes. The token is a distinctive string that no output may contain.
 */
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';
import { redactSecrets, type CliIo } from '../../src/cli/io';
import { run } from '../../src/cli/main';
import { runCli, type CliRun } from '../support/cli';
import { startCloudflareApi, type CloudflareApiEmulator } from '../support/emulators/cloudflare-api';
import { motoAvailable, s3ClientFor, startMoto } from '../support/moto';

jest.setTimeout(90_000);

const TOKEN = 'cf-token-must-never-be-printed-7f3a';
const ACCOUNT = 'aaaaaaaa111111111111111111111111';
const hex = (n: number) => `f${n.toString(16).padStart(31, '0')}`;
/** The fleet's per-dataset layout: `s3://<bucket>/cloudflare/<dataset>/<zone or account>/{DATE}` (src/model/layout.ts). */
const dest = (dataset: string, id: string) =>
  `s3://acme-logs/cloudflare/${dataset}/${id}/{DATE}?region=us-west-2`;

let dir: string;
let api: CloudflareApiEmulator;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'status-'));
});
afterEach(async () => {
  await api?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A fleet file of `zones` zones (one http_requests pipeline each) and optionally one account, in `shards` shards. */
function writeFleet(zones: number, opts: { account?: boolean; shards?: number } = {}): string {
  const lines = [
    'version: 1',
    'buckets:',
    '  main: { name: acme-logs, region: us-west-2, grants: per-dataset }',
    'defaults: { bucket: main, fields: all }',
    ...(opts.shards ? [`sharding: { shards: ${opts.shards} }`] : []),
    'zones:',
    ...Array.from(
      { length: zones },
      (_, i) => `  - { id: '${hex(i)}', name: z${i}.example.com, datasets: [http_requests] }`,
    ),
    ...(opts.account ? ['accounts:', `  - { id: '${ACCOUNT}', name: acct, datasets: [audit_logs] }`] : []),
  ];
  const file = path.join(dir, 'logpush.yaml');
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

/** A healthy job of zone i (pushed a minute ago). */
function okJob(i: number, extra: Record<string, unknown> = {}) {
  return api.store.addJob('zones', hex(i), {
    dataset: 'http_requests',
    destination_conf: dest('http_requests', hex(i)),
    last_complete: minutesAgo(1),
    ...extra,
  });
}

async function status(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const r = await runCli(['status', ...args], {
    env: { CLOUDFLARE_API_TOKEN: TOKEN, ...env },
    timeoutMs: 120_000,
  });
  expect(r.stdout).not.toContain(TOKEN);
  expect(r.stderr).not.toContain(TOKEN);
  return r;
}

interface Report {
  pipelines: Record<string, unknown>[];
  counts: Record<string, number>;
}
const parse = (r: CliRun) => JSON.parse(r.stdout) as Report;

describe('cdktf-logpush status', () => {
  test('fails (exit 1) and reports every state with the exact JSON shape', async () => {
    api = await startCloudflareApi({ tokens: [TOKEN] });
    const fleet = writeFleet(7, { account: true });
    okJob(0);
    okJob(1, { last_error: minutesAgo(0), error_message: 'AccessDenied: s3:PutObject' });
    okJob(2, { last_complete: minutesAgo(180) });
    okJob(3, { enabled: false });
    // zone 4: a job of the dataset, but to another destination: missing.
    api.store.addJob('zones', hex(4), {
      dataset: 'http_requests',
      destination_conf: 's3://other/x?region=us-west-2',
    });
    api.store.forbidden.add(hex(5));
    // zone 6: failed once, then recovered: ok. The job's query string differs: matched before '?'.
    okJob(6, {
      last_error: minutesAgo(30),
      destination_conf: `${dest('http_requests', hex(6)).split('?')[0]}?region=us-west-2&sse=AES256`,
    });
    api.store.addJob('accounts', ACCOUNT, {
      dataset: 'audit_logs',
      destination_conf: dest('audit_logs', ACCOUNT),
      last_complete: null,
    });

    const r = await status([fleet, '--api-url', api.url, '--json']);
    expect(r.code).toBe(1);
    const report = parse(r);
    expect(Object.keys(report)).toEqual(['pipelines', 'counts']);
    for (const p of report.pipelines) {
      expect(Object.keys(p)).toEqual([
        'scope',
        'id',
        'dataset',
        'state',
        'jobId',
        'lastComplete',
        'lastError',
        'errorMessage',
      ]);
    }
    expect(report.pipelines.map((p) => [p.scope, p.id, p.state])).toEqual([
      ['zone', hex(0), 'ok'],
      ['zone', hex(1), 'failing'],
      ['zone', hex(2), 'stale'],
      ['zone', hex(3), 'disabled'],
      ['zone', hex(4), 'missing'],
      ['zone', hex(5), 'unknown'],
      ['zone', hex(6), 'ok'],
      ['account', ACCOUNT, 'stale'],
    ]);
    expect(report.pipelines[1]).toMatchObject({
      errorMessage: 'AccessDenied: s3:PutObject',
      jobId: expect.any(Number),
    });
    expect(report.pipelines[4]).toMatchObject({ jobId: null, lastComplete: null });
    expect(report.pipelines[5]!.errorMessage).toMatch(/HTTP 403/);
    expect(report.counts).toEqual({ ok: 2, failing: 1, stale: 2, disabled: 1, missing: 1, unknown: 1 });
    // One list per zone and account, no more.
    expect(api.requests.filter((q) => q.path.endsWith('/logpush/jobs'))).toHaveLength(8);
  });

  test('the scheduled workflow renders a real report in its job summary (examples/ci/logpush-status.yml)', async () => {
    api = await startCloudflareApi({ tokens: [TOKEN] });
    const fleet = writeFleet(2);
    okJob(0);
    okJob(1, { last_error: minutesAgo(0), error_message: 'AccessDenied | s3:PutObject' });
    const r = await status([fleet, '--api-url', api.url, '--json']);
    fs.writeFileSync(path.join(dir, 'status.json'), r.stdout);
    const wf = parseYaml(
      fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'ci', 'logpush-status.yml'), 'utf8'),
    ) as {
      jobs: Record<string, { steps: { name?: string; run?: string }[] }>;
    };
    const summary = Object.values(wf.jobs)
      .flatMap((j) => j.steps)
      .find((st) => st.name === 'Summary')!.run!;
    const out = path.join(dir, 'summary.md');
    const sh = spawnSync('bash', ['-e', '-c', summary], {
      cwd: dir,
      env: { ...process.env, GITHUB_STEP_SUMMARY: out },
      encoding: 'utf8',
    });
    expect(sh.status).toBe(0);
    expect(fs.readFileSync(out, 'utf8').split('\n')).toEqual([
      '| scope | id | dataset | state | job | last complete | error |',
      '|---|---|---|---|---|---|---|',
      expect.stringMatching(
        new RegExp(
          `^\\| zone \\| ${hex(1)} \\| http_requests \\| \\*\\*failing\\*\\* \\| \\d+ \\| \\d{4}-.* \\| AccessDenied / s3:PutObject \\|$`,
        ),
      ),
      '',
      '1 ok, 1 failing, 0 stale, 0 disabled, 0 missing, 0 unknown',
      '',
    ]);
  });

  test('prints a table and exits 0 when every pipeline is ok', async () => {
    api = await startCloudflareApi({ tokens: [TOKEN] });
    const fleet = writeFleet(2);
    okJob(0);
    okJob(1);
    const r = await status([fleet, '--api-url', api.url]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^SCOPE\s+ID\s+DATASET\s+STATE\s+JOB\s+LAST COMPLETE\s+ERROR$/);
    expect(lines[1]).toMatch(new RegExp(`^zone\\s+${hex(0)}\\s+http_requests\\s+ok\\s+\\d+\\s+\\d{4}-`));
    expect(lines.at(-1)).toBe('2 ok');
  });

  test('shows progress on a terminal only, on stderr', async () => {
    api = await startCloudflareApi({ tokens: [TOKEN] });
    const fleet = writeFleet(2);
    okJob(0);
    okJob(1);
    for (const isTTY of [true, false]) {
      let out = '';
      let err = '';
      const io: CliIo = {
        stdout: (t) => void (out += t),
        stderr: (t) => void (err += t),
        isTTY,
        env: { CLOUDFLARE_API_TOKEN: TOKEN },
        cwd: dir,
      };
      expect(await run(['status', fleet, '--api-url', api.url], io)).toBe(0);
      expect(err.includes('checked 2/2 zones and accounts')).toBe(isTTY);
      expect(out).not.toContain('checked');
    }
  });

  test('fails without showing the token when the command crashes (a write that throws)', async () => {
    api = await startCloudflareApi({ tokens: [TOKEN] });
    const fleet = writeFleet(1);
    okJob(0);
    const io: CliIo = {
      stdout: () => {
        throw new Error(`EPIPE while writing for ${TOKEN}`);
      },
      stderr: () => undefined,
      isTTY: false,
      env: { CLOUDFLARE_API_TOKEN: TOKEN },
      cwd: dir,
    };
    const crash = await run(['status', fleet, '--api-url', api.url], io).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(crash?.message).toMatch(/EPIPE while writing for \[redacted\]/);
    expect(crash?.message).not.toContain(TOKEN);
    expect(
      redactSecrets(`token ${TOKEN} and key abcd1234`, {
        CLOUDFLARE_API_TOKEN: TOKEN,
        IBMCLOUD_API_KEY: 'abcd1234',
      }),
    ).toBe('token [redacted] and key [redacted]');
  });

  test('--stale-after sets the window, per dataset too', async () => {
    api = await startCloudflareApi({ tokens: [TOKEN] });
    const fleet = writeFleet(1);
    okJob(0, { last_complete: minutesAgo(90) });
    expect((await status([fleet, '--api-url', api.url])).code).toBe(1);
    expect((await status([fleet, '--api-url', api.url, '--stale-after', '120'])).code).toBe(0);
    expect(
      (
        await status([
          fleet,
          '--api-url',
          api.url,
          '--stale-after',
          '120',
          '--stale-after',
          'http_requests=30',
        ])
      ).code,
    ).toBe(1);
    expect((await status([fleet, '--api-url', api.url, '--stale-after', 'http_requests=100'])).code).toBe(0);
  });

  test('waits as long as Retry-After says on a 429, then answers', async () => {
    api = await startCloudflareApi({ tokens: [TOKEN] });
    const fleet = writeFleet(1);
    okJob(0);
    api.inject({ kind: 'rate-limit', retryAfterSeconds: 2, times: 1 });
    const started = Date.now();
    const r = await status([fleet, '--api-url', api.url, '--json']);
    expect(r.code).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    expect(r.stderr).toMatch(/rate limited; waiting 2s \(Retry-After\)/);
    expect(api.requests.map((q) => q.status)).toEqual([429, 200]);
  });

  test('retries a 5xx; a zone that keeps failing is unknown, the others are still checked', async () => {
    api = await startCloudflareApi({ tokens: [TOKEN] });
    const fleet = writeFleet(2);
    okJob(0);
    okJob(1);
    api.inject({ kind: 'status', status: 502, times: 1, path: `/zones/${hex(0)}/logpush/jobs` });
    api.inject({ kind: 'status', status: 503, path: `/zones/${hex(1)}/logpush/jobs` });
    const r = await status([fleet, '--api-url', api.url, '--json']);
    expect(r.code).toBe(1);
    const report = parse(r);
    expect(report.pipelines.map((p) => p.state)).toEqual(['ok', 'unknown']);
    expect(report.pipelines[1]!.errorMessage).toBe('HTTP 503 after 4 attempts');
    expect(api.requests.filter((q) => q.path.includes(hex(1)))).toHaveLength(4);
  });

  test('times out a request that gets no answer, retries it, and gives up after the attempts', async () => {
    api = await startCloudflareApi({ tokens: [TOKEN] });
    const fleet = writeFleet(2);
    okJob(0);
    okJob(1);
    api.inject({ kind: 'timeout', times: 1, path: `/zones/${hex(0)}/logpush/jobs` });
    api.inject({ kind: 'timeout', path: `/zones/${hex(1)}/logpush/jobs` });
    const r = await status([fleet, '--api-url', api.url, '--json', '--timeout', '1']);
    const report = parse(r);
    expect(report.pipelines.map((p) => p.state)).toEqual(['ok', 'unknown']);
    expect(report.pipelines[1]!.errorMessage).toBe('no answer within 1s after 4 attempts');
  });

  test('follows result_info pages should the list page', async () => {
    api = await startCloudflareApi({ tokens: [TOKEN], pageSize: 2 });
    const fleet = writeFleet(1);
    for (let i = 0; i < 4; i++) {
      api.store.addJob('zones', hex(0), {
        dataset: 'dns_logs',
        destination_conf: `s3://acme-logs/dns/${i}?region=us-west-2`,
      });
    }
    okJob(0);
    const r = await status([fleet, '--api-url', api.url, '--json']);
    expect(parse(r).pipelines[0]!.state).toBe('ok');
    expect(api.requests.map((q) => q.path)).toHaveLength(3);
  });

  test('keeps to --budget on its own: never answered 429 by a limiter of the same size', async () => {
    api = await startCloudflareApi({ tokens: [TOKEN], rateLimit: { limit: 5, windowMs: 2000 } });
    const fleet = writeFleet(12);
    for (let i = 0; i < 12; i++) okJob(i);
    const started = Date.now();
    const r = await status([fleet, '--api-url', api.url, '--json', '--budget', '5/2', '--concurrency', '8']);
    expect(r.code).toBe(0);
    expect(api.requests.filter((q) => q.status === 429)).toEqual([]);
    // 12 requests at 5 per 2 s: the 11th waits two windows.
    expect(Date.now() - started).toBeGreaterThanOrEqual(4000);
  });

  test('--shard checks one shard only', async () => {
    api = await startCloudflareApi({ tokens: [TOKEN] });
    const fleet = writeFleet(8, { shards: 2 });
    for (let i = 0; i < 8; i++) okJob(i);
    const all = parse(await status([fleet, '--api-url', api.url, '--json'])).pipelines.length;
    const one = parse(await status([fleet, '--api-url', api.url, '--json', '--shard', 'shard-1'])).pipelines
      .length;
    expect(all).toBe(8);
    expect(one).toBeGreaterThan(0);
    expect(one).toBeLessThan(8);
    const r = await status([fleet, '--api-url', api.url, '--shard', 'shard-9']);
    expect(r.code).toBe(2);
  });

  test('with --job-cache, GraphQL answers for healthy zones (10 per query); REST decides the rest', async () => {
    api = await startCloudflareApi({ tokens: [TOKEN] });
    const fleet = writeFleet(25);
    for (let i = 0; i < 25; i++) {
      const job = okJob(i, i === 7 ? { last_error: minutesAgo(0), error_message: 'denied' } : {});
      const now = Date.now();
      for (let m = 1; m <= 3; m++) {
        api.store.addHealth('zones', hex(i), {
          jobId: job.id,
          status: i === 7 && m === 1 ? 403 : 200,
          destinationType: 's3',
          datetime: new Date(now - m * 60_000).toISOString(),
        });
      }
    }
    const cache = path.join(dir, 'jobs.json');
    const first = await status([fleet, '--api-url', api.url, '--json', '--job-cache', cache]);
    const restCalls = api.requests.length;
    expect(restCalls).toBe(25);
    api.requests.length = 0;
    const second = await status([fleet, '--api-url', api.url, '--json', '--job-cache', cache]);
    const states = (r: CliRun) => parse(r).pipelines.map((p) => [p.id, p.state, p.jobId]);
    expect(states(second)).toEqual(states(first));
    expect(parse(second).counts).toMatchObject({ ok: 24, failing: 1 });
    // 3 GraphQL queries (10 + 10 + 5 zones) and one REST list for the failing zone.
    expect(api.requests.map((q) => q.path).sort()).toEqual([
      ...Array(3).fill('/graphql'),
      `/zones/${hex(7)}/logpush/jobs`,
    ]);

    // GraphQL refused for one zone: its whole query falls back to REST, with the same answer.
    api.requests.length = 0;
    api.store.graphqlRefused.add(hex(12));
    const third = await status([fleet, '--api-url', api.url, '--json', '--job-cache', cache]);
    expect(states(third)).toEqual(states(first));
    expect(api.requests.filter((q) => q.path !== '/graphql')).toHaveLength(11);

    // --graphql off: REST only.
    api.requests.length = 0;
    await status([fleet, '--api-url', api.url, '--json', '--job-cache', cache, '--graphql', 'off']);
    expect(api.requests.filter((q) => q.path === '/graphql')).toHaveLength(0);
  });

  test('reads a synthesized output: Cloudflare jobs from the Cloudflare API, CIS jobs from the CIS API', async () => {
    api = await startCloudflareApi({ tokens: [TOKEN, 'iam-token-for-tests'] });
    const out = path.join(dir, 'cdktf.out');
    const crn =
      'crn:v1:bluemix:public:internet-svcs:global:a/4ea1882a2d3401ed1e459979941966ea:31fa970d-51d0-4b05-893e-251cba75a7b3::';
    const domain = '9caf68812ae9b3f0377fdf986751a78f';
    const domain2 = '0caf68812ae9b3f0377fdf986751a78f';
    const cos = {
      bucket_name: 'acme-cis',
      id: 'c84e2a79-ce6d-3c79-a7e4-7e7ab3054cfe',
      region: 'us-south',
      path: 'http_requests',
      use_daily_subfolder: true,
    };
    fs.mkdirSync(path.join(out, 'stacks', 'edge'), { recursive: true });
    fs.writeFileSync(
      path.join(out, 'manifest.json'),
      JSON.stringify({ stacks: { edge: { synthesizedStackPath: 'stacks/edge/cdk.tf.json' } } }),
    );
    fs.writeFileSync(
      path.join(out, 'stacks', 'edge', 'cdk.tf.json'),
      JSON.stringify({
        resource: {
          cloudflare_logpush_job: {
            http: {
              zone_id: hex(0),
              dataset: 'http_requests',
              destination_conf: dest('http_requests', hex(0)),
              ownership_challenge: '${var.t}',
            },
            later: {
              zone_id: '${cloudflare_zone.z.id}',
              dataset: 'http_requests',
              destination_conf: 's3://b/p?region=us-east-1',
            },
          },
          ibm_cis_logpush_job: {
            cis: { cis_id: crn, domain_id: domain, dataset: 'http_requests', cos: JSON.stringify(cos) },
            other: {
              cis_id: crn,
              domain_id: domain2,
              dataset: 'firewall_events',
              cos: JSON.stringify({ ...cos, path: 'fw' }),
            },
          },
        },
      }),
    );
    okJob(0);
    api.store.addJob('zones', domain, {
      dataset: 'http_requests',
      destination_conf:
        'cos://acme-cis/http_requests/{DATE}?region=us-south&instance-id=c84e2a79-ce6d-3c79-a7e4-7e7ab3054cfe',
      last_complete: minutesAgo(2),
      last_error: minutesAgo(1),
      error_message: 'bucket not found',
    });
    // CIS may report the destination in another form: the domain's one job of the dataset is it.
    api.store.addJob('zones', domain2, {
      dataset: 'firewall_events',
      destination_conf: 'cos://acme-cis/fw?region=us-south',
      last_complete: minutesAgo(2),
    });
    const base = api.url.replace('/client/v4', '');
    const r = await status([out, '--api-url', api.url, '--json', '--cis-endpoint', base], {
      IBMCLOUD_IAM_TOKEN: 'iam-token-for-tests',
    });
    expect(r.stdout).not.toContain('iam-token-for-tests');
    expect(parse(r).pipelines.map((p) => [p.id, p.state, p.errorMessage])).toEqual([
      [hex(0), 'ok', null],
      ['${cloudflare_zone.z.id}', 'unknown', 'zone or account id is not known before apply'],
      [domain, 'failing', 'bucket not found'],
      [domain2, 'ok', null],
    ]);
    expect(api.requests.map((q) => q.path)).toContain(
      `/v2/${encodeURIComponent(crn)}/zones/${domain}/logpush/jobs`,
    );
  });

  test('fails with exit 2 on usage errors, and never prints the token', async () => {
    api = await startCloudflareApi({ tokens: [TOKEN] });
    const fleet = writeFleet(1);
    const noToken = await runCli(['status', fleet, '--api-url', api.url], {
      env: { CLOUDFLARE_API_TOKEN: '' },
    });
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toMatch(/no CLOUDFLARE_API_TOKEN/);
    for (const args of [
      ['--api-url', 'https://api.example.com/client/v4'],
      ['--api-url', 'http://10.0.0.1/client/v4'],
      ['--stale-after', 'soon'],
      ['--budget', '1200'],
      ['--graphql', 'maybe'],
    ]) {
      const r = await status([fleet, ...args]);
      expect([args, r.code]).toEqual([args, 2]);
    }
    expect((await status([path.join(dir, 'nope.yaml'), '--api-url', api.url])).code).toBe(2);
    // CLOUDFLARE_BASE_URL (the Cloudflare SDKs' variable) is used, and checked like --api-url.
    okJob(0);
    expect((await status([fleet], { CLOUDFLARE_BASE_URL: api.url })).code).toBe(0);
    const evil = await status([fleet], { CLOUDFLARE_BASE_URL: 'https://attacker.example/client/v4' });
    expect(evil.code).toBe(2);
    expect(evil.stderr).toMatch(
      /CLOUDFLARE_BASE_URL "https:\/\/attacker.example\/client\/v4" is not allowed/,
    );
    // A wrong token: the API refuses (unknown, exit 1), and neither token shows.
    const refused = await status([fleet, '--api-url', api.url, '--json'], {
      CLOUDFLARE_API_TOKEN: `${TOKEN}-wrong`,
    });
    expect(refused.code).toBe(1);
    expect(parse(refused).pipelines[0]).toMatchObject({
      state: 'unknown',
      errorMessage: 'HTTP 403: 9109 Invalid access token',
    });
  });

  (motoAvailable() ? test : test.skip)(
    '--s3 adds the age of the newest object under each prefix (moto)',
    async () => {
      const moto = await startMoto();
      try {
        api = await startCloudflareApi({ tokens: [TOKEN] });
        const fleet = writeFleet(2);
        okJob(0);
        okJob(1);
        const s3 = s3ClientFor(moto.endpoint);
        await s3.send(
          new CreateBucketCommand({
            Bucket: 'acme-logs',
            CreateBucketConfiguration: { LocationConstraint: 'us-west-2' },
          }),
        );
        await s3.send(
          new PutObjectCommand({
            Bucket: 'acme-logs',
            Key: `cloudflare/http_requests/${hex(0)}/20261129/a.log.gz`,
            Body: 'x',
          }),
        );
        s3.destroy();
        const env = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' };
        const r = await status(
          [fleet, '--api-url', api.url, '--json', '--s3', '--s3-endpoint', moto.endpoint],
          env,
        );
        const [a, b] = parse(r).pipelines;
        expect(a).toMatchObject({
          newestObjectAgeMinutes: expect.any(Number),
          newestObjectAt: expect.stringMatching(/^\d{4}-/),
        });
        expect(a!.newestObjectAgeMinutes as number).toBeLessThan(5);
        expect(b).toMatchObject({ newestObjectAt: null, newestObjectAgeMinutes: null });
        const refused = await status(
          [fleet, '--api-url', api.url, '--s3', '--s3-endpoint', 'http://192.0.2.1:9000'],
          env,
        );
        expect(refused.code).toBe(2);
      } finally {
        await moto.stop();
      }
    },
  );
});
