/**
 * Terraform addresses are API: renaming a construct id changes the logical id of its resources,
 * and Terraform then destroys and re-creates them (a Logpush job re-created loses logs; Cloudflare
 * never backfills). This pins every address of the basic example (resource type + logical id,
 * data sources too) under the stack id `cdktf-logpush-basic` its main.ts uses, and every address of
 * every stack of `examples/fleet` (test/fixtures/fleet/addresses.json: 298 addresses in 5 stacks).
 * A deliberate change edits these lists and the CHANGELOG together (see the README's Versioning
 * section).
 */
import { App, Testing } from 'cdktf';
import * as fs from 'fs';
import * as path from 'path';
import { BasicStack } from '../../examples/basic/main';
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
