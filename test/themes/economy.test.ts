/**
 * Theme: resource economy. However many pipelines share a bucket, the shared resources stay one
 * each (bucket policy, notification, Panther role, ownership function), and the policies stay within
 * the sizes AWS accepts (IAM's 10,240 characters, S3's 20 KB), refused at synth past them.
 */
import {
  LogBucket,
  LogpushPipeline,
  OwnershipVerification,
  PantherLogSource,
  PantherProvider,
} from '../../index';
import { TerraformVariable } from 'cdktf';
import { newStack, resourceCounts, synth } from '../support/synth';

interface FleetOptions {
  /** The ownership verification of every pipeline. */
  readonly ownership: 'custom' | 'token';
  /** Whether the pipelines name a Panther source. */
  readonly siem: boolean;
}

/** A stack with one bucket, optionally one Panther source, and `n` http_requests pipelines. */
function fleet(n: number, options: FleetOptions) {
  const stack = newStack();
  new PantherProvider(stack, 'panther', {});
  const bucket = new LogBucket(stack, 'logs', { bucketName: 'acme-logs', region: 'us-west-2' });
  const siem = options.siem
    ? new PantherLogSource(stack, 'panther-source', {
        bucket,
        name: 'cloudflare',
        pantherAwsAccountId: '999999999999',
        awsAccountId: '111111111111',
      })
    : undefined;
  const token = new TerraformVariable(stack, 'token', { type: 'string', sensitive: true });
  for (let i = 0; i < n; i++) {
    new LogpushPipeline(stack, `zone${i}`, {
      zoneId: i.toString(16).padStart(32, '0'),
      dataset: 'http_requests',
      bucket,
      prefix: `cloudflare/zone${i}/http_requests`,
      siem,
      ...(options.ownership === 'token'
        ? { ownership: OwnershipVerification.fromToken(token.stringValue) }
        : {}),
    });
  }
  return stack;
}

/** Resources per type, and in all, of a fleet with a Panther source. */
function countsFor(n: number, ownership: FleetOptions['ownership']) {
  const counts = resourceCounts(synth(fleet(n, { ownership, siem: true })));
  return { counts, total: Object.values(counts).reduce((a, b) => a + b, 0) };
}

describe('resource economy', () => {
  const per = { custom: 3, token: 1 } as const;

  test.each(['custom', 'token'] as const)(
    'each pipeline adds a constant %s number of resources; shared ones stay single (N = 1, 10, 50)',
    (ownership) => {
      const [one, ten, fifty] = [1, 10, 50].map((n) => countsFor(n, ownership));
      expect(ten!.total - one!.total).toBe(9 * per[ownership]);
      expect(fifty!.total - ten!.total).toBe(40 * per[ownership]);
      for (const { counts } of [one!, ten!, fifty!]) {
        expect(counts).toMatchObject({
          aws_s3_bucket: 1,
          aws_s3_bucket_policy: 1,
          aws_s3_bucket_notification: 1,
          aws_sns_topic: 1,
          panther_s3_source: 1,
        });
        expect(counts.aws_lambda_function ?? 0).toBe(ownership === 'custom' ? 1 : 0);
        expect(counts.aws_iam_role_policy).toBe(ownership === 'custom' ? 2 : 1);
      }
      expect(fifty!.counts.cloudflare_logpush_job).toBe(50);
    },
  );
});

describe('policy sizes AWS accepts', () => {
  test("fails at synth when Panther's role policy outgrows IAM's 10,240 characters", () => {
    expect(() => synth(fleet(120, { ownership: 'custom', siem: true }))).toThrow(
      /the policy of test\/panther-source\/Role is \d+ characters, over AWS's limit of 10240/,
    );
  });

  test("fails at synth when the bucket policy outgrows S3's 20 KB", () => {
    expect(() => synth(fleet(400, { ownership: 'token', siem: false }))).toThrow(
      /the bucket policy of test\/logs is \d+ characters, over AWS's limit of 20480/,
    );
  });

  test('passes at the sizes AWS accepts', () => {
    // The ownership function's role grants per bucket: 100 pipelines fit.
    expect(() => synth(fleet(100, { ownership: 'custom', siem: true }))).not.toThrow();
    expect(() => synth(fleet(200, { ownership: 'token', siem: false }))).not.toThrow();
  });
});
