/**
 * Every relative link of README.md and of every page under docs/ (found on disk) resolves: the file
 * or folder exists in the repository, and an anchor (`page.md#heading`, `#heading`) is one that a
 * heading of the target page makes on GitHub.
 */
import * as path from 'path';
import { anchorsOf, brokenLinks, docPages, headingSlug, relativeLinks } from '../support/readme';
import * as fs from 'fs';

const REPO = path.resolve(__dirname, '..', '..');
const PAGES = docPages(REPO);

test('the pages link to each other', () => {
  const links = PAGES.flatMap((f) => relativeLinks(fs.readFileSync(path.join(REPO, f), 'utf8')));
  expect(links.length).toBeGreaterThan(50);
});

test.each(PAGES)('every relative link of %s resolves', (file) => {
  expect(brokenLinks(REPO, file)).toEqual([]);
});

test('every page under docs/ is linked from README.md or from another page', () => {
  const linked = new Set<string>();
  for (const file of PAGES) {
    for (const { target } of relativeLinks(fs.readFileSync(path.join(REPO, file), 'utf8'))) {
      const where = target.split('#')[0]!;
      if (where) linked.add(path.relative(REPO, path.resolve(path.dirname(path.join(REPO, file)), where)));
    }
  }
  expect(PAGES.filter((p) => p !== 'README.md' && !linked.has(p))).toEqual([]);
});

test('anchors are GitHub\u2019s: punctuation dropped, spaces as -, repeats numbered', () => {
  expect(headingSlug('IBM Cloud (CIS -> COS)')).toBe('ibm-cloud-cis---cos');
  expect(headingSlug('Fleet file (`logpush.yaml`)')).toBe('fleet-file-logpushyaml');
  expect(headingSlug('hashicorp/aws 5 and 6: what the library emits')).toBe(
    'hashicorpaws-5-and-6-what-the-library-emits',
  );
  expect([...anchorsOf('# A\n## B\n```sh\n# not a heading\n```\n## B\n')]).toEqual(['a', 'b', 'b-1']);
});

test('fails on a missing page, a missing heading and a link out of the repository', () => {
  const md = [
    '[ok](docs/fleet.md#sharding) [self](#a-page)',
    '[gone](docs/nope.md) [heading](docs/fleet.md#nope) [self](#nope)',
    '[out](../elsewhere/README.md) `[code](not-a-link.md)`',
    '```md',
    '[in a block](not-checked.md)',
    '```',
    '# A page',
  ].join('\n');
  expect(brokenLinks(REPO, 'README.md', md)).toEqual([
    'README.md:2: docs/nope.md (no such file)',
    'README.md:2: docs/fleet.md#nope (no such heading)',
    'README.md:2: #nope (no such heading)',
    'README.md:3: ../elsewhere/README.md (outside the repository)',
  ]);
});
