/**
 * Health alerts of a running pipeline: the rules, limits and defaults, decided once here and used
 * by the constructs (LogpushAlerts, LogBucket, LogpushPipeline) and the fleet planner. Framework-free.
 *
 * Three kinds (DOMAIN.md §11):
 * - Cloudflare: a notification policy `failing_logpush_job_disabled_alert` per account (Enterprise;
 *   Cloudflare sends it at most once per job per 24 h, when it disables a job that kept failing).
 * - Panther: the `SOURCE_NO_DATA` alarm of a log source (`panther_log_source_alarm`), 15..43,200
 *   minutes (terraform-provider-panther v0.2.12, internal/provider/log_source_alarm_resource.go,
 *   `int64validator.Between(15, 43200)`, commit 1fe0b76b).
 * - AWS: an S3 request-metrics filter (`aws_s3_bucket_metric`) on a prefix and a CloudWatch alarm on
 *   its `PutRequests` with `treat_missing_data = "breaching"`: a prefix that receives no object for
 *   a whole period alarms.
 *
 * What they cost (docs/alerts.md has the table): the Cloudflare policy and the Panther alarm cost
 * nothing per zone. On AWS, a standard-resolution alarm is $0.10 per alarm-month and request metrics
 * are billed as CloudWatch custom metrics ($0.30 per metric-month for the first 10,000; a filter
 * publishes one metric per request metric with traffic, about ten for a Logpush prefix read by a
 * SIEM) — https://aws.amazon.com/cloudwatch/pricing/. So the freshness alarm follows the bucket's
 * grant layout: one per dataset in a `per-dataset` bucket (the same few dollars at 10 or 10,000
 * zones), one per pipeline in a `per-prefix` bucket (about $3 per pipeline-month).
 */
import { grantPrefixOf, type GrantLayout } from './model/layout';
import type { PropIssue } from './errors';

/** Panther's bounds of `minutes_threshold` (provider 0.2.12: `Between(15, 43200)`). */
export const SIEM_NO_DATA_MINUTES = { min: 15, max: 43_200 } as const;

/** The Panther no-data threshold when none is given: an hour, as in the provider's own example. */
export const DEFAULT_SIEM_NO_DATA_MINUTES = 60;

/**
 * Bounds of the freshness window: the alarm is one CloudWatch period of this many minutes. PutMetricAlarm
 * takes a `Period` of 10, 20, 30 or a multiple of 60 seconds, and `Period x EvaluationPeriods` of at
 * most 7 days (1 day for periods under an hour); one period of at most a day keeps to both.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
 */
export const FRESHNESS_MINUTES = { min: 5, max: 1_440 } as const;

/**
 * The freshness window when none is given: an hour. Logpush uploads a batch at least every 5
 * minutes while there are logs (max_upload_interval_seconds 30..300), so an hour without one PUT
 * under a prefix means the job stopped, or the zone had no traffic for an hour.
 */
export const DEFAULT_FRESHNESS_MINUTES = 60;

/**
 * S3 accepts at most 1,000 metrics configurations per bucket (`TooManyConfigurations`).
 *
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketMetricsConfiguration.html
 */
export const MAX_BUCKET_METRICS_CONFIGURATIONS = 1_000;

/** Cloudflare's alert type for a Logpush job it disabled after repeated failures. */
export const FAILING_LOGPUSH_JOB_ALERT_TYPE = 'failing_logpush_job_disabled_alert';

/** Panther's only configurable log source alarm type. */
export const SOURCE_NO_DATA_ALARM_TYPE = 'SOURCE_NO_DATA';

/** The codes of the problems this module finds. */
export const ALERT_CODES = {
  metricsLimit: 'S3_METRICS_CONFIGURATIONS_LIMIT',
  noMechanism: 'ALERTS_NO_MECHANISM',
  sharedFreshnessOverride: 'ALERTS_SHARED_FRESHNESS_OVERRIDE',
  accountOverrideOnAccount: 'ALERTS_ACCOUNT_OVERRIDE_ON_ACCOUNT',
  overrideWithoutAlerts: 'ALERTS_OVERRIDE_WITHOUT_ALERTS',
} as const;

/** The prefix a pipeline's freshness alarm watches: its own, or its dataset's in a per-dataset bucket. */
export function freshnessPrefixOf(
  layout: GrantLayout,
  root: string,
  pipeline: { readonly dataset: string; readonly prefix: string },
): string {
  return grantPrefixOf(layout, root, pipeline);
}

/** Characters S3 allows in a metrics configuration id (at most 64). */
const FILTER_ID_CHAR = /[^A-Za-z0-9._-]/g;

/**
 * The id of the request-metrics filter of a prefix (`cloudflare/http_requests` ->
 * `logpush.cloudflare.http_requests`): stable for a prefix, at most 64 characters of S3's allowed
 * set; a longer one keeps its start and ends with a hash of the whole prefix.
 */
export function metricsFilterId(prefix: string): string {
  const id = `logpush.${prefix.replace(/\//g, '.')}`.replace(FILTER_ID_CHAR, '-');
  if (id.length <= 64) return id;
  return `${id.slice(0, 55)}-${fnv1a(prefix)}`;
}

/** 8 hex characters of FNV-1a: short, stable, not a security boundary. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** Why a bucket with `count` metrics configurations is one S3 refuses, or undefined. */
export function metricsConfigurationCountProblem(what: string, count: number): string | undefined {
  if (count <= MAX_BUCKET_METRICS_CONFIGURATIONS) return undefined;
  return (
    `${what} would have ${count} S3 request-metrics configurations, over S3's limit of ` +
    `${MAX_BUCKET_METRICS_CONFIGURATIONS} per bucket: each pipeline of a per-prefix bucket gets its own freshness ` +
    "filter; with grants: 'per-dataset' there is one per dataset, or set freshnessAlarms: false"
  );
}

/**
 * The CloudWatch alarm settings of a freshness window: one period of `minutes`, alarming when the
 * prefix had fewer than one PUT in it; no data (no PUT at all: S3 publishes nothing) is breaching.
 */
export function freshnessAlarmSettings(minutes: number): {
  readonly period: number;
  readonly evaluationPeriods: number;
  readonly threshold: number;
  readonly comparisonOperator: string;
  readonly statistic: string;
  readonly treatMissingData: string;
} {
  return {
    period: minutes * 60,
    evaluationPeriods: 1,
    threshold: 1,
    comparisonOperator: 'LessThanThreshold',
    statistic: 'Sum',
    treatMissingData: 'breaching',
  };
}

/** Monthly list prices (US East) the cost model uses, with their source. */
export const ALERT_PRICES = {
  /** Standard-resolution alarm, per alarm-month. */
  alarmMonth: 0.1,
  /** Custom metric (and S3 request metric), per metric-month, first 10,000. */
  metricMonth: 0.3,
  /** Per metric-month from 10,001 to 250,000. */
  metricMonthOver10k: 0.1,
  /** Metrics a filter publishes for a Logpush prefix a SIEM reads (PUT, GET, HEAD, LIST, bytes, latencies, errors, all). */
  metricsPerFilter: 10,
  source: 'https://aws.amazon.com/cloudwatch/pricing/',
} as const;

/** The monthly AWS cost of `filters` request-metrics filters with one alarm each (USD). */
export function freshnessMonthlyCost(filters: number): number {
  const metrics = filters * ALERT_PRICES.metricsPerFilter;
  const first = Math.min(metrics, 10_000);
  const rest = Math.max(0, metrics - 10_000);
  return (
    Math.round(
      (first * ALERT_PRICES.metricMonth +
        rest * ALERT_PRICES.metricMonthOver10k +
        filters * ALERT_PRICES.alarmMonth) *
        100,
    ) / 100
  );
}

/**
 * The cross-prop rule of alerts: accounts named without any mechanism would define a notification
 * policy that notifies nobody.
 */
export function alertsPropsIssues(p: {
  readonly cloudflareAccountIds?: readonly string[];
  readonly emails?: readonly string[];
  readonly webhookIds?: readonly string[];
  readonly pagerDutyIds?: readonly string[];
}): PropIssue[] {
  const mechanisms = (p.emails?.length ?? 0) + (p.webhookIds?.length ?? 0) + (p.pagerDutyIds?.length ?? 0);
  if ((p.cloudflareAccountIds?.length ?? 0) === 0 || mechanisms > 0) return [];
  return [
    {
      path: 'cloudflareAccountIds',
      message:
        'name at least one of emails, webhookIds or pagerDutyIds: a notification policy without a mechanism notifies nobody',
      value: p.cloudflareAccountIds,
      hasValue: true,
      code: ALERT_CODES.noMechanism,
    },
  ];
}
