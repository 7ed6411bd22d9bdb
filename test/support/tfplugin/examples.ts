/**
 * The examples as a user runs them: each `examples/<name>/main.ts` is executed as a program (its
 * `require.main === module` branch synthesizes the app) with `CDKTF_OUTDIR` set, `cdktf-logpush`
 * resolving to this repository's source. The manifest cdktf writes gives the stacks and their
 * dependencies (split stacks: a consumer after the stack whose outputs it reads).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export const REPO = path.resolve(__dirname, '..', '..', '..');

/** Every example: a folder under examples/ with a main.ts. */
export function exampleDirs(): string[] {
  const root = path.join(REPO, 'examples');
  return fs
    .readdirSync(root)
    .filter((d) => fs.existsSync(path.join(root, d, 'main.ts')))
    .sort()
    .map((d) => path.join(root, d));
}

export interface SynthesizedStack {
  readonly name: string;
  /** The folder holding `cdk.tf.json`. */
  readonly dir: string;
  readonly dependencies: readonly string[];
}

/** The ownership handler the stacks package (lib/ownership-handler), built once if absent. */
export function ensureHandler(): void {
  if (fs.existsSync(path.join(REPO, 'lib', 'ownership-handler'))) return;
  const r = spawnSync('npm', ['run', 'build:handler'], { cwd: REPO, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm run build:handler failed:\n${r.stdout}${r.stderr}`);
}

/** Synthesizes an example into `outdir`; returns its stacks in dependency order. */
export function synthExample(
  exampleDir: string,
  outdir: string,
  env: NodeJS.ProcessEnv = {},
  /** The program's working directory: cdktf resolves local state paths against it. */
  cwd: string = REPO,
): SynthesizedStack[] {
  ensureHandler();
  fs.mkdirSync(outdir, { recursive: true });
  const r = spawnSync(
    process.execPath,
    [
      '-r',
      path.join(__dirname, 'resolve-package.js'),
      '-r',
      require.resolve('ts-node/register/transpile-only'),
      path.join(exampleDir, 'main.ts'),
    ],
    {
      cwd,
      env: {
        ...process.env,
        ...env,
        CDKTF_OUTDIR: outdir,
        TS_NODE_PROJECT: path.join(REPO, 'tsconfig.json'),
      },
      encoding: 'utf8',
      timeout: 10 * 60_000,
    },
  );
  if (r.status !== 0) throw new Error(`synth of ${exampleDir} failed (${r.status}):\n${r.stdout}${r.stderr}`);
  return stacksOf(outdir);
}

interface Manifest {
  readonly stacks: Record<string, { name: string; workingDirectory: string; dependencies?: string[] }>;
}

/** The stacks of a synthesized app, every stack after the ones it depends on. */
export function stacksOf(outdir: string): SynthesizedStack[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as Manifest;
  const all = Object.values(manifest.stacks).map((s) => ({
    name: s.name,
    dir: path.join(outdir, s.workingDirectory),
    dependencies: s.dependencies ?? [],
  }));
  const ordered: SynthesizedStack[] = [];
  const visit = (s: SynthesizedStack, seen: string[]) => {
    if (ordered.includes(s)) return;
    if (seen.includes(s.name)) throw new Error(`stack dependency cycle: ${[...seen, s.name].join(' -> ')}`);
    for (const d of s.dependencies) {
      visit(
        all.find((x) => x.name === d)!,
        [...seen, s.name],
      );
    }
    ordered.push(s);
  };
  for (const s of all.sort((a, b) => a.name.localeCompare(b.name))) visit(s, []);
  return ordered;
}
