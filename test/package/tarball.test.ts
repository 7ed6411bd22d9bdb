/**
 * The package as its users get it. Packs the repository with `npm pack` (which builds through
 * `prepare`), installs the tarball with its peer dependencies from the registry into a fresh cdktf
 * TypeScript app in a temporary directory outside the repository, and there type-checks and
 * synthesizes every `examples/<name>/main.ts` against the INSTALLED package, checks what the
 * tarball ships, the ownership handler's archive and the installed bin.
 *
 * The same tarball then goes, without `--legacy-peer-deps`, into two more apps, each synthesizing
 * every example: a cdktf app on `@cdktf/provider-aws` 21.22.1 (hashicorp/aws 6.25.0), and a CDK
 * Terrain app (`cdktn` 0.24.0, `@cdktn/provider-aws` 25.7.0) whose examples import the second entry
 * point `cdktf-logpush/cdktn` (rewritten as docs/compatibility.md's migration section says). Each example's
 * stacks from the cdktn app, and from the AWS 6 app, are compared with the AWS 5 app's: the same
 * addresses and attributes apart from version constraints. The installs share npm's cache
 * (`--prefer-offline`). Measured on a shared 2-core machine, warm cache (2026-11-29): pack (three
 * builds: main, handler, cdktn flavour) 2 min under load, each install 14-18 s, each synthesis 1-4 s,
 * the whole file 6.5 min.
 *
 * The pack runs on a copy of the tracked files (`git ls-files`, as they are in the working tree)
 * with the repository's node_modules linked in: in CI (a fresh clone) that is the clean checkout
 * itself; locally it leaves out untracked files and any stale `lib/` without the minutes an
 * `npm ci` in a real clone would cost.
 */
import { execFileSync, spawnSync } from 'child_process';
import { builtinModules } from 'module';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CDKTN, migrateAppSource } from '../../scripts/flavours';
import { blockName, docPages, docTsBlocks } from '../support/readme';
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
/** The TypeScript blocks of README.md and docs/: a user copies them into an app that installed the tarball. */
const README_BLOCKS = docTsBlocks(REPO);
const readmeFile = (b: { file: string; line: number }, ext: 'ts' | 'js') =>
  path.join(app, 'readme', `${blockName(b.file, b.line)}.${ext}`);

const EXAMPLES = fs
  .readdirSync(path.join(REPO, 'examples'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && fs.existsSync(path.join(REPO, 'examples', d.name, 'main.ts')))
  .map((d) => d.name)
  .sort();

/** What the tarball may hold: compiled JavaScript and declarations under lib/, and the docs. */
const SHIPPABLE = [
  /^package\.json$/,
  /^README\.md$/,
  // The pages README.md links to, so its links resolve in node_modules too.
  /^docs\/([\w.-]+\/)*[\w.-]+\.md$/,
  /^CHANGELOG\.md$/,
  /^API\.md$/,
  /^LICENSE(\.\w+)?$/,
  // The fleet file's JSON Schema, for editors (`$schema=./node_modules/cdktf-logpush/schema/...`).
  /^schema\/logpush\.schema\.json$/,
];
const SHIPPABLE_LIB =
  /^lib\/(index|ibm|fleet|panther|src\/.+|constructs\/.+|ownership-handler\/[^/]+|cdktn\/(index|cdktn|ibm|fleet|panther|constructs\/.+))\.(js|d\.ts)$/;

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

/** The peers a cdktf app installs (the cdktn ones are optional and left out). */
const CDKTF_PEERS = ['@cdktf/provider-aws', '@cdktf/provider-cloudflare', 'cdktf', 'constructs'];

/**
 * A fresh TypeScript app in `work/<name>`: installs the tarball beside `packages` (no
 * `--legacy-peer-deps`: a peer range that shuts the app out fails the install), copies the examples
 * (their sources passed through `transform`, as a user migrating them would edit them).
 */
function installApp(
  name: string,
  packages: readonly string[],
  transform: (source: string) => string = (x) => x,
) {
  const dir = path.join(work, name);
  fs.mkdirSync(dir);
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: `logpush-consumer-${name}`, version: '0.0.0', private: true }, null, 2),
  );
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
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
  const t = Date.now();
  const args = [
    'install',
    '--prefer-offline',
    '--no-audit',
    '--no-fund',
    path.join(work, packed.filename),
    ...packages,
    `typescript@${PKG.devDependencies.typescript}`,
    `@types/node@${PKG.devDependencies['@types/node']}`,
  ];
  // Both streams: npm's warnings (EBADENGINE, peer overrides) go to stderr.
  const npm = spawnSync('npm', args, {
    cwd: dir,
    env: { ...process.env, CHECKPOINT_DISABLE: '1' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 280_000,
  });
  const log = `${npm.stdout}\n${npm.stderr}`;
  if (npm.status !== 0) throw new Error(`npm ${args.join(' ')} (in ${dir}) failed (${npm.status}):\n${log}`);
  installLogs[name] = log;
  timings[`npm install (${name})`] = Date.now() - t;
  fs.cpSync(path.join(REPO, 'examples'), path.join(dir, 'examples'), {
    recursive: true,
    filter: (src) => !/(^|\/)(cdktf\.out|node_modules)$/.test(src) && !src.endsWith('.js'),
  });
  for (const example of EXAMPLES) {
    const file = path.join(dir, 'examples', example, 'main.ts');
    fs.writeFileSync(file, transform(fs.readFileSync(file, 'utf8')));
  }
  return dir;
}

/** Synthesizes `examples/<name>` (compiled by the app's tsc) in `dir`; the stacks' JSON by name. */
function synthExample(dir: string, name: string): Record<string, TfJson> {
  const outdir = path.join(dir, 'out', name);
  fs.mkdirSync(path.dirname(outdir), { recursive: true });
  const t = Date.now();
  run('node', [path.join('examples', name, 'main.js')], dir, { CDKTF_OUTDIR: outdir });
  timings[`synth ${name} (${path.basename(dir)})`] = Date.now() - t;
  const stacks = fs.readdirSync(path.join(outdir, 'stacks'));
  return Object.fromEntries(
    stacks.map((stack) => [
      stack,
      JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8')) as TfJson,
    ]),
  );
}

type TfJson = {
  '//'?: { metadata?: Record<string, unknown> };
  terraform?: { required_providers?: Record<string, { version?: string }> };
  resource?: Record<string, Record<string, { filename?: string }>>;
};

const installLogs: Record<string, string> = {};
const timings: Record<string, number> = {};

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
  timings['npm pack'] = t1 - t0;
  // 3. A fresh cdktf TypeScript app that installs the tarball and its peers, as a user's repo would.
  const peers = CDKTF_PEERS.map(
    // The exact versions this repository tests with (the peer ranges allow them).
    (name) => `${name}@${PKG.devDependencies[name]}`,
  );
  // Packages an example imports that a user's app would add itself (a provider package, say): the
  // repository's pinned devDependency version. The package's own dependencies come with it.
  const extra = examplesImports()
    .filter((name) => !(name in PKG.peerDependencies) && !(name in PKG.dependencies))
    .filter((name) => name in PKG.devDependencies && !['typescript', '@types/node'].includes(name))
    .map((name) => `${name}@${PKG.devDependencies[name]}`);
  app = installApp('app', [...peers, ...extra]);
  installed = path.join(app, 'node_modules', PKG.name);
  console.log(
    `package test: npm pack ${((t1 - t0) / 1000).toFixed(1)} s, npm install ${((Date.now() - t1) / 1000).toFixed(1)} s (${[...peers, ...extra].join(' ')})`,
  );
  fs.mkdirSync(path.join(app, 'readme'));
  for (const b of README_BLOCKS) fs.writeFileSync(readmeFile(b, 'ts'), b.code);
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
    ...['ibm', 'fleet', 'panther'].flatMap((sub) => [
      `lib/${sub}.js`,
      `lib/${sub}.d.ts`,
      `lib/cdktn/${sub}.js`,
      `lib/cdktn/${sub}.d.ts`,
    ]),
    'lib/constructs/log-bucket.d.ts',
    'lib/src/cli/bin.js',
    'lib/ownership-handler/lambda.js',
    'README.md',
    'CHANGELOG.md',
    'API.md',
    ...docPages(REPO),
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

describe.each(README_BLOCKS)('$file block at line $line, run against the installed package', (block) => {
  test('runs, and writes a stack when it synthesizes', () => {
    // Compiled beside the examples by the type-check above (the app's tsconfig includes readme/).
    expect(fs.existsSync(readmeFile(block, 'js'))).toBe(true);
    const cwd = fs.mkdtempSync(path.join(work, 'readme-run-'));
    const outdir = path.join(cwd, 'cdktf.out');
    run('node', [readmeFile(block, 'js')], cwd, { CDKTF_OUTDIR: outdir });
    if (/\.synth\(\)/.test(block.code)) {
      expect(fs.readdirSync(path.join(outdir, 'stacks')).length).toBeGreaterThan(0);
    }
  });
});

/** Every ownership function archive of `stacks` (synthesized in `dir`) holds the installed lambda.js. */
function expectInstalledHandler(dir: string, name: string, stacks: Record<string, TfJson>): void {
  const archives: string[] = [];
  for (const [stack, tf] of Object.entries(stacks)) {
    for (const fn of Object.values(tf.resource?.aws_lambda_function ?? {})) {
      if (fn.filename) archives.push(path.join(dir, 'out', name, 'stacks', stack, fn.filename));
    }
  }
  if (archives.length === 0) return; // an example whose pipelines all verify ownership by token
  const lambda = path.join(dir, 'node_modules', PKG.name, 'lib', 'ownership-handler', 'lambda.js');
  const installedLambda = fs.readFileSync(lambda);
  for (const archive of archives) {
    const entries = readZip(fs.readFileSync(archive));
    expect(entries.map((e) => e.name)).toEqual(expect.arrayContaining(['lambda.js', 'challenge.js']));
    expect(entries.find((e) => e.name === 'lambda.js')!.data.equals(installedLambda)).toBe(true);
  }
}

/** The stacks each app synthesized, by example, for the comparisons below. */
const synthesized: Record<string, Record<string, Record<string, TfJson>>> = { app: {}, aws6: {}, cdktn: {} };

describe.each(EXAMPLES)('example %s, synthesized against the installed package', (name) => {
  test('writes a stack whose ownership handler archive holds the installed lambda.js', () => {
    const stacks = synthExample(app, name);
    synthesized.app[name] = stacks;
    expect(Object.keys(stacks).length).toBeGreaterThan(0);
    expectInstalledHandler(app, name, stacks);
  });
});

test('the basic example defines the ownership function, so the handler archive is checked', () => {
  const stack = path.join(app, 'out', 'basic', 'stacks', 'cdktf-logpush-basic', 'cdk.tf.json');
  const tf = JSON.parse(fs.readFileSync(stack, 'utf8')) as { resource: Record<string, unknown> };
  expect(Object.keys(tf.resource)).toContain('aws_lambda_function');
});

test('installs beside @cdktf/provider-aws 20.1.0 without --legacy-peer-deps, every peer satisfied', () => {
  expectNoPeerProblem(app, ['@cdktf/provider-aws', '@cdktf/provider-cloudflare', 'cdktf', 'constructs']);
  const version = run('node', ['-p', "require('@cdktf/provider-aws/package.json').version"], app).trim();
  expect(version).toBe('20.1.0');
});

test('the installed bin runs: cdktf-logpush --version', () => {
  const bin = path.join(app, 'node_modules', '.bin', Object.keys(PKG.bin)[0]);
  expect(fs.statSync(fs.realpathSync(bin)).mode & 0o111).not.toBe(0);
  expect(run(bin, ['--version'], app).trim()).toBe(PKG.version);
});

/**
 * The subpath entry points of the installed package, from the app in `dir`: a program importing
 * `<base>/ibm`, `<base>/fleet` and `<base>/panther` type-checks under `moduleResolution: node`
 * (package.json `typesVersions`, what cdktf app templates use) and `node16` (`exports`), and at run
 * time each subpath resolves into the installed lib/ and hands out the main entry point's classes.
 */
function expectSubpaths(dir: string, base: 'cdktf-logpush' | 'cdktf-logpush/cdktn'): void {
  const check = path.join(dir, 'subpaths');
  fs.mkdirSync(check, { recursive: true });
  fs.writeFileSync(
    path.join(check, 'check.ts'),
    [
      `import * as main from '${base}';`,
      `import { CisLogpushPipeline, CosLogBucket, IbmProvider, cisDatasets, type CisLogpushPipelineProps } from '${base}/ibm';`,
      `import { LogpushFleet, loadFleetFile, parseFleet, planFleet, type FleetSpec } from '${base}/fleet';`,
      `import { PantherLogSource, PantherProvider, type PantherLogSourceProps } from '${base}/panther';`,
      `const props: Partial<CisLogpushPipelineProps & PantherLogSourceProps> = {};`,
      `const spec: FleetSpec | undefined = undefined;`,
      `const pairs: [string, unknown, unknown][] = [`,
      `  ['CisLogpushPipeline', CisLogpushPipeline, main.CisLogpushPipeline],`,
      `  ['CosLogBucket', CosLogBucket, main.CosLogBucket],`,
      `  ['IbmProvider', IbmProvider, main.IbmProvider],`,
      `  ['cisDatasets', cisDatasets, main.cisDatasets],`,
      `  ['LogpushFleet', LogpushFleet, main.LogpushFleet],`,
      `  ['loadFleetFile', loadFleetFile, main.loadFleetFile],`,
      `  ['parseFleet', parseFleet, main.parseFleet],`,
      `  ['planFleet', planFleet, main.planFleet],`,
      `  ['PantherLogSource', PantherLogSource, main.PantherLogSource],`,
      `  ['PantherProvider', PantherProvider, main.PantherProvider],`,
      `];`,
      `const differ = pairs.filter(([, a, b]) => typeof a !== 'function' || a !== b).map(([n]) => n);`,
      `const resolved = ['ibm', 'fleet', 'panther'].map((s) => require.resolve('${base}/' + s));`,
      `console.log(JSON.stringify({ differ, resolved, props, spec: spec ?? null }));`,
      ``,
    ].join('\n'),
  );
  for (const resolution of ['node', 'node16']) {
    fs.writeFileSync(
      path.join(check, 'tsconfig.json'),
      JSON.stringify({
        extends: '../tsconfig.json',
        compilerOptions: {
          module: resolution === 'node' ? 'commonjs' : 'node16',
          moduleResolution: resolution,
        },
        include: ['check.ts'],
      }),
    );
    run(path.join(dir, 'node_modules', '.bin', 'tsc'), ['-p', check], dir);
  }
  const out = JSON.parse(run('node', [path.join(check, 'check.js')], dir)) as {
    differ: string[];
    resolved: string[];
  };
  expect(out.differ).toEqual([]);
  const lib = path.join(fs.realpathSync(path.join(dir, 'node_modules', 'cdktf-logpush')), 'lib');
  const sub = base === 'cdktf-logpush' ? lib : path.join(lib, 'cdktn');
  expect(out.resolved).toEqual(['ibm', 'fleet', 'panther'].map((s) => path.join(sub, `${s}.js`)));
}

test('the subpath entry points cdktf-logpush/ibm, /fleet and /panther type-check and resolve from the installed package', () => {
  expectSubpaths(app, 'cdktf-logpush');
}, 120_000);

/** A `npm ls` that exits 0: every peer of every installed package is satisfied. */
function expectNoPeerProblem(dir: string, names: readonly string[]): void {
  const tree = JSON.parse(run('npm', ['ls', '--json', PKG.name, ...names], dir)) as {
    problems?: string[];
    dependencies: Record<string, { version: string }>;
  };
  expect(tree.problems ?? []).toEqual([]);
}

describe('a cdktf app on @cdktf/provider-aws 21.22.1 (hashicorp/aws 6.25.0)', () => {
  let aws6: string;
  beforeAll(() => {
    aws6 = installApp('aws6', [
      '@cdktf/provider-aws@21.22.1',
      `@cdktf/provider-cloudflare@${PKG.devDependencies['@cdktf/provider-cloudflare']}`,
      `cdktf@${PKG.devDependencies.cdktf}`,
      `constructs@${PKG.devDependencies.constructs}`,
    ]);
  }, 300_000);

  test('installs the tarball without --legacy-peer-deps, every peer satisfied', () => {
    expectNoPeerProblem(aws6, ['@cdktf/provider-aws', 'cdktf']);
    const version = run('node', ['-p', "require('@cdktf/provider-aws/package.json').version"], aws6).trim();
    expect(version).toBe('21.22.1');
  });

  test('every example type-checks against the installed package and provider-aws 21', () => {
    run(path.join(aws6, 'node_modules', '.bin', 'tsc'), ['-p', '.'], aws6);
  }, 120_000);

  test("the library's own source type-checks against @cdktf/provider-aws 21.22.1", () => {
    // What the examples do not reach (server access logging, a bucket without a region prop, ...)
    // still uses only classes and attributes the 6.x binding has.
    const src = path.join(aws6, 'library-source');
    const build = JSON.parse(fs.readFileSync(path.join(REPO, 'tsconfig.build.json'), 'utf8')) as {
      include: string[];
      exclude: string[];
    };
    for (const file of run('git', ['ls-files', 'index.ts', 'src', 'constructs'], REPO)
      .split('\n')
      .filter(Boolean)) {
      if (!fs.existsSync(path.join(REPO, file))) continue;
      fs.mkdirSync(path.dirname(path.join(src, file)), { recursive: true });
      fs.copyFileSync(path.join(REPO, file), path.join(src, file));
    }
    const base = JSON.parse(fs.readFileSync(path.join(REPO, 'tsconfig.json'), 'utf8')) as {
      compilerOptions: Record<string, unknown>;
    };
    fs.writeFileSync(
      path.join(src, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { ...base.compilerOptions, noEmit: true, types: ['node'], paths: undefined },
        include: build.include,
        exclude: build.exclude,
      }),
    );
    run(path.join(aws6, 'node_modules', '.bin', 'tsc'), ['-p', src], aws6);
  }, 180_000);

  test.each(EXAMPLES)(
    'example %s synthesizes what it does with provider-aws 20.1.0, its handler archive the installed one',
    (name) => {
      const stacks = synthExample(aws6, name);
      synthesized.aws6[name] = stacks;
      expect(Object.keys(stacks).length).toBeGreaterThan(0);
      expectInstalledHandler(aws6, name, stacks);
      // The same stacks, addresses and attributes as with provider-aws 20.1.0 (hashicorp/aws 5):
      // only the version constraint differs (docs/compatibility.md).
      expect(comparable(aws6, stacks)).toEqual(comparable(app, synthesized.app[name]!));
      // The stack asks for hashicorp/aws 6 (the binding's constraint), the library's resources in it.
      const constraints = Object.values(stacks).map((tf) => tf.terraform?.required_providers?.aws?.version);
      expect(constraints.filter(Boolean).every((c) => /^6\./.test(String(c)))).toBe(true);
    },
    120_000,
  );
});

describe('a CDK Terrain app (cdktn 0.24.0, @cdktn/provider-aws 25.7.0) on cdktf-logpush/cdktn', () => {
  let tn: string;
  beforeAll(() => {
    // No cdktf, no @cdktf/provider-*: the cdktn app installs its own framework only.
    tn = installApp('cdktn', ['cdktn@0.24.0', '@cdktn/provider-aws@25.7.0'], (source) =>
      migrateAppSource(CDKTN, source),
    );
  }, 300_000);

  test('installs the tarball without --legacy-peer-deps and without cdktf or a @cdktf provider', () => {
    expectNoPeerProblem(tn, ['cdktn', '@cdktn/provider-aws', 'constructs']);
    for (const absent of ['cdktf', '@cdktf/provider-aws', '@cdktf/provider-cloudflare']) {
      expect(fs.existsSync(path.join(tn, 'node_modules', absent))).toBe(false);
    }
  });

  test('the examples import the cdktn entry point and cdktn only', () => {
    for (const name of EXAMPLES) {
      const source = fs.readFileSync(path.join(tn, 'examples', name, 'main.ts'), 'utf8');
      expect(source).not.toMatch(/from '(cdktf|@cdktf\/[^']+|cdktf-logpush)'/);
    }
  });

  test('Node: @cdktn/provider-aws 25 declares node >= 22.11; below that npm warns (EBADENGINE) and it runs', () => {
    const engines = JSON.parse(
      fs.readFileSync(path.join(tn, 'node_modules', '@cdktn', 'provider-aws', 'package.json'), 'utf8'),
    ) as { engines?: { node?: string } };
    expect(engines.engines?.node).toBe('>= 22.11.0');
    const [major, minor] = process.versions.node.split('.').map(Number);
    const below = major! < 22 || (major === 22 && minor! < 11);
    const warned =
      /EBADENGINE[\s\S]*@cdktn\/provider-aws@25\.7\.0|@cdktn\/provider-aws@25\.7\.0[\s\S]*EBADENGINE/.test(
        installLogs.cdktn ?? '',
      );
    // Below 22.11 npm installs it with a warning (engine-strict is off) and the synth tests below
    // run on this Node; from 22.11 on, no warning.
    expect(warned).toBe(below);
  });

  test('the CLI is the same, and runs without cdktf: validate the fleet file', () => {
    const bin = path.join(tn, 'node_modules', '.bin', Object.keys(PKG.bin)[0]!);
    expect(run(bin, ['--version'], tn).trim()).toBe(PKG.version);
    const out = run(bin, ['validate', path.join('examples', 'fleet', 'logpush.yaml'), '--json'], tn);
    expect(JSON.parse(out)).toMatchObject({ valid: true, zones: 50, pipelines: 92 });
  });

  test('every migrated example type-checks against cdktf-logpush/cdktn, cdktn and @cdktn/provider-aws', () => {
    run(path.join(tn, 'node_modules', '.bin', 'tsc'), ['-p', '.'], tn);
  }, 120_000);

  test('the subpath entry points cdktf-logpush/cdktn/ibm, /fleet and /panther type-check and resolve', () => {
    expectSubpaths(tn, 'cdktf-logpush/cdktn');
  }, 120_000);

  test.each(EXAMPLES)(
    'example %s synthesizes, its handler archive the installed one',
    (name) => {
      const stacks = synthExample(tn, name);
      synthesized.cdktn[name] = stacks;
      expect(Object.keys(stacks).length).toBeGreaterThan(0);
      expectInstalledHandler(tn, name, stacks);
      for (const tf of Object.values(stacks)) expect(tf['//']?.metadata?.version).toBe('0.24.0');
    },
    120_000,
  );
});

/**
 * What moving an app from cdktf to cdktn changes in the synthesized stacks: the framework version
 * in the metadata and the providers' version constraints; nothing else (a plan shows no change).
 * Two differences that are not a difference are normalised: the app's directory in the local
 * backend's state path (the two apps live side by side here; a migrated app stays where it is),
 * and `source = "aws"` (@cdktf/provider-aws 20) against `"hashicorp/aws"` (@cdktn/provider-aws):
 * Terraform reads an unqualified source as `hashicorp/<name>` (registry.terraform.io/hashicorp/aws
 * either way).
 */
function comparable(dir: string, stacks: Record<string, TfJson>): Record<string, unknown> {
  const text = JSON.stringify(stacks).split(`${dir}/`).join('<app>/');
  const copy = JSON.parse(text) as Record<string, TfJson>;
  for (const tf of Object.values(copy)) {
    delete tf['//']?.metadata?.version;
    for (const p of Object.values(tf.terraform?.required_providers ?? {}) as {
      version?: string;
      source?: string;
    }[]) {
      delete p.version;
      if (p.source && !p.source.includes('/')) p.source = `hashicorp/${p.source}`;
    }
  }
  return copy;
}

describe.each(EXAMPLES)('migration of example %s from cdktf to cdktn', (name) => {
  test('the same stacks, addresses and attributes, apart from version constraints', () => {
    const cdktf = synthesized.app[name];
    const cdktn = synthesized.cdktn[name];
    const tnDir = path.join(work, 'cdktn');
    expect(cdktf).toBeDefined();
    expect(cdktn).toBeDefined();
    expect(Object.keys(cdktn!).sort()).toEqual(Object.keys(cdktf!).sort());
    expect(comparable(tnDir, cdktn!)).toEqual(comparable(app, cdktf!));
    // Not vacuous: the library's resources are there.
    const types = Object.values(cdktn!).flatMap((tf) => Object.keys(tf.resource ?? {}));
    expect(types.some((t) => t.startsWith('cloudflare_') || t.startsWith('ibm_'))).toBe(true);
  });
});

afterAll(() => {
  const lines = Object.entries(timings).map(([k, ms]) => `  ${k}: ${(ms / 1000).toFixed(1)} s`);
  console.log(`package test timings:\n${lines.join('\n')}`);
});
