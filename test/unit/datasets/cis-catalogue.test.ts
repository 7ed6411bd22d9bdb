/** src/datasets/cis-catalogue.ts: the IBM CIS field catalogues, from the seed document, beside Cloudflare's. */
import * as fs from 'fs';
import * as path from 'path';
import {
  cisAllFields,
  cisDatasets,
  cisFieldsOf,
  datasetsOf,
  fieldsOf,
  findCisField,
  isCisDataset,
} from '../../../src/datasets';
import { CIS_DATASETS } from '../../../src/datasets/cis-catalogue';

const SEED = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'seeds', 'ibm-cis-logpush.md');

/** The seed's "Field|Value|Type" table after `heading`: name and type of each row. */
function seedTable(text: string, heading: string): [string, string][] {
  const start = text.indexOf(heading);
  const next = text.indexOf('\n### ', start + heading.length);
  return text
    .slice(start, next === -1 ? undefined : next)
    .split('\n')
    .filter((l) => l.startsWith('|') && !l.startsWith('|Field') && !l.startsWith('|---'))
    .map((l) => {
      const cells = l
        .replace(/^\|/, '')
        .replace(/\|\s*$/, '')
        .split('|');
      const type = cells[cells.length - 1]!.trim();
      return [cells[0]!.trim(), /^array of .*\(strings\)$/.test(type) ? 'array[string]' : type];
    });
}

describe('CIS field catalogues', () => {
  (fs.existsSync(SEED) ? test : test.skip)("are the seed document's tables (names and types)", () => {
    const text = fs.readFileSync(SEED, 'utf8');
    expect(CIS_DATASETS.http_requests).toEqual(seedTable(text, '### HTTP requests'));
    expect(CIS_DATASETS.range_events).toEqual(seedTable(text, '### Range requests'));
  });

  test('are reachable beside the Cloudflare ones, which are unchanged', () => {
    expect(cisDatasets()).toEqual(['http_requests', 'range_events']);
    expect(isCisDataset('http_requests')).toBe(true);
    expect(isCisDataset('firewall_events')).toBe(false);
    expect(cisFieldsOf('range_events')[0]).toEqual(['Application', 'string']);
    expect(findCisField('http_requests', 'EdgeStartTimestamp')).toEqual([
      'EdgeStartTimestamp',
      'int or string',
    ]);
    expect(findCisField('http_requests', 'Nope')).toBeUndefined();
    expect(cisAllFields('http_requests')).toContain('RayID');
    expect(() => cisFieldsOf('dns_logs')).toThrow(/unknown CIS dataset "dns_logs"/);
    // The Cloudflare API keeps its shape: CIS's datasets are not mixed into it.
    expect(datasetsOf('zone')).toContain('http_requests');
    expect(fieldsOf('zone', 'http_requests').length).toBeGreaterThan(cisFieldsOf('http_requests').length);
  });
});
