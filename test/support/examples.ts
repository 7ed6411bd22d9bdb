/**
 * The repository's examples as programs: each `examples/<name>/main.ts` is run in its own node process
 * (its own App, as `cdktf synth` runs it), `cdktf-logpush` and its subpaths resolving to this
 * repository's source, and the stacks it writes are read back from the outdir.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export const REPO = path.resolve(__dirname, '..', '..');

/** Every example directory with a `main.ts`, sorted. */
export const EXAMPLES: readonly string[] = fs
  .readdirSync(path.join(REPO, 'examples'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && fs.existsSync(path.join(REPO, 'examples', d.name, 'main.ts')))
  .map((d) => d.name)
  .sort();

/** One synthesized stack: `cdk.tf.json` as text and parsed. */
export interface SynthesizedStack {
  readonly name: string;
  /** The stack's working directory in the outdir. */
  readonly dir: string;
  readonly text: string;
  readonly json: Record<string, unknown>;
}

/** Writes (once per directory) the `-r` hook that maps `cdktf-logpush[/sub]` to the source. */
function resolveHook(work: string): string {
  const hook = path.join(work, 'resolve-package.js');
  if (!fs.existsSync(hook)) {
    fs.writeFileSync(
      hook,
      `const Module = require('module');
const path = require('path');
const resolve = Module._resolveFilename;
const REPO = ${JSON.stringify(REPO)};
Module._resolveFilename = function (request, ...rest) {
  const m = /^cdktf-logpush(?:\\/(.+))?$/.exec(request);
  return resolve.call(this, m ? path.join(REPO, (m[1] ?? 'index') + '.ts') : request, ...rest);
};
`,
    );
  }
  return hook;
}

/** Runs `examples/<name>/main.ts` into `outdir` (all fleet shards selected). */
export function synthExample(name: string, outdir: string): Promise<void> {
  const hook = resolveHook(path.dirname(outdir));
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-r', hook, path.join('examples', name, 'main.ts')],
      {
        cwd: REPO,
        env: { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: '1', LOGPUSH_SHARDS: '' },
        maxBuffer: 16 * 1024 * 1024,
        timeout: 180_000,
      },
      (error, stdout, stderr) =>
        error
          ? reject(new Error(`examples/${name}/main.ts failed: ${error.message}\n${stdout}${stderr}`))
          : resolve(),
    );
  });
}

/** The stacks an outdir holds (manifest.json + stacks/<name>/cdk.tf.json), in manifest order. */
export function stacksIn(outdir: string): SynthesizedStack[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as {
    stacks: Record<string, { workingDirectory: string; synthesizedStackPath: string }>;
  };
  return Object.entries(manifest.stacks).map(([name, s]) => {
    const text = fs.readFileSync(path.join(outdir, s.synthesizedStackPath), 'utf8');
    return {
      name,
      dir: path.join(outdir, s.workingDirectory),
      text,
      json: JSON.parse(text) as Record<string, unknown>,
    };
  });
}

/** Runs `f` over `items`, `limit` at a time. */
export async function inPool<T, R>(
  items: readonly T[],
  limit: number,
  f: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await f(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
