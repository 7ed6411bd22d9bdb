/**
 * IBM Cloud Internet Services (CIS) Logpush into IBM Cloud Object Storage (COS): the zod schemas of
 * the plain props of `CisLogpushPipeline` and `CosLogBucket`, their cross-prop rules, and the
 * identifier checks the `cis-ownership` command shares with them. Framework-free: the construct
 * layer passes the token predicate.
 */
import { unresolvedGrantIssue, UNRESOLVED_GRANT_VALUE } from '../terraform-literal';
import type { z } from 'zod';
import { cisAllFields, cisDatasets, findCisField, isCisDataset } from '../datasets';
import type { PropIssue } from '../errors';
import { NAMES, prefixProblem } from '../names';
import { fieldListIssues, loadZod, TIMESTAMP_FORMATS, type TokenPredicate } from '../schema';

/** A CIS instance CRN: `crn:v1:bluemix:public:internet-svcs:global:a/<account>:<instance guid>::`. */
export const CIS_CRN = /^crn:v1:[a-z-]+:public:internet-svcs(-ci)?:global:a\/[0-9a-f]{32}:[0-9a-f-]{36}::$/;
/** A COS instance CRN (what `ibm_cos_bucket.resource_instance_id` takes). */
export const COS_INSTANCE_CRN =
  /^crn:v1:[a-z-]+:public:cloud-object-storage:global:a\/[0-9a-f]{32}:([0-9a-f-]{36})::$/;
/** A COS instance id (GUID), as the `cos` object's `id` and IAM's `resource_instance_id` take it. */
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A CIS domain (zone) id: 32 lowercase hex characters, as Cloudflare's. */
export const CIS_DOMAIN_ID = /^[0-9a-f]{32}$/;
/** COS bucket names: 3-63 characters of a-z, 0-9, '-' and '.', starting and ending with a letter or digit. */
export const COS_BUCKET_NAME = /^(?!.*\.\.)(?!\d+\.\d+\.\d+\.\d+$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * Regional COS locations (`ibm_cos_bucket.region_location`), as IBM-Cloud/terraform-provider-ibm
 * v2.5.0 website/docs/r/cos_bucket.html.markdown lists them.
 */
export const COS_REGIONS = [
  'au-syd',
  'br-sao',
  'ca-tor',
  'eu-de',
  'eu-gb',
  'jp-osa',
  'jp-tok',
  'us-east',
  'us-south',
] as const;
/** COS storage classes (`ibm_cos_bucket.storage_class`). */
export const COS_STORAGE_CLASSES = ['standard', 'vault', 'cold', 'smart', 'onerate_active'] as const;
/** CIS Logpush `frequency` values. */
export const CIS_FREQUENCIES = ['high', 'low'] as const;
/** Key Protect or Hyper Protect Crypto Services root key CRN. */
const KMS_KEY_CRN =
  /^crn:v1:[a-z-]+:public:(kms|hs-crypto):[a-z-]+:a\/[0-9a-f]{32}:[0-9a-f-]{36}:key:[0-9a-f-]+$/;
const CIDR =
  /^((25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(25[0-5]|2[0-4]\d|1?\d?\d)\/(3[0-2]|[12]?\d)$|^[0-9a-fA-F:]+:[0-9a-fA-F:]*\/(12[0-8]|1[01]\d|\d?\d)$/;

/** The instance GUID of a literal COS instance CRN, or undefined when it is not one. */
export function cosInstanceGuid(crn: string): string | undefined {
  return COS_INSTANCE_CRN.exec(crn)?.[1];
}

/** Builds the CIS/COS schemas for a token predicate. */
export function createCisSchemas(isToken: TokenPredicate) {
  const { z } = loadZod();
  const tokenOr = (test: (v: string) => boolean, message: string) =>
    z.string().refine((v) => isToken(v) || test(v), { message, params: { code: 'INVALID_FORMAT' } });
  /**
   * A value that reaches the CIS writer's grant (the IAM policy's bucket and instance) and the job's
   * destination: known at synth, so that the allow-list checks it; a token is refused (code
   * UNRESOLVED_GRANT_VALUE), as the S3 side does (src/schema.ts).
   */
  const grantValue = (test: (v: string) => boolean, message: string) =>
    z.string().superRefine((v, ctx) => {
      if (isToken(v)) {
        const issue = unresolvedGrantIssue('', v);
        ctx.addIssue({ code: 'custom', message: issue.message, input: v, params: { code: issue.code } });
      } else if (!test(v)) {
        ctx.addIssue({ code: 'custom', message, input: v, params: { code: 'INVALID_FORMAT' } });
      }
    });
  const days = (max: number) =>
    z.number().refine((v) => isToken(v) || (Number.isInteger(v) && v >= 1 && v <= max), {
      message: `must be a whole number of days from 1 to ${max}`,
      params: { code: 'OUT_OF_RANGE' },
    });

  const cisPipelineBase = z.strictObject({
    cisId: tokenOr(
      (v) => CIS_CRN.test(v),
      'must be a CIS instance CRN: crn:v1:bluemix:public:internet-svcs:global:a/<account id>:<instance guid>::',
    ),
    domainId: tokenOr((v) => CIS_DOMAIN_ID.test(v), 'must be a CIS domain id: 32 lowercase hex characters'),
    dataset: z.string(),
    fields: z
      .union(
        [
          z.literal('all'),
          z.array(z.string()).min(1, { message: "must list at least one field, or be 'all'" }),
        ],
        { error: "must be 'all' or a list of field names" },
      )
      .optional(),
    // The same allow-list as every other prefix (src/names.ts): it reaches the `cos` object and the
    // cos:// URL, and no wildcard, `${` or dot segment belongs in it.
    prefix: z
      .string()
      .superRefine((v, ctx) => {
        if (isToken(v)) {
          // It reaches the job's destination and the challenge's: known at synth, or refused.
          const issue = unresolvedGrantIssue('', v);
          ctx.addIssue({ code: 'custom', message: issue.message, input: v, params: { code: issue.code } });
          return;
        }
        const problem = prefixProblem(v);
        if (problem !== undefined) {
          ctx.addIssue({ code: 'custom', message: problem, input: v, params: { code: 'INVALID_PREFIX' } });
        }
      })
      .optional(),
    dailySubfolders: z.boolean().optional(),
    timestampFormat: z.enum(TIMESTAMP_FORMATS).optional(),
    frequency: z.enum(CIS_FREQUENCIES).optional(),
    enabled: z.boolean().optional(),
    name: tokenOr(NAMES.logpushJobName.test, `must be ${NAMES.logpushJobName.allowed}`).optional(),
  });

  const cosLogBucket = z.strictObject({
    bucketName: grantValue(
      (v) => COS_BUCKET_NAME.test(v),
      'must be a valid COS bucket name: 3-63 characters of a-z, 0-9, "." and "-", starting and ending with a letter or digit',
    ),
    resourceInstanceId: tokenOr(
      (v) => COS_INSTANCE_CRN.test(v),
      'must be a COS instance CRN: crn:v1:bluemix:public:cloud-object-storage:global:a/<account id>:<instance guid>::',
    ),
    // Read from a literal resourceInstanceId when left out (see cosLogBucketIssues).
    instanceGuid: grantValue((v) => GUID.test(v), 'must be the COS instance GUID').optional(),
    region: z.enum(COS_REGIONS),
    storageClass: z.enum(COS_STORAGE_CLASSES).optional(),
    kmsKeyCrn: tokenOr(
      (v) => KMS_KEY_CRN.test(v),
      'must be a Key Protect or Hyper Protect Crypto Services root key CRN (crn:v1:...:kms:...:key:<id>)',
    ).optional(),
    allowedIps: z
      .array(tokenOr((v) => CIDR.test(v), 'must be an IPv4 or IPv6 CIDR, e.g. 192.0.2.0/24'))
      .min(1, { message: 'must list at least one CIDR, or be left out' })
      .optional(),
    retentionDays: days(3650).optional(),
    abortIncompleteMultipartUploadDays: days(3650).optional(),
    noncurrentVersionRetentionDays: days(3650).optional(),
    versioning: z.boolean().optional(),
    activityTracking: z.boolean().optional(),
    metricsMonitoring: z.boolean().optional(),
    retainOnDestroy: z.boolean().optional(),
  });

  const cosBucketReference = z.strictObject({
    bucketName: cosLogBucket.shape.bucketName,
    instanceId: grantValue((v) => GUID.test(v), 'must be the COS instance GUID (the id in its CRN)'),
    region: tokenOr(
      (v) => (COS_REGIONS as readonly string[]).includes(v),
      `must be a COS region: ${COS_REGIONS.join(', ')}`,
    ),
  });

  return { cisPipelineBase, cosLogBucket, cosBucketReference };
}

export type CisSchemas = ReturnType<typeof createCisSchemas>;
export type CisPipelineInput = z.infer<CisSchemas['cisPipelineBase']>;
export type CosLogBucketInput = z.infer<CisSchemas['cosLogBucket']>;

/** The cross-prop rules of a CIS pipeline: a dataset with a catalogue, fields from it. */
export function cisPipelineIssues(p: CisPipelineInput): PropIssue[] {
  if (!isCisDataset(p.dataset)) {
    return [
      {
        path: 'dataset',
        message: `unknown CIS dataset; datasets with a field catalogue are: ${cisDatasets().join(', ')}`,
        value: p.dataset,
        hasValue: true,
        code: 'NOT_IN_CATALOGUE',
      },
    ];
  }
  const issues: PropIssue[] = [];
  if (Array.isArray(p.fields)) {
    issues.push(
      ...fieldListIssues(
        p.fields,
        (field) => findCisField(p.dataset, field) !== undefined,
        cisAllFields(p.dataset),
        `CIS dataset ${p.dataset}`,
      ),
    );
  }
  return issues;
}

/**
 * The rules of a new COS bucket that span props. The instance GUID reaches the CIS writer's grant:
 * with a `resourceInstanceId` that is a token (`isToken`), it must be given as a literal
 * `instanceGuid` (code UNRESOLVED_GRANT_VALUE).
 */
export function cosLogBucketIssues(p: CosLogBucketInput, isToken: TokenPredicate = () => false): PropIssue[] {
  const issues: PropIssue[] = [];
  if (p.instanceGuid === undefined && isToken(p.resourceInstanceId)) {
    const issue = unresolvedGrantIssue('resourceInstanceId', p.resourceInstanceId);
    issues.push({
      ...issue,
      message: `${issue.message}; the instance GUID is read from it: give instanceGuid as a literal with a resourceInstanceId that is a reference`,
      code: UNRESOLVED_GRANT_VALUE,
    });
  }
  if (p.versioning === false && p.noncurrentVersionRetentionDays !== undefined) {
    issues.push({
      path: 'noncurrentVersionRetentionDays',
      message: 'only applies to a versioned bucket: leave it out, or set versioning: true',
      value: p.noncurrentVersionRetentionDays,
      hasValue: true,
      code: 'REQUIRES_VERSIONING',
    });
  }
  return issues;
}

/**
 * `logpull_options` of a CIS job: `fields=<a,b,c>&timestamps=<format>`, the form of IBM's API
 * examples (ibm-cloud-docs/cis logpush.md: `fields=RayID,ZoneID&timestamps=rfc3339`).
 */
export function logpullOptions(fields: readonly string[], timestampFormat: string): string {
  return `fields=${fields.join(',')}&timestamps=${timestampFormat}`;
}
