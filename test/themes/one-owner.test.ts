/**
 * Theme: one owner per rule (issue 16): a prefix template, the overlap check, a limit or a default is
 * written in src/model/ and nowhere else in src/ or constructs/. Each pattern below is the rule's
 * source form (a declaration, a template, a `??` default); the test first proves each pattern
 * matches its owner, so a pattern that matched nothing could not pass vacuously.
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.posix.join(dir, e.name);
    if (e.isDirectory()) return sources(rel);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [rel] : [];
  });
}

/**
 * rule -> its owner (a file of src/model/), the source forms the owner holds (and no other file),
 * and the copies no other file may hold (the forms the rule took before it had one owner).
 */
const RULES: { rule: string; owner: string; forms: RegExp[]; copies: RegExp[] }[] = [
  {
    rule: 'grant and pipeline prefix templates',
    owner: 'src/model/layout.ts',
    forms: [
      /`\$\{root\}\/\$\{dataset\}`/,
      /`\$\{root\}\/\$\{owner\}\/\$\{dataset\}`/,
      /DEFAULT_PREFIX_ROOT\s*=/,
      /`s3-access-logs\/\$\{/,
    ],
    copies: [/\$\{[^}]*prefixRoot\}\//, /grants\s*\?\?\s*'per-prefix'/, /prefix\s*\?\?\s*p\.dataset/],
  },
  {
    rule: 'prefix overlap',
    owner: 'src/model/claims.ts',
    forms: [/function prefixesOverlap/, /a === b \|\| a\.startsWith/, /function ancestorsOf/],
    copies: [/`[^`\n]*must be neither equal nor nested[^`\n]*`/, /`[^`\n]*non-nested paths[^`\n]*`/],
  },
  {
    rule: 'limits: jobs per zone, notifications per bucket, pipelines per shard',
    owner: 'src/model/limits.ts',
    forms: [
      /MAX_JOBS_PER_ZONE\s*=/,
      /at most \$\{MAX_JOBS_PER_ZONE\} Logpush jobs per zone/,
      /MAX_BUCKET_NOTIFICATION_CONFIGURATIONS\s*=/,
      /DEFAULT_PIPELINES_PER_SHARD\s*=/,
      /would hold \$\{/,
    ],
    copies: [/Logpush jobs per zone`/, /jobs\.length\s*<\s*\d/],
  },
  {
    rule: 'pipeline settings defaults',
    owner: 'src/model/settings.ts',
    forms: [
      /^\s+timestampFormat: 'rfc3339',$/m,
      /^\s+outputType: 'ndjson',$/m,
      /^\s+dailySubfolders: true,$/m,
      /function defaultJobName/,
    ],
    copies: [/\?\?\s*'rfc3339'/, /\?\?\s*'ndjson'/, /dailySubfolders\s*\?\?/, /enabled\s*\?\?/],
  },
  {
    rule: 'app-wide claims: bucket names, CIS jobs',
    owner: 'src/model/app-claims.ts',
    forms: [/is already the bucket of/, /CIS takes one job per domain and dataset/],
    copies: [],
  },
];

const files = [...sources('src'), ...sources('constructs')];
const text = new Map(files.map((f) => [f, fs.readFileSync(path.join(ROOT, f), 'utf8')]));

describe('one owner per rule', () => {
  test.each(RULES)('$rule: written in $owner', ({ owner, forms }) => {
    const source = text.get(owner)!;
    expect(source).toBeDefined();
    for (const p of forms) expect([p, p.test(source)]).toEqual([p, true]);
  });

  test.each(RULES)('$rule: nowhere else in src/ or constructs/', ({ owner, forms, copies }) => {
    const elsewhere = files
      .filter((f) => f !== owner)
      .flatMap((f) => [...forms, ...copies].filter((p) => p.test(text.get(f)!)).map((p) => `${f}: ${p}`));
    expect(elsewhere).toEqual([]);
  });

  test('fails a second copy: the check sees a rule written outside its owner', () => {
    const copy = "const timestampFormat = p.timestampFormat ?? 'rfc3339';";
    const defaults = RULES.find((r) => r.owner === 'src/model/settings.ts')!;
    expect(defaults.copies.some((p) => p.test(copy))).toBe(true);
  });

  test('the constructs keep no claim book of their own: one app registry', () => {
    const registries = files
      .filter((f) => /extends Construct\b/.test(text.get(f)!) && /Registry\b/.test(f + text.get(f)!))
      .filter((f) => /tryFindChild\(REGISTRY_ID\)/.test(text.get(f)!));
    expect(registries).toEqual(['constructs/private/registry.ts']);
  });
});
