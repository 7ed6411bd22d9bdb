/**
 * A LogBucket's S3 server access logs into another LogBucket: the props' check (before anything is
 * defined) and what is defined (the `aws_s3_bucket_logging`, the target's claim on the prefix and
 * the grant S3's log delivery needs). Not API. Typed by shape, not by LogBucket, so that the
 * bucket's module and this one do not import each other.
 */
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import type { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { Token, type TerraformProvider } from 'cdktf';
import type { Construct } from 'constructs';
import { LogpushValidationError, type PropIssue } from '../../src/errors';
import { defaultAccessLogsPrefix } from '../../src/model/layout';
import type { PolicyStatement } from '../../src/policy';
import { subjectOf } from './schemas';

/** What access logging needs of the target bucket (a LogBucket). */
export interface AccessLogsTarget {
  readonly region: string;
  readonly requireEncryptionHeader: boolean;
  readonly bucketName: string;
  readonly policy: S3BucketPolicy;
  _prefixIssue(prefix: string): PropIssue | undefined;
  claimPrefix(prefix: string, owner: string): void;
  addToResourcePolicy(statement: PolicyStatement): void;
  arnForObjects(keyPattern: string): string;
}

/** What access logging needs of the logged bucket's props. */
export interface AccessLogsProps {
  readonly bucketName?: string;
  readonly region?: string;
  readonly serverAccessLogsPrefix?: string;
  readonly serverAccessLogsBucket?: AccessLogsTarget;
}

/** The key prefix of a bucket's access logs in the target bucket (ends with '/'). */
function accessLogsPrefix(id: string, p: AccessLogsProps): string {
  return p.serverAccessLogsPrefix ?? defaultAccessLogsPrefix({ bucketName: p.bucketName, id });
}

/**
 * The server access logs props, checked before anything is defined: a prefix needs a target; the
 * target (a LogBucket, so another bucket: the schema checks the brand) is in the same region when
 * both are known, accepts log delivery's uploads, and has the prefix free.
 */
export function checkServerAccessLogs(id: string, p: AccessLogsProps): void {
  const target = p.serverAccessLogsBucket;
  const issues: PropIssue[] = [];
  if (target === undefined) {
    if (p.serverAccessLogsPrefix !== undefined) {
      issues.push({
        path: 'serverAccessLogsPrefix',
        message: 'needs serverAccessLogsBucket',
        value: p.serverAccessLogsPrefix,
        hasValue: true,
        code: 'MISSING_PROP',
      });
    }
  } else {
    if (p.region !== undefined && !Token.isUnresolved(target.region) && target.region !== p.region) {
      issues.push({
        path: 'serverAccessLogsBucket',
        message: `must be in this bucket's region ${p.region} (S3 delivers access logs within a region), not ${target.region}`,
        value: target,
        hasValue: true,
        code: 'ACCESS_LOGS_REGION_MISMATCH',
      });
    }
    if (target.requireEncryptionHeader) {
      issues.push({
        path: 'serverAccessLogsBucket',
        message:
          'must not set requireEncryptionHeader: its policy denies uploads without x-amz-server-side-encryption, which S3 log delivery is not documented to send',
        value: target,
        hasValue: true,
        code: 'ACCESS_LOGS_TARGET_REQUIRES_ENCRYPTION_HEADER',
      });
    }
    const claim = target._prefixIssue(accessLogsPrefix(id, p).slice(0, -1));
    if (claim) issues.push({ ...claim, path: 'serverAccessLogsPrefix' });
  }
  if (issues.length > 0) throw new LogpushValidationError(subjectOf('LogBucket', id), issues);
}

/**
 * Server access logs into `target` under one prefix: an `aws_s3_bucket_logging` here, and in the
 * target a claim on the prefix and the grant S3's log delivery needs (only for this bucket).
 */
export function logAccessTo(
  bucket: Construct & { readonly bucketArn: string; readonly resource: { readonly id: string } },
  target: AccessLogsTarget,
  p: AccessLogsProps & { readonly provider?: TerraformProvider },
): void {
  const prefix = accessLogsPrefix(bucket.node.id, p);
  target.claimPrefix(prefix.slice(0, -1), `${bucket.node.path} (server access logs)`);
  target.addToResourcePolicy({
    Sid: `ServerAccessLogsFrom${bucket.node.id.replace(/[^A-Za-z0-9]/g, '')}`,
    Effect: 'Allow',
    Principal: { Service: 'logging.s3.amazonaws.com' },
    Action: 's3:PutObject',
    Resource: target.arnForObjects(`${prefix}*`),
    Condition: { ArnLike: { 'aws:SourceArn': bucket.bucketArn } },
  });
  new S3BucketLoggingA(bucket, 'AccessLogs', {
    provider: p.provider,
    bucket: bucket.resource.id,
    targetBucket: target.bucketName,
    targetPrefix: prefix,
    // Log delivery checks the grant when logging is turned on.
    dependsOn: [target.policy],
  });
}
