import { Testing, TerraformStack, TerraformVariable } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CloudflareProvider } from '@cdktf/provider-cloudflare/lib/provider';
import {
  LogBucket,
  LogpushAlerts,
  LogpushPipeline,
  LogpushValidationError,
  PantherLogSource,
  PantherProvider,
  type LogpushAlertsProps,
} from '../../index';
import { PANTHER_LOG_SOURCE_ALARM_SCHEMA } from '../../constructs/bindings/panther';
import { metricsFilterId } from '../../src/alerts';
import { newStack, onlyResource, resourcesOf, synth } from '../support/synth';

const ZONES = [
  '023e105f4ecef8ad9ca31a8372d0c353',
  '356ee7e587e1f33ce324ccd5c1906e2d',
  'b98985475acb1ab397ddf1b64bad3564',
];
const ACCOUNT = '01a7362d577a6c3019a474fd6f485823';
const OTHER_ACCOUNT = '85b599adaf72a3a0e5320c67eee1299a';
const TOPIC = 'arn:aws:sns:us-west-2:123456789012:secops';

/** A bucket, a Panther source and alerts in one stack. */
function setup(grants: 'per-prefix' | 'per-dataset' = 'per-prefix', alertProps: LogpushAlertsProps = {}) {
  const stack = newStack();
  new PantherProvider(stack, 'panther', {});
  const bucket = new LogBucket(stack, 'logs', { bucketName: 'acme-logs', region: 'us-west-2', grants });
  const siem = new PantherLogSource(stack, 'panther-source', {
    bucket,
    name: 'cloudflare',
    pantherAwsAccountId: '999999999999',
    awsAccountId: '123456789012',
  });
  const alerts = new LogpushAlerts(stack, 'alerts', {
    cloudflareAccountIds: [ACCOUNT],
    emails: ['secops@example.com'],
    ...alertProps,
  });
  return { stack, bucket, siem, alerts };
}

const thrown = (fn: () => unknown): LogpushValidationError => {
  try {
    fn();
  } catch (e) {
    if (LogpushValidationError.isLogpushValidationError(e)) return e;
    throw e;
  }
  throw new Error('expected a LogpushValidationError');
};

describe('LogpushAlerts', () => {
  test('a per-prefix bucket: one metrics filter and one PutRequests alarm per pipeline, under the pipeline', () => {
    const { stack, bucket, siem, alerts } = setup();
    for (const [i, dataset] of ['http_requests', 'firewall_events'].entries()) {
      new LogpushPipeline(stack, dataset, { zoneId: ZONES[i], dataset, bucket, siem, alerts });
    }
    const json = synth(stack);
    const metrics = resourcesOf(json, 'aws_s3_bucket_metric');
    expect(Object.keys(metrics).sort()).toEqual([
      expect.stringMatching(/^firewall_events_Freshness_Metric_/),
      expect.stringMatching(/^http_requests_Freshness_Metric_/),
    ]);
    expect(Object.values(metrics).map((m) => m.filter)).toEqual(
      expect.arrayContaining([{ prefix: 'http_requests/' }, { prefix: 'firewall_events/' }]),
    );
    const alarms = Object.values(resourcesOf(json, 'aws_cloudwatch_metric_alarm'));
    expect(alarms).toHaveLength(2);
    for (const alarm of alarms) {
      expect(alarm).toMatchObject({
        namespace: 'AWS/S3',
        metric_name: 'PutRequests',
        statistic: 'Sum',
        period: 3600,
        evaluation_periods: 1,
        threshold: 1,
        comparison_operator: 'LessThanThreshold',
        treat_missing_data: 'breaching',
        alarm_actions: ['${aws_sns_topic.alerts_Topic_91F4801D.arn}'],
      });
      expect((alarm.dimensions as Record<string, string>).BucketName).toBe('acme-logs');
    }
    // The filter the alarm watches is the metric's name.
    const http = Object.values(metrics).find(
      (m) => (m.filter as { prefix: string }).prefix === 'http_requests/',
    )!;
    expect(alarms.map((a) => (a.dimensions as Record<string, string>).FilterId)).toContain(http.name);
    expect(Object.keys(resourcesOf(json, 'aws_sns_topic'))).toContain('alerts_Topic_91F4801D');
  });

  test('a per-dataset bucket: one filter and alarm per dataset, however many zones', () => {
    const { stack, bucket, siem, alerts } = setup('per-dataset');
    for (const zoneId of ZONES) {
      new LogpushPipeline(stack, `http-${zoneId}`, {
        zoneId,
        dataset: 'http_requests',
        bucket,
        siem,
        alerts,
      });
    }
    const json = synth(stack);
    const metric = onlyResource(json, 'aws_s3_bucket_metric');
    expect(metric).toMatchObject({ filter: { prefix: 'cloudflare/http_requests/' } });
    expect(Object.keys(resourcesOf(json, 'aws_s3_bucket_metric'))[0]).toMatch(
      /^logs_Freshness-logpushcloudflarehttp_requests_Metric_|^logs_Freshness-logpush\.cloudflare\.http_requests_Metric_/,
    );
    const alarm = onlyResource(json, 'aws_cloudwatch_metric_alarm');
    // One topic, once: not once per zone.
    expect(alarm.alarm_actions).toEqual(['${aws_sns_topic.alerts_Topic_91F4801D.arn}']);
  });

  test("a dataset's shared alarm takes the shortest window and every alerts' topic", () => {
    const { stack, bucket, alerts } = setup('per-dataset');
    const other = new LogpushAlerts(stack, 'other', { topicArn: TOPIC, freshnessMinutes: 30 });
    new LogpushPipeline(stack, 'a', { zoneId: ZONES[0], dataset: 'http_requests', bucket, alerts });
    new LogpushPipeline(stack, 'b', { zoneId: ZONES[1], dataset: 'http_requests', bucket, alerts: other });
    const alarm = onlyResource(synth(stack), 'aws_cloudwatch_metric_alarm');
    expect(alarm.period).toBe(1800);
    expect(alarm.alarm_actions).toEqual(
      expect.arrayContaining([TOPIC, '${aws_sns_topic.alerts_Topic_91F4801D.arn}']),
    );
  });

  test('one failing-jobs notification policy per account in the whole app, with every mechanism named', () => {
    const app = Testing.app();
    const stacks = ['one', 'two'].map((id) => {
      const stack = new TerraformStack(app, id);
      new AwsProvider(stack, 'aws', { region: 'us-west-2' });
      new CloudflareProvider(stack, 'cloudflare', {});
      return stack;
    });
    new LogpushAlerts(stacks[0]!, 'alerts', { cloudflareAccountIds: [ACCOUNT], emails: ['a@example.com'] });
    new LogpushAlerts(stacks[1]!, 'alerts', {
      cloudflareAccountIds: [ACCOUNT, OTHER_ACCOUNT],
      emails: ['b@example.com'],
      webhookIds: ['b115d5ec15c641ee8b7692c449b5227b'],
      pagerDutyIds: ['PD1'],
    });
    const one = synth(stacks[0]!);
    const two = synth(stacks[1]!);
    expect(onlyResource(one, 'cloudflare_notification_policy')).toEqual({
      account_id: ACCOUNT,
      alert_type: 'failing_logpush_job_disabled_alert',
      description: expect.any(String),
      enabled: true,
      name: 'Logpush job disabled after failing (cdktf-logpush)',
      mechanisms: {
        email: [{ id: 'a@example.com' }, { id: 'b@example.com' }],
        webhooks: [{ id: 'b115d5ec15c641ee8b7692c449b5227b' }],
        pagerduty: [{ id: 'PD1' }],
      },
    });
    // The second stack defines only the account the first did not.
    expect(onlyResource(two, 'cloudflare_notification_policy')).toMatchObject({ account_id: OTHER_ACCOUNT });
  });

  test('an account pipeline adds its account; forPipeline adds a zone account and its own window', () => {
    const stack = newStack();
    const bucket = new LogBucket(stack, 'logs', { bucketName: 'acme-logs', region: 'us-west-2' });
    const alerts = new LogpushAlerts(stack, 'alerts', { emails: ['secops@example.com'], topicArn: TOPIC });
    new LogpushPipeline(stack, 'audit', { accountId: ACCOUNT, dataset: 'audit_logs', bucket, alerts });
    new LogpushPipeline(stack, 'quiet', {
      zoneId: ZONES[0],
      dataset: 'http_requests',
      bucket,
      alerts: alerts.forPipeline({ cloudflareAccountId: OTHER_ACCOUNT, freshnessMinutes: 360 }),
    });
    const json = synth(stack);
    expect(
      Object.values(resourcesOf(json, 'cloudflare_notification_policy'))
        .map((p) => p.account_id)
        .sort(),
    ).toEqual([ACCOUNT, OTHER_ACCOUNT].sort());
    const periods = Object.values(resourcesOf(json, 'aws_cloudwatch_metric_alarm')).map((a) => a.period);
    expect(periods.sort()).toEqual([21600, 3600]);
    // A given topic: none is defined, the alarms notify it.
    expect(resourcesOf(json, 'aws_sns_topic')).toEqual({});
    for (const a of Object.values(resourcesOf(json, 'aws_cloudwatch_metric_alarm'))) {
      expect(a.alarm_actions).toEqual([TOPIC]);
    }
  });

  test("the SIEM source's no-data alarm: one per source, the shortest threshold", () => {
    const { stack, bucket, siem, alerts } = setup();
    const strict = new LogpushAlerts(stack, 'strict', { siemNoDataMinutes: 30, freshnessAlarms: false });
    new LogpushPipeline(stack, 'http', { zoneId: ZONES[0], dataset: 'http_requests', bucket, siem, alerts });
    new LogpushPipeline(stack, 'fw', {
      zoneId: ZONES[0],
      dataset: 'firewall_events',
      bucket,
      siem,
      alerts: strict,
    });
    const json = synth(stack);
    const alarm = onlyResource(json, 'panther_log_source_alarm');
    expect(alarm).toEqual({
      source_id: expect.stringMatching(/^\$\{panther_s3_source\.panther-source_[0-9A-F]+\.id\}$/),
      type: 'SOURCE_NO_DATA',
      minutes_threshold: 30,
    });
    // Exactly the attributes the provider requires (terraform-provider-panther v0.2.12).
    expect(Object.keys(alarm).sort()).toEqual([...PANTHER_LOG_SOURCE_ALARM_SCHEMA.required].sort());
    // `strict` has freshnessAlarms: false: only the http pipeline's alarm.
    expect(Object.keys(resourcesOf(json, 'aws_cloudwatch_metric_alarm'))).toHaveLength(1);
  });

  test('renders as HCL too (cdktf synth --hcl)', () => {
    const { stack, bucket, siem, alerts } = setup();
    new LogpushPipeline(stack, 'http', { zoneId: ZONES[0], dataset: 'http_requests', bucket, siem, alerts });
    const hcl = Testing.synthHcl(stack);
    expect(hcl).toMatch(/resource "panther_log_source_alarm" "panther-source_NoDataAlarm_[0-9A-F]+" \{/);
    expect(hcl).toMatch(/minutes_threshold = 60/);
    expect(hcl).toMatch(/resource "cloudflare_notification_policy"/);
    // A per-dataset bucket's shared alarm: its window and topics are rendered at synth.
    const shared = setup('per-dataset');
    new LogpushPipeline(shared.stack, 'http', {
      zoneId: ZONES[0],
      dataset: 'http_requests',
      bucket: shared.bucket,
      alerts: shared.alerts,
    });
    const sharedHcl = Testing.synthHcl(shared.stack);
    expect(sharedHcl).toMatch(/period += 3600/);
    expect(sharedHcl).toMatch(/treat_missing_data += "breaching"/);
  });

  test('siemNoDataAlarm: false and no mechanism: only the AWS alarms', () => {
    const stack = newStack();
    new PantherProvider(stack, 'panther', {});
    const bucket = new LogBucket(stack, 'logs', { bucketName: 'acme-logs', region: 'us-west-2' });
    const siem = new PantherLogSource(stack, 'p', {
      bucket,
      name: 'cf',
      pantherAwsAccountId: '999999999999',
    });
    const alerts = new LogpushAlerts(stack, 'alerts', { siemNoDataAlarm: false });
    new LogpushPipeline(stack, 'audit', { accountId: ACCOUNT, dataset: 'audit_logs', bucket, siem, alerts });
    const json = synth(stack);
    expect(resourcesOf(json, 'panther_log_source_alarm')).toEqual({});
    expect(resourcesOf(json, 'cloudflare_notification_policy')).toEqual({});
    expect(Object.keys(resourcesOf(json, 'aws_cloudwatch_metric_alarm'))).toHaveLength(1);
  });

  test('a source with registerSource: false gets a warning instead of an alarm', () => {
    const stack = newStack();
    const bucket = new LogBucket(stack, 'logs', { bucketName: 'acme-logs', region: 'us-west-2' });
    const siem = new PantherLogSource(stack, 'p', {
      bucket,
      name: 'cf',
      pantherAwsAccountId: '999999999999',
      registerSource: false,
    });
    const alerts = new LogpushAlerts(stack, 'alerts');
    new LogpushPipeline(stack, 'http', { zoneId: ZONES[0], dataset: 'http_requests', bucket, siem, alerts });
    expect(resourcesOf(synth(stack), 'panther_log_source_alarm')).toEqual({});
    const warnings = alerts.node.metadata.filter((m) => m.type.includes('warn')).map((m) => String(m.data));
    expect(warnings.join('\n')).toMatch(/registerSource: false/);
  });

  test('the metrics filter id is stable, at most 64 characters of what S3 allows', () => {
    expect(metricsFilterId('cloudflare/http_requests')).toBe('logpush.cloudflare.http_requests');
    const long = metricsFilterId(`cloudflare/${'z'.repeat(100)}/http_requests`);
    expect(long).toHaveLength(64);
    expect(long).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(metricsFilterId(`cloudflare/${'z'.repeat(100)}/http_requests`)).toBe(long);
    expect(metricsFilterId("a/(b)=c'!")).toBe('logpush.a.-b--c--');
  });
});

describe('LogpushAlerts refusals', () => {
  test.each<[string, LogpushAlertsProps, string]>([
    ['an email that is not one', { emails: ['secops at example.com'] }, 'emails.0'],
    ['a webhook id with a space', { webhookIds: ['a b'] }, 'webhookIds.0'],
    ['a no-data threshold under 15 minutes', { siemNoDataMinutes: 14 }, 'siemNoDataMinutes'],
    ['a no-data threshold over 30 days', { siemNoDataMinutes: 43_201 }, 'siemNoDataMinutes'],
    ['a freshness window that is not a multiple of 5', { freshnessMinutes: 61 }, 'freshnessMinutes'],
    ['a freshness window over a day', { freshnessMinutes: 1_445 }, 'freshnessMinutes'],
    ['a FIFO topic', { topicArn: `${TOPIC}.fifo` }, 'topicArn'],
    [
      'an account id that is not one',
      { cloudflareAccountIds: ['acme'], emails: ['a@example.com'] },
      'cloudflareAccountIds.0',
    ],
  ])('fails for %s', (_what, props, path) => {
    const stack = newStack();
    const e = thrown(() => new LogpushAlerts(stack, 'alerts', props));
    expect(e.issues.map((i) => i.path)).toEqual([path]);
    expect(stack.node.tryFindChild('alerts')).toBeUndefined();
  });

  test('fails for a window that is a Terraform token (the period is computed from it)', () => {
    const stack = newStack();
    const minutes = new TerraformVariable(stack, 'minutes', { type: 'number' });
    const e = thrown(() => new LogpushAlerts(stack, 'alerts', { freshnessMinutes: minutes.numberValue }));
    expect(e.issues.map((i) => i.path)).toEqual(['freshnessMinutes']);
  });

  test('validation skips tokenized values: an account id and a topic ARN from variables', () => {
    const stack = newStack();
    const account = new TerraformVariable(stack, 'account', { type: 'string' });
    const topic = new TerraformVariable(stack, 'topic', { type: 'string' });
    const bucket = new LogBucket(stack, 'logs', { bucketName: 'acme-logs', region: 'us-west-2' });
    const alerts = new LogpushAlerts(stack, 'alerts', {
      cloudflareAccountIds: [account.stringValue],
      emails: ['secops@example.com'],
      topicArn: topic.stringValue,
    });
    new LogpushPipeline(stack, 'http', { zoneId: ZONES[0], dataset: 'http_requests', bucket, alerts });
    const json = synth(stack);
    expect(onlyResource(json, 'cloudflare_notification_policy').account_id).toBe('${var.account}');
    expect(onlyResource(json, 'aws_cloudwatch_metric_alarm').alarm_actions).toEqual(['${var.topic}']);
  });

  test('fails for accounts without any mechanism (ALERTS_NO_MECHANISM)', () => {
    const e = thrown(() => new LogpushAlerts(newStack(), 'alerts', { cloudflareAccountIds: [ACCOUNT] }));
    expect(e.codes).toEqual(['ALERTS_NO_MECHANISM']);
  });

  test('fails for a pipeline option out of range', () => {
    const alerts = new LogpushAlerts(newStack(), 'alerts');
    const e = thrown(() => alerts.forPipeline({ freshnessMinutes: 3 }));
    expect(e.issues[0]!.path).toBe('freshnessMinutes');
  });

  test('fails for alerts that are not LogpushAlerts', () => {
    const stack = newStack();
    const bucket = new LogBucket(stack, 'logs', { bucketName: 'acme-logs', region: 'us-west-2' });
    const e = thrown(
      () =>
        new LogpushPipeline(stack, 'http', {
          zoneId: ZONES[0],
          dataset: 'http_requests',
          bucket,
          alerts: { emails: ['x@example.com'] } as never,
        }),
    );
    expect(e.issues.map((i) => i.path)).toEqual(['alerts']);
  });

  test("fails for the 1,001st metrics filter of a bucket (S3's limit), before the pipeline is defined", () => {
    const { stack, bucket, alerts } = setup();
    for (let i = 0; i < 1000; i++) bucket._claimMetricsFilter(`taken/${i}`);
    const e = thrown(
      () =>
        new LogpushPipeline(stack, 'http', { zoneId: ZONES[0], dataset: 'http_requests', bucket, alerts }),
    );
    expect(e.codes).toEqual(['S3_METRICS_CONFIGURATIONS_LIMIT']);
    expect(e.message).toMatch(/1001 S3 request-metrics configurations, over S3's limit of 1000/);
    expect(stack.node.tryFindChild('http')).toBeUndefined();
    // Without freshness alarms the same pipeline fits.
    const quiet = new LogpushAlerts(stack, 'quiet', { freshnessAlarms: false });
    new LogpushPipeline(stack, 'http', { zoneId: ZONES[0], dataset: 'http_requests', bucket, alerts: quiet });
  });

  test('fails when two prefixes make one metrics filter id', () => {
    const { stack, bucket, alerts } = setup();
    new LogpushPipeline(stack, 'a', {
      zoneId: ZONES[0],
      dataset: 'http_requests',
      bucket,
      prefix: 'cf/http',
      alerts,
    });
    const e = thrown(
      () =>
        new LogpushPipeline(stack, 'b', {
          zoneId: ZONES[1],
          dataset: 'http_requests',
          bucket,
          prefix: 'cf.http',
          alerts,
        }),
    );
    expect(e.codes).toEqual(['S3_METRICS_FILTER_ID_TAKEN']);
  });
});
