/**
 * Adopting an existing bucket: `adopt` emits Terraform `import` blocks (id = the bucket's name) for
 * the bucket and the configurations it lists, and refuses until the user acknowledges that the
 * stack replaces the bucket's whole policy.
 */
import { LogBucket, LogpushPipeline, LogpushValidationError, PantherLogSource } from 'cdktf-logpush';
import { newStack, synth, type SynthJson } from '../support/synth';

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
