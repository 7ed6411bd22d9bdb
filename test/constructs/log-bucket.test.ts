import { LogBucket, LogpushPipeline, LogpushValidationError, PantherLogSource } from 'cdktf-logpush';
import { newStack, onlyResource, resourcesOf, synth, type SynthJson } from '../support/synth';

describe('LogBucket', () => {
  test('is hardened: public access blocked, owner enforced, SSE-S3, versioned, retained', () => {
    const stack = newStack();
    new LogBucket(stack, 'logs', { bucketName: 'acme-logs', region: 'us-west-2' });
    const json = synth(stack);
    expect(onlyResource(json, 'aws_s3_bucket')).toMatchObject({
      bucket: 'acme-logs',
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
    expect(onlyResource(json, 'aws_s3_bucket_public_access_block')).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(onlyResource(json, 'aws_s3_bucket_ownership_controls')).toMatchObject({
      rule: { object_ownership: 'BucketOwnerEnforced' },
    });
    expect(onlyResource(json, 'aws_s3_bucket_server_side_encryption_configuration')).toMatchObject({
      rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }],
    });
    expect(onlyResource(json, 'aws_s3_bucket_versioning')).toMatchObject({
      versioning_configuration: { status: 'Enabled' },
    });
    const lifecycle = onlyResource(json, 'aws_s3_bucket_lifecycle_configuration');
    expect(lifecycle.rule).toEqual([
      expect.objectContaining({
        id: 'abort-incomplete-multipart-uploads',
        status: 'Enabled',
        abort_incomplete_multipart_upload: [{ days_after_initiation: 1 }],
      }),
    ]);
    const policy = JSON.parse(onlyResource(json, 'aws_s3_bucket_policy').policy as string);
    expect(policy.Statement).toEqual([
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: ['arn:aws:s3:::acme-logs', 'arn:aws:s3:::acme-logs/*'],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ]);
    // No notification configuration until a consumer registers one (Panther-managed mode owns it).
    expect(resourcesOf(json, 'aws_s3_bucket_notification')).toEqual({});
  });

  test('retentionDays expires current and noncurrent versions', () => {
    const stack = newStack();
    new LogBucket(stack, 'logs', {
      bucketName: 'acme-logs',
      retentionDays: 90,
      noncurrentVersionRetentionDays: 3,
    });
    const rules = onlyResource(synth(stack), 'aws_s3_bucket_lifecycle_configuration').rule as unknown[];
    expect(rules).toContainEqual(
      expect.objectContaining({
        id: 'expire-logs',
        expiration: [{ days: 90 }],
        noncurrent_version_expiration: [{ noncurrent_days: 3 }],
      }),
    );
  });

  test('without a name, Terraform generates one and the region comes from the bucket', () => {
    const stack = newStack();
    const bucket = new LogBucket(stack, 'logs');
    new LogpushPipeline(stack, 'http', {
      zoneId: '023e105f4ecef8ad9ca31a8372d0c353',
      dataset: 'http_requests',
      bucket,
    });
    const json = synth(stack);
    expect(onlyResource(json, 'aws_s3_bucket').bucket_prefix).toBe('cloudflare-logs-');
    expect(onlyResource(json, 'cloudflare_logpush_job').destination_conf).toMatch(
      /^s3:\/\/\$\{aws_s3_bucket\.logs_[0-9A-F]+\.bucket\}\/http_requests\/\{DATE\}\?region=\$\{aws_s3_bucket\.logs_[0-9A-F]+\.region\}$/,
    );
  });

  test('retainOnDestroy: false drops prevent_destroy but never sets force_destroy', () => {
    const stack = newStack();
    new LogBucket(stack, 'logs', { bucketName: 'acme-logs', retainOnDestroy: false });
    expect(onlyResource(synth(stack), 'aws_s3_bucket')).toMatchObject({
      force_destroy: false,
      lifecycle: { prevent_destroy: false },
    });
  });

  test('fails for an invalid bucket name, region or retention', () => {
    const stack = newStack();
    expect(() => new LogBucket(stack, 'a', { bucketName: 'Acme_Logs' })).toThrow(
      /LogBucket 'a'[\s\S]*bucketName: must be a valid S3 bucket name.* \(got "Acme_Logs"\)/,
    );
    expect(() => new LogBucket(stack, 'b', { region: 'west' })).toThrow(
      /region: must be an AWS region such as us-west-2 \(got "west"\)/,
    );
    expect(() => new LogBucket(stack, 'c', { retentionDays: 0.5 })).toThrow(
      /retentionDays: must be a whole number of days/,
    );
    expect(stack.node.tryFindChild('a')).toBeUndefined();
  });

  test('tags: a literal ${ or %{ reaches Terraform as written; abortIncompleteMultipartUploadDays sets the rule', () => {
    const stack = newStack();
    new LogBucket(stack, 'logs', {
      bucketName: 'acme-logs',
      tags: { team: 'sec${ops}', 'cost%{center}': 'x' },
      abortIncompleteMultipartUploadDays: 7,
    });
    const json = synth(stack);
    expect(onlyResource(json, 'aws_s3_bucket').tags).toEqual({ team: 'sec$${ops}', 'cost%%{center}': 'x' });
    expect(onlyResource(json, 'aws_s3_bucket_lifecycle_configuration').rule).toContainEqual(
      expect.objectContaining({ abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }] }),
    );
  });

  test('its prefixes: the dataset per-prefix, <root>/<dataset>/<id> per-dataset; objects under the bucket ARN', () => {
    const stack = newStack();
    const perPrefix = new LogBucket(stack, 'a', { bucketName: 'acme-a' });
    const perDataset = new LogBucket(stack, 'b', {
      bucketName: 'acme-b',
      grants: 'per-dataset',
      prefixRoot: 'cf',
    });
    const zone = '023e105f4ecef8ad9ca31a8372d0c353';
    expect(perPrefix.defaultPrefix('http_requests', zone)).toBe('http_requests');
    expect(perDataset.defaultPrefix('http_requests', zone)).toBe(`cf/http_requests/${zone}`);
    expect(perDataset.grantPrefix({ dataset: 'http_requests', prefix: `cf/http_requests/${zone}` })).toBe(
      'cf/http_requests',
    );
    expect(perPrefix.prefixProblem('http_requests', zone, 'anything')).toBeUndefined();
    expect(perDataset.prefixProblem('http_requests', zone, 'other')).toContain(
      `must be "cf/http_requests/${zone}"`,
    );
    expect(perPrefix.arnForObjects('http_requests/*')).toBe('arn:aws:s3:::acme-a/http_requests/*');
  });

  test('isLogBucket recognises a LogBucket by its brand, not by its class', () => {
    const bucket = new LogBucket(newStack(), 'logs', {});
    expect(LogBucket.isLogBucket(bucket)).toBe(true);
    expect(LogBucket.isLogBucket({ bucketName: 'acme-logs', bucketArn: 'arn:aws:s3:::acme-logs' })).toBe(
      false,
    );
    expect(LogBucket.isLogBucket(undefined)).toBe(false);
  });

  test('fails for fractional abort days and an unknown prop, naming each', () => {
    const stack = newStack();
    expect(
      () => new LogBucket(stack, 'logs', { abortIncompleteMultipartUploadDays: 1.5, colour: 'red' } as never),
    ).toThrow(LogpushValidationError);
    try {
      new LogBucket(stack, 'logs', { abortIncompleteMultipartUploadDays: 1.5, colour: 'red' } as never);
    } catch (e) {
      expect((e as LogpushValidationError).issues.map((i) => i.path).sort()).toEqual([
        '',
        'abortIncompleteMultipartUploadDays',
      ]);
    }
    expect(stack.node.tryFindChild('logs')).toBeUndefined();
  });
});

/**
 * Adopting an existing bucket: `adopt` emits Terraform `import` blocks (id = the bucket's name) for
 * the bucket and the configurations it lists, and refuses until the user acknowledges that the
 * stack replaces the bucket's whole policy.
 */

const NAME = 'acme-existing-logs';
type Imports = { import?: { id: string; to: string; provider?: string }[] };
const importsOf = (json: SynthJson) =>
  ((json as Imports).import ?? []).map((i) => `${i.to} <- ${i.id}`).sort();

describe('LogBucket adopt', () => {
  test('imports the bucket and, by default, the configurations every bucket has since 2023', () => {
    const stack = newStack();
    new LogBucket(stack, 'logs', { bucketName: NAME, adopt: { acknowledgeExistingPolicyReplaced: true } });
    const json = synth(stack);
    expect(importsOf(json)).toEqual([
      `aws_s3_bucket.logs_0B6081B1 <- ${NAME}`,
      `aws_s3_bucket_ownership_controls.logs_OwnershipControls_23626F2B <- ${NAME}`,
      `aws_s3_bucket_public_access_block.logs_PublicAccessBlock_B0A7B489 <- ${NAME}`,
      `aws_s3_bucket_server_side_encryption_configuration.logs_Encryption_66BAE301 <- ${NAME}`,
    ]);
    // The addresses are the same as for a new bucket: adopting changes nothing else.
    expect(Object.keys(json.resource!.aws_s3_bucket)).toEqual(['logs_0B6081B1']);
    expect(json.resource!.aws_s3_bucket.logs_0B6081B1).toMatchObject({
      bucket: NAME,
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
  });

  test('imports exactly the listed configurations, the notification once a SIEM defines it', () => {
    const stack = newStack();
    const bucket = new LogBucket(stack, 'logs', {
      bucketName: NAME,
      region: 'us-west-2',
      adopt: {
        acknowledgeExistingPolicyReplaced: true,
        importConfigurations: ['versioning', 'lifecycle', 'policy', 'notification'],
      },
    });
    const siem = new PantherLogSource(stack, 'panther', {
      bucket,
      name: 'cloudflare',
      pantherAwsAccountId: '123456789012',
      registerSource: false,
    });
    new LogpushPipeline(stack, 'http', {
      zoneId: '023e105f4ecef8ad9ca31a8372d0c353',
      dataset: 'http_requests',
      bucket,
      prefix: 'cloudflare/http_requests',
      siem,
    });
    expect(importsOf(synth(stack))).toEqual([
      `aws_s3_bucket.logs_0B6081B1 <- ${NAME}`,
      `aws_s3_bucket_lifecycle_configuration.logs_Lifecycle_D0403310 <- ${NAME}`,
      `aws_s3_bucket_notification.logs_Notification_2F8A8CD6 <- ${NAME}`,
      `aws_s3_bucket_policy.logs_Policy_CB06222F <- ${NAME}`,
      `aws_s3_bucket_versioning.logs_Versioning_0EC40EA7 <- ${NAME}`,
    ]);
  });

  test('a bucket that is not adopted has no import block', () => {
    const stack = newStack();
    new LogBucket(stack, 'logs', { bucketName: NAME });
    expect(importsOf(synth(stack))).toEqual([]);
  });

  test('fails until the policy takeover is acknowledged, before defining anything', () => {
    const stack = newStack();
    const define = () =>
      new LogBucket(stack, 'logs', { bucketName: NAME, adopt: { acknowledgeExistingPolicyReplaced: false } });
    expect(define).toThrow(LogpushValidationError);
    expect(define).toThrow(
      /adopt\.acknowledgeExistingPolicyReplaced: must be true to adopt an existing bucket: the stack replaces the bucket's whole policy .*addToResourcePolicy.* \(got false\)/,
    );
    expect(stack.node.tryFindChild('logs')).toBeUndefined();
  });

  test('fails without the existing bucket name', () => {
    const stack = newStack();
    expect(
      () => new LogBucket(stack, 'logs', { adopt: { acknowledgeExistingPolicyReplaced: true } }),
    ).toThrow(/bucketName: is required with adopt/);
  });

  test('fails on an unknown configuration name, naming the allowed ones', () => {
    const stack = newStack();
    expect(
      () =>
        new LogBucket(stack, 'logs', {
          bucketName: NAME,
          adopt: { acknowledgeExistingPolicyReplaced: true, importConfigurations: ['encryption', 'acl'] },
        }),
    ).toThrow(
      /adopt\.importConfigurations\.1: must be one of publicAccessBlock, ownershipControls, encryption, versioning, lifecycle, policy, notification \(got "acl"\)/,
    );
  });
});
