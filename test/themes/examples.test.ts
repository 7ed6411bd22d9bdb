/**
 * Theme: the examples. Each runnable app in examples/ synthesizes the resources its README
 * promises (basic, multi-dataset, ibm-cis); the byte-for-byte output is pinned in test/examples/.
 */
import { Testing } from 'cdktf';
import { BasicStack } from '../../examples/basic/main';
import { COS_INSTANCE_CRN, CIS_CRN, DOMAIN_ID, IbmCisStack } from '../../examples/ibm-cis/main';
import { MultiDatasetStack } from '../../examples/multi-dataset/main';
import { cisAllFields } from '../../src/datasets';
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

/** The COS instance GUID in examples/ibm-cis's COS_INSTANCE_CRN. */
const INSTANCE = 'c84e2a79-ce6d-3c79-a7e4-7e7ab3054cfe';
const synthJson = (stack: Parameters<typeof Testing.synth>[0]): SynthJson =>
  JSON.parse(Testing.synth(stack, true)) as SynthJson;

describe('examples/ibm-cis', () => {
  test('synthesizes one ibm_cis_logpush_job per dataset with the cos destination, fields and timestamps', () => {
    const json = synthJson(new IbmCisStack(Testing.app(), 'ibm'));
    expect(resourceCounts(json)).toMatchObject({
      ibm_cis_logpush_job: 2,
      ibm_cos_bucket: 1,
      ibm_iam_user_invite: 1,
      ibm_iam_user_policy: 1,
    });
    const jobs = Object.values(resourcesOf(json, 'ibm_cis_logpush_job'));
    const byDataset = Object.fromEntries(jobs.map((j) => [j.dataset as string, j]));
    expect(Object.keys(byDataset).sort()).toEqual(['http_requests', 'range_events']);
    for (const [dataset, job] of Object.entries(byDataset)) {
      expect(job.cis_id).toBe(CIS_CRN);
      expect(job.domain_id).toBe(DOMAIN_ID);
      expect(JSON.parse(job.cos as string)).toEqual({
        bucket_name: 'acme-cis-logs',
        id: INSTANCE,
        region: 'us-south',
        path: `cis/${dataset}`,
        use_daily_subfolder: true,
      });
      expect(job.logpull_options).toBe(`fields=${cisAllFields(dataset).join(',')}&timestamps=rfc3339`);
      // A null token (later plans) becomes "": the provider's RequiredWith(cos) still holds.
      expect(job.ownership_challenge).toBe(`\${trimspace(coalesce(var.${dataset}_ownership_token, " "))}`);
      expect(job.lifecycle).toEqual({ ignore_changes: ['ownership_challenge'] });
      expect(job.depends_on).toEqual(['ibm_iam_user_policy.logs_CisWriterPolicy_B33847D6']);
      expect(job.enabled).toBe(true);
    }
    expect(cisAllFields('http_requests')).toHaveLength(61);
    expect(cisAllFields('range_events')).toHaveLength(31);
  });

  test('the bucket is hardened and CIS writer gets Object Writer on that bucket only', () => {
    const json = synthJson(new IbmCisStack(Testing.app(), 'ibm'));
    const bucket = onlyResource(json, 'ibm_cos_bucket');
    expect(bucket).toMatchObject({
      bucket_name: 'acme-cis-logs',
      resource_instance_id: COS_INSTANCE_CRN,
      region_location: 'us-south',
      force_delete: false,
      lifecycle: { prevent_destroy: true },
      object_versioning: { enable: true },
      activity_tracking: { read_data_events: true, write_data_events: true, management_events: true },
      metrics_monitoring: { usage_metrics_enabled: true, request_metrics_enabled: true },
      expire_rule: [{ enable: true, days: 365, rule_id: 'expire-logs' }],
      abort_incomplete_multipart_upload_days: [
        { enable: true, days_after_initiation: 7, rule_id: 'abort-incomplete-uploads' },
      ],
    });
    expect(onlyResource(json, 'ibm_iam_user_invite')).toEqual({ users: ['cislogp@us.ibm.com'] });
    expect(onlyResource(json, 'ibm_iam_user_policy')).toMatchObject({
      ibm_id: 'cislogp@us.ibm.com',
      roles: ['Object Writer'],
      resources: {
        service: 'cloud-object-storage',
        resource_instance_id: INSTANCE,
        resource_type: 'bucket',
        resource: 'acme-cis-logs',
      },
      depends_on: ['ibm_cos_bucket.logs_0B6081B1', 'ibm_iam_user_invite.CisLogpushWriterInvite'],
    });
    expect(json.terraform?.required_providers).toEqual({
      ibm: { source: 'IBM-Cloud/ibm', version: '2.5.0' },
    });
  });

  test('renders as HCL: the jobs, the cos JSON quoted, the grant and the lifecycle', () => {
    const hcl = Testing.synthHcl(new IbmCisStack(Testing.app(), 'ibm'), true);
    expect(hcl).toContain('resource "ibm_cis_logpush_job" "http_requests_20A4BFF8" {');
    expect(hcl).toContain(
      'cos = "{\\"bucket_name\\":\\"acme-cis-logs\\",\\"id\\":\\"c84e2a79-ce6d-3c79-a7e4-7e7ab3054cfe\\",\\"region\\":\\"us-south\\",\\"path\\":\\"cis/http_requests\\",\\"use_daily_subfolder\\":true}"',
    );
    expect(hcl).toMatch(/ignore_changes = \[\s*"ownership_challenge",\s*\]/);
    expect(hcl).toMatch(
      /resource "ibm_iam_user_invite" "CisLogpushWriterInvite" \{\s*users = \[\s*"cislogp@us.ibm.com"\s*\]/,
    );
    expect(hcl).toMatch(/resources \{\s*service = "cloud-object-storage"/);
    expect(hcl).toMatch(/object_versioning \{\s*enable = true\s*\}/);
    expect(hcl).toMatch(/provider "ibm" \{\s*region = "us-south"\s*\}/);
  });
});
