/**
 * Theme: module structure. No import circle in `src/` and `constructs/`, type-only edges included (`import type` closes a
 * circle as much as a value import: it is one of the module graph's edges, and the next refactoring
 * turns it into a value import). Found by madge (pinned in package.json), which reads every import
 * of every file with detective-typescript. `npm run circles` prints the same finding.
 */
import * as fs from 'fs';
import madge from 'madge';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');

/** The options `npm run circles` uses: TypeScript files, type-only and dynamic imports as edges. */
async function circlesOf(
  baseDir: string,
  dirs: readonly string[],
): Promise<{ files: string[]; circles: string[][] }> {
  const result = await madge([...dirs], {
    baseDir,
    fileExtensions: ['ts'],
    tsConfig: path.join(ROOT, 'tsconfig.json'),
    detectiveOptions: { ts: { skipTypeImports: false, skipAsyncImports: false } },
  });
  expect(result.warnings().skipped).toEqual([]);
  return { files: Object.keys(result.obj()).sort(), circles: result.circular() };
}

/** A circle as one string, whichever module madge started it at: rotated to its smallest module. */
function normalize(circle: readonly string[]): string {
  const i = circle.indexOf([...circle].sort()[0]!);
  return [...circle.slice(i), ...circle.slice(0, i)].join(' > ');
}

function tsFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.posix.join(dir, e.name);
    if (e.isDirectory()) return tsFiles(rel);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [rel] : [];
  });
}

/**
 * Known circles in constructs/: none since issue 16 (each construct's props schema and its
 * compile-time props <-> schema check sit beside the construct, so constructs/private/schemas.ts imports no
 * construct back). A new circle fails the test.
 */
const KNOWN_CONSTRUCTS_CIRCLES: readonly string[] = [];

describe('import circles', () => {
  test('none in src/ and constructs/ beyond the known constructs/ ones (issue 16)', async () => {
    const { files, circles } = await circlesOf(ROOT, ['src', 'constructs']);
    // It really ran on the tree: every TypeScript file of both folders is in its graph.
    expect(files).toEqual([...tsFiles('src'), ...tsFiles('constructs')].sort());
    const found = circles.map(normalize).sort();
    expect(found.filter((c) => !c.startsWith('constructs/'))).toEqual([]);
    expect(found.filter((c) => !KNOWN_CONSTRUCTS_CIRCLES.includes(c))).toEqual([]);
    // Stale entries: a circle fixed is removed from the list.
    expect(KNOWN_CONSTRUCTS_CIRCLES.filter((c) => !found.includes(c))).toEqual([]);
  });

  test('fails on a circle closed by a type-only import (fixture)', async () => {
    const { files, circles } = await circlesOf(path.join(ROOT, 'test', 'fixtures', 'import-circle'), [
      path.join(ROOT, 'test', 'fixtures', 'import-circle'),
    ]);
    expect(files).toEqual(['a.ts', 'b.ts', 'c.ts']);
    expect(circles.map(normalize)).toEqual(['a.ts > b.ts']);
  });
});
