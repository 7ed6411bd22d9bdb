/**
 * The API reference cannot go stale and keeps its defaults: API.md must equal what `npm run docs`
 * generates now (typedoc + typedoc-plugin-markdown, typedoc.json), and every prop of an exported
 * `*Props` interface has a summary, and an `@default` when it is optional.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const REPO = path.resolve(__dirname, '..', '..');

interface PropDoc {
  readonly name: string;
  readonly optional: boolean;
  readonly summary: string;
  readonly defaultTag?: string;
}

/** The props of every exported `*Props` interface of the package's entry point, by interface. */
function exportedPropsInterfaces(): Map<string, PropDoc[]> {
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(REPO, 'tsconfig.build.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: () => undefined,
    },
  )!;
  const program = ts.createProgram([path.join(REPO, 'index.ts')], config.options);
  const checker = program.getTypeChecker();
  const entry = checker.getSymbolAtLocation(program.getSourceFile(path.join(REPO, 'index.ts'))!)!;
  const result = new Map<string, PropDoc[]>();
  for (const exported of checker.getExportsOfModule(entry)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    if (!(symbol.flags & ts.SymbolFlags.Interface) || !/Props$/.test(symbol.name)) continue;
    const type = checker.getDeclaredTypeOfSymbol(symbol);
    result.set(
      exported.name,
      checker.getPropertiesOfType(type).map((p) => ({
        name: p.name,
        optional: (p.flags & ts.SymbolFlags.Optional) !== 0,
        summary: ts.displayPartsToString(p.getDocumentationComment(checker)).trim(),
        defaultTag: p
          .getJsDocTags(checker)
          .filter((t) => t.name === 'default')
          .map((t) => ts.displayPartsToString(t.text).trim())[0],
      })),
    );
  }
  return result;
}

describe('props documentation', () => {
  const interfaces = exportedPropsInterfaces();

  test('the entry point exports the construct props', () => {
    expect([...interfaces.keys()]).toEqual(
      expect.arrayContaining(['LogBucketProps', 'LogpushPipelineProps', 'PantherLogSourceProps']),
    );
  });

  test('every prop of an exported *Props interface has a summary', () => {
    const missing = [...interfaces].flatMap(([i, props]) =>
      props.filter((p) => p.summary === '').map((p) => `${i}.${p.name}`),
    );
    expect(missing).toEqual([]);
  });

  test('every optional prop of an exported *Props interface states its @default', () => {
    const missing = [...interfaces].flatMap(([i, props]) =>
      props.filter((p) => p.optional && !p.defaultTag).map((p) => `${i}.${p.name}`),
    );
    expect(missing).toEqual([]);
  });
});

test('API.md is what `npm run docs` generates now', () => {
  // Inside the repository, as `npm run docs` writes (.gen/api): typedoc formats with prettier, which
  // reads the repository's .prettierrc.json from the output's location.
  fs.mkdirSync(path.join(REPO, '.gen'), { recursive: true });
  const out = fs.mkdtempSync(path.join(REPO, '.gen', 'api-check-'));
  try {
    execFileSync(path.join(REPO, 'node_modules', '.bin', 'typedoc'), ['--out', out, '--logLevel', 'Error'], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    });
    const fresh = fs.readFileSync(path.join(out, 'API.md'), 'utf8');
    const committed = fs.readFileSync(path.join(REPO, 'API.md'), 'utf8');
    if (fresh !== committed) {
      throw new Error('API.md is stale: run "npm run docs" and commit API.md');
    }
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}, 120_000);
