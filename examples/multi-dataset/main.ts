/**
 * One bucket, one Panther source, four pipelines: a zone's http_requests, firewall_events and
 * spectrum_events, and the account's audit_logs, each under its own prefix; and the alerts that
 * tell the team when one stops (Cloudflare's failing-jobs notification, Panther's no-data alarm,
 * an AWS freshness alarm per prefix).
 * Synthesize with `npx ts-node examples/multi-dataset/main.ts` (writes cdktf.out/).
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CloudflareProvider } from '@cdktf/provider-cloudflare/lib/provider';
import { App, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { LogBucket, LogpushAlerts, LogpushPipeline, PantherLogSource, PantherProvider } from 'cdktf-logpush';

const ZONE_ID = '023e105f4ecef8ad9ca31a8372d0c353';
const ACCOUNT_ID = '01a7362d577a6c3019a474fd6f485823';

export class MultiDatasetStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, 'aws', { region: 'eu-central-1' });
    new CloudflareProvider(this, 'cloudflare', {});
    new PantherProvider(this, 'panther', {});

    const bucket = new LogBucket(this, 'logs', {
      bucketName: 'acme-cloudflare-logs-eu',
      region: 'eu-central-1',
      retentionDays: 90,
      requireEncryptionHeader: true,
    });
    const panther = new PantherLogSource(this, 'panther-source', {
      bucket,
      name: 'cloudflare-eu',
      pantherAwsAccountId: '123456789012',
      pantherRegion: 'us-east-1',
    });
    // The zone belongs to ACCOUNT_ID: one notification policy covers its jobs and the account's.
    const alerts = new LogpushAlerts(this, 'alerts', {
      cloudflareAccountIds: [ACCOUNT_ID],
      emails: ['secops@example.com'],
      webhookIds: ['b115d5ec15c641ee8b7692c449b5227b'], // Notifications > Destinations > Webhooks
      pagerDutyIds: ['0d5b1b1f2c0e4a0b9c0f4a6d3e2b1c0a'], // a connected PagerDuty service
      siemNoDataMinutes: 60,
      freshnessMinutes: 60,
    });
    for (const dataset of ['http_requests', 'firewall_events', 'spectrum_events']) {
      new LogpushPipeline(this, dataset, {
        zoneId: ZONE_ID,
        dataset,
        bucket,
        prefix: `cloudflare/zone/${dataset}`,
        siem: panther,
        // Spectrum events are sparse: a longer window before "no new object" alarms.
        alerts: dataset === 'spectrum_events' ? alerts.forPipeline({ freshnessMinutes: 360 }) : alerts,
      });
    }
    new LogpushPipeline(this, 'audit_logs', {
      accountId: ACCOUNT_ID,
      dataset: 'audit_logs',
      bucket,
      prefix: 'cloudflare/account/audit_logs',
      siem: panther,
      alerts: alerts.forPipeline({ freshnessMinutes: 720 }),
    });
  }
}

if (require.main === module) {
  const app = new App();
  new MultiDatasetStack(app, 'cdktf-logpush-multi-dataset');
  app.synth();
}
