/**
 * Split stacks: the AWS side (bucket, Panther source, ownership function) in one stack, the
 * Cloudflare side (jobs, challenges, invocations of the function) in another, as teams that run AWS
 * and Cloudflare through separate pipelines do. cdktf wires the function's name across through an
 * output and `terraform_remote_state`; the Cloudflare stack depends on the AWS stack.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CloudflareProvider } from '@cdktf/provider-cloudflare/lib/provider';
import { App, TerraformStack } from 'cdktf';
import { LogBucket, LogpushPipeline, PantherLogSource, PantherProvider } from 'cdktf-logpush';

/** Defines the two stacks, `logpush-aws` and `logpush-cloudflare`, in `app`. */
export function defineSplit(app: App): { aws: TerraformStack; cloudflare: TerraformStack } {
  const aws = new TerraformStack(app, 'logpush-aws');
  new AwsProvider(aws, 'aws', { region: 'us-west-2' });
  new PantherProvider(aws, 'panther', {}); // PANTHER_API_URL / PANTHER_API_TOKEN from the environment
  const bucket = new LogBucket(aws, 'logs', { bucketName: 'acme-cloudflare-logs', region: 'us-west-2' });
  const siem = new PantherLogSource(aws, 'panther-source', {
    bucket,
    name: 'cloudflare',
    pantherAwsAccountId: '123456789012',
  });

  const cloudflare = new TerraformStack(app, 'logpush-cloudflare');
  new CloudflareProvider(cloudflare, 'cloudflare', {}); // CLOUDFLARE_API_TOKEN from the environment
  new AwsProvider(cloudflare, 'aws', { region: 'us-west-2' }); // invokes the ownership function only
  const zoneId = '023e105f4ecef8ad9ca31a8372d0c353';
  new LogpushPipeline(cloudflare, 'http', { zoneId, dataset: 'http_requests', fields: 'all', bucket, siem });
  new LogpushPipeline(cloudflare, 'firewall', {
    zoneId,
    dataset: 'firewall_events',
    fields: 'all',
    bucket,
    siem,
  });
  return { aws, cloudflare };
}

if (require.main === module) {
  const app = new App();
  defineSplit(app);
  app.synth();
}
