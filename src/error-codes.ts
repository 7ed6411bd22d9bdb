/**
 * Every stable code cdktf-logpush gives a problem, with what it means and where it is raised: the
 * source of docs/errors.md (test/unit/error-codes.test.ts renders the page from this table and
 * fails when the page differs, when the library raises a code this table lacks, or when the table
 * lists an issue code nothing raises).
 *
 * A published code is never renamed or removed (programs may act on it); a new problem gets a new
 * code here.
 */

/** What the documentation says about one code. */
export interface ErrorCodeDoc {
  /** What the problem is, in the user's terms. */
  readonly meaning: string;
  /** Which props (or fleet file keys, or inputs) it is raised for. */
  readonly where: string;
}

/**
 * The codes of the issues of a `LogpushValidationError` (`error.codes`, `issue.code`): one problem
 * in one prop. The first group is the vocabulary every schema shares (what zod finds); the others
 * are the rules of one concept.
 */
export const ISSUE_CODES = {
  // ---- the shape of the props (every schema; src/schema.ts zodIssueCode)
  UNKNOWN_PROP: {
    meaning: 'a prop (or fleet file key) the input does not have; the message lists the closest known',
    where: 'any props object, any fleet file object',
  },
  MISSING_PROP: {
    meaning: 'a required prop is missing, or a prop another one needs (bucketName with adopt)',
    where:
      'any required prop; LogBucket `bucketName` with `adopt`, `serverAccessLogsPrefix` without `serverAccessLogsBucket`; a fleet entry without a bucket',
  },
  INVALID_TYPE: {
    meaning: 'a value of the wrong kind: a number for a string, a plain object for a construct',
    where: 'any prop; `bucket`, `ownership`, `siem`, `alerts`, providers',
  },
  NOT_ONE_OF: {
    meaning: 'a value outside a fixed list of choices',
    where:
      '`timestampFormat`, `outputType`, `grants`, `notifications`, `adopt.importConfigurations`, a fleet SIEM type',
  },
  OUT_OF_RANGE: {
    meaning: 'a number outside its range (or not a whole number where one is needed)',
    where: '`retentionDays`, `sampleRate`, `maxUpload*`, alert minutes, CIS `retentionDays`',
  },
  INVALID_LENGTH: {
    meaning: 'a list or text that is empty (or too long) where it may not be',
    where: '`fields: []`, `destinationConf`, a fleet file without buckets',
  },
  INVALID_FORMAT: {
    meaning:
      "a text outside its allow-list: an id, a name, a region, an ARN, a filter that is not Logpush's JSON",
    where:
      '`zoneId`, `accountId`, `bucketName`, `region`, `name`, `filter`, Panther and CIS ids, alert destinations',
  },
  INVALID_PROP: {
    meaning: 'a value zod refused for a reason none of the codes above names (kept: programs may act on it)',
    where: 'any prop (no rule of this library raises it today)',
  },
  // ---- values that reach Terraform, a grant or a URL
  INVALID_PREFIX: {
    meaning:
      'a key prefix with a leading or trailing "/", an empty or dot segment, or a character S3 keys should not hold',
    where: '`prefix`, `prefixRoot`, `serverAccessLogsPrefix`, a fleet prefix derived from a zone name',
  },
  UNRESOLVED_GRANT_VALUE: {
    meaning: 'a token where a grant (a bucket or IAM policy) needs a value known at synth, to check it',
    where: '`bucketName`, `prefix`, `serverAccessLogsPrefix`, OwnershipTokenReader `prefix`',
  },
  TERRAFORM_TEMPLATE_IN_DATA: {
    meaning:
      'a literal "${" beside a Terraform reference in one value: cdktf would read it as an open expression and rewrite the reference',
    where: 'a string prop that mixes text and a reference; any string of a fleet file',
  },
  TOKEN_MARKER_IN_DATA: {
    meaning:
      'a cdktf token marker (TfToken[...]) in a value that must stay data: a fleet file holds data, never a Terraform reference',
    where: 'any string (key or value) of a fleet file',
  },
  UNSAFE_IN_EXPRESSION: {
    meaning: 'a quote, backslash or control character in text written into a Terraform expression unescaped',
    where: 'OwnershipTokenReader `destinationConf`, `filename`',
  },
  TOKEN_LITERAL_IN_JSON: {
    meaning:
      'an ownership token that would be written into cdk.tf.json: a literal, or a variable with a default',
    where: '`OwnershipVerification.fromToken(token)` (LogpushPipeline and CisLogpushPipeline `ownership`)',
  },
  OWNERSHIP_NEEDS_TOKEN: {
    meaning:
      'an ownership verification that needs a resource the provider lacks: IBM CIS takes a token from `cdktf-logpush cis-ownership` only',
    where: 'CisLogpushPipeline `ownership: OwnershipVerification.customResource()`',
  },
  INVALID_TERRAFORM_NAME: {
    meaning:
      'a construct id that makes a Terraform address or name Terraform refuses (e.g. one starting with a digit)',
    where: 'the `id` of every construct',
  },
  INVALID_DESTINATION_CONF: {
    meaning: 'text that is not an S3 destination_conf Logpush writes (s3://<bucket>/<prefix>?region=...)',
    where: '`parseS3DestinationConf(conf)`',
  },
  NOT_ACKNOWLEDGED: {
    meaning: 'adopting a bucket replaces its whole policy: the prop that says so must be true',
    where: 'LogBucket `adopt.acknowledgeExistingPolicyReplaced`',
  },
  // ---- the construct tree
  SCOPE_NOT_IN_STACK: {
    meaning: 'the scope is not a construct inside a TerraformStack',
    where: 'the `scope` of every construct',
  },
  INVALID_ID: {
    meaning: 'a construct id that is empty or holds "/"',
    where: 'the `id` of every construct',
  },
  ID_TAKEN: {
    meaning: 'the scope already has a construct of this id (or a fleet entry makes an id another one makes)',
    where: 'the `id` of every construct; fleet datasets',
  },
  STACK_DEPENDENCY_CYCLE: {
    meaning:
      "the bucket's stack depends on the pipeline's stack: the pipeline's stack must depend on the bucket's",
    where: 'LogpushPipeline `bucket`',
  },
  POLICY_TOO_LARGE: {
    meaning:
      "a policy larger than AWS accepts (a bucket policy's 20 KB, an inline role policy's 10,240 characters); checked at synth",
    where:
      'the bucket policy of a LogBucket, the role policies of a PantherLogSource and of the ownership function',
  },
  // ---- Cloudflare datasets and fields
  SCOPE_NOT_EXACTLY_ONE: {
    meaning: 'a pipeline needs exactly one of zoneId (zone datasets) or accountId (account datasets)',
    where: '`zoneId`, `accountId`',
  },
  NOT_IN_CATALOGUE: {
    meaning: 'a dataset or a field the catalogue does not have; the message names the closest',
    where: '`dataset`, `fields.<i>`, fleet datasets, `fieldsOf`, `cisFieldsOf`',
  },
  DATASET_SCOPE_MISMATCH: {
    meaning: 'a zone dataset given with accountId (or under accounts), or an account dataset with zoneId',
    where: '`dataset`, fleet datasets',
  },
  DATASET_NOT_IN_PROVIDER: {
    meaning: 'a dataset Cloudflare lists but the pinned cloudflare provider rejects',
    where: '`dataset`',
  },
  DUPLICATE_ITEM: {
    meaning: 'an entry listed twice where each must be unique',
    where: '`fields.<i>`, fleet datasets of one zone, fleet zone and account ids',
  },
  // ---- buckets, prefixes and limits (the rules of src/model/ once it lands)
  PREFIX_OVERLAP: {
    meaning: "a prefix (or CIS path) equal to, inside or around another pipeline's prefix in the same bucket",
    where: '`prefix` of LogpushPipeline and CisLogpushPipeline, fleet prefixes',
  },
  PREFIX_UNDER_GRANT: {
    meaning:
      'a prefix inside a prefix the bucket grants to someone else (its access logs, a per-dataset grant)',
    where: '`prefix`, `serverAccessLogsPrefix`',
  },
  PREFIX_OUTSIDE_LAYOUT: {
    meaning:
      "a prefix a per-dataset bucket's grant layout does not cover (<prefixRoot>/<dataset>/<zone or account id>)",
    where: '`prefix` of a pipeline into a LogBucket with `grants: "per-dataset"`, fleet prefixes',
  },
  DUPLICATE_BUCKET_NAME: {
    meaning:
      'two LogBuckets (or fleet bucket entries) of one S3 bucket name: AWS keeps one policy per bucket',
    where: 'LogBucket `bucketName`, fleet `buckets.<key>.name`',
  },
  ZONE_JOB_LIMIT: {
    meaning: 'more Logpush jobs on one zone than Cloudflare allows',
    where: '`zoneId`, fleet zone datasets',
  },
  DERIVED_PREFIX_INVALID: {
    meaning:
      'a prefix the fleet derives (<prefixRoot>/<zone name>/<dataset>) that is not a valid key prefix: the zone name or root makes it invalid',
    where: 'fleet `defaults.prefixRoot`, `buckets.<key>.prefixRoot`, zone names',
  },
  S3_NOTIFICATION_CONFIGURATIONS_LIMIT: {
    meaning: 'more S3 event notification configurations on one bucket than S3 allows (100)',
    where: 'pipelines of a self-managed SIEM into one bucket (PantherLogSource, fleet `siems`)',
  },
  ACCESS_LOGS_REGION_MISMATCH: {
    meaning: 'an access log target bucket in another region (S3 delivers access logs within a region)',
    where: 'LogBucket `serverAccessLogsBucket`',
  },
  ACCESS_LOGS_TARGET_REQUIRES_ENCRYPTION_HEADER: {
    meaning:
      'an access log target bucket whose policy denies uploads without the encryption header S3 log delivery does not send',
    where: 'LogBucket `serverAccessLogsBucket`',
  },
  NOTIFICATION_OWNED_ELSEWHERE: {
    meaning: "a second owner of a bucket's notification configuration (AWS keeps one per bucket)",
    where: 'PantherLogSource `notifications`, a topic notification of a LogBucket',
  },
  S3_METRICS_FILTER_ID_TAKEN: {
    meaning:
      'two prefixes of one bucket would make one S3 request-metrics filter id (they differ only in "/" and ".")',
    where: '`prefix` of a pipeline with freshness alarms',
  },
  S3_METRICS_CONFIGURATIONS_LIMIT: {
    meaning: 'more S3 request-metrics configurations on one bucket than S3 allows',
    where: 'LogpushAlerts `freshnessAlarms`, fleet `alerts`',
  },
  REQUIRES_VERSIONING: {
    meaning: 'a setting that only applies to a versioned bucket, on an unversioned one',
    where: 'CosLogBucket `noncurrentVersionRetentionDays`',
  },
  // ---- SIEM
  SIEM_REFUSES_PIPELINE: {
    meaning:
      "the SIEM cannot read the pipeline's logs (no log type for the dataset, a field it needs missing)",
    where: 'LogpushPipeline `siem`, PantherLogSource.addPipeline, fleet datasets with a siem',
  },
  SIEM_LOG_TYPE_CONFLICT: {
    meaning: 'one prefix registered for two SIEM log types',
    where: 'PantherLogSource.addPipeline',
  },
  SIEM_BUCKET_MISMATCH: {
    meaning: 'a fleet entry writes to a bucket its SIEM does not read',
    where: 'fleet datasets with a siem',
  },
  // ---- alerts
  ALERTS_NO_MECHANISM: {
    meaning: 'alerts that notify nobody: no email, webhook, PagerDuty or SNS topic',
    where: 'LogpushAlerts props, fleet `alerts`',
  },
  ALERTS_SHARED_FRESHNESS_OVERRIDE: {
    meaning: 'different freshness windows for pipelines that share one alarm (a per-dataset grant)',
    where: 'fleet `alerts.freshnessMinutes` on a zone',
  },
  ALERTS_ACCOUNT_OVERRIDE_ON_ACCOUNT: {
    meaning:
      "an account override of the alert account on an account's pipelines, which use the account's own policy",
    where: 'fleet `accounts[i].alerts.cloudflareAccountId`',
  },
  ALERTS_OVERRIDE_WITHOUT_ALERTS: {
    meaning: 'a zone or account sets alerts of its own, but the file declares no alerts',
    where: 'fleet `zones[i].alerts`, `accounts[i].alerts`',
  },
  // ---- IBM CIS
  CIS_JOB_PER_DOMAIN_DATASET: {
    meaning: 'a second job of one CIS domain and dataset in the app: CIS takes one',
    where: 'CisLogpushPipeline `dataset`',
  },
  // ---- the fleet file
  UNKNOWN_REFERENCE: {
    meaning: 'a name of a bucket or SIEM entry the fleet file does not declare',
    where: 'fleet `bucket`, `siem`',
  },
  UNKNOWN_SHARD: {
    meaning: 'a shard the fleet does not have',
    where: 'LogpushFleet `shards`',
  },
  SHARD_TOO_FULL: {
    meaning: 'a shard would hold more pipelines than sharding.pipelinesPerShard',
    where: 'fleet `sharding.shards`',
  },
  RESHARD_NOT_CONFIRMED: {
    meaning:
      'a new shard count moves pipelines to other stacks (destroyed and re-created) without allowReshard',
    where: 'fleet `sharding.shards`',
  },
  TOO_MANY_PROBLEMS: {
    meaning: 'more problems than one error lists; the rest are counted',
    where: 'a fleet file',
  },
  YAML_SYNTAX: { meaning: 'text that is not YAML', where: 'a fleet file' },
  YAML_UNKNOWN_TAG: { meaning: 'a YAML tag (`!x`) a fleet file may not hold', where: 'a fleet file' },
  YAML_ALIAS_LIMIT: {
    meaning: 'YAML aliases that expand more often than a fleet file needs (an alias bomb)',
    where: 'a fleet file',
  },
  FLEET_TOO_DEEP: { meaning: 'nesting deeper than a fleet file needs', where: 'a fleet file' },
  FLEET_TOO_LARGE: {
    meaning: 'more values than a fleet file needs, aliases expanded',
    where: 'a fleet file',
  },
  FLEET_FILE_TOO_LARGE: { meaning: 'a file larger than a fleet file needs', where: 'a fleet file' },
  FLEET_FILE_NOT_REGULAR: {
    meaning: 'a path that is a directory, a device, a FIFO or a socket, not a regular file',
    where: 'a fleet file path',
  },
} as const satisfies Record<string, ErrorCodeDoc>;

/** A code of a prop issue. */
export type IssueCode = keyof typeof ISSUE_CODES;

/**
 * The codes of a whole error (`LogpushError.code`), for the failures that are not one prop's: the
 * validation errors themselves, the CLI's refusals, the review's and the ownership handler's.
 */
export const ERROR_CODES = {
  INVALID_PROPS: {
    meaning: 'a LogpushValidationError: see its issues and their codes',
    where: 'every construct',
  },
  INVALID_FLEET_FILE: {
    meaning: 'a FleetValidationError: see its issues and their codes',
    where: 'a fleet file',
  },
  PACKAGE_ROOT_NOT_FOUND: {
    meaning: 'no package.json above the library: the ownership handler cannot be found',
    where: 'OwnershipVerificationFunction',
  },
  OWNERSHIP_HANDLER_NOT_BUILT: {
    meaning: 'a source checkout used before `npm run build:handler`',
    where: 'OwnershipVerificationFunction',
  },
  OWNERSHIP_STORE_RETRYABLE: {
    meaning: 'the object store failed in a way worth retrying (throttling, 5xx, a reset)',
    where: 'the ownership handler',
  },
  OWNERSHIP_STORE_FAILED: { meaning: 'the object store refused the read', where: 'the ownership handler' },
  OWNERSHIP_TOKEN_STORE_FAILED: {
    meaning:
      'the token could not be kept in (or removed from) its SSM SecureString parameter; the message is redacted and the challenge file stays for the next apply',
    where: 'the ownership handler (Lambda)',
  },
  OWNERSHIP_CHALLENGE_FAILED: {
    meaning:
      'the challenge could not be read: a prefix or file name that is not a plain key, a file too large or not a JWT, or a store failure that ended the read',
    where: 'the ownership handler (Lambda)',
  },
  CLI_USAGE: { meaning: 'a command was called wrongly (exit 2)', where: 'the CLI' },
  CLI_FAILURE: { meaning: 'a command found a problem (exit 1)', where: 'the CLI' },
  INTERNAL_ERROR: {
    meaning:
      'not an error of the input: a bug of the CLI, printed as one redacted line (exit 1); please report it',
    where: 'the CLI (printed after the message; no LogpushError carries it)',
  },
  ENDPOINT_NOT_ALLOWED: { meaning: 'an API endpoint outside the allow-list', where: 'the CLI' },
  CIS_OWNERSHIP_USAGE: {
    meaning: '`cis-ownership` was called wrongly',
    where: '`cdktf-logpush cis-ownership`',
  },
  CIS_OWNERSHIP_FAILED: {
    meaning: '`cis-ownership` could not fetch the token',
    where: '`cdktf-logpush cis-ownership`',
  },
  TIMEOUT_OUT_OF_RANGE: { meaning: '`--timeout` outside its range', where: '`cdktf-logpush cis-ownership`' },
  COS_HMAC_MALFORMED: {
    meaning: 'a COS HMAC key with spaces, line breaks or control characters (its value is not shown)',
    where: '`cdktf-logpush cis-ownership`',
  },
  IAM_TOKEN_MALFORMED: {
    meaning: 'IBMCLOUD_IAM_TOKEN is not one IAM access token (its value is not shown)',
    where: '`cdktf-logpush cis-ownership`',
  },
  IBM_ENDPOINT_NOT_ALLOWED: {
    meaning: 'an IBM Cloud endpoint that is not a URL or outside the allow-list',
    where: '`cdktf-logpush cis-ownership`',
  },
  ENDPOINT_UNREACHABLE: {
    meaning: 'the CIS or IAM endpoint could not be reached',
    where: '`cdktf-logpush cis-ownership`',
  },
  REQUEST_NOT_SENDABLE: {
    meaning: 'a credential or option holds characters HTTP does not allow (the value is not shown)',
    where: '`cdktf-logpush cis-ownership`',
  },
  AWS_CREDENTIAL_MALFORMED: {
    meaning:
      'an AWS credential variable with spaces, line breaks or control characters (its value is not shown)',
    where: '`cdktf-logpush ownership-token`',
  },
  ENDPOINT_CONFIG_INVALID: {
    meaning: "the AWS configuration's endpoint settings cannot be checked",
    where: '`cdktf-logpush ownership-token`',
  },
  SYNTH_NOT_FOUND: { meaning: 'no synthesized output where `diff` looked', where: '`cdktf-logpush diff`' },
  SYNTH_OUTSIDE: {
    meaning: 'a synthesized file outside the output directory',
    where: '`cdktf-logpush diff`',
  },
  SYNTH_MALFORMED: {
    meaning: 'a synthesized file that is not what cdktf writes',
    where: '`cdktf-logpush diff`',
  },
} as const satisfies Record<string, ErrorCodeDoc>;
