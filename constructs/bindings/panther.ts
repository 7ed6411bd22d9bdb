/**
 * Hand-written cdktf bindings for the Panther Terraform provider (`panther-labs/panther`), which has
 * no prebuilt package. Typed like the generated bindings: a config interface in camelCase,
 * attributes synthesized in snake_case, computed attributes as getters.
 *
 * Schema checked against panther-labs/terraform-provider-panther v0.2.12:
 * internal/provider/provider.go (url, token; PANTHER_API_URL / PANTHER_API_TOKEN from the
 * environment) and internal/provider/s3source_resource.go + docs/resources/s3_source.md
 * (commit 15657b85); `panther_log_source_alarm` against tag v0.2.12 (commit 1fe0b76b), see
 * {@link PantherLogSourceAlarm}.
 */
import {
  TerraformProvider,
  TerraformResource,
  type IResolvable,
  type TerraformMetaArguments,
  type TerraformProviderGeneratorMetadata,
} from 'cdktf';
import type { Construct } from 'constructs';
import { dataAttributes, definedData, hclSimple, hclStringList, metaArguments } from './hcl';

const GENERATOR_METADATA: TerraformProviderGeneratorMetadata = {
  providerName: 'panther',
  providerVersion: '0.2.12',
  providerVersionConstraint: '~> 0.2',
};

/** Configuration of the Panther provider. */
export interface PantherProviderConfig {
  /**
   * The Panther API URL, e.g. `https://api.<instance>.runpanther.net`.
   *
   * @default - the `PANTHER_API_URL` environment variable
   */
  readonly url?: string;
  /**
   * The Panther API token (sensitive). Pass a sensitive `TerraformVariable`, never a literal.
   *
   * @default - the `PANTHER_API_TOKEN` environment variable
   */
  readonly token?: string;
  /** Alias, for several Panther instances. @default - none */
  readonly alias?: string;
}

/** The Panther provider (`panther-labs/panther`). */
export class PantherProvider extends TerraformProvider {
  public static readonly tfResourceType = 'panther';
  public url?: string;
  public token?: string;
  private _alias?: string;

  /** The provider's alias (TerraformProvider's own accessor ignores a value set on it). */
  public override get alias(): string | undefined {
    return this._alias;
  }
  public override set alias(value: string | undefined) {
    this._alias = value;
  }

  constructor(scope: Construct, id: string, config: PantherProviderConfig = {}) {
    super(scope, id, {
      terraformResourceType: 'panther',
      terraformGeneratorMetadata: GENERATOR_METADATA,
      terraformProviderSource: 'panther-labs/panther',
    });
    this.url = config.url;
    this.token = config.token;
    this.alias = config.alias;
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return dataAttributes({ url: this.url, token: this.token, alias: this.alias });
  }

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    return definedData({
      url: hclSimple(this.url, 'string'),
      token: hclSimple(this.token, 'string'),
      alias: hclSimple(this.alias, 'string'),
    });
  }
}

/** One entry of `prefix_log_types`. */
export interface PantherS3SourcePrefixLogTypes {
  /** S3 prefix to map log types to. */
  readonly prefix: string;
  /** Log types of the objects under the prefix, e.g. `Cloudflare.HttpRequest`. */
  readonly logTypes: string[];
  /** Prefixes excluded from this mapping. */
  readonly excludedPrefixes: string[];
}

/** `log_stream_type_options`. */
export interface PantherS3SourceLogStreamTypeOptions {
  /** Path of the JSON array to read records from (`JsonArray` only). @default "" */
  readonly jsonArrayEnvelopeField?: string;
  /** Keep the CloudWatch Logs envelope in `p_header` (`CloudWatchLogs` only). @default false */
  readonly retainEnvelopeFields?: boolean | IResolvable;
  /** Root element wrapping XML events (`XML` only). @default "" */
  readonly xmlRootElement?: string;
}

/** Configuration of a `panther_s3_source`. */
export interface PantherS3SourceConfig extends TerraformMetaArguments {
  /** AWS account of the bucket (forces replacement). */
  readonly awsAccountId: string;
  /** The bucket to ingest from (forces replacement). */
  readonly bucketName: string;
  /** Display name: `^[0-9a-zA-Z- ]+$`, at most 32 characters. */
  readonly name: string;
  /** The role Panther assumes to read the bucket. */
  readonly logProcessingRoleArn: string;
  /** Auto, Lines, JSON, JsonArray, CloudWatchLogs or XML. */
  readonly logStreamType: string;
  /** Prefix -> log types. */
  readonly prefixLogTypes: PantherS3SourcePrefixLogTypes[] | IResolvable;
  /** KMS key to decrypt objects. @default "" */
  readonly kmsKeyArn?: string;
  /** Whether Panther creates and owns the bucket notifications. @default true (provider default) */
  readonly pantherManagedBucketNotificationsEnabled?: boolean | IResolvable;
  /** Options of the log stream type. @default - none */
  readonly logStreamTypeOptions?: PantherS3SourceLogStreamTypeOptions;
}

const prefixLogTypesToTerraform = (v: PantherS3SourcePrefixLogTypes[] | IResolvable): unknown =>
  Array.isArray(v)
    ? v.map((e) => ({ prefix: e.prefix, log_types: e.logTypes, excluded_prefixes: e.excludedPrefixes }))
    : v;

/** A Panther S3 log source (`panther_s3_source`). */
export class PantherS3Source extends TerraformResource {
  public static readonly tfResourceType = 'panther_s3_source';
  private readonly config: PantherS3SourceConfig;

  constructor(scope: Construct, id: string, config: PantherS3SourceConfig) {
    super(scope, id, {
      terraformResourceType: 'panther_s3_source',
      terraformGeneratorMetadata: GENERATOR_METADATA,
      ...metaArguments(config),
    });
    this.config = config;
  }

  /** The source's id in Panther. @attribute */
  public get id(): string {
    return this.getStringAttribute('id');
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    const c = this.config;
    const o = c.logStreamTypeOptions;
    return dataAttributes({
      aws_account_id: c.awsAccountId,
      bucket_name: c.bucketName,
      name: c.name,
      log_processing_role_arn: c.logProcessingRoleArn,
      log_stream_type: c.logStreamType,
      prefix_log_types: prefixLogTypesToTerraform(c.prefixLogTypes),
      kms_key_arn: c.kmsKeyArn,
      panther_managed_bucket_notifications_enabled: c.pantherManagedBucketNotificationsEnabled,
      log_stream_type_options: o && {
        json_array_envelope_field: o.jsonArrayEnvelopeField,
        retain_envelope_fields: o.retainEnvelopeFields,
        xml_root_element: o.xmlRootElement,
      },
    });
  }

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    const c = this.config;
    const o = c.logStreamTypeOptions;
    const prefixLogTypes = c.prefixLogTypes;
    return definedData({
      aws_account_id: hclSimple(c.awsAccountId, 'string'),
      bucket_name: hclSimple(c.bucketName, 'string'),
      name: hclSimple(c.name, 'string'),
      log_processing_role_arn: hclSimple(c.logProcessingRoleArn, 'string'),
      log_stream_type: hclSimple(c.logStreamType, 'string'),
      prefix_log_types: {
        value: Array.isArray(prefixLogTypes)
          ? prefixLogTypes.map((e) => ({
              prefix: hclSimple(e.prefix, 'string'),
              log_types: hclStringList(e.logTypes),
              excluded_prefixes: hclStringList(e.excludedPrefixes),
            }))
          : prefixLogTypes,
        isBlock: false,
        type: 'list',
        storageClassType: 'PantherS3SourcePrefixLogTypesList',
      },
      kms_key_arn: hclSimple(c.kmsKeyArn, 'string'),
      panther_managed_bucket_notifications_enabled: hclSimple(
        c.pantherManagedBucketNotificationsEnabled,
        'boolean',
      ),
      log_stream_type_options: {
        value: o && {
          json_array_envelope_field: hclSimple(o.jsonArrayEnvelopeField, 'string'),
          retain_envelope_fields: hclSimple(o.retainEnvelopeFields, 'boolean'),
          xml_root_element: hclSimple(o.xmlRootElement, 'string'),
        },
        isBlock: false,
        type: 'struct',
        storageClassType: 'PantherS3SourceLogStreamTypeOptions',
      },
    });
  }
}

/**
 * The attributes of `panther_log_source_alarm` in provider 0.2.12, as its source declares them:
 * internal/provider/log_source_alarm_resource.go (`Schema`: `source_id` and `type` Required with
 * RequiresReplace, `type` OneOf("SOURCE_NO_DATA"), `minutes_threshold` Required with
 * `int64validator.Between(15, 43200)`, `id` Computed as `{source_id}/{type}`) over the generated
 * internal/provider/resource_log_source_alarm/log_source_alarm_resource_gen.go, and
 * docs/resources/log_source_alarm.md — panther-labs/terraform-provider-panther tag v0.2.12, commit
 * 1fe0b76be43581672e6a450e4eb04ab89e91f9b9. `Resources` in internal/provider/provider.go registers
 * it (`NewLogSourceAlarmResource`).
 *
 * @internal
 */
export const PANTHER_LOG_SOURCE_ALARM_SCHEMA = {
  required: ['minutes_threshold', 'source_id', 'type'],
  computed: ['id'],
  types: ['SOURCE_NO_DATA'],
  minutesThreshold: { min: 15, max: 43_200 },
} as const;

/** Configuration of a `panther_log_source_alarm`. */
export interface PantherLogSourceAlarmConfig extends TerraformMetaArguments {
  /** The id of the log source the alarm watches (a `panther_s3_source`'s `id`); forces replacement. */
  readonly sourceId: string;
  /** The alarm type: `SOURCE_NO_DATA`, the only one the provider accepts; forces replacement. */
  readonly type: string;
  /** Minutes without data before the alarm fires: 15 to 43,200 (30 days). */
  readonly minutesThreshold: number;
}

/**
 * The no-data (drop-off) alarm of a Panther log source (`panther_log_source_alarm`, provider
 * 0.2.12). The four other source health alarms are Panther-managed and not configurable.
 */
export class PantherLogSourceAlarm extends TerraformResource {
  public static readonly tfResourceType = 'panther_log_source_alarm';
  private readonly config: PantherLogSourceAlarmConfig;

  constructor(scope: Construct, id: string, config: PantherLogSourceAlarmConfig) {
    super(scope, id, {
      terraformResourceType: 'panther_log_source_alarm',
      terraformGeneratorMetadata: GENERATOR_METADATA,
      ...metaArguments(config),
    });
    this.config = config;
  }

  /** `{source_id}/{type}`. @attribute */
  public get id(): string {
    return this.getStringAttribute('id');
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    const c = this.config;
    return { source_id: c.sourceId, type: c.type, minutes_threshold: c.minutesThreshold };
  }

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    const c = this.config;
    return definedData({
      source_id: hclSimple(c.sourceId, 'string'),
      type: hclSimple(c.type, 'string'),
      minutes_threshold: hclSimple(c.minutesThreshold, 'number'),
    });
  }
}
