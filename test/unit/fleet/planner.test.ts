/**
 * The fleet planner's steps (src/fleet/planner/) over the model: the rules LogBucket applies by hand
 * (prefix claims with their grants, the per-dataset layout, S3's notification limit) are found when
 * the file is validated, with their codes; and the plan's prefixes are the model's.
 */
import { FleetValidationError, planFleet, type FleetIssue, type FleetSpec } from '../../../src/fleet';
import { fleetPipelinePrefix } from '../../../src/model/layout';

type Spec = Record<string, any>;

/** A 32-hex zone id from a number. */
const zone = (i: number): string => i.toString(16).padStart(32, '0');

function spec(zones: number, bucket: Spec = {}, siem: Spec = {}): Spec {
  return {
    version: 1,
    buckets: { main: { name: 'acme-cloudflare-logs', region: 'us-west-2', ...bucket } },
    siem: { panther: { type: 'panther', bucket: 'main', pantherAwsAccountId: '123456789012', ...siem } },
    defaults: { bucket: 'main', siem: 'panther' },
    zones: Array.from({ length: zones }, (_, i) => ({
      id: zone(i + 1),
      datasets: ['http_requests', 'firewall_events'],
    })),
  };
}

function issuesOf(s: Spec): FleetIssue[] {
  try {
    planFleet(s as FleetSpec);
    return [];
  } catch (e) {
    if (e instanceof FleetValidationError) return [...e.issues];
    throw e;
  }
}

describe('fleet planner', () => {
  test("each pipeline's prefix is the model's, in both layouts", () => {
    for (const grants of ['per-prefix', 'per-dataset'] as const) {
      const plan = planFleet(spec(3, { grants }) as FleetSpec);
      for (const p of plan.pipelines) {
        expect(p.prefix).toBe(
          fleetPipelinePrefix({ grants, prefixRoot: 'cloudflare' }, p.dataset, { id: p.zoneId! }),
        );
      }
    }
  });

  test("fails: a self-managed SIEM past S3's 100 notification configurations of a per-prefix bucket", () => {
    // 51 zones x 2 datasets, per prefix: 102 notification entries (LogBucket refuses them at synth).
    const issues = issuesOf(spec(51));
    expect(issues).toEqual([
      expect.objectContaining({
        path: 'siem.panther',
        message: expect.stringMatching(
          /^bucket "main" has 102 event notification configurations, over S3's limit of 100/,
        ),
        value: 102,
        code: 'S3_NOTIFICATION_CONFIGURATIONS_LIMIT',
      }),
    ]);
    expect(issuesOf(spec(50))).toEqual([]);
  });

  test('per-dataset grants or Panther-managed notifications keep a large fleet within the limit', () => {
    expect(issuesOf(spec(140, { grants: 'per-dataset' }))).toEqual([]);
    expect(
      issuesOf(spec(140, {}, { notifications: 'panther-managed', region: 'us-west-2' })).map((i) => i.code),
    ).not.toContain('S3_NOTIFICATION_CONFIGURATIONS_LIMIT');
  });

  test('fails: prefix collisions carry PREFIX_OVERLAP, a layout mismatch its own code', () => {
    const same = spec(2);
    same.zones[1].datasets = [{ dataset: 'http_requests', prefix: `cloudflare/${zone(1)}/http_requests` }];
    expect(issuesOf(same)).toEqual([
      expect.objectContaining({
        path: 'zones[1].datasets[0].prefix',
        message: `prefix "cloudflare/${zone(1)}/http_requests" in bucket "main" is also the prefix of zones[0].datasets[0]`,
        code: 'PREFIX_OVERLAP',
      }),
    ]);
    const layout = spec(1, { grants: 'per-dataset' });
    layout.zones[0].datasets = [{ dataset: 'http_requests', prefix: 'cloudflare/web' }];
    expect(issuesOf(layout).map((i) => [i.path, i.code])).toEqual([
      ['zones[0].datasets[0].prefix', 'PREFIX_OUTSIDE_LAYOUT'],
    ]);
  });

  test('fails: a fifth dataset on a zone, with ZONE_JOB_LIMIT', () => {
    const s = spec(1);
    s.zones[0].datasets = ['http_requests', 'firewall_events', 'dns_logs', 'spectrum_events', 'nel_reports'];
    s.zones[0].siem = false;
    expect(issuesOf(s).find((i) => i.path === 'zones[0].datasets')).toMatchObject({
      message: 'lists 5 datasets: Cloudflare allows at most 4 Logpush jobs per zone',
      code: 'ZONE_JOB_LIMIT',
    });
  });
});
