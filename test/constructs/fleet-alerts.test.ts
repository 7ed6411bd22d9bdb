import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CloudflareProvider } from '@cdktf/provider-cloudflare/lib/provider';
import { App, Testing, type TerraformStack } from 'cdktf';
import * as fs from 'fs';
import * as path from 'path';
import { defineFleet } from '../../examples/fleet/main';
import { LogpushFleet } from '../../index';
import { validateFleet } from '../../src/fleet';
import { resourceCounts, resourcesOf, type SynthJson } from '../support/synth';

/** Synthesizes an app; returns each stack's JSON by name. */
function synthApp(app: App): Record<string, SynthJson> {
  app.synth();
  const manifest = JSON.parse(fs.readFileSync(path.join(app.outdir, 'manifest.json'), 'utf8'));
  return Object.fromEntries(
    Object.entries(manifest.stacks as Record<string, { synthesizedStackPath: string }>).map(([name, s]) => [
      name,
      JSON.parse(fs.readFileSync(path.join(app.outdir, s.synthesizedStackPath), 'utf8')) as SynthJson,
    ]),
  );
}

const ALERT_TYPES = [
  'aws_cloudwatch_metric_alarm',
  'aws_s3_bucket_metric',
  'cloudflare_notification_policy',
  'panther_log_source_alarm',
];

describe('LogpushFleet alerts: examples/fleet (per-dataset bucket)', () => {
  const stacks = synthApp(((app) => (defineFleet(app), app))(Testing.app()));
  const foundation = stacks['logpush-foundation']!;

  test('the foundation holds all three kinds: one freshness alarm per dataset, one policy per account, one no-data alarm', () => {
    const counts = resourceCounts(foundation);
    expect(counts).toMatchObject({
      aws_s3_bucket_metric: 3,
      aws_cloudwatch_metric_alarm: 3,
      cloudflare_notification_policy: 2,
      panther_log_source_alarm: 1,
    });
    const policies = Object.values(resourcesOf(foundation, 'cloudflare_notification_policy'));
    // The default account and the staging account (a zone's override, and an account of the file).
    expect(policies.map((p) => p.account_id).sort()).toEqual([
      '2dd5fe073beb290a8b54f2adf833731f',
      '85b599adaf72a3a0e5320c67eee1299a',
    ]);
    for (const p of policies) {
      expect(p.mechanisms).toEqual({
        email: [{ id: 'secops@example.com' }],
        webhooks: [{ id: 'b115d5ec15c641ee8b7692c449b5227b' }],
        pagerduty: [{ id: '0d5b1b1f2c0e4a0b9c0f4a6d3e2b1c0a' }],
      });
    }
    const alarms = Object.values(resourcesOf(foundation, 'aws_cloudwatch_metric_alarm'));
    expect(alarms.every((a) => (a.alarm_actions as string[]).length === 1)).toBe(true);
  });

  test('the shards hold no alert resource', () => {
    for (const [name, json] of Object.entries(stacks)) {
      if (name === 'logpush-foundation') continue;
      const types = Object.keys(resourceCounts(json));
      expect(types.filter((t) => ALERT_TYPES.includes(t))).toEqual([]);
    }
  });
});

describe('LogpushFleet alerts: a per-prefix bucket', () => {
  const zones = Array.from({ length: 6 }, (_, i) => (i + 1).toString(16).padStart(32, 'a'));
  const spec = validateFleet({
    version: 1,
    buckets: { main: { name: 'acme-cloudflare-logs', region: 'us-west-2' } },
    alerts: { topicArn: 'arn:aws:sns:us-west-2:123456789012:secops', freshnessMinutes: 60 },
    sharding: { shards: 2 },
    zones: zones.map((id, i) => ({
      id,
      datasets: ['http_requests'],
      ...(i === 0 ? { alerts: { freshnessMinutes: 240 } } : i === 1 ? { alerts: false } : {}),
    })),
  });
  const configureStack = (stack: TerraformStack) => {
    new AwsProvider(stack, 'aws', { region: 'us-west-2' });
    new CloudflareProvider(stack, 'cloudflare', {});
  };
  const define = (shards?: string[]) => {
    const app = Testing.app();
    new LogpushFleet(app, 'logs', { spec, configureStack, shards });
    return synthApp(app);
  };
  const all = define();

  test("each pipeline's alarm lives in its shard, under the pipeline; alerts: false has none", () => {
    expect(resourcesOf(all['logs-foundation']!, 'aws_cloudwatch_metric_alarm')).toEqual({});
    const alarms = Object.entries(all)
      .filter(([name]) => name !== 'logs-foundation')
      .flatMap(([, json]) => Object.entries(resourcesOf(json, 'aws_cloudwatch_metric_alarm')));
    expect(alarms).toHaveLength(5);
    for (const [address, alarm] of alarms) {
      expect(address).toMatch(/^zone-[0-9a]{32}-http_requests_Freshness_Alarm_[0-9A-F]{8}$/);
      expect(alarm.alarm_actions).toEqual(['arn:aws:sns:us-west-2:123456789012:secops']);
    }
    const byZone = Object.fromEntries(
      alarms.map(([address, a]) => [address.slice('zone-'.length, 'zone-'.length + 32), a.period]),
    );
    expect(byZone[zones[0]!]).toBe(4 * 3600);
    expect(byZone[zones[1]!]).toBeUndefined();
    expect(byZone[zones[2]!]).toBe(3600);
  });

  test('the foundation is the same whichever shards are defined', () => {
    const one = define(['shard-1']);
    expect(JSON.stringify(one['logs-foundation'])).toBe(JSON.stringify(all['logs-foundation']));
  });
});

test("a per-prefix fleet without topicArn: the shards' alarms notify the foundation's topic across stacks", () => {
  const spec = validateFleet({
    version: 1,
    buckets: { main: { name: 'acme-cloudflare-logs', region: 'us-west-2' } },
    alerts: { freshnessMinutes: 30 },
    zones: [{ id: '023e105f4ecef8ad9ca31a8372d0c353', datasets: ['http_requests'] }],
  });
  const app = Testing.app();
  const fleet = new LogpushFleet(app, 'logs', {
    spec,
    configureStack: (stack) => {
      new AwsProvider(stack, 'aws', { region: 'us-west-2' });
      new CloudflareProvider(stack, 'cloudflare', {});
    },
  });
  const stacks = synthApp(app);
  expect(Object.keys(resourcesOf(stacks['logs-foundation']!, 'aws_sns_topic'))).toEqual([
    expect.stringMatching(/^alerts_Topic_/),
  ]);
  const alarm = Object.values(resourcesOf(stacks['logs-shard-0']!, 'aws_cloudwatch_metric_alarm'))[0]!;
  // cdktf wires the ARN through an output of the foundation and terraform_remote_state in the shard.
  expect(alarm.alarm_actions).toEqual([expect.stringMatching(/^\$\{data\.terraform_remote_state\./)]);
  expect(fleet.shardStacks['shard-0']!.dependencies).toContain(fleet.foundation);
});
