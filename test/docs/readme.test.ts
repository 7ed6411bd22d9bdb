/**
 * Every ```ts block of README.md is a complete program a user can copy: this test extracts each
 * one, type-checks it with the repository's tsconfig (where `cdktf-logpush` maps to index.ts, the
 * source), then runs it with node as its own process in an empty temporary directory, where
 * `cdktf-logpush` resolves through the package's `exports` to the built library (`npm test` builds
 * it first), with cdktf's output directed to a temporary `CDKTF_OUTDIR`. A block that calls
 * `synth()` must write at least one stack.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { tsBlocks, type ReadmeBlock } from '../support/readme';

const REPO = path.resolve(__dirname, '..', '..');

const BLOCKS = tsBlocks(fs.readFileSync(path.join(REPO, 'README.md'), 'utf8'));
/** Where the blocks live while tested: inside the repository, so node resolves its packages. */
const SNIPPETS = path.join(REPO, '.gen', `readme-${process.pid}`);
const fileOf = (b: ReadmeBlock) => path.join(SNIPPETS, `readme-line-${b.line}.ts`);

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
  const sources = new Map(BLOCKS.map((b) => [fileOf(b), b.code]));
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

test('README.md has TypeScript examples', () => {
  expect(BLOCKS.length).toBeGreaterThan(0);
});

test('the program type-checks as a whole (no diagnostics outside the README blocks)', () => {
  const others = [...diagnostics].filter(([f]) => !f.startsWith(SNIPPETS)).flatMap(([, d]) => d);
  expect(others).toEqual([]);
});

describe.each(BLOCKS.map((b) => [b.line, b] as const))('README.md block at line %i', (_line, block) => {
  test('imports the package by its name, as a user does', () => {
    expect(block.code).toMatch(/from '(cdktf-logpush)'/);
    expect(block.code).not.toMatch(/from '\.{1,2}\//);
  });

  test('type-checks against the package', () => {
    expect(diagnostics.get(fileOf(block)) ?? []).toEqual([]);
  });

  test('runs to completion and, when it synthesizes, writes a stack', () => {
    const lib = path.join(REPO, 'lib', 'index.js');
    if (!fs.existsSync(lib)) throw new Error(`${lib} is not built: run "npm run build"`);
    fs.mkdirSync(SNIPPETS, { recursive: true });
    const js = fileOf(block).replace(/\.ts$/, '.js');
    fs.writeFileSync(js, emitted.get(fileOf(block))!);
    const cwd = fs.mkdtempSync(path.join(work, `line-${block.line}-`));
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
      throw new Error(`README.md block at line ${block.line} failed: ${err.message}\n${err.stderr ?? ''}`);
    }
    if (/\.synth\(\)/.test(block.code)) {
      const stacks = fs.readdirSync(path.join(outdir, 'stacks'));
      expect(stacks.length).toBeGreaterThan(0);
      for (const s of stacks) expect(fs.existsSync(path.join(outdir, 'stacks', s, 'cdk.tf.json'))).toBe(true);
    }
  });
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
  ];
  expect(tsBlocks(md.join('\n'))).toEqual([
    { line: 5, code: 'const a = 1;\n' },
    { line: 9, code: 'b();\n' },
  ]);
});

test('fails on an unterminated block', () => {
  expect(() => tsBlocks('```ts\nconst a = 1;\n')).toThrow('README.md:1: unterminated code block');
});
