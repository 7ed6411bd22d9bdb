/**
 * Nothing a user deployed changes by accident: every stack of every example synthesizes byte for
 * byte as recorded in `test/fixtures/synth/<example>/<stack>.tf.json` (asset hashes scrubbed: the
 * handler archive's hash changes with any edit of the handler; the checkout's path written `<repo>`). A restructure must leave these files
 * untouched; a change made on purpose regenerates them with
 * `UPDATE_SYNTH_FIXTURES=1 npx jest test/examples/synth-unchanged.test.ts` and says why in the CHANGELOG.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EXAMPLES, inPool, REPO, stacksIn, synthExample, type SynthesizedStack } from '../support/examples';
import { scrubAssetHashes } from '../support/synth';

const FIXTURES = path.join(REPO, 'test', 'fixtures', 'synth');
const UPDATE = process.env.UPDATE_SYNTH_FIXTURES === '1';

/** Asset hashes (the 32-hex archive hash, any 64-hex digest) scrubbed; the repository's path (in local backend paths) written as `<repo>`. */
const normalized = (text: string) =>
  scrubAssetHashes(text)
    .replace(/\b[0-9A-F]{32}\b/g, '[ASSET-HASH]')
    .split(REPO)
    .join('<repo>');

const fixturePath = (example: string, stack: string) => path.join(FIXTURES, example, `${stack}.tf.json`);

let work: string;
const synthesized = new Map<string, SynthesizedStack[]>();

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-logpush-golden-'));
  await inPool(EXAMPLES, 2, async (name) => {
    const outdir = path.join(work, name);
    await synthExample(name, outdir);
    synthesized.set(name, stacksIn(outdir));
  });
  if (UPDATE) {
    fs.rmSync(FIXTURES, { recursive: true, force: true });
    for (const [name, stacks] of synthesized) {
      for (const s of stacks) {
        fs.mkdirSync(path.dirname(fixturePath(name, s.name)), { recursive: true });
        fs.writeFileSync(fixturePath(name, s.name), normalized(s.text));
      }
    }
  }
}, 300_000);

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe.each(EXAMPLES)('examples/%s', (name) => {
  test('synthesizes the recorded stacks, no more, no fewer', () => {
    const recorded = fs.existsSync(path.join(FIXTURES, name))
      ? fs
          .readdirSync(path.join(FIXTURES, name))
          .map((f) => f.replace(/\.tf\.json$/, ''))
          .sort()
      : [];
    expect(
      synthesized
        .get(name)!
        .map((s) => s.name)
        .sort(),
    ).toEqual(recorded);
  });

  test('every stack is byte for byte the recorded one', () => {
    for (const s of synthesized.get(name)!) {
      const actual = normalized(s.text);
      const expected = fs.readFileSync(fixturePath(name, s.name), 'utf8');
      if (actual !== expected) {
        // The first differing line, for a readable failure; the whole text is compared.
        const a = actual.split('\n');
        const e = expected.split('\n');
        const i = a.findIndex((line, k) => line !== e[k]);
        throw new Error(
          `examples/${name}, stack ${s.name}: line ${i + 1} differs from test/fixtures/synth/${name}/${s.name}.tf.json\n` +
            `  recorded: ${e[i] ?? '<end of file>'}\n  now:      ${a[i] ?? '<end of file>'}\n` +
            'If the change is on purpose: UPDATE_SYNTH_FIXTURES=1 npx jest test/examples/synth-unchanged.test.ts, and a CHANGELOG line.',
        );
      }
    }
  });
});

test('the examples are discovered (a new example is covered without editing this test)', () => {
  expect(EXAMPLES).toEqual(expect.arrayContaining(['basic', 'fleet', 'ibm-cis', 'multi-dataset', 'split']));
});
