/**
 * Generates test/fixtures/standin-schemas/<provider>.json, the schemas the stand-in Terraform
 * providers serve (test/support/tfplugin/), from the providers' own Go source at their released tags.
 *
 * The Go source never enters this repository: fetch the three repositories at the tags named in
 * test/support/tfplugin/catalogue.ts and pass the folder that holds them as `<root>/cloudflare`,
 * `<root>/panther` and `<root>/ibm`:
 *
 *   npm run gen:standin-schemas -- /tmp/provider-sources
 *   (or STANDIN_PROVIDER_SOURCES=/tmp/provider-sources npm run gen:standin-schemas)
 *
 * Only derived data is written (attribute names, types, flags, defaults, validators,
 * RequiresReplace); the providers' description sentences are dropped. A `_source` header names the
 * repository, tag, commit and, per resource, the file read. test/standins/schemas.test.ts compares the
 * JSON with the Go source again whenever STANDIN_PROVIDER_SOURCES names the checkouts.
 */
import * as fs from 'fs';
import * as path from 'path';
import { SOURCES_ENV, schemasFromSources } from '../test/support/tfplugin/catalogue';
import { FIXTURES } from '../test/support/tfplugin/fixtures';
import type { ProviderSchemas } from '../test/support/tfplugin/schema';

/** Drops `description` keys (the providers' own prose) at any depth. */
function withoutDescriptions(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutDescriptions);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v)
        .filter(([k]) => k !== 'description')
        .map(([k, x]) => [k, withoutDescriptions(x)]),
    );
  }
  return v;
}

/** The fixture for one provider: a `_source` header, then the schemas without descriptions. */
export function fixtureOf(p: ProviderSchemas): Record<string, unknown> {
  const files: Record<string, string> = { '(provider)': p.provider.file };
  for (const [name, r] of Object.entries(p.resources)) files[name] = r.file;
  for (const [name, r] of Object.entries(p.dataSources)) files[`data.${name}`] = r.file;
  return {
    _source: {
      repository: p.source.repo,
      tag: p.source.tag,
      commit: p.source.commit,
      files,
      note: 'Derived data (names, types, flags, defaults, validators, RequiresReplace) read from the files above by scripts/gen-standin-schemas.ts; no source text.',
    },
    ...(withoutDescriptions(p) as object),
  };
}

/** The JSON text of one provider's fixture. */
export const fixtureText = (p: ProviderSchemas): string => `${JSON.stringify(fixtureOf(p), null, 2)}\n`;

function main(): void {
  const root = process.argv[2] ?? process.env[SOURCES_ENV];
  if (!root) {
    process.stderr.write(
      `usage: npm run gen:standin-schemas -- <folder of provider checkouts> (or ${SOURCES_ENV})\n`,
    );
    process.exit(2);
  }
  fs.mkdirSync(FIXTURES, { recursive: true });
  for (const p of schemasFromSources(root)) {
    const out = path.join(FIXTURES, `${p.name}.json`);
    fs.writeFileSync(out, fixtureText(p));
    process.stdout.write(`wrote ${path.relative(process.cwd(), out)}\n`);
  }
}

if (require.main === module) main();
