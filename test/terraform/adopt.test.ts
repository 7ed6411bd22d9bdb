/**
 * The Terraform tier for adopting an existing bucket: a bucket made outside any stack (through the
 * AWS SDK, with its own policy, lifecycle rule and log objects) is adopted by a LogBucket with
 * `adopt`. The real Terraform CLI and hashicorp/aws 5.100.0 against moto must plan imports only
 * (nothing added, replaced or destroyed), apply, then plan nothing; the objects written before stay,
 * and the policy is the library's plus the statement passed through `addToResourcePolicy` (the one
 * that was not passed is gone: the documented takeover).
 */
import {
  CreateBucketCommand,
  DeleteBucketPolicyCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketPolicyCommand,
  GetObjectCommand,
  ListObjectVersionsCommand,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketOwnershipControlsCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { App, LocalBackend, TerraformStack } from 'cdktf';
import * as fs from 'fs';
import * as path from 'path';
import { LogBucket, type PolicyStatement } from '../../index';
import { s3ClientFor, startMoto, type MotoServer } from '../support/moto';
import {
  findTools,
  motoAwsProvider,
  REGION,
  Terraform,
  tempDir,
  tierRequired,
  writeCliConfig,
} from './harness';

const tools = findTools();
const ready = tools.missing.length === 0;
if (!ready) console.log(`terraform tier (adopt) skipped: missing ${tools.missing.join(', ')}`);

const BUCKET = 'team-existing-cloudflare-logs';
const KEPT: PolicyStatement = {
  Sid: 'KeptAuditorRead',
  Effect: 'Allow',
  Principal: { AWS: 'arn:aws:iam::123456789012:root' },
  Action: 's3:GetObject',
  Resource: `arn:aws:s3:::${BUCKET}/audit/*`,
};
const DROPPED: PolicyStatement = {
  Sid: 'DroppedLegacyRead',
  Effect: 'Allow',
  Principal: { AWS: 'arn:aws:iam::123456789012:root' },
  Action: 's3:GetObject',
  Resource: `arn:aws:s3:::${BUCKET}/legacy/*`,
};
const OBJECTS = {
  'cloudflare/http_requests/20260101/a.log.gz': 'before adoption 1',
  'audit/x.json': 'before 2',
};

(ready ? describe : describe.skip)('terraform tier: adopt an existing bucket against moto', () => {
  jest.setTimeout(10 * 60_000);
  let moto: MotoServer;
  let s3: S3Client;
  let tf: Terraform;
  let stackDir: string;
  const started = Date.now();

  beforeAll(async () => {
    moto = await startMoto({ tls: true });
    s3 = s3ClientFor(moto.endpoint);
    const dir = tempDir('logpush-adopt-');
    tf = new Terraform(tools.terraform!, writeCliConfig(dir, tools));

    // The team's bucket, made outside Terraform, with its own settings and logs.
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await s3.send(
      new PutPublicAccessBlockCommand({
        Bucket: BUCKET,
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          IgnorePublicAcls: true,
          BlockPublicPolicy: true,
          RestrictPublicBuckets: true,
        },
      }),
    );
    await s3.send(
      new PutBucketOwnershipControlsCommand({
        Bucket: BUCKET,
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      }),
    );
    await s3.send(
      new PutBucketEncryptionCommand({
        Bucket: BUCKET,
        ServerSideEncryptionConfiguration: {
          Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
      }),
    );
    await s3.send(
      new PutBucketVersioningCommand({ Bucket: BUCKET, VersioningConfiguration: { Status: 'Enabled' } }),
    );
    // Already the rules LogBucket declares (retentionDays 365): hashicorp/aws waits up to a minute
    // for a changed lifecycle configuration to read back as written, which moto does not hurry.
    await s3.send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket: BUCKET,
        LifecycleConfiguration: {
          Rules: [
            {
              ID: 'abort-incomplete-multipart-uploads',
              Status: 'Enabled',
              Filter: { Prefix: '' },
              AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
            },
            {
              ID: 'expire-logs',
              Status: 'Enabled',
              Filter: { Prefix: '' },
              Expiration: { Days: 365 },
              NoncurrentVersionExpiration: { NoncurrentDays: 7 },
            },
          ],
        },
      }),
    );
    for (const [Key, Body] of Object.entries(OBJECTS)) {
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body }));
    }
    await s3.send(
      new PutBucketPolicyCommand({
        Bucket: BUCKET,
        Policy: JSON.stringify({ Version: '2012-10-17', Statement: [KEPT, DROPPED] }),
      }),
    );

    // The stack that adopts it, through the public API.
    const outdir = path.join(dir, 'cdktf.out');
    const app = new App({ outdir });
    const stack = new TerraformStack(app, 'adopt');
    new LocalBackend(stack, { path: path.join(dir, 'adopt.tfstate') });
    motoAwsProvider(stack, 'aws', moto.endpoint);
    const bucket = new LogBucket(stack, 'logs', {
      bucketName: BUCKET,
      region: REGION,
      retentionDays: 365,
      adopt: {
        acknowledgeExistingPolicyReplaced: true,
        importConfigurations: [
          'publicAccessBlock',
          'ownershipControls',
          'encryption',
          'versioning',
          'lifecycle',
          'policy',
        ],
      },
    });
    bucket.addToResourcePolicy(KEPT);
    app.synth();
    stackDir = path.join(outdir, 'stacks', 'adopt');
    tf.ok(stackDir, ['init', '-input=false']);
  });

  afterAll(async () => {
    await moto?.stop();
    console.log(`terraform tier (adopt): ${((Date.now() - started) / 1000).toFixed(1)} s wall`);
  });

  test('the plan imports the bucket and its six configurations and adds, replaces or destroys nothing', () => {
    const plan = tf.ok(stackDir, ['plan', '-input=false', '-out=adopt.tfplan']);
    expect(plan).toMatch(/Plan: 7 to import, 0 to add, \d+ to change, 0 to destroy\./);
    expect(plan).not.toMatch(/must be replaced|will be destroyed|will be created/);
  });

  test('apply, then a second plan is empty', () => {
    const applied = tf.ok(stackDir, ['apply', '-input=false', 'adopt.tfplan']);
    expect(applied).toMatch(/Apply complete! Resources: 7 imported, 0 added, \d+ changed, 0 destroyed\./);
    const plan = tf.run(stackDir, ['plan', '-detailed-exitcode', '-input=false']);
    expect({ status: plan.status, output: plan.status === 0 ? '' : plan.output }).toEqual({
      status: 0,
      output: '',
    });
  });

  test("the policy is the library's plus the statement passed in; the one not passed in is gone", async () => {
    const policy = await s3.send(new GetBucketPolicyCommand({ Bucket: BUCKET }));
    const sids = (JSON.parse(policy.Policy!) as { Statement: { Sid?: string }[] }).Statement.map(
      (s) => s.Sid,
    );
    expect(sids).toEqual(expect.arrayContaining(['DenyInsecureTransport', KEPT.Sid]));
    expect(sids).not.toContain(DROPPED.Sid);
    const lifecycle = await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: BUCKET }));
    expect(lifecycle.Rules!.map((r) => r.ID).sort()).toEqual([
      'abort-incomplete-multipart-uploads',
      'expire-logs',
    ]);
  });

  test('the objects written before the adoption are still there, unchanged', async () => {
    // moto applies a conditional Deny (TLS-only) to every object request: lift the policy to read.
    await s3.send(new DeleteBucketPolicyCommand({ Bucket: BUCKET }));
    const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: BUCKET }));
    expect((versions.Versions ?? []).map((v) => v.Key).sort()).toEqual(Object.keys(OBJECTS).sort());
    expect(versions.DeleteMarkers ?? []).toEqual([]);
    for (const [Key, Body] of Object.entries(OBJECTS)) {
      const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key }));
      expect(await got.Body!.transformToString()).toBe(Body);
    }
    expect(fs.existsSync(path.join(stackDir, 'cdk.tf.json'))).toBe(true);
  });
});

if (!ready && tierRequired()) {
  test('fails when the terraform tier is required and its tools are missing', () => {
    throw new Error(`REQUIRE_TERRAFORM_TIER=1 but missing: ${tools.missing.join(', ')}`);
  });
}
