/**
 * The basic example: one zone's `http_requests`, every field, into a new hardened bucket.
 * `npm run synth` synthesizes it into cdktf.out/ (cdktf.json points here).
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CloudflareProvider } from '@cdktf/provider-cloudflare/lib/provider';
import { App, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { LogBucket, LogpushPipeline } from '../../index';

export class BasicStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    // The app defines the providers; the library never does. The Cloudflare API token comes from
    // the CLOUDFLARE_API_TOKEN environment variable, never from code.
    new AwsProvider(this, 'aws', { region: 'us-west-2' });
    new CloudflareProvider(this, 'cloudflare', {});

    const bucket = new LogBucket(this, 'logs', {
      bucketName: 'acme-cloudflare-logs',
      region: 'us-west-2',
      retentionDays: 365,
    });
    new LogpushPipeline(this, 'http', {
      zoneId: '023e105f4ecef8ad9ca31a8372d0c353',
      dataset: 'http_requests',
      fields: 'all',
      bucket,
      prefix: 'cloudflare/http_requests',
    });
  }
}

if (require.main === module) {
  const app = new App();
  new BasicStack(app, 'cdktf-logpush-basic');
  app.synth();
}
