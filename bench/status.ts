/**
 * `npm run bench:status`: how many API calls, and how long, `cdktf-logpush status` needs for a large
 * fleet, REST-only versus GraphQL (`--job-cache` from a first run), against the Cloudflare API
 * emulator (test/support/emulators/cloudflare-api.ts) through the real bin. The emulator answers
 * at loopback speed: the wall time measures the command; the time at Cloudflare's limits is computed
 * from the calls (1,200 requests / 300 s per user; GraphQL 300 queries / 300 s per user, counted in
 * the 1,200 too). `BENCH_ZONES=1000,10000` sets the sizes; `BENCH_UNHEALTHY=0.02` the share of zones
 * GraphQL cannot show ok (they fall back to REST); `BENCH_SCALED_ZONES=600` (0: skip) the clock check
 * of the time at the limit (below). Results: bench/results/status-latest.json.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { startCloudflareApi } from '../test/support/emulators/cloudflare-api';

// Compiled to bench/.build/bench/status.js: the repository is three levels up.
const ROOT = path.resolve(__dirname, '..', '..', '..');
const BIN = path.join(ROOT, 'lib', 'src', 'cli', 'bin.js');
const TOKEN = 'bench-token';
const hex = (n: number) => `f${n.toString(16).padStart(31, '0')}`;

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, CLOUDFLARE_API_TOKEN: TOKEN, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
  });
}

/** Seconds at Cloudflare's limits for `rest` REST requests and `gql` GraphQL queries. */
function atLimitSeconds(rest: number, gql: number): number {
  return Math.max(((rest + gql) / 1200) * 300, (gql / 300) * 300);
}

async function measure(zones: number, unhealthy: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-status-'));
  const api = await startCloudflareApi({ tokens: [TOKEN] });
  try {
    const lines = [
      'version: 1',
      'buckets:',
      '  main: { name: acme-logs, region: us-west-2, grants: per-dataset }',
      'defaults: { bucket: main, fields: all }',
      // Shards of about 150 (the hash spreads unevenly; the fleet refuses a shard over 300).
      `sharding: { shards: ${Math.ceil(zones / 150)} }`,
      'zones:',
    ];
    const now = Date.now();
    const bad = Math.round(zones * unhealthy);
    for (let i = 0; i < zones; i++) {
      lines.push(`  - { id: '${hex(i)}', name: z${i}.example.com, datasets: [http_requests] }`);
      const failing = i < bad;
      const job = api.store.addJob('zones', hex(i), {
        dataset: 'http_requests',
        destination_conf: `s3://acme-logs/cloudflare/http_requests/${hex(i)}/{DATE}?region=us-west-2`,
        last_complete: new Date(now - 60_000).toISOString(),
        ...(failing ? { last_error: new Date(now).toISOString(), error_message: 'denied' } : {}),
      });
      for (let m = 1; m <= 3; m++) {
        api.store.addHealth('zones', hex(i), {
          jobId: job.id,
          status: failing && m === 1 ? 403 : 200,
          destinationType: 's3',
          datetime: new Date(now - m * 60_000).toISOString(),
        });
      }
    }
    const fleet = path.join(dir, 'logpush.yaml');
    fs.writeFileSync(fleet, `${lines.join('\n')}\n`);
    const cache = path.join(dir, 'jobs.json');
    const common = [
      fleet,
      '--api-url',
      api.url,
      '--json',
      '--budget',
      '100000000/300',
      '--graphql-budget',
      '100000000/300',
    ];

    const restRun = await run(['status', ...common, '--graphql', 'off', '--job-cache', cache]);
    if (restRun.stdout === '') throw new Error(restRun.stderr);
    const restCalls = api.requests.length;
    api.requests.length = 0;
    const gqlRun = await run(['status', ...common, '--job-cache', cache]);
    const gqlCalls = api.requests.filter((r) => r.path === '/graphql').length;
    const gqlRest = api.requests.length - gqlCalls;
    const same =
      JSON.stringify(JSON.parse(restRun.stdout).counts) === JSON.stringify(JSON.parse(gqlRun.stdout).counts);
    return {
      zones,
      unhealthyZones: bad,
      countsAgree: same,
      restOnly: {
        requests: restCalls,
        wallMs: restRun.ms,
        atLimitMinutes: +(atLimitSeconds(restCalls, 0) / 60).toFixed(1),
      },
      graphql: {
        graphqlQueries: gqlCalls,
        restRequests: gqlRest,
        wallMs: gqlRun.ms,
        atLimitMinutes: +(atLimitSeconds(gqlRest, gqlCalls) / 60).toFixed(1),
      },
    };
  } finally {
    await api.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The time at the limit, checked on the clock: `zones` zones REST-only at Cloudflare's rate scaled
 * down 30x in time (40 requests / 10 s = 1,200 / 300 s), against an emulator that enforces that
 * same limit. Predicted: (zones - 40) / 40 x 10 s (the first 40 go at once).
 */
async function scaledAtLimit(zones: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-status-'));
  const api = await startCloudflareApi({ tokens: [TOKEN], rateLimit: { limit: 40, windowMs: 10_000 } });
  try {
    const lines = [
      'version: 1',
      'buckets:',
      '  main: { name: acme-logs, region: us-west-2, grants: per-dataset }',
      'defaults: { bucket: main, fields: all }',
      `sharding: { shards: ${Math.ceil(zones / 150)} }`,
      'zones:',
    ];
    for (let i = 0; i < zones; i++) {
      lines.push(`  - { id: '${hex(i)}', name: z${i}.example.com, datasets: [http_requests] }`);
      api.store.addJob('zones', hex(i), {
        dataset: 'http_requests',
        destination_conf: `s3://acme-logs/cloudflare/http_requests/${hex(i)}/{DATE}?region=us-west-2`,
        last_complete: new Date().toISOString(),
      });
    }
    const fleet = path.join(dir, 'logpush.yaml');
    fs.writeFileSync(fleet, `${lines.join('\n')}\n`);
    const r = await run(['status', fleet, '--api-url', api.url, '--budget', '40/10', '--graphql', 'off']);
    return {
      zones,
      budget: '40/10 s (the 1,200/300 s rate)',
      exitCode: r.code,
      seconds: r.ms / 1000,
      predictedSeconds: ((zones - 40) / 40) * 10,
      answered429: api.requests.filter((q) => q.status === 429).length,
    };
  } finally {
    await api.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const sizes = (process.env.BENCH_ZONES ?? '1000,10000').split(',').map(Number);
  const unhealthy = Number(process.env.BENCH_UNHEALTHY ?? '0.02');
  const results = [];
  for (const n of sizes) {
    const r = await measure(n, unhealthy);
    console.log(JSON.stringify(r));
    results.push(r);
  }
  const scaledZones = Number(process.env.BENCH_SCALED_ZONES ?? '600');
  const scaled = scaledZones > 0 ? await scaledAtLimit(scaledZones) : undefined;
  if (scaled) console.log(JSON.stringify(scaled));
  const out = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    results,
    scaled,
  };
  fs.mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
  fs.writeFileSync(
    path.join(ROOT, 'bench', 'results', 'status-latest.json'),
    `${JSON.stringify(out, null, 2)}\n`,
  );
}

void main();
