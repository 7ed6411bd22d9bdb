/**
 * `npm run bench:fleet`: a generated fleet of Z zones x 2 datasets (http_requests, firewall_events;
 * `fields: all`) in one bucket with per-dataset grants and one Panther source, Z = 1,000, 3,000 and
 * 10,000. In fresh processes (bench/fleet-child.ts): validating the file (no cdktf), synthesizing
 * the whole fleet, and synthesizing one shard alone (with the foundation). Prints a table, the
 * growth ratios and the budgets; writes bench/results/fleet-<date>.json and fleet-latest.json.
 * `BENCH_FLEET_ZONES=1000,3000` narrows a run.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { shardsNeeded } from '../src/fleet';

const BUILD = path.resolve(__dirname); // compiled: bench/.build/bench
const ROOT = path.resolve(__dirname, '..', '..', '..');
const RESULTS = path.join(ROOT, 'bench', 'results');
const ZONES = (process.env.BENCH_FLEET_ZONES ?? '1000,3000,10000').split(',').map(Number);
const DATASETS = ['http_requests', 'firewall_events'] as const;
/** Cloudflare-shaped ids: 32 hex, deterministic. */
const zoneId = (i: number): string => `${(i + 1).toString(16).padStart(8, '0')}${'c0ffee'.repeat(4)}`;

/** Writes the fleet file of `zones` zones and returns its path and its shard count. */
export function writeFleetFile(dir: string, zones: number): { file: string; shards: number } {
  const owners = Array.from({ length: zones }, (_, i) => ({ id: zoneId(i), pipelines: DATASETS.length }));
  const shards = shardsNeeded(owners, 300);
  const lines = [
    'version: 1',
    'buckets:',
    '  main: { name: bench-cloudflare-logs, region: us-west-2, retentionDays: 365, grants: per-dataset }',
    'siem:',
    '  panther: { type: panther, bucket: main, pantherAwsAccountId: "123456789012", awsAccountId: "111111111111" }',
    'defaults: { bucket: main, siem: panther, fields: all, timestampFormat: rfc3339 }',
    `sharding: { shards: ${shards} }`,
    'zones:',
  ];
  for (let i = 0; i < zones; i++) {
    lines.push(
      `  - id: ${zoneId(i)}`,
      `    name: zone-${i}.example.com`,
      `    datasets: [${DATASETS.join(', ')}]`,
    );
  }
  const file = path.join(dir, `fleet-${zones}.yaml`);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return { file, shards };
}

interface Sample {
  mode: string;
  pipelines: number;
  shards: number;
  stacks?: number;
  jobs?: number;
  bytes?: number;
  definedMs?: number;
  wallMs: number;
  cpuMs: number;
  peakRssMb: number;
  cdktfLoaded?: boolean;
}

function child(args: string[]): Sample {
  const out = execFileSync(process.execPath, [path.join(BUILD, 'fleet-child.js'), ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out.trim().split('\n').pop()!) as Sample;
}

function main(): void {
  const started = Date.now();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-fleet-'));
  const rows: Record<string, unknown>[] = [];
  for (const zones of ZONES) {
    const { file, shards } = writeFleetFile(dir, zones);
    const validate = child(['validate', file]);
    const outAll = fs.mkdtempSync(path.join(dir, `all-${zones}-`));
    const all = child(['synth', file, outAll]);
    fs.rmSync(outAll, { recursive: true, force: true });
    const outOne = fs.mkdtempSync(path.join(dir, `one-${zones}-`));
    const one = child(['synth', file, outOne, 'shard-0']);
    fs.rmSync(outOne, { recursive: true, force: true });
    const row = {
      zones,
      pipelines: all.pipelines,
      shards,
      stacks: all.stacks,
      jobs: all.jobs,
      outputMb: +((all.bytes ?? 0) / 1024 / 1024).toFixed(1),
      validateMs: Math.round(validate.wallMs),
      validateCpuMs: Math.round(validate.cpuMs),
      validateLoadedCdktf: validate.cdktfLoaded,
      synthAllMs: Math.round(all.wallMs),
      synthAllCpuMs: Math.round(all.cpuMs),
      synthAllDefineMs: Math.round(all.definedMs ?? 0),
      synthAllPeakRssMb: Math.round(all.peakRssMb),
      synthOneShardMs: Math.round(one.wallMs),
      synthOneShardCpuMs: Math.round(one.cpuMs),
      synthOneShardPeakRssMb: Math.round(one.peakRssMb),
      oneShardJobs: one.jobs,
    };
    rows.push(row);
    console.log(JSON.stringify(row));
  }
  fs.rmSync(dir, { recursive: true, force: true });

  type Row = {
    zones: number;
    synthAllMs: number;
    synthAllCpuMs: number;
    validateMs: number;
    validateCpuMs: number;
    synthOneShardCpuMs: number;
    synthAllPeakRssMb: number;
    synthOneShardMs: number;
  };
  const at = (z: number) => (rows as Row[]).find((r) => r.zones === z);
  const ratios: Record<string, number> = {};
  const base = at(1000);
  for (const r of rows as Row[]) {
    if (base && r.zones !== 1000) {
      ratios[`time(${r.zones})/time(1000)`] = +(r.synthAllMs / base.synthAllMs).toFixed(2);
      ratios[`cpu(${r.zones})/cpu(1000)`] = +(r.synthAllCpuMs / base.synthAllCpuMs).toFixed(2);
      ratios[`zones ${r.zones}/1000`] = r.zones / 1000;
    }
  }
  const top = at(10_000);
  const budgets = [
    { name: 'validate 10,000 zones, wall (ms)', value: top?.validateMs, limit: 3000 },
    { name: 'validate 10,000 zones, CPU (ms)', value: top?.validateCpuMs, limit: 3000 },
    { name: 'synth all of 10,000 zones: peak RSS (MB)', value: top?.synthAllPeakRssMb, limit: 4096 },
    { name: 'synth one shard of 10,000 zones, wall (ms)', value: top?.synthOneShardMs, limit: 10_000 },
    { name: 'synth one shard of 10,000 zones, CPU (ms)', value: top?.synthOneShardCpuMs, limit: 10_000 },
    {
      name: 'time(10,000)/time(1,000) (linear: 10; limit 11)',
      value: ratios['time(10000)/time(1000)'],
      limit: 11,
    },
    {
      name: 'cpu(10,000)/cpu(1,000) (linear: 10; limit 11)',
      value: ratios['cpu(10000)/cpu(1000)'],
      limit: 11,
    },
  ].map((b) => ({ ...b, held: b.value === undefined ? null : b.value <= b.limit }));

  console.log(
    '\n zones | pipelines | shards | validate ms wall/cpu | synth all ms wall/cpu | peak RSS MB | one shard ms wall/cpu | output MB',
  );
  for (const r of rows as (Row & {
    pipelines: number;
    shards: number;
    synthOneShardPeakRssMb: number;
    outputMb: number;
  })[]) {
    console.log(
      `${String(r.zones).padStart(6)} | ${String(r.pipelines).padStart(9)} | ${String(r.shards).padStart(6)} | ${`${r.validateMs}/${r.validateCpuMs}`.padStart(20)} | ${`${r.synthAllMs}/${r.synthAllCpuMs}`.padStart(21)} | ${String(r.synthAllPeakRssMb).padStart(11)} | ${`${r.synthOneShardMs}/${r.synthOneShardCpuMs}`.padStart(20)} | ${r.outputMb}`,
    );
  }
  console.log(`\nratios: ${JSON.stringify(ratios)}`);
  for (const b of budgets) {
    console.log(
      `budget ${b.held === null ? 'n/a ' : b.held ? 'held' : 'MISSED'}: ${b.name} = ${b.value} (limit ${b.limit})`,
    );
  }
  const result = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version },
    // The machine is shared: the 1/5/15-minute load averages at the end of the run.
    loadAverage: os.loadavg().map((l) => +l.toFixed(2)),
    rows,
    ratios,
    budgets,
    totalSeconds: Math.round((Date.now() - started) / 1000),
  };
  fs.mkdirSync(RESULTS, { recursive: true });
  const text = `${JSON.stringify(result, null, 2)}\n`;
  fs.writeFileSync(path.join(RESULTS, `fleet-${result.date.slice(0, 10)}.json`), text);
  fs.writeFileSync(path.join(RESULTS, 'fleet-latest.json'), text);
  console.log(`\nwrote bench/results/fleet-latest.json (${result.totalSeconds} s)`);
}

if (require.main === module) main();
