import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { S3BucketMetric } from '@cdktf/provider-aws/lib/s3-bucket-metric';
import type { ITerraformDependable, TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { freshnessAlarmSettings, metricsFilterId } from '../../src/alerts';

/** What a {@link FreshnessAlarm} watches and whom it tells. */
export interface FreshnessAlarmProps {
  /** The bucket's name (a literal or a token). */
  readonly bucketName: string;
  /** The key prefix watched, without trailing `/`. */
  readonly prefix: string;
  /** The window in seconds (a number, or a Lazy number when several pipelines share the alarm). */
  readonly periodSeconds: number;
  /** The SNS topic ARNs the alarm notifies (a list, or a Lazy list when shared). */
  readonly topicArns: string[];
  /** The AWS provider of the bucket's region (request metrics are regional). */
  readonly provider?: TerraformProvider;
  /** The bucket resource, when it is in this stack: the filter is put after the bucket exists. */
  readonly bucket?: ITerraformDependable;
}

/**
 * An S3 request-metrics filter on one prefix (`Metric`, `aws_s3_bucket_metric`) and a CloudWatch
 * alarm on its `PutRequests` (`Alarm`, `aws_cloudwatch_metric_alarm`): fewer than one PUT in a
 * window, or no data at all (`treat_missing_data = "breaching"`), alarms. Not API: defined by
 * {@link LogpushAlerts} under a pipeline (per-prefix buckets) or under a bucket (per-dataset).
 *
 * @internal
 */
export class FreshnessAlarm extends Construct {
  public readonly metric: S3BucketMetric;
  public readonly alarm: CloudwatchMetricAlarm;

  constructor(scope: Construct, id: string, props: FreshnessAlarmProps) {
    super(scope, id);
    const filterId = metricsFilterId(props.prefix);
    this.metric = new S3BucketMetric(this, 'Metric', {
      provider: props.provider,
      bucket: props.bucketName,
      name: filterId,
      filter: { prefix: `${props.prefix}/` },
      // With a literal bucket name nothing else orders the filter after the bucket.
      dependsOn: props.bucket ? [props.bucket] : undefined,
    });
    const s = freshnessAlarmSettings(1); // everything but the period, which the caller gives
    this.alarm = new CloudwatchMetricAlarm(this, 'Alarm', {
      provider: props.provider,
      alarmName: `logpush-freshness-${props.bucketName}-${filterId}`,
      alarmDescription: `No Logpush object arrived under s3://${props.bucketName}/${props.prefix}/ within the window: the job stopped, failed or was disabled (cdktf-logpush, see docs/alerts.md)`,
      namespace: 'AWS/S3',
      metricName: 'PutRequests',
      dimensions: { BucketName: props.bucketName, FilterId: filterId },
      statistic: s.statistic,
      period: props.periodSeconds,
      evaluationPeriods: s.evaluationPeriods,
      threshold: s.threshold,
      comparisonOperator: s.comparisonOperator,
      treatMissingData: s.treatMissingData,
      alarmActions: props.topicArns,
      okActions: props.topicArns,
      // The filter must exist before CloudWatch can watch its metric.
      dependsOn: [this.metric],
    });
  }
}
