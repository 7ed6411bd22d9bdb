/**
 * The basic example: one zone's `http_requests`, every field, into a new hardened bucket, read by
 * Panther. `npm run synth` synthesizes it into cdktf.out/ (cdktf.json points here).
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CloudflareProvider } from '@cdktf/provider-cloudflare/lib/provider';
import { App, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { LogBucket, LogpushPipeline, PantherLogSource, PantherProvider } from 'cdktf-logpush';

export class BasicStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    // The app defines the providers; the library never does. Credentials come from the environment
    // (AWS_*, CLOUDFLARE_API_TOKEN, PANTHER_API_URL and PANTHER_API_TOKEN), never from code.
    new AwsProvider(this, 'aws', { region: 'us-west-2' });
    new CloudflareProvider(this, 'cloudflare', {});
    new PantherProvider(this, 'panther', {});

    const bucket = new LogBucket(this, 'logs', {
      bucketName: 'acme-cloudflare-logs',
      region: 'us-west-2',
      retentionDays: 365,
    });
    const panther = new PantherLogSource(this, 'panther-source', {
      bucket,
      name: 'cloudflare',
      pantherAwsAccountId: '123456789012',
    });
    new LogpushPipeline(this, 'http', {
      zoneId: '023e105f4ecef8ad9ca31a8372d0c353',
      dataset: 'http_requests',
      fields: 'all',
      bucket,
      prefix: 'cloudflare/http_requests',
      siem: panther,
    });
  }
}

if (require.main === module) {
  const app = new App();
  new BasicStack(app, 'cdktf-logpush-basic');
  app.synth();
}
