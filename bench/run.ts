/**
 * `npm run bench`: synthesizes N pipelines three ways (library, hand-written cdktf, raw replay of
 * the library's output), each run in a fresh process, the ways alternating, medians of several
 * runs; prints a table, checks the budgets, and writes the results to bench/results/. Also
 * measures what importing the package entry costs beyond cdktf.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const BUILD = path.resolve(__dirname); // compiled: bench/.build/bench
const ROOT = path.resolve(__dirname, '..', '..', '..');
const RESULTS = path.join(ROOT, 'bench', 'results');
const SIZES = (process.env.BENCH_SIZES ?? '1,100,1000,3000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const WAYS = ['library', 'handwritten', 'floor'] as const;
type Way = (typeof WAYS)[number];

interface Sample {
  way: Way;
  n: number;
  wallMs: number;
  peakRssMb: number;
  heapUsedMb: number;
  resources: number;
  bytes: number;
  output: string;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function runChild(way: Way, n: number, floorJson?: string): Sample {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${way}-${n}-`));
  const args = [path.join(BUILD, 'child.js'), way, String(n), outdir, ...(floorJson ? [floorJson] : [])];
  const out = execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const sample = JSON.parse(out.trim().split('\n').pop()!) as Sample;
  return { ...sample, output: outdir };
}

/** Median ms to `require` a module set in a fresh process. */
function importMs(code: string): number {
  const script = `const t=process.hrtime.bigint();${code};console.log(Number(process.hrtime.bigint()-t)/1e6)`;
  return Number(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' }).trim());
}

function main(): void {
  const started = Date.now();
  const table: Record<string, unknown>[] = [];
  for (const n of SIZES) {
    // The floor replays the library's output for this N: produce it once, outside the timed runs.
    const reference = runChild('library', n);
    const floorJson = path.join(reference.output, 'stacks', 'bench', 'cdk.tf.json');
    const samples: Record<Way, Sample[]> = { library: [], handwritten: [], floor: [] };
    for (let r = 0; r < RUNS; r++) {
      for (const way of WAYS) {
        const s = runChild(way, n, way === 'floor' ? floorJson : undefined);
        fs.rmSync(s.output, { recursive: true, force: true });
        samples[way].push(s);
      }
    }
    fs.rmSync(reference.output, { recursive: true, force: true });
    const m = (way: Way, key: 'wallMs' | 'peakRssMb' | 'heapUsedMb' | 'bytes' | 'resources') =>
      median(samples[way].map((s) => s[key]));
    const row = {
      n,
      resources: WAYS.map((w) => m(w, 'resources')),
      wallMs: WAYS.map((w) => Math.round(m(w, 'wallMs'))),
      peakRssMb: WAYS.map((w) => Math.round(m(w, 'peakRssMb'))),
      heapUsedMb: WAYS.map((w) => Math.round(m(w, 'heapUsedMb'))),
      bytes: WAYS.map((w) => m(w, 'bytes')),
      aOverB: +(m('library', 'wallMs') / m('handwritten', 'wallMs')).toFixed(3),
      aOverC: +(m('library', 'wallMs') / m('floor', 'wallMs')).toFixed(3),
      rssAOverB: +(m('library', 'peakRssMb') / m('handwritten', 'peakRssMb')).toFixed(3),
      runs: RUNS,
    };
    table.push(row);
    console.log(JSON.stringify(row));
  }

  // Import cost of the package entry beyond cdktf, alternating, 7 runs each.
  const entry = JSON.stringify(path.join(BUILD, '..', 'index.js'));
  const cdktfOnly: number[] = [];
  const withEntry: number[] = [];
  for (let i = 0; i < 7; i++) {
    cdktfOnly.push(importMs("require('cdktf')"));
    withEntry.push(importMs(`require('cdktf');require(${entry})`));
  }
  const importCost = median(withEntry) - median(cdktfOnly);

  const byN = (n: number) =>
    table.find((r) => r.n === n) as { wallMs: number[]; peakRssMb: number[]; aOverB: number } | undefined;
  const budgets: { name: string; value: number | null; limit: number; held: boolean | null }[] = [];
  const check = (name: string, value: number | undefined, limit: number) =>
    budgets.push({ name, value: value ?? null, limit, held: value === undefined ? null : value <= limit });
  check('a/b wall at N=1000', byN(1000)?.aOverB, 1.2);
  check('a/b wall at N=3000', byN(3000)?.aOverB, 1.2);
  const t1000 = byN(1000)?.wallMs[0];
  const t3000 = byN(3000)?.wallMs[0];
  check('time(3000)/time(1000), library', t1000 && t3000 ? +(t3000 / t1000).toFixed(3) : undefined, 3.3);
  const r3000 = byN(3000)?.peakRssMb;
  check('peak RSS a/b at N=3000', r3000 ? +(r3000[0]! / r3000[1]!).toFixed(3) : undefined, 1.3);
  check('import cost beyond cdktf (ms)', +importCost.toFixed(1), 100);

  console.log(
    '\n   N | resources a/b/c     | wall ms a/b/c        | peak RSS MB a/b/c | output bytes a/b/c              |  a/b |  a/c',
  );
  for (const r of table as {
    n: number;
    resources: number[];
    wallMs: number[];
    peakRssMb: number[];
    bytes: number[];
    aOverB: number;
    aOverC: number;
  }[]) {
    console.log(
      `${String(r.n).padStart(4)} | ${r.resources.join('/').padEnd(19)} | ${r.wallMs.join('/').padEnd(20)} | ${r.peakRssMb.join('/').padEnd(17)} | ${r.bytes.join('/').padEnd(31)} | ${r.aOverB.toFixed(2)} | ${r.aOverC.toFixed(2)}`,
    );
  }
  console.log(
    `\nimport cost beyond cdktf: ${importCost.toFixed(1)} ms (cdktf alone ${median(cdktfOnly).toFixed(0)} ms)`,
  );
  for (const b of budgets) {
    console.log(
      `budget ${b.held === null ? 'n/a ' : b.held ? 'held' : 'MISSED'}: ${b.name} = ${b.value} (limit ${b.limit})`,
    );
  }
  const result = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version },
    runsPerWay: RUNS,
    table,
    importCostMs: +importCost.toFixed(1),
    importCdktfAloneMs: +median(cdktfOnly).toFixed(1),
    budgets,
    totalSeconds: Math.round((Date.now() - started) / 1000),
  };
  fs.mkdirSync(RESULTS, { recursive: true });
  const text = `${JSON.stringify(result, null, 2)}\n`;
  fs.writeFileSync(path.join(RESULTS, `${result.date.slice(0, 10)}.json`), text);
  fs.writeFileSync(path.join(RESULTS, 'latest.json'), text);
  console.log(`\nwrote bench/results/latest.json (${result.totalSeconds} s)`);
}

main();
