import { Testing } from 'cdktf';
import { BasicStack } from '../../examples/basic/main';
import { MultiDatasetStack } from '../../examples/multi-dataset/main';
import { onlyResource, resourceCounts, resourcesOf, type SynthJson } from '../support/synth';

const synthExample = (make: (app: ReturnType<typeof Testing.app>) => unknown) => {
  const app = Testing.app();
  const stack = make(app) as Parameters<typeof Testing.synth>[0];
  return JSON.parse(Testing.synth(stack, true)) as SynthJson;
};

describe('examples', () => {
  test('basic: one pipeline, its ownership handshake and the Panther source', () => {
    const json = synthExample((app) => new BasicStack(app, 'basic'));
    expect(resourceCounts(json)).toMatchObject({
      cloudflare_logpush_job: 1,
      cloudflare_logpush_ownership_challenge: 1,
      aws_lambda_invocation: 1,
      aws_s3_bucket: 1,
      aws_s3_bucket_policy: 1,
      aws_s3_bucket_notification: 1,
      aws_sns_topic: 1,
      panther_s3_source: 1,
    });
    expect(onlyResource(json, 'panther_s3_source').prefix_log_types).toEqual([
      { prefix: 'cloudflare/http_requests/', log_types: ['Cloudflare.HttpRequest'], excluded_prefixes: [] },
    ]);
  });

  test('multi-dataset: four datasets, one bucket, one Panther source, one prefix each', () => {
    const json = synthExample((app) => new MultiDatasetStack(app, 'multi'));
    expect(resourceCounts(json)).toMatchObject({
      cloudflare_logpush_job: 4,
      aws_s3_bucket: 1,
      aws_s3_bucket_policy: 1,
      panther_s3_source: 1,
      aws_sns_topic_subscription: 1,
    });
    const jobs = Object.values(resourcesOf(json, 'cloudflare_logpush_job'));
    expect(jobs.map((j) => j.destination_conf).sort()).toEqual([
      's3://acme-cloudflare-logs-eu/cloudflare/account/audit_logs/{DATE}?region=eu-central-1&sse=AES256',
      's3://acme-cloudflare-logs-eu/cloudflare/zone/firewall_events/{DATE}?region=eu-central-1&sse=AES256',
      's3://acme-cloudflare-logs-eu/cloudflare/zone/http_requests/{DATE}?region=eu-central-1&sse=AES256',
      's3://acme-cloudflare-logs-eu/cloudflare/zone/spectrum_events/{DATE}?region=eu-central-1&sse=AES256',
    ]);
    expect(
      (onlyResource(json, 'panther_s3_source').prefix_log_types as { log_types: string[] }[]).map(
        (e) => e.log_types[0],
      ),
    ).toEqual(['Cloudflare.Audit', 'Cloudflare.Firewall', 'Cloudflare.HttpRequest', 'Cloudflare.Spectrum']);
  });
});
