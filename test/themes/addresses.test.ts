/**
 * Theme: Terraform addresses. Terraform addresses are API: renaming a construct id changes the logical id of its resources,
 * and Terraform then destroys and re-creates them (a Logpush job re-created loses logs; Cloudflare
 * never backfills). This pins every address of the basic example (resource type + logical id,
 * data sources too) under the stack id `cdktf-logpush-basic` its main.ts uses, and every address of
 * every stack of `examples/fleet` (test/fixtures/fleet/addresses.json: 390 addresses in 5 stacks).
 * A deliberate change edits these lists and the CHANGELOG together (see docs/versioning.md).
 */
import { App, Testing } from 'cdktf';
import * as fs from 'fs';
import * as path from 'path';
import { BasicStack } from '../../examples/basic/main';
import { MultiDatasetStack } from '../../examples/multi-dataset/main';
import { defineFleet } from '../../examples/fleet/main';
import type { SynthJson } from '../support/synth';

const PINNED = [
  'aws_cloudwatch_log_group.LogpushOwnershipVerification_LogGroup_DB3A569F',
  'aws_iam_role.LogpushOwnershipVerification_Role_3F017CEA',
  'aws_iam_role.panther-source_Role_E6BFA2AB',
  'aws_iam_role_policy.LogpushOwnershipVerification_RolePolicy_3D4474FA',
  'aws_iam_role_policy.panther-source_ReadPolicy_2024C63E',
  'aws_lambda_function.LogpushOwnershipVerification_3396A263',
  'aws_lambda_invocation.http_Verification_6390ABE6',
  'aws_s3_bucket.logs_0B6081B1',
  'aws_s3_bucket_lifecycle_configuration.logs_Lifecycle_D0403310',
  'aws_s3_bucket_notification.logs_Notification_2F8A8CD6',
  'aws_s3_bucket_ownership_controls.logs_OwnershipControls_23626F2B',
  'aws_s3_bucket_policy.logs_Policy_CB06222F',
  'aws_s3_bucket_public_access_block.logs_PublicAccessBlock_B0A7B489',
  'aws_s3_bucket_server_side_encryption_configuration.logs_Encryption_66BAE301',
  'aws_s3_bucket_versioning.logs_Versioning_0EC40EA7',
  'aws_sns_topic.panther-source_Topic_9C29F883',
  'aws_sns_topic_policy.panther-source_TopicPolicy_C87D9C8A',
  'cloudflare_logpush_job.http_D8F39B44',
  'cloudflare_logpush_ownership_challenge.http_Challenge_6E1DE418',
  'data.aws_caller_identity.panther-source_CallerIdentity_0D857AE1',
  // Added (issue 17, finding 6): the ownership token is read from its SSM parameter.
  'data.aws_ssm_parameter.http_Verification_Token_83230B1E',
  'panther_s3_source.panther-source_16D4E85B',
];

function addressesOf(json: SynthJson): string[] {
  const resources = Object.entries(json.resource ?? {}).flatMap(([type, byId]) =>
    Object.keys(byId).map((id) => `${type}.${id}`),
  );
  const data = Object.entries(json.data ?? {}).flatMap(([type, byId]) =>
    Object.keys(byId).map((id) => `data.${type}.${id}`),
  );
  return [...resources, ...data].sort();
}

test('the basic example keeps every Terraform address', () => {
  const app = Testing.app();
  const json = JSON.parse(Testing.synth(new BasicStack(app, 'cdktf-logpush-basic'), true)) as SynthJson;
  expect(addressesOf(json)).toEqual(PINNED);
});

/** The multi-dataset example's addresses before alerts were added (issue 19): none may change. */
const PINNED_MULTI_DATASET = [
  'aws_cloudwatch_log_group.LogpushOwnershipVerification_LogGroup_DB3A569F',
  'aws_iam_role.LogpushOwnershipVerification_Role_3F017CEA',
  'aws_iam_role.panther-source_Role_E6BFA2AB',
  'aws_iam_role_policy.LogpushOwnershipVerification_RolePolicy_3D4474FA',
  'aws_iam_role_policy.panther-source_ReadPolicy_2024C63E',
  'aws_lambda_function.LogpushOwnershipVerification_3396A263',
  'aws_lambda_invocation.audit_logs_Verification_3C3FA2EA',
  'aws_lambda_invocation.firewall_events_Verification_DD3C1B03',
  'aws_lambda_invocation.http_requests_Verification_15AC85ED',
  'aws_lambda_invocation.spectrum_events_Verification_4212B3CC',
  'aws_s3_bucket.logs_0B6081B1',
  'aws_s3_bucket_lifecycle_configuration.logs_Lifecycle_D0403310',
  'aws_s3_bucket_notification.logs_Notification_2F8A8CD6',
  'aws_s3_bucket_ownership_controls.logs_OwnershipControls_23626F2B',
  'aws_s3_bucket_policy.logs_Policy_CB06222F',
  'aws_s3_bucket_public_access_block.logs_PublicAccessBlock_B0A7B489',
  'aws_s3_bucket_server_side_encryption_configuration.logs_Encryption_66BAE301',
  'aws_s3_bucket_versioning.logs_Versioning_0EC40EA7',
  'aws_sns_topic.panther-source_Topic_9C29F883',
  'aws_sns_topic_policy.panther-source_TopicPolicy_C87D9C8A',
  'aws_sns_topic_subscription.panther-source_PantherQueue_A5CD2A53',
  'cloudflare_logpush_job.audit_logs_146ADAF2',
  'cloudflare_logpush_job.firewall_events_68B9FCB9',
  'cloudflare_logpush_job.http_requests_20A4BFF8',
  'cloudflare_logpush_job.spectrum_events_6CD00FE2',
  'cloudflare_logpush_ownership_challenge.audit_logs_Challenge_731876B7',
  'cloudflare_logpush_ownership_challenge.firewall_events_Challenge_093A3DFF',
  'cloudflare_logpush_ownership_challenge.http_requests_Challenge_FEDB80DF',
  'cloudflare_logpush_ownership_challenge.spectrum_events_Challenge_6C7D2F70',
  'data.aws_caller_identity.panther-source_CallerIdentity_0D857AE1',
  // Added (issue 17, finding 6): each ownership token is read from its SSM parameter.
  'data.aws_ssm_parameter.audit_logs_Verification_Token_9B159E66',
  'data.aws_ssm_parameter.firewall_events_Verification_Token_0A85F4E4',
  'data.aws_ssm_parameter.http_requests_Verification_Token_5D4F272E',
  'data.aws_ssm_parameter.spectrum_events_Verification_Token_1F276BFF',
  'panther_s3_source.panther-source_16D4E85B',
];

/** What its alerts added: new resources only. */
const PINNED_MULTI_DATASET_ALERTS = [
  'aws_cloudwatch_metric_alarm.audit_logs_Freshness_Alarm_593737C7',
  'aws_cloudwatch_metric_alarm.firewall_events_Freshness_Alarm_F6A060AD',
  'aws_cloudwatch_metric_alarm.http_requests_Freshness_Alarm_FE5ECD90',
  'aws_cloudwatch_metric_alarm.spectrum_events_Freshness_Alarm_24522822',
  'aws_s3_bucket_metric.audit_logs_Freshness_Metric_BF047FE5',
  'aws_s3_bucket_metric.firewall_events_Freshness_Metric_FD2719DC',
  'aws_s3_bucket_metric.http_requests_Freshness_Metric_1AB8C41F',
  'aws_s3_bucket_metric.spectrum_events_Freshness_Metric_FE57A72C',
  'aws_sns_topic.alerts_Topic_91F4801D',
  'cloudflare_notification_policy.alerts_FailingJobs-01a7362d577a6c3019a474fd6f485823_4C0159EF',
  'panther_log_source_alarm.panther-source_NoDataAlarm_098919E7',
];

test('the multi-dataset example keeps every Terraform address, and its alerts only add', () => {
  const app = Testing.app();
  const json = JSON.parse(
    Testing.synth(new MultiDatasetStack(app, 'cdktf-logpush-multi-dataset'), true),
  ) as SynthJson;
  expect(addressesOf(json)).toEqual([...PINNED_MULTI_DATASET, ...PINNED_MULTI_DATASET_ALERTS].sort());
});

/** Every address of examples/fleet, per stack (pipelines: `zone-<id>-<dataset>`, `account-<id>-<dataset>`). */
const FLEET_PINNED = JSON.parse(
  fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'fleet', 'addresses.json'), 'utf8'),
) as Record<string, string[]>;

test('the fleet example keeps every Terraform address of every stack', () => {
  const app: App = Testing.app();
  defineFleet(app);
  app.synth();
  const manifest = JSON.parse(fs.readFileSync(path.join(app.outdir, 'manifest.json'), 'utf8')) as {
    stacks: Record<string, unknown>;
  };
  const actual = Object.fromEntries(
    Object.keys(manifest.stacks).map((name) => [
      name,
      addressesOf(
        JSON.parse(
          fs.readFileSync(path.join(app.outdir, 'stacks', name, 'cdk.tf.json'), 'utf8'),
        ) as SynthJson,
      ),
    ]),
  );
  expect(actual).toEqual(FLEET_PINNED);
  // A zone whose id starts with a digit: its pipeline's addresses start with the scope.
  expect(FLEET_PINNED['logpush-shard-0']).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^cloudflare_logpush_job\.zone-[0-9][0-9a-f]{31}-http_requests_[0-9A-F]{8}$/),
    ]),
  );
});
