/**
 * Which attributes make Terraform re-create a resource (destroy + create), per resource type:
 * provider knowledge, pinned to the providers this package binds, each with its source.
 */

/** One resource type's rule. */
export interface ReplacementRule {
  readonly attributes: readonly string[];
  /** RequiresReplaceIfConfigured: only a change to a configured value replaces (unsetting it does not). */
  readonly ifConfigured?: readonly string[];
  readonly source: string;
}

/** The Cloudflare Logpush job. */
export const CLOUDFLARE_JOB = 'cloudflare_logpush_job';
/** The IBM CIS Logpush job. */
export const CIS_JOB = 'ibm_cis_logpush_job';

/** The IBM provider source the `ibm_*` rules are read from (the version constructs/bindings/ibm.ts binds). */
const IBM_SOURCE = 'IBM-Cloud/terraform-provider-ibm v2.5.0 (commit 9f9b7ec)';

/**
 * Attributes whose change makes the provider plan a replacement (destroy + create), per resource
 * type, with the source of the fact.
 */
export const FORCES_REPLACEMENT: Readonly<Record<string, ReplacementRule>> = {
  cloudflare_logpush_job: {
    attributes: ['zone_id', 'account_id', 'dataset'],
    ifConfigured: ['dataset'],
    source:
      'cloudflare/cloudflare 5.14.0 logpush_job schema: RequiresReplace (dataset: RequiresReplaceIfConfigured)',
  },
  cloudflare_logpush_ownership_challenge: {
    attributes: ['zone_id', 'account_id', 'destination_conf'],
    source:
      'cloudflare/cloudflare 5.14.0 logpush_ownership_challenge schema: every attribute RequiresReplace',
  },
  panther_s3_source: {
    attributes: ['aws_account_id', 'bucket_name'],
    source: 'panther-labs/panther 0.2.12 s3_source: RequiresReplace',
  },
  aws_s3_bucket: { attributes: ['bucket', 'bucket_prefix'], source: 'hashicorp/aws 5.100.0: ForceNew' },
  aws_s3_bucket_policy: { attributes: ['bucket'], source: 'hashicorp/aws 5.100.0: ForceNew' },
  aws_s3_bucket_notification: { attributes: ['bucket'], source: 'hashicorp/aws 5.100.0: ForceNew' },
  aws_s3_bucket_versioning: { attributes: ['bucket'], source: 'hashicorp/aws 5.100.0: ForceNew' },
  aws_s3_bucket_lifecycle_configuration: {
    attributes: ['bucket'],
    source: 'hashicorp/aws 5.100.0: ForceNew',
  },
  aws_s3_bucket_public_access_block: { attributes: ['bucket'], source: 'hashicorp/aws 5.100.0: ForceNew' },
  aws_s3_bucket_ownership_controls: { attributes: ['bucket'], source: 'hashicorp/aws 5.100.0: ForceNew' },
  aws_s3_bucket_server_side_encryption_configuration: {
    attributes: ['bucket'],
    source: 'hashicorp/aws 5.100.0: ForceNew',
  },
  aws_iam_role: { attributes: ['name', 'name_prefix'], source: 'hashicorp/aws 5.100.0: ForceNew' },
  aws_iam_role_policy: { attributes: ['name', 'role'], source: 'hashicorp/aws 5.100.0: ForceNew' },
  aws_lambda_function: { attributes: ['function_name'], source: 'hashicorp/aws 5.100.0: ForceNew' },
  aws_sns_topic: {
    attributes: ['name', 'name_prefix', 'fifo_topic'],
    source: 'hashicorp/aws 5.100.0: ForceNew',
  },
  aws_cloudwatch_log_group: {
    attributes: ['name', 'name_prefix'],
    source: 'hashicorp/aws 5.100.0: ForceNew',
  },
  // IBM-Cloud/terraform-provider-ibm v2.5.0 (commit 9f9b7ecfc4324c50bb461cd20eb9cd1a63ddf953), the
  // `ForceNew: true` attributes of each resource's schema:
  ibm_cos_bucket: {
    attributes: [
      'bucket_name',
      'resource_instance_id',
      'key_protect',
      'kms_key_crn',
      'satellite_location_id',
      'single_site_location',
      'region_location',
      'cross_region_location',
      'storage_class',
    ],
    source: `${IBM_SOURCE} ibm/service/cos/resource_ibm_cos_bucket.go: ForceNew`,
  },
  ibm_iam_user_policy: {
    attributes: ['ibm_id'],
    source: `${IBM_SOURCE} ibm/service/iampolicy/resource_ibm_iam_user_policy.go: ForceNew`,
  },
  // No ForceNew attribute: `users` is updated in place (resourceIBMIAMUpdateUserProfile invites the
  // added users and removes the removed ones). Listed so that a reference to a replaced resource
  // is not followed into it, and so that the rule's absence is a fact, not an oversight.
  ibm_iam_user_invite: {
    attributes: [],
    source: `${IBM_SOURCE} ibm/service/iampolicy/resource_ibm_iam_user_invite.go: no ForceNew`,
  },
  // No ForceNew attribute either. An IBM CIS job is re-created when its address changes (see
  // diffSynth's job moves). Its Update (ResourceIBMCISLogpushJobUpdate) sends only enabled,
  // logpull_options, logdna, frequency, cos, ibmcl, ownership_challenge and destination_conf: a
  // change to cis_id, domain_id, dataset or name is planned in place and not sent to CIS.
  ibm_cis_logpush_job: {
    attributes: [],
    source: `${IBM_SOURCE} ibm/service/cis/resource_ibm_cis_logpush_job.go: no ForceNew`,
  },
};
