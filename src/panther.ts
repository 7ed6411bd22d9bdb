/**
 * What Panther needs from a Cloudflare Logpush pipeline: the log type of each dataset, the fields
 * its parsers require, and the IAM documents of its log processing role.
 *
 * @see https://docs.panther.com/data-onboarding/supported-logs/cloudflare
 */
import type { Scope } from './datasets';
import { bucketArn, objectArn, type PolicyStatement } from './policy';

/** Panther's native Cloudflare log types, by scope and dataset. */
export const PANTHER_LOG_TYPES: Readonly<Record<Scope, Readonly<Record<string, string>>>> = {
  zone: {
    http_requests: 'Cloudflare.HttpRequest',
    firewall_events: 'Cloudflare.Firewall',
    spectrum_events: 'Cloudflare.Spectrum',
  },
  account: {
    audit_logs: 'Cloudflare.Audit',
  },
};

/**
 * Fields each log type's parser requires (its event time, and for Audit the fields Panther's guide
 * says never to unselect). Sources: panther-labs/panther v1.16
 * internal/log_analysis/log_processor/parsers/cloudflarelogs/{http_request,firewall,spectrum}.go and
 * Panther's Cloudflare guide (Audit: ID, ResourceType, When).
 */
export const PANTHER_REQUIRED_FIELDS: Readonly<Record<string, readonly string[]>> = {
  'Cloudflare.HttpRequest': ['EdgeStartTimestamp'],
  'Cloudflare.Firewall': ['Datetime'],
  'Cloudflare.Spectrum': ['Timestamp'],
  'Cloudflare.Audit': ['ID', 'ResourceType', 'When'],
};

/** What a SIEM checks about a pipeline. */
export interface PipelineForSiem {
  readonly scope: Scope;
  readonly dataset: string;
  readonly fields: readonly string[];
  readonly outputType: 'ndjson' | 'csv';
}

/** The Panther log type of a pipeline, or the reasons Panther cannot parse it. */
export function pantherLogType(
  p: PipelineForSiem,
):
  | { logType: string }
  | { problems: string[]; /** Panther has no log type for the dataset at all. */ noLogType?: true } {
  const logType = PANTHER_LOG_TYPES[p.scope][p.dataset];
  if (logType === undefined) {
    const supported = (['zone', 'account'] as const).flatMap((s) =>
      Object.entries(PANTHER_LOG_TYPES[s]).map(([d, t]) => `${d} (${s}) -> ${t}`),
    );
    return {
      problems: [
        `Panther has no log type for the ${p.scope} dataset ${p.dataset}; it parses ${supported.join(', ')}`,
      ],
      noLogType: true,
    };
  }
  const problems: string[] = [];
  const missing = PANTHER_REQUIRED_FIELDS[logType]!.filter((f) => !p.fields.includes(f));
  if (missing.length > 0) {
    problems.push(
      `${logType} requires the field${missing.length > 1 ? 's' : ''} ${missing.join(', ')}, missing from fields`,
    );
  }
  if (p.outputType !== 'ndjson') {
    problems.push(
      `Panther parses Cloudflare logs as NDJSON: outputType must be 'ndjson', not '${p.outputType}'`,
    );
  }
  return problems.length > 0 ? { problems } : { logType };
}

/** Trust policy of the log processing role: Panther's account, over TLS only. */
export function pantherTrustPolicy(pantherAwsAccountId: string) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${pantherAwsAccountId}:root` },
        Action: 'sts:AssumeRole',
        Condition: { Bool: { 'aws:SecureTransport': true } },
      },
    ],
  };
}

/** The role's bucket-level read statement (GetBucketLocation). */
export function pantherBucketLocationStatement(bucket: string): PolicyStatement {
  return {
    Sid: 'GetBucketLocation',
    Effect: 'Allow',
    Action: 's3:GetBucketLocation',
    Resource: bucketArn(bucket),
  };
}

/**
 * The role's read grant for one prefix: ListBucket limited to the prefix (`s3:prefix`) and
 * GetObject on exactly `<prefix>/*`. Tighter than Panther's own template, which grants the bucket.
 * Add the list statement with `mergeConditionValues` so all prefixes share one statement.
 */
export function pantherReadStatements(
  bucket: string,
  prefix: string,
): { list: PolicyStatement; get: PolicyStatement } {
  return {
    list: {
      Sid: 'ListRegisteredPrefixes',
      Effect: 'Allow',
      Action: 's3:ListBucket',
      Resource: bucketArn(bucket),
      Condition: { StringLike: { 's3:prefix': [`${prefix}/*`] } },
    },
    get: {
      Sid: 'ReadRegisteredPrefixes',
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: objectArn(bucket, `${prefix}/*`),
    },
  };
}

/**
 * What Panther's template adds for Panther-managed notifications (panther-labs/panther-auxiliary
 * terraform/panther_log_analysis_iam): its topic, and the bucket's notification configuration.
 */
export function pantherManagedNotificationStatements(
  bucket: string,
  awsAccountId: string,
): PolicyStatement[] {
  return [
    {
      Sid: 'ManagePantherTopic',
      Effect: 'Allow',
      Action: 'sns:*',
      Resource: `arn:aws:sns:*:${awsAccountId}:panther-notifications-topic`,
    },
    {
      Sid: 'GetPutBucketNotifications',
      Effect: 'Allow',
      Action: ['s3:GetBucketNotification', 's3:PutBucketNotification'],
      Resource: bucketArn(bucket),
    },
  ];
}

/** Policy of the self-managed notification topic: this bucket (in this account) publishes, Panther subscribes. */
export function pantherTopicPolicy(
  topicArn: string,
  bucket: string,
  awsAccountId: string,
  pantherAwsAccountId: string,
) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AllowS3Publish',
        Effect: 'Allow',
        Principal: { Service: 's3.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: topicArn,
        Condition: {
          ArnLike: { 'aws:SourceArn': bucketArn(bucket) },
          StringEquals: { 'aws:SourceAccount': awsAccountId },
        },
      },
      {
        Sid: 'AllowPantherSubscribe',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${pantherAwsAccountId}:root` },
        Action: 'sns:Subscribe',
        Resource: topicArn,
      },
    ],
  };
}

/** The SQS queue Panther reads S3 notifications from, in its own account. */
export function pantherInputQueueArn(pantherRegion: string, pantherAwsAccountId: string): string {
  return `arn:aws:sqs:${pantherRegion}:${pantherAwsAccountId}:panther-input-data-notifications-queue`;
}
