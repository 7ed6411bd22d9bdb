import { MAX_BUCKET_METRICS_CONFIGURATIONS, metricsFilterId } from '../../../src/alerts';
import { MetricsFilters } from '../../../src/model/metrics-filters';

describe('model/metrics-filters', () => {
  test('one filter per prefix; the same prefix again is no problem', () => {
    const filters = new MetricsFilters();
    expect(filters.issue('cf/http', 'bucket b')).toBeUndefined();
    expect(filters.claim('cf/http')).toBe(metricsFilterId('cf/http'));
    expect(filters.issue('cf/http', 'bucket b')).toBeUndefined();
    expect(filters.issue('cf/dns', 'bucket b')).toBeUndefined();
    expect(filters.size).toBe(1);
  });

  test('fails a prefix whose filter id another prefix has', () => {
    const filters = new MetricsFilters();
    filters.claim('cf/http');
    // "/" and "." make the same id.
    expect(filters.issue('cf.http', 'bucket b')).toEqual({
      path: 'prefix',
      message: `makes the request-metrics filter id "${metricsFilterId('cf/http')}" of bucket b, already used for prefix "cf/http"; choose a prefix that differs in more than "/" and "."`,
      value: 'cf.http',
      hasValue: true,
      code: 'S3_METRICS_FILTER_ID_TAKEN',
    });
  });

  test("fails one filter over S3's limit per bucket", () => {
    const filters = new MetricsFilters();
    for (let i = 0; i < MAX_BUCKET_METRICS_CONFIGURATIONS; i++) filters.claim(`cf/p${i}`);
    expect(filters.issue('cf/one-more', 'bucket b')).toMatchObject({
      path: 'alerts',
      code: 'S3_METRICS_CONFIGURATIONS_LIMIT',
    });
  });
});
