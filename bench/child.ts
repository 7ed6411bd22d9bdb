/**
 * One measured synthesis, in a fresh process: `node child.js <way> <n> <outdir> [floor.json]`.
 * Wall time runs from this module's first line (before cdktf is required) to the end of
 * `app.synth()`; memory is the process's peak RSS (`process.resourceUsage().maxRSS`) and the heap
 * in use at the end. Prints one JSON line.
 */
const started = process.hrtime.bigint();

import * as fs from 'fs';
import * as path from 'path';

type Way = 'library' | 'handwritten' | 'floor';

function main(): void {
  const [way, nText, outdir, floorJson] = process.argv.slice(2) as [Way, string, string, string?];
  const n = Number(nText);
  // Required here, after the clock started: their load time is part of the measurement.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { App, TerraformStack } = require('cdktf') as typeof import('cdktf');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const scenarios = require('./scenarios') as typeof import('./scenarios');
  // One bucket cannot hold thousands of grants (AWS policy size limits, which the library checks as
  // a construct validation); the benchmark measures synthesis at that size all the same.
  const app = new App({ outdir, skipValidation: true });
  const stack = new TerraformStack(app, 'bench');
  if (way === 'library') scenarios.viaLibrary(stack, n);
  else if (way === 'handwritten') scenarios.handWritten(stack, n);
  else scenarios.replay(stack, JSON.parse(fs.readFileSync(floorJson!, 'utf8')));
  app.synth();
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const file = path.join(outdir, 'stacks', 'bench', 'cdk.tf.json');
  const text = fs.readFileSync(file, 'utf8');
  const json = JSON.parse(text) as { resource?: Record<string, Record<string, unknown>> };
  const resources = Object.values(json.resource ?? {}).reduce(
    (sum, byName) => sum + Object.keys(byName).length,
    0,
  );
  console.log(
    JSON.stringify({
      way,
      n,
      wallMs,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      heapUsedMb: process.memoryUsage().heapUsed / 1024 / 1024,
      resources,
      bytes: Buffer.byteLength(text),
      output: file,
    }),
  );
}

main();
