/**
 * The stable codes of the problems the model's rules find (PropIssue.code). A program (or a test)
 * acts on the code, never on the prose; a code never changes once released.
 */

/** A key prefix equal to or nested with another claimant's prefix in one bucket. */
export const PREFIX_OVERLAP_CODE = 'PREFIX_OVERLAP';
/** A prefix a different grant covers, or whose grant would cover another claimant's objects. */
export const PREFIX_UNDER_GRANT_CODE = 'PREFIX_UNDER_GRANT';
/** A prefix that is not `<prefixRoot>/<dataset>/<zone or account id>` in a `per-dataset` bucket. */
export const PREFIX_LAYOUT_CODE = 'PREFIX_OUTSIDE_LAYOUT';
/** A derived prefix (`<prefixRoot>/<zone name>/<dataset>`) that is not a valid key prefix. */
export const DERIVED_PREFIX_INVALID_CODE = 'DERIVED_PREFIX_INVALID';
/** One more Logpush job on a zone than Cloudflare allows. */
export const ZONE_JOB_LIMIT_CODE = 'ZONE_JOB_LIMIT';
/** More event notification configurations on one bucket than S3 allows. */
export const BUCKET_NOTIFICATION_LIMIT_CODE = 'S3_NOTIFICATION_CONFIGURATIONS_LIMIT';
/** A shard that would hold more pipelines than `pipelinesPerShard`. */
export const SHARD_CAPACITY_CODE = 'SHARD_TOO_FULL';
/** Two LogBuckets of one literal bucket name in one app. */
export const BUCKET_NAME_TAKEN_CODE = 'DUPLICATE_BUCKET_NAME';
/** Two CIS jobs of one domain and dataset in one app. */
export const CIS_JOB_TAKEN_CODE = 'CIS_JOB_PER_DOMAIN_DATASET';
