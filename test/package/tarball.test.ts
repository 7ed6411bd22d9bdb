/**
 * The package as its users get it. Packs the repository with `npm pack` (which builds through
 * `prepare`), installs the tarball with its peer dependencies from the registry into a fresh cdktf
 * TypeScript app in a temporary directory outside the repository, and there type-checks and
 * synthesizes every `examples/<name>/main.ts` against the INSTALLED package, checks what the
 * tarball ships, the ownership handler's archive and the installed bin.
 *
 * The pack runs on a copy of the tracked files (`git ls-files`, as they are in the working tree)
 * with the repository's node_modules linked in: in CI (a fresh clone) that is the clean checkout
 * itself; locally it leaves out untracked files and any stale `lib/` without the minutes an
 * `npm ci` in a real clone would cost (copy ~0.1 s, pack ~6 s, install ~10 s with a warm cache).
 */
import { execFileSync } from 'child_process';
import { builtinModules } from 'module';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { tsBlocks } from '../support/readme';
import { readZip } from '../support/zip';

const REPO = path.resolve(__dirname, '..', '..');
const PKG = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  bin: Record<string, string>;
  peerDependencies: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** Every example, including ones added later: a folder under examples/ with a main.ts. */
/** The README's TypeScript blocks: a user copies them into an app that installed the tarball. */
const README_BLOCKS = tsBlocks(fs.readFileSync(path.join(REPO, 'README.md'), 'utf8'));
const readmeFile = (line: number, ext: 'ts' | 'js') => path.join(app, 'readme', `line-${line}.${ext}`);

const EXAMPLES = fs
  .readdirSync(path.join(REPO, 'examples'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && fs.existsSync(path.join(REPO, 'examples', d.name, 'main.ts')))
  .map((d) => d.name)
  .sort();

/** What the tarball may hold: compiled JavaScript and declarations under lib/, and the docs. */
const SHIPPABLE = [
  /^package\.json$/,
  /^README\.md$/,
  /^CHANGELOG\.md$/,
  /^API\.md$/,
  /^LICENSE(\.\w+)?$/,
  // The fleet file's JSON Schema, for editors (`$schema=./node_modules/cdktf-logpush/schema/...`).
  /^schema\/logpush\.schema\.json$/,
];
const SHIPPABLE_LIB = /^lib\/(index|src\/.+|constructs\/.+|ownership-handler\/[^/]+)\.(js|d\.ts)$/;

/** The packages (not node built-ins, not this package) that a TypeScript file under examples/ imports. */
function examplesImports(): string[] {
  const names = new Set<string>();
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory() && !['node_modules', 'cdktf.out'].includes(entry.name)) visit(file);
      if (!entry.isFile() || !/\.ts$/.test(entry.name)) continue;
      const source = fs.readFileSync(file, 'utf8');
      for (const m of source.matchAll(/(?:from|import|require\()\s*['"]([^'"./][^'"]*)['"]/g)) {
        const spec = m[1];
        const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
        if (!name.startsWith('node:') && !builtinModules.includes(name) && name !== PKG.name) names.add(name);
      }
    }
  };
  visit(path.join(REPO, 'examples'));
  return [...names].sort();
}

function run(cmd: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  try {
    return execFileSync(cmd, args, {
      cwd,
      env: { ...process.env, CHECKPOINT_DISABLE: '1', ...env },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
      timeout: 240_000,
    });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `${cmd} ${args.join(' ')} (in ${cwd}) failed: ${err.message}\n${err.stdout ?? ''}\n${err.stderr ?? ''}`,
    );
  }
}

let work: string;
let app: string;
let packed: { filename: string; files: { path: string; mode: number }[] };
let installed: string;

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-logpush-package-'));
  expect(path.relative(REPO, work).startsWith('..')).toBe(true);

  // 1. A clean checkout: the tracked files, the repository's node_modules (for tsc during prepare).
  const checkout = path.join(work, 'checkout');
  const tracked = run('git', ['ls-files', '-z'], REPO).split('\0').filter(Boolean);
  for (const file of tracked) {
    const from = path.join(REPO, file);
    if (!fs.existsSync(from)) continue; // deleted in the working tree, not yet committed
    fs.mkdirSync(path.dirname(path.join(checkout, file)), { recursive: true });
    fs.copyFileSync(from, path.join(checkout, file));
  }
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(checkout, 'node_modules'), 'dir');

  const t0 = Date.now();
  // 2. npm pack: `prepare` builds the library and the handler.
  const packJson = run('npm', ['pack', '--json', '--pack-destination', work], checkout);
  packed = (JSON.parse(packJson.slice(packJson.indexOf('['))) as (typeof packed)[])[0];

  const t1 = Date.now();
  // 3. A fresh cdktf TypeScript app that installs the tarball and its peers, as a user's repo would.
  app = path.join(work, 'app');
  fs.mkdirSync(app);
  fs.writeFileSync(
    path.join(app, 'package.json'),
    JSON.stringify({ name: 'logpush-consumer', version: '0.0.0', private: true }, null, 2),
  );
  fs.writeFileSync(
    path.join(app, 'tsconfig.json'),
    JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2022',
          module: 'commonjs',
          moduleResolution: 'node',
          strict: true,
          esModuleInterop: true,
          skipLibCheck: true,
          types: ['node'],
        },
        include: ['examples/**/*.ts', 'readme/**/*.ts'],
      },
      null,
      2,
    ),
  );
  const peers = Object.entries(PKG.peerDependencies).map(
    // The exact versions this repository tests with (the peer ranges allow them).
    ([name]) => `${name}@${PKG.devDependencies[name]}`,
  );
  // Packages an example imports that a user's app would add itself (a provider package, say): the
  // repository's pinned devDependency version. The package's own dependencies come with it.
  const extra = examplesImports()
    .filter((name) => !(name in PKG.peerDependencies) && !(name in PKG.dependencies))
    .filter((name) => name in PKG.devDependencies && !['typescript', '@types/node'].includes(name))
    .map((name) => `${name}@${PKG.devDependencies[name]}`);
  run(
    'npm',
    [
      'install',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      path.join(work, packed.filename),
      ...peers,
      ...extra,
      `typescript@${PKG.devDependencies.typescript}`,
      `@types/node@${PKG.devDependencies['@types/node']}`,
    ],
    app,
  );
  installed = path.join(app, 'node_modules', PKG.name);
  console.log(
    `package test: npm pack ${((t1 - t0) / 1000).toFixed(1)} s, npm install ${((Date.now() - t1) / 1000).toFixed(1)} s (${[...peers, ...extra].join(' ')})`,
  );
  fs.cpSync(path.join(REPO, 'examples'), path.join(app, 'examples'), {
    recursive: true,
    filter: (src) => !/(^|\/)(cdktf\.out|node_modules)$/.test(src) && !src.endsWith('.js'),
  });
  fs.mkdirSync(path.join(app, 'readme'));
  for (const b of README_BLOCKS) fs.writeFileSync(readmeFile(b.line, 'ts'), b.code);
}, 300_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test('the tarball ships the compiled library, its declarations, the handler and the docs, and nothing else', () => {
  const files = packed.files.map((f) => f.path).sort();
  const unexpected = files.filter((f) => !SHIPPABLE.some((r) => r.test(f)) && !SHIPPABLE_LIB.test(f));
  expect(unexpected).toEqual([]);
  for (const required of [
    'lib/index.js',
    'lib/index.d.ts',
    'lib/constructs/log-bucket.d.ts',
    'lib/src/cli/bin.js',
    'lib/ownership-handler/lambda.js',
    'README.md',
    'CHANGELOG.md',
    'API.md',
  ]) {
    expect(files).toContain(required);
  }
  // No TypeScript sources (.d.ts aside), tests, bench, scripts or examples.
  expect(files.filter((f) => /\.ts$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
  expect(files.filter((f) => /(^|\/)(test|bench|scripts|examples)\//.test(f))).toEqual([]);
});

test('the installed package resolves by its name to the compiled library', () => {
  const resolved = run('node', ['-p', `require.resolve(${JSON.stringify(PKG.name)})`], app).trim();
  expect(resolved).toBe(path.join(fs.realpathSync(installed), 'lib', 'index.js'));
  expect(fs.existsSync(path.join(installed, 'lib', 'ownership-handler', 'lambda.js'))).toBe(true);
});

test('every example type-checks against the installed package', () => {
  expect(EXAMPLES).toContain('basic');
  // tsc emits main.js beside each main.ts, so an example reading sibling files finds them.
  run(path.join(app, 'node_modules', '.bin', 'tsc'), ['-p', '.'], app);
  for (const name of EXAMPLES) expect(fs.existsSync(path.join(app, 'examples', name, 'main.js'))).toBe(true);
});

describe.each(README_BLOCKS)('README block at line $line, run against the installed package', (block) => {
  test('runs, and writes a stack when it synthesizes', () => {
    // Compiled beside the examples by the type-check above (the app's tsconfig includes readme/).
    expect(fs.existsSync(readmeFile(block.line, 'js'))).toBe(true);
    const cwd = fs.mkdtempSync(path.join(work, 'readme-run-'));
    const outdir = path.join(cwd, 'cdktf.out');
    run('node', [readmeFile(block.line, 'js')], cwd, { CDKTF_OUTDIR: outdir });
    if (/\.synth\(\)/.test(block.code)) {
      expect(fs.readdirSync(path.join(outdir, 'stacks')).length).toBeGreaterThan(0);
    }
  });
});

describe.each(EXAMPLES)('example %s, synthesized against the installed package', (name) => {
  test('writes a stack whose ownership handler archive holds the installed lambda.js', () => {
    const outdir = path.join(app, 'out', name);
    fs.mkdirSync(path.dirname(outdir), { recursive: true });
    run('node', [path.join('examples', name, 'main.js')], app, { CDKTF_OUTDIR: outdir });
    const stacks = fs.readdirSync(path.join(outdir, 'stacks'));
    expect(stacks.length).toBeGreaterThan(0);
    const archives: string[] = [];
    for (const stack of stacks) {
      const tf = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8')) as {
        resource?: Record<string, Record<string, { filename?: string }>>;
      };
      for (const fn of Object.values(tf.resource?.aws_lambda_function ?? {})) {
        if (fn.filename) archives.push(path.join(outdir, 'stacks', stack, fn.filename));
      }
    }
    if (archives.length === 0) return; // an example whose pipelines all verify ownership by token
    const installedLambda = fs.readFileSync(path.join(installed, 'lib', 'ownership-handler', 'lambda.js'));
    for (const archive of archives) {
      const entries = readZip(fs.readFileSync(archive));
      expect(entries.map((e) => e.name)).toEqual(expect.arrayContaining(['lambda.js', 'challenge.js']));
      expect(entries.find((e) => e.name === 'lambda.js')!.data.equals(installedLambda)).toBe(true);
    }
  });
});

test('the basic example defines the ownership function, so the handler archive is checked', () => {
  const stack = path.join(app, 'out', 'basic', 'stacks', 'cdktf-logpush-basic', 'cdk.tf.json');
  const tf = JSON.parse(fs.readFileSync(stack, 'utf8')) as { resource: Record<string, unknown> };
  expect(Object.keys(tf.resource)).toContain('aws_lambda_function');
});

test('the installed bin runs: cdktf-logpush --version', () => {
  const bin = path.join(app, 'node_modules', '.bin', Object.keys(PKG.bin)[0]);
  expect(fs.statSync(fs.realpathSync(bin)).mode & 0o111).not.toBe(0);
  expect(run(bin, ['--version'], app).trim()).toBe(PKG.version);
});
