import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import {
  ALERT_PRICES,
  freshnessMonthlyCost,
  MAX_BUCKET_METRICS_CONFIGURATIONS,
  metricsConfigurationCountProblem,
} from '../../src/alerts';
import { FleetValidationError, fleetJsonSchema, parseFleetWithPlan, type FleetIssue } from '../../src/fleet';

const Z1 = '023e105f4ecef8ad9ca31a8372d0c353';
const A1 = '01a7362d577a6c3019a474fd6f485823';
const A2 = '85b599adaf72a3a0e5320c67eee1299a';

type Spec = Record<string, any>;

/** A fleet with alerts: one per-prefix bucket, one zone, one account. */
function base(grants: 'per-prefix' | 'per-dataset' = 'per-prefix'): Spec {
  return {
    version: 1,
    buckets: { main: { name: 'acme-cloudflare-logs', region: 'us-west-2', grants } },
    alerts: { cloudflareAccountIds: [A2], emails: ['secops@example.com'] },
    zones: [{ id: Z1, datasets: ['http_requests', 'firewall_events'] }],
    accounts: [{ id: A1, datasets: ['audit_logs'] }],
  };
}

function issuesOf(spec: Spec): FleetIssue[] {
  try {
    parseFleetWithPlan(stringify(spec), 'logpush.yaml');
    return [];
  } catch (e) {
    if (e instanceof FleetValidationError) return [...e.issues];
    throw e;
  }
}

const zone = (i: number) => i.toString(16).padStart(32, '0');

describe('what alerts cost (docs/alerts.md)', () => {
  test('a filter with its alarm is about $3.10 a month; 10 and 10,000 zones per layout', () => {
    expect(ALERT_PRICES.source).toBe('https://aws.amazon.com/cloudwatch/pricing/');
    expect(freshnessMonthlyCost(1)).toBe(3.1);
    // Two datasets per zone. Per-prefix: one filter per pipeline.
    expect(freshnessMonthlyCost(10 * 2)).toBe(62);
    expect(freshnessMonthlyCost(10_000 * 2)).toBe(24_000);
    // Per-dataset: one filter per dataset, whatever the number of zones.
    expect(freshnessMonthlyCost(2)).toBe(6.2);
  });

  test("S3's limit of 1,000 metrics configurations per bucket", () => {
    expect(metricsConfigurationCountProblem('bucket b', MAX_BUCKET_METRICS_CONFIGURATIONS)).toBeUndefined();
    expect(metricsConfigurationCountProblem('bucket b', 1_001)).toMatch(/1001 .* over S3's limit of 1000/);
  });
});

describe('fleet file alerts', () => {
  test('plans the alerts and each zone its overrides; alerts: false leaves a zone out', () => {
    const spec = base();
    spec.zones.push({ id: zone(1), datasets: ['http_requests'], alerts: false });
    spec.zones.push({
      id: zone(2),
      datasets: ['http_requests'],
      alerts: { cloudflareAccountId: A1, freshnessMinutes: 120 },
    });
    const { plan } = parseFleetWithPlan(stringify(spec), 'logpush.yaml');
    expect(plan.alerts).toEqual(spec.alerts);
    const byZone = Object.fromEntries(plan.pipelines.map((p) => [p.id, p.alerts]));
    expect(byZone[`zone-${Z1}-http_requests`]).toEqual({});
    expect(byZone[`zone-${zone(1)}-http_requests`]).toBeUndefined();
    expect(byZone[`zone-${zone(2)}-http_requests`]).toEqual({
      cloudflareAccountId: A1,
      freshnessMinutes: 120,
    });
  });

  test('without a top-level alerts no pipeline has alerts', () => {
    const spec = base();
    delete spec.alerts;
    const { plan } = parseFleetWithPlan(stringify(spec), 'logpush.yaml');
    expect(plan.alerts).toBeUndefined();
    expect(plan.pipelines.every((p) => p.alerts === undefined)).toBe(true);
  });

  test.each<[string, (s: Spec) => void, string, string]>([
    [
      'a zone override without alerts',
      (s) => {
        delete s.alerts;
        s.zones[0].alerts = { freshnessMinutes: 30 };
      },
      'zones[0].alerts',
      'ALERTS_OVERRIDE_WITHOUT_ALERTS',
    ],
    [
      'an account override on an account',
      (s) => (s.accounts[0].alerts = { cloudflareAccountId: A2 }),
      'accounts[0].alerts.cloudflareAccountId',
      'ALERTS_ACCOUNT_OVERRIDE_ON_ACCOUNT',
    ],
    [
      'accounts without any mechanism',
      (s) => (s.alerts = { cloudflareAccountIds: [A2] }),
      'alerts.cloudflareAccountIds',
      'ALERTS_NO_MECHANISM',
    ],
  ])('fails for %s', (_what, edit, path, code) => {
    const spec = base();
    edit(spec);
    const found = issuesOf(spec).find((i) => i.path === path);
    expect(found?.code).toBe(code);
    expect(found!.line).toBeGreaterThan(0);
  });

  test("fails for a zone's own window in a per-dataset bucket (the dataset's alarm is shared)", () => {
    const spec = base('per-dataset');
    spec.zones[0].alerts = { freshnessMinutes: 30 };
    const found = issuesOf(spec).find((i) => i.path === 'zones[0].alerts.freshnessMinutes');
    expect(found?.code).toBe('ALERTS_SHARED_FRESHNESS_OVERRIDE');
  });

  test('fails for values out of range, at their line', () => {
    const spec = base();
    spec.alerts.siemNoDataMinutes = 10;
    spec.alerts.emails = ['not an address'];
    spec.zones[0].alerts = { freshnessMinutes: 7 };
    expect(
      issuesOf(spec)
        .map((i) => i.path)
        .sort(),
    ).toEqual(['alerts.emails[0]', 'alerts.siemNoDataMinutes', 'zones[0].alerts.freshnessMinutes']);
  });

  test('fails for a per-prefix bucket with more than 1,000 freshness filters; per-dataset fits', () => {
    const spec = base();
    spec.accounts = [];
    spec.zones = Array.from({ length: 1_001 }, (_, i) => ({ id: zone(i + 1), datasets: ['http_requests'] }));
    spec.sharding = { shards: 5 };
    const found = issuesOf(spec).filter((i) => i.code === 'S3_METRICS_CONFIGURATIONS_LIMIT');
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toMatch(/bucket "main" would have 1001 S3 request-metrics configurations/);
    // The same zones without freshness alarms, or with per-dataset grants, are fine.
    expect(issuesOf({ ...spec, alerts: { ...spec.alerts, freshnessAlarms: false } })).toEqual([]);
    spec.buckets.main.grants = 'per-dataset';
    expect(issuesOf(spec)).toEqual([]);
  });

  test("the JSON Schema describes alerts and a zone's overrides", () => {
    const schema = fleetJsonSchema() as any;
    expect(Object.keys(schema.properties.alerts.properties).sort()).toEqual(
      [
        'cloudflareAccountIds',
        'emails',
        'freshnessAlarms',
        'freshnessMinutes',
        'pagerDutyIds',
        'siemNoDataAlarm',
        'siemNoDataMinutes',
        'topicArn',
        'webhookIds',
      ].sort(),
    );
    expect(JSON.stringify(schema.properties.zones)).toMatch(/cloudflareAccountId/);
  });
});

describe('docs/alerts.md', () => {
  const text = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'alerts.md'), 'utf8');

  test('every yaml block is a valid fleet file with alerts', () => {
    const blocks = [...text.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) {
      const { plan } = parseFleetWithPlan(block, 'docs/alerts.md');
      expect(plan.alerts).toBeDefined();
      expect(plan.pipelines.filter((p) => p.alerts === undefined)).toHaveLength(1); // the alerts: false zone
    }
  });

  test("the cost table's figures are the model's", () => {
    for (const [filters, text_] of [
      [2, '$6.20'],
      [20, '$62 '],
      [20_000, '$24,000'],
    ] as const) {
      expect(text).toContain(text_);
      expect(
        `$${freshnessMonthlyCost(filters).toLocaleString('en-US', { minimumFractionDigits: filters === 2 ? 2 : 0 })}`,
      ).toBe(text_.trim());
    }
  });
});
