/**
 * Hand-written cdktf bindings for the IBM Cloud Terraform provider (`IBM-Cloud/ibm`), which has no
 * prebuilt cdktf package. Typed like the generated bindings: a config interface in camelCase,
 * attributes synthesized in snake_case, computed attributes as getters. Only the arguments this
 * library uses are bound.
 *
 * Schemas checked against IBM-Cloud/terraform-provider-ibm v2.5.0 (commit
 * 9f9b7ecfc4324c50bb461cd20eb9cd1a63ddf953, "Bump up version to 2.5.0"), code and docs:
 * - provider: ibm/provider/provider.go (`ibmcloud_api_key`, `region`).
 * - `ibm_cis_logpush_job`: ibm/service/cis/resource_ibm_cis_logpush_job.go and
 *   website/docs/r/cis_logpush_jobs.html.markdown. `cis_id`, `domain_id`, `dataset` are Required in
 *   the code (the docs call `dataset` Optional); `cos` is a JSON string, Sensitive, RequiredWith
 *   `ownership_challenge`, ConflictsWith `logdna`/`ibmcl`/`destination_conf`. Which `cos` keys are
 *   sent: all of them, unchanged: Create and Update `json.Unmarshal` the string into a
 *   `map[string]interface{}` and hand that map to the SDK (IBM/networking-go-sdk v0.53.4
 *   `logpushjobsapiv1`, `Cos map[string]interface{}`), ignoring an unmarshal error (so invalid JSON,
 *   like the docs example's `"bucket_name" = ...`, silently sends no `cos`). Update re-sends
 *   `ownership_challenge` whenever any of enabled, logpull_options, frequency, cos,
 *   ownership_challenge or destination_conf changes.
 * - `ibm_cos_bucket`: ibm/service/cos/resource_ibm_cos_bucket.go and
 *   website/docs/r/cos_bucket.html.markdown (`force_delete` defaults to true; `object_versioning`
 *   conflicts with `retention_rule`; `expire_rule.days` 1-3650).
 * - `ibm_iam_user_invite`: ibm/service/iampolicy/resource_ibm_iam_user_invite.go (`users` Required
 *   set of emails).
 * - `ibm_iam_user_policy`: ibm/service/iampolicy/resource_ibm_iam_user_policy.go and
 *   website/docs/r/iam_user_policy.html.markdown (`ibm_id` Required ForceNew, `roles` Required,
 *   `resources` MaxItems 1 with `service`, `resource_instance_id`, `resource_type`, `resource`). The
 *   provider resolves `ibm_id` by listing the account's users (ibm/flex/structures.go
 *   `GetIBMUniqueId`): the user must have been invited into the account first.
 */
import {
  TerraformProvider,
  TerraformResource,
  type TerraformMetaArguments,
  type TerraformProviderGeneratorMetadata,
} from 'cdktf';
import type { Construct } from 'constructs';
import { dataAttributes, definedData, hclBlock, hclSimple, hclStringList, metaArguments } from './hcl';

/** The provider version the schemas were checked against. */
export const IBM_PROVIDER_VERSION = '2.5.0';

const GENERATOR_METADATA: TerraformProviderGeneratorMetadata = {
  providerName: 'ibm',
  providerVersion: IBM_PROVIDER_VERSION,
  providerVersionConstraint: '~> 2.5',
};

// ---------------------------------------------------------------------------------------------
// Provider

/** Configuration of the IBM Cloud provider. */
export interface IbmProviderConfig {
  /**
   * IBM Cloud API key (sensitive). Pass a sensitive `TerraformVariable`, never a literal.
   *
   * @default - the `IC_API_KEY` / `IBMCLOUD_API_KEY` environment variable
   */
  readonly ibmcloudApiKey?: string;
  /**
   * The region of regional resources, e.g. `us-south`.
   *
   * @default - the `IC_REGION` / `IBMCLOUD_REGION` environment variable, else `us-south`
   */
  readonly region?: string;
  /** Alias, for several IBM Cloud accounts or regions. @default - none */
  readonly alias?: string;
}

/** The IBM Cloud provider (`IBM-Cloud/ibm`). */
export class IbmProvider extends TerraformProvider {
  public static readonly tfResourceType = 'ibm';
  public ibmcloudApiKey?: string;
  public region?: string;

  constructor(scope: Construct, id: string, config: IbmProviderConfig = {}) {
    super(scope, id, {
      terraformResourceType: 'ibm',
      terraformGeneratorMetadata: GENERATOR_METADATA,
      terraformProviderSource: 'IBM-Cloud/ibm',
    });
    this.ibmcloudApiKey = config.ibmcloudApiKey;
    this.region = config.region;
    this.alias = config.alias;
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return dataAttributes({ ibmcloud_api_key: this.ibmcloudApiKey, region: this.region, alias: this.alias });
  }

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    return definedData({
      ibmcloud_api_key: hclSimple(this.ibmcloudApiKey, 'string'),
      region: hclSimple(this.region, 'string'),
      alias: hclSimple(this.alias, 'string'),
    });
  }
}

// ---------------------------------------------------------------------------------------------
// ibm_cis_logpush_job

/** Configuration of an `ibm_cis_logpush_job`. */
export interface IbmCisLogpushJobConfig extends TerraformMetaArguments {
  /** The CIS instance CRN. */
  readonly cisId: string;
  /** The CIS domain (zone) id. */
  readonly domainId: string;
  /** `http_requests`, `range_events`, `firewall_events` or `dns_logs`; cannot be changed later. */
  readonly dataset: string;
  /** Job name. @default - none */
  readonly name?: string;
  /** Whether the job pushes logs. @default - CIS's default (false) */
  readonly enabled?: boolean;
  /** Configuration string, e.g. `fields=RayID,ZoneID&timestamps=rfc3339`. @default - none */
  readonly logpullOptions?: string;
  /** `high` or `low`. @default - CIS's default */
  readonly frequency?: string;
  /** The COS destination as JSON text (sensitive). Requires `ownershipChallenge`. @default - none */
  readonly cos?: string;
  /** The ownership challenge token (sensitive). Requires `cos`. @default - none */
  readonly ownershipChallenge?: string;
}

/** A CIS Logpush job (`ibm_cis_logpush_job`). */
export class IbmCisLogpushJob extends TerraformResource {
  public static readonly tfResourceType = 'ibm_cis_logpush_job';
  private readonly config: IbmCisLogpushJobConfig;

  constructor(scope: Construct, id: string, config: IbmCisLogpushJobConfig) {
    super(scope, id, {
      terraformResourceType: 'ibm_cis_logpush_job',
      terraformGeneratorMetadata: GENERATOR_METADATA,
      ...metaArguments(config),
    });
    this.config = config;
  }

  /** `<job_id>:<zone_id>:<crn>`. @attribute */
  public get id(): string {
    return this.getStringAttribute('id');
  }

  /** The job's numeric id. @attribute */
  public get jobId(): number {
    return this.getNumberAttribute('job_id');
  }

  /** The destination CIS computed. @attribute */
  public get destinationConf(): string {
    return this.getStringAttribute('destination_conf');
  }

  /** The last time logs were pushed successfully. @attribute */
  public get lastComplete(): string {
    return this.getStringAttribute('last_complete');
  }

  /** The last time the job failed. @attribute */
  public get lastError(): string {
    return this.getStringAttribute('last_error');
  }

  /** The last failure message. @attribute */
  public get errorMessage(): string {
    return this.getStringAttribute('error_message');
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    const c = this.config;
    return dataAttributes({
      cis_id: c.cisId,
      domain_id: c.domainId,
      dataset: c.dataset,
      name: c.name,
      enabled: c.enabled,
      logpull_options: c.logpullOptions,
      frequency: c.frequency,
      cos: c.cos,
      ownership_challenge: c.ownershipChallenge,
    });
  }

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    const c = this.config;
    return definedData({
      cis_id: hclSimple(c.cisId, 'string'),
      domain_id: hclSimple(c.domainId, 'string'),
      dataset: hclSimple(c.dataset, 'string'),
      name: hclSimple(c.name, 'string'),
      enabled: hclSimple(c.enabled, 'boolean'),
      logpull_options: hclSimple(c.logpullOptions, 'string'),
      frequency: hclSimple(c.frequency, 'string'),
      cos: hclSimple(c.cos, 'string'),
      ownership_challenge: hclSimple(c.ownershipChallenge, 'string'),
    });
  }
}

// ---------------------------------------------------------------------------------------------
// ibm_cos_bucket

/** `activity_tracking`. */
export interface IbmCosBucketActivityTracking {
  /** Send object read events. @default false */
  readonly readDataEvents?: boolean;
  /** Send object write events. @default false */
  readonly writeDataEvents?: boolean;
  /** Send bucket management events. @default - the provider's default */
  readonly managementEvents?: boolean;
  /** A legacy Activity Tracker instance CRN. @default - the routing configuration */
  readonly activityTrackerCrn?: string;
}

/** `metrics_monitoring`. */
export interface IbmCosBucketMetricsMonitoring {
  /** @default false */
  readonly usageMetricsEnabled?: boolean;
  /** @default false */
  readonly requestMetricsEnabled?: boolean;
  /** A legacy monitoring instance CRN. @default - the metrics router configuration */
  readonly metricsMonitoringCrn?: string;
}

/** One `expire_rule`. */
export interface IbmCosBucketExpireRule {
  readonly enable: boolean;
  /** Days after creation, 1-3650. @default - none */
  readonly days?: number;
  /** Only objects under this prefix. @default - every object */
  readonly prefix?: string;
  /** @default - computed */
  readonly ruleId?: string;
}

/** One `abort_incomplete_multipart_upload_days` rule. */
export interface IbmCosBucketAbortIncompleteMultipartUploadDays {
  readonly enable: boolean;
  /** 1-3650. @default - none */
  readonly daysAfterInitiation?: number;
  /** @default - every object */
  readonly prefix?: string;
  /** @default - computed */
  readonly ruleId?: string;
}

/** `noncurrent_version_expiration`. */
export interface IbmCosBucketNoncurrentVersionExpiration {
  readonly enable: boolean;
  /** Days a version is kept after it became non-current. @default - none */
  readonly noncurrentDays?: number;
  /** @default - every object */
  readonly prefix?: string;
  /** @default - computed */
  readonly ruleId?: string;
}

/** Configuration of an `ibm_cos_bucket`. */
export interface IbmCosBucketConfig extends TerraformMetaArguments {
  /** Bucket name (forces replacement). */
  readonly bucketName: string;
  /** The COS instance (its CRN, `ibm_resource_instance.id`; forces replacement). */
  readonly resourceInstanceId: string;
  /** Location of a regional bucket, e.g. `us-south`. @default - none */
  readonly regionLocation?: string;
  /** `standard`, `vault`, `cold`, `smart` or `onerate_active`. @default - computed */
  readonly storageClass?: string;
  /** `public`, `private` or `direct`. @default "public" */
  readonly endpointType?: string;
  /** Key Protect / HPCS root key CRN (forces replacement). @default - COS-managed keys */
  readonly kmsKeyCrn?: string;
  /** CIDRs allowed to reach the bucket (the bucket firewall). @default - any address */
  readonly allowedIp?: string[];
  /** @default - none */
  readonly activityTracking?: IbmCosBucketActivityTracking;
  /** @default - none */
  readonly metricsMonitoring?: IbmCosBucketMetricsMonitoring;
  /** @default - none */
  readonly expireRule?: IbmCosBucketExpireRule[];
  /** @default - none */
  readonly abortIncompleteMultipartUploadDays?: IbmCosBucketAbortIncompleteMultipartUploadDays[];
  /** @default - none */
  readonly objectVersioning?: { readonly enable?: boolean };
  /** @default - none */
  readonly noncurrentVersionExpiration?: IbmCosBucketNoncurrentVersionExpiration;
  /** Delete every object when the bucket is destroyed. @default true (provider default) */
  readonly forceDelete?: boolean;
}

/** An IBM Cloud Object Storage bucket (`ibm_cos_bucket`). */
export class IbmCosBucket extends TerraformResource {
  public static readonly tfResourceType = 'ibm_cos_bucket';
  private readonly config: IbmCosBucketConfig;

  constructor(scope: Construct, id: string, config: IbmCosBucketConfig) {
    super(scope, id, {
      terraformResourceType: 'ibm_cos_bucket',
      terraformGeneratorMetadata: GENERATOR_METADATA,
      ...metaArguments(config),
    });
    this.config = config;
  }

  /** The bucket's name, as a reference (so that dependants wait for the bucket). @attribute */
  public get bucketName(): string {
    return this.getStringAttribute('bucket_name');
  }

  /** The bucket's CRN. @attribute */
  public get crn(): string {
    return this.getStringAttribute('crn');
  }

  /** The bucket's public S3 endpoint. @attribute */
  public get s3EndpointPublic(): string {
    return this.getStringAttribute('s3_endpoint_public');
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    const c = this.config;
    const at = c.activityTracking;
    const mm = c.metricsMonitoring;
    const nve = c.noncurrentVersionExpiration;
    return dataAttributes({
      bucket_name: c.bucketName,
      resource_instance_id: c.resourceInstanceId,
      region_location: c.regionLocation,
      storage_class: c.storageClass,
      endpoint_type: c.endpointType,
      kms_key_crn: c.kmsKeyCrn,
      allowed_ip: c.allowedIp,
      activity_tracking: at && {
        read_data_events: at.readDataEvents,
        write_data_events: at.writeDataEvents,
        management_events: at.managementEvents,
        activity_tracker_crn: at.activityTrackerCrn,
      },
      metrics_monitoring: mm && {
        usage_metrics_enabled: mm.usageMetricsEnabled,
        request_metrics_enabled: mm.requestMetricsEnabled,
        metrics_monitoring_crn: mm.metricsMonitoringCrn,
      },
      expire_rule: c.expireRule?.map((r) => ({
        enable: r.enable,
        days: r.days,
        prefix: r.prefix,
        rule_id: r.ruleId,
      })),
      abort_incomplete_multipart_upload_days: c.abortIncompleteMultipartUploadDays?.map((r) => ({
        enable: r.enable,
        days_after_initiation: r.daysAfterInitiation,
        prefix: r.prefix,
        rule_id: r.ruleId,
      })),
      object_versioning: c.objectVersioning && { enable: c.objectVersioning.enable },
      noncurrent_version_expiration: nve && {
        enable: nve.enable,
        noncurrent_days: nve.noncurrentDays,
        prefix: nve.prefix,
        rule_id: nve.ruleId,
      },
      force_delete: c.forceDelete,
    });
  }

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    const c = this.config;
    const at = c.activityTracking;
    const mm = c.metricsMonitoring;
    const nve = c.noncurrentVersionExpiration;
    return definedData({
      bucket_name: hclSimple(c.bucketName, 'string'),
      resource_instance_id: hclSimple(c.resourceInstanceId, 'string'),
      region_location: hclSimple(c.regionLocation, 'string'),
      storage_class: hclSimple(c.storageClass, 'string'),
      endpoint_type: hclSimple(c.endpointType, 'string'),
      kms_key_crn: hclSimple(c.kmsKeyCrn, 'string'),
      allowed_ip: hclStringList(c.allowedIp),
      activity_tracking: hclBlock(
        at &&
          definedData({
            read_data_events: hclSimple(at.readDataEvents, 'boolean'),
            write_data_events: hclSimple(at.writeDataEvents, 'boolean'),
            management_events: hclSimple(at.managementEvents, 'boolean'),
            activity_tracker_crn: hclSimple(at.activityTrackerCrn, 'string'),
          }),
        'IbmCosBucketActivityTrackingList',
      ),
      metrics_monitoring: hclBlock(
        mm &&
          definedData({
            usage_metrics_enabled: hclSimple(mm.usageMetricsEnabled, 'boolean'),
            request_metrics_enabled: hclSimple(mm.requestMetricsEnabled, 'boolean'),
            metrics_monitoring_crn: hclSimple(mm.metricsMonitoringCrn, 'string'),
          }),
        'IbmCosBucketMetricsMonitoringList',
      ),
      expire_rule: hclBlock(
        c.expireRule?.map((r) =>
          definedData({
            enable: hclSimple(r.enable, 'boolean'),
            days: hclSimple(r.days, 'number'),
            prefix: hclSimple(r.prefix, 'string'),
            rule_id: hclSimple(r.ruleId, 'string'),
          }),
        ),
        'IbmCosBucketExpireRuleList',
      ),
      abort_incomplete_multipart_upload_days: hclBlock(
        c.abortIncompleteMultipartUploadDays?.map((r) =>
          definedData({
            enable: hclSimple(r.enable, 'boolean'),
            days_after_initiation: hclSimple(r.daysAfterInitiation, 'number'),
            prefix: hclSimple(r.prefix, 'string'),
            rule_id: hclSimple(r.ruleId, 'string'),
          }),
        ),
        'IbmCosBucketAbortIncompleteMultipartUploadDaysList',
      ),
      object_versioning: hclBlock(
        c.objectVersioning && definedData({ enable: hclSimple(c.objectVersioning.enable, 'boolean') }),
        'IbmCosBucketObjectVersioningList',
      ),
      noncurrent_version_expiration: hclBlock(
        nve &&
          definedData({
            enable: hclSimple(nve.enable, 'boolean'),
            noncurrent_days: hclSimple(nve.noncurrentDays, 'number'),
            prefix: hclSimple(nve.prefix, 'string'),
            rule_id: hclSimple(nve.ruleId, 'string'),
          }),
        'IbmCosBucketNoncurrentVersionExpirationList',
      ),
      force_delete: hclSimple(c.forceDelete, 'boolean'),
    });
  }
}

// ---------------------------------------------------------------------------------------------
// ibm_iam_user_invite

/** Configuration of an `ibm_iam_user_invite`. */
export interface IbmIamUserInviteConfig extends TerraformMetaArguments {
  /** Emails of the users to invite into the account. */
  readonly users: string[];
}

/** Invites users into the IBM Cloud account (`ibm_iam_user_invite`). */
export class IbmIamUserInvite extends TerraformResource {
  public static readonly tfResourceType = 'ibm_iam_user_invite';
  private readonly config: IbmIamUserInviteConfig;

  constructor(scope: Construct, id: string, config: IbmIamUserInviteConfig) {
    super(scope, id, {
      terraformResourceType: 'ibm_iam_user_invite',
      terraformGeneratorMetadata: GENERATOR_METADATA,
      ...metaArguments(config),
    });
    this.config = config;
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return dataAttributes({ users: this.config.users });
  }

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    return definedData({ users: hclStringList(this.config.users) });
  }
}

// ---------------------------------------------------------------------------------------------
// ibm_iam_user_policy

/** The `resources` block of an `ibm_iam_user_policy`. */
export interface IbmIamUserPolicyResources {
  /** Service name, e.g. `cloud-object-storage`. @default - all services */
  readonly service?: string;
  /** The service instance (for COS: the instance GUID). @default - every instance */
  readonly resourceInstanceId?: string;
  /** Resource type within the service, e.g. `bucket`. @default - every type */
  readonly resourceType?: string;
  /** The resource, e.g. the bucket name. @default - every resource */
  readonly resource?: string;
}

/** Configuration of an `ibm_iam_user_policy`. */
export interface IbmIamUserPolicyConfig extends TerraformMetaArguments {
  /** The user's email (forces replacement); the user must be in the account. */
  readonly ibmId: string;
  /** Role names, e.g. `Object Writer`. */
  readonly roles: string[];
  /** What the policy applies to. @default - every resource */
  readonly resources?: IbmIamUserPolicyResources;
  /** @default - none */
  readonly description?: string;
}

/** An IAM access policy for one user (`ibm_iam_user_policy`). */
export class IbmIamUserPolicy extends TerraformResource {
  public static readonly tfResourceType = 'ibm_iam_user_policy';
  private readonly config: IbmIamUserPolicyConfig;

  constructor(scope: Construct, id: string, config: IbmIamUserPolicyConfig) {
    super(scope, id, {
      terraformResourceType: 'ibm_iam_user_policy',
      terraformGeneratorMetadata: GENERATOR_METADATA,
      ...metaArguments(config),
    });
    this.config = config;
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    const c = this.config;
    const r = c.resources;
    return dataAttributes({
      ibm_id: c.ibmId,
      roles: c.roles,
      resources: r && {
        service: r.service,
        resource_instance_id: r.resourceInstanceId,
        resource_type: r.resourceType,
        resource: r.resource,
      },
      description: c.description,
    });
  }

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    const c = this.config;
    const r = c.resources;
    return definedData({
      ibm_id: hclSimple(c.ibmId, 'string'),
      roles: hclStringList(c.roles),
      resources: hclBlock(
        r &&
          definedData({
            service: hclSimple(r.service, 'string'),
            resource_instance_id: hclSimple(r.resourceInstanceId, 'string'),
            resource_type: hclSimple(r.resourceType, 'string'),
            resource: hclSimple(r.resource, 'string'),
          }),
        'IbmIamUserPolicyResourcesList',
      ),
      description: hclSimple(c.description, 'string'),
    });
  }
}
