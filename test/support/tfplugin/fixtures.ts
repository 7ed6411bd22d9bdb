/**
 * The schemas the stand-in providers serve: test/fixtures/standin-schemas/<provider>.json, data
 * derived from each provider's Go source at its released tag (repository, tag, commit and the file
 * of every resource are recorded in the JSON). Regenerate with `npm run gen:standin-schemas -- <root>`
 * (scripts/gen-standin-schemas.ts, ./catalogue.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import type { ProviderSchemas } from './schema';

/** The folder of the JSON fixtures. */
export const FIXTURES = path.resolve(__dirname, '..', '..', 'fixtures', 'standin-schemas');

/** The stand-in providers, in serving order. */
export const PROVIDERS = ['cloudflare', 'panther', 'ibm'] as const;
export type StandinProvider = (typeof PROVIDERS)[number];

/** The fixture file of one provider. */
export const fixturePath = (p: StandinProvider): string => path.join(FIXTURES, `${p}.json`);

/** The schemas of one stand-in provider (the `_source` header dropped). */
export function standinSchemas(p: StandinProvider): ProviderSchemas {
  const json = JSON.parse(fs.readFileSync(fixturePath(p), 'utf8')) as ProviderSchemas & { _source?: unknown };
  delete json._source;
  return json;
}

/** Every stand-in provider's schemas. */
export const allSchemas = (): ProviderSchemas[] => PROVIDERS.map(standinSchemas);
