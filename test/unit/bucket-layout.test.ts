/** src/bucket-layout.ts: the grant-prefix layouts of a bucket and S3's notification limit. */
import {
  datasetPrefix,
  DEFAULT_PREFIX_ROOT,
  GRANT_LAYOUTS,
  grantPrefixOf,
  MAX_BUCKET_NOTIFICATION_CONFIGURATIONS,
  notificationCountProblem,
  perDatasetPipelinePrefix,
} from '../../src/bucket-layout';

const ZONE = '023e105f4ecef8ad9ca31a8372d0c353';

describe('bucket layout', () => {
  test('per-dataset: <root>/<dataset> for the grants, <root>/<dataset>/<id> for a pipeline', () => {
    expect(GRANT_LAYOUTS).toEqual(['per-prefix', 'per-dataset']);
    expect(DEFAULT_PREFIX_ROOT).toBe('cloudflare');
    expect(datasetPrefix('cloudflare', 'http_requests')).toBe('cloudflare/http_requests');
    expect(perDatasetPipelinePrefix('logs/cf', 'http_requests', ZONE)).toBe(`logs/cf/http_requests/${ZONE}`);
  });

  test('the grant prefix is the dataset folder per-dataset, the pipeline prefix per-prefix', () => {
    const pipeline = { dataset: 'firewall_events', prefix: `cloudflare/firewall_events/${ZONE}` };
    expect(grantPrefixOf('per-dataset', 'cloudflare', pipeline)).toBe('cloudflare/firewall_events');
    expect(grantPrefixOf('per-prefix', 'cloudflare', pipeline)).toBe(pipeline.prefix);
    expect(grantPrefixOf('per-prefix', 'ignored', { dataset: 'dns_logs', prefix: 'dns' })).toBe('dns');
  });

  test('fails past 100 notification configurations, naming the count, the limit and the way out', () => {
    expect(MAX_BUCKET_NOTIFICATION_CONFIGURATIONS).toBe(100);
    expect(notificationCountProblem('bucket acme-logs', 100)).toBeUndefined();
    const problem = notificationCountProblem('bucket acme-logs', 101);
    expect(problem).toContain('bucket acme-logs has 101 event notification configurations');
    expect(problem).toContain("over S3's limit of 100 per bucket");
    expect(problem).toContain("grants: 'per-dataset'");
  });
});
