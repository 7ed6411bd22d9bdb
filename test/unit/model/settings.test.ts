import { allFields, cisAllFields } from '../../../src/datasets';
import {
  dailySubfoldersOf,
  defaultJobName,
  enabledOf,
  PIPELINE_DEFAULTS,
  resolveCisFields,
  resolveFields,
  resolveOutput,
} from '../../../src/model/settings';

describe('model/settings', () => {
  test('left out: daily subfolders, rfc3339, ndjson, enabled', () => {
    expect(PIPELINE_DEFAULTS).toEqual({
      dailySubfolders: true,
      timestampFormat: 'rfc3339',
      outputType: 'ndjson',
      enabled: true,
    });
    expect(resolveOutput({})).toEqual({ outputType: 'ndjson', timestampFormat: 'rfc3339' });
    expect(dailySubfoldersOf({})).toBe(true);
    expect(enabledOf({})).toBe(true);
  });

  test('given: the value as given, false included', () => {
    expect(resolveOutput({ outputType: 'csv', timestampFormat: 'unix' })).toEqual({
      outputType: 'csv',
      timestampFormat: 'unix',
    });
    expect(dailySubfoldersOf({ dailySubfolders: false })).toBe(false);
    expect(enabledOf({ enabled: false })).toBe(false);
  });

  test("fields: 'all' or none is the dataset's catalogue; a list is kept", () => {
    expect(resolveFields('zone', 'http_requests', 'all')).toEqual(allFields('zone', 'http_requests'));
    expect(resolveFields('zone', 'http_requests', undefined)).toEqual(allFields('zone', 'http_requests'));
    expect(resolveFields('zone', 'http_requests', ['RayID'])).toEqual(['RayID']);
    expect(resolveCisFields('http_requests', undefined)).toEqual(cisAllFields('http_requests'));
    expect(resolveCisFields('http_requests', ['RayID'])).toEqual(['RayID']);
  });

  test('the job name is the prefix in Cloudflare characters, logpush for a token', () => {
    expect(defaultJobName('cloudflare/http_requests')).toBe('cloudflare.http-requests');
    expect(defaultJobName("a/b!c'd")).toBe('a.bcd');
    expect(defaultJobName('x'.repeat(600))).toHaveLength(512);
    expect(defaultJobName('${TfToken[TOKEN.1]}', (v) => v.startsWith('${TfToken'))).toBe('logpush');
  });
});
