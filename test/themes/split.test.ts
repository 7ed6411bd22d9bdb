/**
 * Theme: split stacks. The AWS side and the Cloudflare side in two stacks: the AWS stack holds
 * every shared AWS resource and no Cloudflare one, the Cloudflare stack reads what it needs through
 * remote state (README, "Split stacks").
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CloudflareProvider } from '@cdktf/provider-cloudflare/lib/provider';
import { Testing, TerraformStack } from 'cdktf';
import * as fs from 'fs';
import * as path from 'path';
import { LogBucket, LogpushPipeline, PantherLogSource } from '../../index';
import { onlyResource, resourceCounts, resourcesOf, type SynthJson } from '../support/synth';

const ZONE = '023e105f4ecef8ad9ca31a8372d0c353';

/** An AWS stack (bucket, Panther source, ownership function) and a Cloudflare stack (pipelines). */
function split() {
  const app = Testing.app();
  const aws = new TerraformStack(app, 'aws');
  new AwsProvider(aws, 'aws', { region: 'us-west-2' });
  const bucket = new LogBucket(aws, 'logs', { bucketName: 'acme-logs', region: 'us-west-2' });
  const siem = new PantherLogSource(aws, 'panther', {
    bucket,
    name: 'cf',
    pantherAwsAccountId: '999999999999',
    awsAccountId: '111111111111',
    registerSource: false,
  });
  const cloudflare = new TerraformStack(app, 'cloudflare');
  new CloudflareProvider(cloudflare, 'cloudflare', {});
  new AwsProvider(cloudflare, 'aws', { region: 'us-west-2' }); // invokes the ownership function only
  new LogpushPipeline(cloudflare, 'http', { zoneId: ZONE, dataset: 'http_requests', bucket, siem });
  new LogpushPipeline(cloudflare, 'fw', { zoneId: ZONE, dataset: 'firewall_events', bucket, siem });
  app.synth();
  const outdir = app.outdir;
  const read = (stack: string): SynthJson =>
    JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
  return { app, aws: read('aws'), cloudflare: read('cloudflare'), outdir };
}

describe('split stacks: AWS side and Cloudflare side', () => {
  test('the AWS stack has no Cloudflare resource and holds every shared AWS resource', () => {
    const { aws } = split();
    const types = Object.keys(resourceCounts(aws));
    expect(types.filter((t) => t.startsWith('cloudflare_'))).toEqual([]);
    expect(resourceCounts(aws)).toMatchObject({
      aws_s3_bucket: 1,
      aws_s3_bucket_policy: 1,
      aws_s3_bucket_notification: 1,
      aws_lambda_function: 1,
      aws_iam_role: 2,
    });
    expect(aws.terraform).not.toHaveProperty('required_providers.cloudflare');
    const policy = JSON.parse(onlyResource(aws, 'aws_s3_bucket_policy').policy as string);
    expect(
      policy.Statement.find((s: { Sid: string }) => s.Sid === 'AllowCloudflareLogpushPutObject').Resource,
    ).toEqual(['arn:aws:s3:::acme-logs/firewall_events/*', 'arn:aws:s3:::acme-logs/http_requests/*']);
    // The function's name reaches the Cloudflare stack as an output.
    expect(Object.keys(aws.output ?? {}).length).toBeGreaterThan(0);
  });

  test('the Cloudflare stack reads the function name through remote state and depends on the AWS stack', () => {
    const { cloudflare, outdir } = split();
    expect(resourceCounts(cloudflare)).toEqual({
      cloudflare_logpush_job: 2,
      cloudflare_logpush_ownership_challenge: 2,
      aws_lambda_invocation: 2,
    });
    const invocation = Object.values(resourcesOf(cloudflare, 'aws_lambda_invocation'))[0]!;
    expect(invocation.function_name).toMatch(
      /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-aws\.outputs\./,
    );
    for (const r of [
      ...Object.values(resourcesOf(cloudflare, 'cloudflare_logpush_job')),
      ...Object.values(resourcesOf(cloudflare, 'cloudflare_logpush_ownership_challenge')),
    ]) {
      expect(r.depends_on).toBeUndefined();
    }
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
    expect(manifest.stacks.cloudflare.dependencies).toEqual(['aws']);
  });
});
