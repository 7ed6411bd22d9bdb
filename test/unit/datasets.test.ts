import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_SOURCE_DIR, OUTPUT_FILE, renderCatalogue } from '../../scripts/generate-datasets';
import { allFields, closestNames, datasetsOf, fieldsOf, findField, scopesOf } from '../../src/datasets';
import { LogpushValidationError } from '../../src/errors';

describe('dataset catalogue', () => {
  const sharedAvailable = fs.existsSync(DEFAULT_SOURCE_DIR);

  (sharedAvailable ? test : test.skip)(
    'the committed catalogue is what the generator makes from shared/datasets',
    () => {
      expect(fs.readFileSync(OUTPUT_FILE, 'utf8')).toBe(renderCatalogue(DEFAULT_SOURCE_DIR));
    },
  );

  (sharedAvailable ? test : test.skip)(
    'keeps names, types and flags of every source field, and no description',
    () => {
      const text = fs.readFileSync(OUTPUT_FILE, 'utf8');
      let count = 0;
      for (const scope of ['zone', 'account'] as const) {
        for (const file of fs.readdirSync(path.join(DEFAULT_SOURCE_DIR, scope))) {
          const src = JSON.parse(fs.readFileSync(path.join(DEFAULT_SOURCE_DIR, scope, file), 'utf8'));
          const entries = fieldsOf(scope, src.dataset);
          expect(entries.map((e) => e[0])).toEqual(src.fields.map((f: { name: string }) => f.name));
          src.fields.forEach((f: { type: string; deprecated: boolean; description: string }, i: number) => {
            expect(entries[i]![1]).toBe(f.type);
            expect(entries[i]![2] === 'deprecated').toBe(f.deprecated);
            if (f.description.length > 40) expect(text).not.toContain(f.description.slice(0, 40));
          });
          count += entries.length;
        }
      }
      expect(count).toBe(1039);
    },
  );

  test('lists datasets per scope', () => {
    expect(datasetsOf('zone')).toContain('http_requests');
    expect(datasetsOf('zone')).not.toContain('audit_logs');
    expect(datasetsOf('account')).toContain('audit_logs');
    expect(scopesOf('firewall_events')).toEqual(['zone', 'account']);
    expect(scopesOf('nope')).toEqual([]);
  });

  test("'all' means every non-deprecated field", () => {
    const all = allFields('zone', 'http_requests');
    expect(all).toContain('EdgeStartTimestamp');
    expect(all).not.toContain('OriginResponseTime'); // deprecated
    expect(all).toHaveLength(fieldsOf('zone', 'http_requests').length - 5);
    expect(findField('zone', 'http_requests', 'OriginResponseTime')?.[2]).toBe('deprecated');
  });

  test('suggests the closest names', () => {
    expect(closestNames('EdgeStartTimestmp', allFields('zone', 'http_requests'))[0]).toBe(
      'EdgeStartTimestamp',
    );
    expect(closestNames('clientip', allFields('zone', 'http_requests'))[0]).toBe('ClientIP');
  });

  test('fails for an unknown dataset', () => {
    expect(() => fieldsOf('zone', 'audit_logs')).toThrow(/unknown zone dataset "audit_logs"/);
    expect(() => fieldsOf('zone', 'audit_logs')).toThrow(LogpushValidationError);
  });
});
