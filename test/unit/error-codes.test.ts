/**
 * docs/errors.md cannot go stale: it is rendered from src/error-codes.ts, and the library's source
 * is read with the TypeScript checker for every code it can raise (a `code` property of an object
 * literal, a `params: { code }` of a zod check, a `code` argument of a call), each of which must be
 * documented; every documented issue code must be raised somewhere.
 *
 * UPDATE_ERROR_CODES_DOC=1 rewrites docs/errors.md from the table.
 */
import * as fs from 'fs';
import * as path from 'path';
import { execFileSync } from 'child_process';
import * as ts from 'typescript';
import { ERROR_CODES, ISSUE_CODES, type ErrorCodeDoc } from '../../src/error-codes';
import { ERROR_CODE_PATTERN } from '../../src/ownership/error-brand';

const ROOT = path.join(__dirname, '..', '..');
const DOC = path.join(ROOT, 'docs', 'errors.md');

const cell = (s: string): string => s.replace(/\|/g, '\\|');

function table(codes: Record<string, ErrorCodeDoc>): string {
  const rows = Object.entries(codes).map(
    ([code, d]) => `| \`${code}\` | ${cell(d.meaning)} | ${cell(d.where)} |`,
  );
  return ['| Code | Meaning | Raised for |', '| --- | --- | --- |', ...rows].join('\n');
}

/**
 * docs/errors.md, rendered from src/error-codes.ts and formatted as `npm run lint` wants it (by the
 * prettier CLI: its API loads plugins with a dynamic import that jest's CommonJS runtime refuses).
 */
function renderDoc(): string {
  const cli = path.join(path.dirname(require.resolve('prettier/package.json')), 'bin', 'prettier.cjs');
  return execFileSync(process.execPath, [cli, '--stdin-filepath', DOC], {
    input: markdown(),
    encoding: 'utf8',
  });
}

function markdown(): string {
  return `# Error codes

<!-- Generated from src/error-codes.ts by test/unit/error-codes.test.ts (UPDATE_ERROR_CODES_DOC=1 rewrites it): do not edit by hand. -->

Every error cdktf-logpush throws for a program to act on is a \`LogpushError\` with a stable
upper-snake-case \`code\`; recognise one with \`LogpushError.isLogpushError(e)\` (it also works
when two copies of the package are installed, where \`instanceof\` fails). A
\`LogpushValidationError\` (\`code\` \`INVALID_PROPS\`) lists every problem of the props at once:
each issue has the prop's \`path\`, the \`value\`, a \`message\` and its own \`code\`
(\`error.codes\` lists them in order), and \`error.constructPath\` names the construct. Act on the
codes, never on the prose: messages may be reworded, a published code is never renamed or removed.

## Issue codes

The codes of \`LogpushValidationError.issues\` (and of a fleet file's \`FleetValidationError\`).
The first eight are the vocabulary every schema shares; the others name the rule they come from.

${table(ISSUE_CODES)}

## Error codes

The \`code\` of an error as a whole, for failures that are not one prop's.

${table(ERROR_CODES)}
`;
}

/** Every .ts file under `dir`. */
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** The upper-snake-case string literals a type stands for. */
function literalsOf(type: ts.Type): string[] {
  const parts = type.isUnion() ? type.types : [type];
  return parts.flatMap((t) => (t.isStringLiteral() && ERROR_CODE_PATTERN.test(t.value) ? [t.value] : []));
}

/** The codes the library's source can raise, with where each is raised. */
function raisedCodes(): Map<string, string> {
  const files = [...sources(path.join(ROOT, 'src')), ...sources(path.join(ROOT, 'constructs'))];
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(ROOT, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  )!;
  const program = ts.createProgram(files, { ...config.options, noEmit: true });
  const checker = program.getTypeChecker();
  const found = new Map<string, string>();
  const add = (node: ts.Node, type: ts.Type) => {
    for (const code of literalsOf(type)) {
      if (!found.has(code)) {
        const sf = node.getSourceFile();
        const { line } = sf.getLineAndCharacterOfPosition(node.getStart());
        found.set(code, `${path.relative(ROOT, sf.fileName)}:${line + 1}`);
      }
    }
  };
  const visit = (node: ts.Node, inZodIssueCode: boolean): void => {
    // `code: X` and `{ code }` in an object literal (a PropIssue, a zod check's params, an add() option).
    if (ts.isPropertyAssignment(node) && node.name.getText() === 'code') {
      add(node, checker.getTypeAtLocation(node.initializer));
    } else if (ts.isPropertyDeclaration(node) && node.name.getText() === 'code' && node.initializer) {
      // `public readonly code = 'X'` of an error class.
      add(node, checker.getTypeAtLocation(node.initializer));
    } else if (ts.isShorthandPropertyAssignment(node) && node.name.text === 'code') {
      add(node, checker.getTypeAtLocation(node.name));
    } else if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      // An argument passed to a parameter named `code` (fleetInputIssue, LogpushError, CliError, ...).
      const signature = checker.getResolvedSignature(node);
      signature?.parameters.forEach((param, i) => {
        const arg = node.arguments?.[i];
        if (param.name === 'code' && arg) add(arg, checker.getTypeAtLocation(arg));
      });
    } else if (inZodIssueCode && ts.isReturnStatement(node) && node.expression) {
      add(node, checker.getTypeAtLocation(node.expression));
    }
    const entering = ts.isFunctionDeclaration(node) && node.name?.text === 'zodIssueCode';
    ts.forEachChild(node, (child) => visit(child, inZodIssueCode || entering));
  };
  for (const file of files) visit(program.getSourceFile(file)!, false);
  return found;
}

describe('error codes', () => {
  test('docs/errors.md is rendered from src/error-codes.ts', () => {
    const want = renderDoc();
    if (process.env.UPDATE_ERROR_CODES_DOC === '1') fs.writeFileSync(DOC, want);
    expect(fs.readFileSync(DOC, 'utf8')).toBe(want);
  }, 60_000);

  test('every code is upper snake case and listed once', () => {
    const all = [...Object.keys(ISSUE_CODES), ...Object.keys(ERROR_CODES)];
    for (const code of all) expect(code).toMatch(ERROR_CODE_PATTERN);
    expect(new Set(all).size).toBe(all.length);
  });

  describe('against the source', () => {
    let raised: Map<string, string>;
    beforeAll(() => {
      raised = raisedCodes();
    }, 240_000);

    test('fails for a code the library raises that docs/errors.md does not list', () => {
      const documented = new Set([...Object.keys(ISSUE_CODES), ...Object.keys(ERROR_CODES)]);
      const undocumented = [...raised]
        .filter(([code]) => !documented.has(code))
        .map(([c, at]) => `${c} (${at})`);
      expect(undocumented).toEqual([]);
    });

    test('fails for an issue code docs/errors.md lists that nothing raises', () => {
      const stale = Object.keys(ISSUE_CODES).filter((code) => !raised.has(code));
      expect(stale).toEqual([]);
    });

    test('the scan sees codes of each kind of site (it cannot pass by finding nothing)', () => {
      // A PropIssue literal, a constant, a zod check's params, a call's code argument, zodIssueCode.
      for (const code of [
        'SCOPE_NOT_IN_STACK',
        'S3_METRICS_CONFIGURATIONS_LIMIT',
        'OUT_OF_RANGE',
        'FLEET_FILE_TOO_LARGE',
        'UNKNOWN_PROP',
        'ENDPOINT_NOT_ALLOWED',
      ]) {
        expect(raised.get(code)).toBeDefined();
      }
    });
  });
});
