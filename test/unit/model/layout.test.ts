import {
  bucketLayoutOf,
  datasetPrefix,
  defaultAccessLogsPrefix,
  defaultCisPath,
  defaultPipelinePrefix,
  fleetPipelinePrefix,
  grantPrefixesOf,
  grantPrefixOf,
  perDatasetPipelinePrefix,
  prefixLayoutProblem,
} from '../../../src/model/layout';

const ZONE = '023e105f4ecef8ad9ca31a8372d0c353';

describe('model/layout', () => {
  test('a bucket that names nothing grants per prefix under cloudflare/', () => {
    expect(bucketLayoutOf({})).toEqual({ grants: 'per-prefix', prefixRoot: 'cloudflare' });
    expect(bucketLayoutOf({ grants: 'per-dataset', prefixRoot: 'cf' })).toEqual({
      grants: 'per-dataset',
      prefixRoot: 'cf',
    });
  });

  test('per-dataset prefixes are <root>/<dataset>/<id>, granted once per dataset', () => {
    const layout = bucketLayoutOf({ grants: 'per-dataset' });
    expect(datasetPrefix('cloudflare', 'http_requests')).toBe('cloudflare/http_requests');
    expect(perDatasetPipelinePrefix('cloudflare', 'http_requests', ZONE)).toBe(
      `cloudflare/http_requests/${ZONE}`,
    );
    expect(defaultPipelinePrefix(layout, 'http_requests', ZONE)).toBe(`cloudflare/http_requests/${ZONE}`);
    expect(fleetPipelinePrefix(layout, 'http_requests', { id: ZONE, name: 'example.com' })).toBe(
      `cloudflare/http_requests/${ZONE}`,
    );
    expect(grantPrefixOf('per-dataset', 'cloudflare', { dataset: 'dns_logs', prefix: 'x/y' })).toBe(
      'cloudflare/dns_logs',
    );
  });

  test('per-prefix: by hand the dataset name, in a fleet <root>/<zone name or id>/<dataset>', () => {
    const layout = bucketLayoutOf({ prefixRoot: 'logs' });
    expect(defaultPipelinePrefix(layout, 'http_requests', ZONE)).toBe('http_requests');
    expect(fleetPipelinePrefix(layout, 'http_requests', { id: ZONE, name: 'example.com' })).toBe(
      'logs/example.com/http_requests',
    );
    expect(fleetPipelinePrefix(layout, 'http_requests', { id: ZONE })).toBe(`logs/${ZONE}/http_requests`);
    expect(grantPrefixOf('per-prefix', 'logs', { dataset: 'dns_logs', prefix: 'a/b' })).toBe('a/b');
  });

  test('grant prefixes are distinct and sorted: one per dataset, or one per pipeline', () => {
    const pipelines = [
      { dataset: 'http_requests', prefix: 'cloudflare/http_requests/z2' },
      { dataset: 'dns_logs', prefix: 'cloudflare/dns_logs/z1' },
      { dataset: 'http_requests', prefix: 'cloudflare/http_requests/z1' },
    ];
    expect(grantPrefixesOf({ grants: 'per-dataset', prefixRoot: 'cloudflare' }, pipelines)).toEqual([
      'cloudflare/dns_logs',
      'cloudflare/http_requests',
    ]);
    expect(grantPrefixesOf({ grants: 'per-prefix', prefixRoot: 'cloudflare' }, pipelines)).toEqual([
      'cloudflare/dns_logs/z1',
      'cloudflare/http_requests/z1',
      'cloudflare/http_requests/z2',
    ]);
  });

  test("a bucket's access logs go under s3-access-logs/<name or id>/ in the target", () => {
    expect(defaultAccessLogsPrefix({ bucketName: 'acme-logs', id: 'logs' })).toBe(
      's3-access-logs/acme-logs/',
    );
    expect(defaultAccessLogsPrefix({ id: 'my logs/1' })).toBe('s3-access-logs/my-logs-1/');
  });

  test('a CIS job without a path writes under its dataset name', () => {
    expect(defaultCisPath('http_requests')).toBe('http_requests');
  });

  test('a per-prefix bucket takes any prefix', () => {
    expect(
      prefixLayoutProblem(
        bucketLayoutOf({}),
        { dataset: 'http_requests', prefix: 'any/where', scopeId: ZONE },
        'b',
      ),
    ).toBeUndefined();
  });

  test('fails a per-dataset prefix that is not <root>/<dataset>/<id>, with its code', () => {
    const layout = bucketLayoutOf({ grants: 'per-dataset' });
    const ok = { dataset: 'http_requests', prefix: `cloudflare/http_requests/${ZONE}`, scopeId: ZONE };
    expect(prefixLayoutProblem(layout, ok, 'bucket "main"')).toBeUndefined();
    const problem = prefixLayoutProblem(
      layout,
      { ...ok, prefix: 'cloudflare/http_requests' },
      'bucket "main"',
    );
    expect(problem).toEqual({
      message: `bucket "main" grants per dataset: a prefix must be "cloudflare/http_requests/${ZONE}" (<prefixRoot>/<dataset>/<zone or account id>), or be left out`,
      expected: `cloudflare/http_requests/${ZONE}`,
      code: 'PREFIX_OUTSIDE_LAYOUT',
    });
  });
});
