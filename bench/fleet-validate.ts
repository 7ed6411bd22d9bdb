/**
 * `npm run bench:fleet-validate`: how long validating (parse with positions, every rule, plan and
 * shard) a generated fleet file of 10,000 zones x 2 datasets takes, in a fresh process with
 * cdktf never loaded. Budget (issue 10): under 3 s. Prints one JSON line per size; exit code 1
 * when a 10,000-zone run takes longer or cdktf got loaded.
 *
 * On a shared machine wall time swells with the load (recorded beside it); CPU time counts the
 * garbage collector's helper threads too, so it can exceed wall time on an idle machine.
 * Not a timed test: a loaded CI machine must not fail the build; run it and report the figures.
 */
import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const BUDGET_MS = 3000;

/** A fleet file of `zones` zones with `http_requests` and `firewall_events` each. */
export function generateFleetYaml(
  zones: number,
  grants: 'per-dataset' | 'per-prefix' = 'per-dataset',
): string {
  const shards = Math.max(1, Math.ceil((zones * 2) / 235));
  const lines = [
    'version: 1',
    'buckets:',
    `  main: { name: acme-cloudflare-logs, region: us-west-2, retentionDays: 365, grants: ${grants} }`,
    'siem:',
    '  panther: { type: panther, bucket: main, pantherAwsAccountId: "123456789012" }',
    'defaults: { bucket: main, siem: panther, fields: all, timestampFormat: rfc3339 }',
    `sharding: { shards: ${shards} }`,
    'zones:',
  ];
  for (let i = 0; i < zones; i++) {
    const id = crypto.createHash('md5').update(`zone-${i}`).digest('hex');
    lines.push(
      `  - id: ${id}`,
      `    name: zone-${i}.example.com`,
      '    datasets: [http_requests, firewall_events]',
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Parent: one fresh process per size, so each run pays for loading its modules. */
function main(): void {
  // <zones>[:<grants>] per run.
  const runs = (process.env.BENCH_ZONES ?? '1000,10000,10000:per-prefix').split(',');
  let failed = false;
  for (const run of runs) {
    const r = spawnSync(process.execPath, [__filename, ...run.split(':')], { encoding: 'utf8' });
    process.stdout.write(r.stdout);
    process.stderr.write(r.stderr);
    if (r.status !== 0) failed = true;
  }
  process.exitCode = failed ? 1 : 0;
}

/** Child: generate, then measure loading the modules plus parsing, validating and planning. */
function measure(zones: number, grants: 'per-dataset' | 'per-prefix'): void {
  let failed = false;
  {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fleet-')), 'logpush.yaml');
    fs.writeFileSync(file, generateFleetYaml(zones, grants));
    const cpuStart = process.cpuUsage();
    const start = process.hrtime.bigint();
    // Loaded here so module loading (yaml, zod) is part of the measured time.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { loadFleetFileWithPlan } = require('../src/fleet') as typeof import('../src/fleet');
    const { plan } = loadFleetFileWithPlan(file);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const cpu = process.cpuUsage(cpuStart);
    const cdktfLoaded = Object.keys(require.cache).some((k) =>
      /[\\/]node_modules[\\/](cdktf|constructs)[\\/]/.test(k),
    );
    const result = {
      zones,
      grants,
      pipelines: plan.pipelines.length,
      shards: plan.shards.length,
      bytes: fs.statSync(file).size,
      ms: Math.round(ms),
      // CPU time of this process (user + system, all threads).
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      loadAverage: Number(os.loadavg()[0]!.toFixed(1)),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      cdktfLoaded,
      budgetMs: zones === 10_000 ? BUDGET_MS : undefined,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
    if (cdktfLoaded || (zones === 10_000 && ms > BUDGET_MS)) failed = true;
  }
  process.exitCode = failed ? 1 : 0;
}

if (require.main === module) {
  if (process.argv[2] !== undefined) {
    measure(Number(process.argv[2]), process.argv[3] === 'per-prefix' ? 'per-prefix' : 'per-dataset');
  } else main();
}
