/**
 * One measured fleet run, in a fresh process:
 *
 *     node fleet-child.js validate <fleet.yaml>
 *     node fleet-child.js synth <fleet.yaml> <outdir> [shard,shard...]
 *
 * `validate` reads, validates and plans the file without loading cdktf. `synth` defines the fleet
 * with `LogpushFleet.fromFile` (all shards, or the listed ones) and synthesizes it. Wall time runs
 * from this module's first line to the end; memory is the process's peak RSS. Prints one JSON line.
 */
const started = process.hrtime.bigint();

/* eslint-disable @typescript-eslint/no-require-imports -- modules load after the clock started */
import * as fs from 'fs';
import * as path from 'path';

function main(): void {
  const [mode, file, outdir, shardList] = process.argv.slice(2) as [string, string, string?, string?];
  if (mode === 'validate') {
    const fleet = require('../src/fleet') as typeof import('../src/fleet');
    const { plan } = fleet.loadFleetFileWithPlan(file);
    const cdktfLoaded = Object.keys(require.cache).some((k) => k.includes(`${path.sep}cdktf${path.sep}`));
    report({ mode, pipelines: plan.pipelines.length, shards: plan.shards.length, cdktfLoaded });
    return;
  }
  // Required after the clock started: their load time is part of the measurement.
  const { App } = require('cdktf') as typeof import('cdktf');
  const { AwsProvider } =
    require('@cdktf/provider-aws/lib/provider') as typeof import('@cdktf/provider-aws/lib/provider');
  const { CloudflareProvider } =
    require('@cdktf/provider-cloudflare/lib/provider') as typeof import('@cdktf/provider-cloudflare/lib/provider');
  const { LogpushFleet, PantherProvider } = require('../index') as typeof import('../index');

  const app = new App({ outdir: outdir! });
  const fleet = LogpushFleet.fromFile(app, 'bench', file, {
    configureStack: (stack, context) => {
      new AwsProvider(stack, 'aws', { region: 'us-west-2' });
      if (context.kind === 'foundation') new PantherProvider(stack, 'panther', {});
      else new CloudflareProvider(stack, 'cloudflare', {});
    },
    shards: shardList ? shardList.split(',') : undefined,
  });
  const definedMs = elapsedMs();
  app.synth();
  const synthMs = elapsedMs();
  const synthCpuMs = cpuMs();
  let bytes = 0;
  let jobs = 0;
  const stacksDir = path.join(outdir!, 'stacks');
  for (const name of fs.readdirSync(stacksDir)) {
    const text = fs.readFileSync(path.join(stacksDir, name, 'cdk.tf.json'), 'utf8');
    bytes += Buffer.byteLength(text);
    const json = JSON.parse(text) as { resource?: Record<string, Record<string, unknown>> };
    jobs += Object.keys(json.resource?.cloudflare_logpush_job ?? {}).length;
  }
  report({
    mode,
    pipelines: fleet.plan.pipelines.length,
    shards: fleet.plan.shards.length,
    stacks: fs.readdirSync(stacksDir).length,
    jobs,
    bytes,
    definedMs,
    // The end of app.synth(), not of this report (reading the output back is not synthesis).
    wallMs: synthMs,
    cpuMs: synthCpuMs,
  });
}

function elapsedMs(): number {
  return Number(process.hrtime.bigint() - started) / 1e6;
}

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

function report(fields: Record<string, unknown>): void {
  console.log(
    JSON.stringify({
      wallMs: elapsedMs(),
      // CPU time (user + system) of the whole process: less sensitive than wall time to a busy machine.
      cpuMs: cpuMs(),
      ...fields,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      heapUsedMb: process.memoryUsage().heapUsed / 1024 / 1024,
    }),
  );
}

main();
