/**
 * The three ways the benchmark synthesizes N pipelines (one bucket, one Panther source,
 * `http_requests` with every field, one zone and one prefix per pipeline).
 */
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaInvocation } from '@cdktf/provider-aws/lib/lambda-invocation';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketNotification } from '@cdktf/provider-aws/lib/s3-bucket-notification';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { LogpushJob } from '@cdktf/provider-cloudflare/lib/logpush-job';
import { LogpushOwnershipChallenge } from '@cdktf/provider-cloudflare/lib/logpush-ownership-challenge';
import { CloudflareProvider } from '@cdktf/provider-cloudflare/lib/provider';
import { AssetType, Fn, TerraformAsset, TerraformResource, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { LogBucket, LogpushPipeline, PantherLogSource, PantherProvider, PantherS3Source } from '../index';
import { ownershipHandlerDir } from '../constructs/ownership-verification';
import { allFields } from '../src/datasets';

export const BUCKET = 'bench-cloudflare-logs';
export const REGION = 'us-west-2';
const PANTHER_ACCOUNT = '999999999999';
const ACCOUNT = '111111111111';
const CLOUDFLARE = 'arn:aws:iam::391854517948:user/cloudflare-logpush';

export const zoneId = (i: number): string => i.toString(16).padStart(32, '0');
export const prefixOf = (i: number): string => `cloudflare/${zoneId(i)}/http_requests`;

function providers(stack: Construct): void {
  new AwsProvider(stack, 'aws', { region: REGION });
  new CloudflareProvider(stack, 'cloudflare', {});
  new PantherProvider(stack, 'panther', {});
}

/** (a) Through the library. */
export function viaLibrary(stack: TerraformStack, n: number): void {
  providers(stack);
  const bucket = new LogBucket(stack, 'logs', { bucketName: BUCKET, region: REGION });
  const siem = new PantherLogSource(stack, 'panther-source', {
    bucket,
    name: 'cloudflare',
    pantherAwsAccountId: PANTHER_ACCOUNT,
    awsAccountId: ACCOUNT,
  });
  for (let i = 0; i < n; i++) {
    new LogpushPipeline(stack, `zone${i}`, {
      zoneId: zoneId(i),
      dataset: 'http_requests',
      fields: 'all',
      bucket,
      prefix: prefixOf(i),
      siem,
    });
  }
}

/**
 * (b) What a user writes without the library: the same resources with the typed provider classes,
 * a plain loop, policies as JSON.stringify, no validation.
 */
export function handWritten(stack: TerraformStack, n: number): void {
  providers(stack);
  const fields = [...allFields('zone', 'http_requests')];
  const prefixes = Array.from({ length: n }, (_, i) => prefixOf(i));
  const bucket = new S3Bucket(stack, 'bucket', {
    bucket: BUCKET,
    forceDestroy: false,
    lifecycle: { preventDestroy: true },
  });
  const pab = new S3BucketPublicAccessBlock(stack, 'pab', {
    bucket: bucket.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
  new S3BucketOwnershipControls(stack, 'ownership', {
    bucket: bucket.id,
    rule: { objectOwnership: 'BucketOwnerEnforced' },
  });
  new S3BucketServerSideEncryptionConfigurationA(stack, 'sse', {
    bucket: bucket.id,
    rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
  });
  const versioning = new S3BucketVersioningA(stack, 'versioning', {
    bucket: bucket.id,
    versioningConfiguration: { status: 'Enabled' },
  });
  new S3BucketLifecycleConfiguration(stack, 'lifecycle', {
    bucket: bucket.id,
    dependsOn: [versioning],
    rule: [
      {
        id: 'abort-incomplete-multipart-uploads',
        status: 'Enabled',
        filter: [{ prefix: '' }],
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: 1 }],
      },
    ],
  });
  const policy = new S3BucketPolicy(stack, 'policy', {
    bucket: bucket.id,
    dependsOn: [pab],
    policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: CLOUDFLARE },
          Action: 's3:PutObject',
          Resource: prefixes.map((p) => `arn:aws:s3:::${BUCKET}/${p}/*`),
        },
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`],
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ],
    }),
  });

  // Panther: role, read policy, topic, topic policy, notifications, source.
  const role = new IamRole(stack, 'panther-role', {
    name: 'PantherLogProcessingRole-cloudflare',
    assumeRolePolicy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${PANTHER_ACCOUNT}:root` },
          Action: 'sts:AssumeRole',
          Condition: { Bool: { 'aws:SecureTransport': true } },
        },
      ],
    }),
  });
  new IamRolePolicy(stack, 'panther-read', {
    role: role.id,
    name: 'ReadData',
    policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 's3:GetBucketLocation', Resource: `arn:aws:s3:::${BUCKET}` },
        {
          Effect: 'Allow',
          Action: 's3:ListBucket',
          Resource: `arn:aws:s3:::${BUCKET}`,
          Condition: { StringLike: { 's3:prefix': prefixes.map((p) => `${p}/*`) } },
        },
        {
          Effect: 'Allow',
          Action: 's3:GetObject',
          Resource: prefixes.map((p) => `arn:aws:s3:::${BUCKET}/${p}/*`),
        },
      ],
    }),
  });
  const topic = new SnsTopic(stack, 'topic', { name: 'panther-notifications-cloudflare' });
  const topicPolicy = new SnsTopicPolicy(stack, 'topic-policy', {
    arn: topic.arn,
    policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 's3.amazonaws.com' },
          Action: 'sns:Publish',
          Resource: topic.arn,
        },
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${PANTHER_ACCOUNT}:root` },
          Action: 'sns:Subscribe',
          Resource: topic.arn,
        },
      ],
    }),
  });
  new S3BucketNotification(stack, 'notification', {
    bucket: bucket.id,
    dependsOn: [topicPolicy],
    topic: prefixes.map((p) => ({
      topicArn: topic.arn,
      events: ['s3:ObjectCreated:*'],
      filterPrefix: `${p}/`,
      filterSuffix: '.log.gz',
    })),
  });
  new PantherS3Source(stack, 'panther-source', {
    name: 'cloudflare',
    awsAccountId: ACCOUNT,
    bucketName: BUCKET,
    logProcessingRoleArn: role.arn,
    logStreamType: 'Lines',
    pantherManagedBucketNotificationsEnabled: false,
    prefixLogTypes: prefixes.map((p) => ({
      prefix: `${p}/`,
      logTypes: ['Cloudflare.HttpRequest'],
      excludedPrefixes: [],
    })),
  });

  // The ownership function.
  const logGroup = new CloudwatchLogGroup(stack, 'fn-logs', {
    name: '/aws/lambda/logpush-ownership',
    retentionInDays: 30,
  });
  const fnRole = new IamRole(stack, 'fn-role', {
    name: 'logpush-ownership',
    assumeRolePolicy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ],
    }),
  });
  const fnPolicy = new IamRolePolicy(stack, 'fn-policy', {
    role: fnRole.id,
    name: 'challenge-objects',
    policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: `${logGroup.arn}:*`,
        },
        {
          Effect: 'Allow',
          Action: ['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:GetObject'],
          Resource: `arn:aws:s3:::${BUCKET}/*ownership-challenge*`,
        },
        { Effect: 'Allow', Action: 's3:ListBucket', Resource: `arn:aws:s3:::${BUCKET}` },
      ],
    }),
  });
  const asset = new TerraformAsset(stack, 'fn-code', {
    path: ownershipHandlerDir(),
    type: AssetType.ARCHIVE,
  });
  const fn = new LambdaFunction(stack, 'fn', {
    functionName: 'logpush-ownership',
    role: fnRole.arn,
    runtime: 'nodejs22.x',
    handler: 'lambda.handler',
    filename: asset.path,
    sourceCodeHash: asset.assetHash,
    timeout: 120,
    dependsOn: [fnPolicy, logGroup],
  });

  // Per pipeline: challenge, invocation, job.
  for (let i = 0; i < n; i++) {
    const destinationConf = `s3://${BUCKET}/${prefixes[i]}/{DATE}?region=${REGION}`;
    const challenge = new LogpushOwnershipChallenge(stack, `challenge${i}`, {
      zoneId: zoneId(i),
      destinationConf,
      dependsOn: [policy],
    });
    const invocation = new LambdaInvocation(stack, `invocation${i}`, {
      functionName: fn.functionName,
      lifecycleScope: 'CRUD',
      input: Fn.jsonencode({
        bucket: BUCKET,
        region: REGION,
        prefix: prefixes[i],
        filename: challenge.filename,
        destinationConf,
      }),
    });
    new LogpushJob(stack, `job${i}`, {
      zoneId: zoneId(i),
      dataset: 'http_requests',
      destinationConf,
      enabled: true,
      ownershipChallenge: Fn.lookup(Fn.jsondecode(invocation.result), 'token'),
      outputOptions: { fieldNames: fields, outputType: 'ndjson', timestampFormat: 'rfc3339' },
      dependsOn: [policy],
    });
  }
}

interface TerraformJson {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
}

/**
 * (c) The floor: the library's own output replayed as raw resources (one `TerraformResource` per
 * resource, each attribute an override): what synthesizing that JSON costs in cdktf at all.
 */
export function replay(stack: TerraformStack, json: TerraformJson): void {
  providers(stack);
  for (const [type, byName] of Object.entries(json.resource ?? {})) {
    for (const [name, attributes] of Object.entries(byName)) {
      const r = new TerraformResource(stack, name, { terraformResourceType: type });
      r.overrideLogicalId(name);
      for (const [key, value] of Object.entries(attributes)) {
        if (key !== '//') r.addOverride(key, value);
      }
    }
  }
}
