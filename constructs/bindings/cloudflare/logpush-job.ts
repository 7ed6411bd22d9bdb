/**
 * `cloudflare_logpush_job`, hand-written: the same class, config and JSON as
 * `@cdktf/provider-cloudflare/lib/logpush-job` (13.9.1), for CDK Terrain apps (see ./schema.ts).
 * Attributes checked against internal/services/logpush_job/schema.go at v5.14.0: `destination_conf`
 * required; `account_id`, `zone_id`, `ownership_challenge`, `output_options` (single nested)
 * optional; `dataset`, `enabled`, `filter`, `frequency`, `kind`, `logpull_options`,
 * `max_upload_*`, `name` optional and computed; `id` (int64), `error_message`, `last_complete`,
 * `last_error` computed.
 */
import { TerraformResource, type IResolvable, type TerraformMetaArguments } from 'cdktf';
import type { Construct } from 'constructs';
import { definedOnly, hclSimple, hclStringList, metaArguments } from '../hcl';
import { CLOUDFLARE_GENERATOR_METADATA } from './schema';

/** `output_options`: how Cloudflare formats the log lines. */
export interface LogpushJobOutputOptions {
  /** String before each batch. */
  readonly batchPrefix?: string;
  /** String after each batch. */
  readonly batchSuffix?: string;
  /** Mitigation for CVE-2021-44228 (replaces `${` by `x{`). */
  readonly cve202144228?: boolean | IResolvable;
  /** Delimiter between fields. */
  readonly fieldDelimiter?: string;
  /** The fields of each record. */
  readonly fieldNames?: string[];
  /** `ndjson` or `csv`. */
  readonly outputType?: string;
  /** Delimiter between records. */
  readonly recordDelimiter?: string;
  /** String before each record. */
  readonly recordPrefix?: string;
  /** String after each record. */
  readonly recordSuffix?: string;
  /** Go text/template of a record. */
  readonly recordTemplate?: string;
  /** Fraction of records to keep, 0 to 1. */
  readonly sampleRate?: number;
  /** `unixnano`, `unix` or `rfc3339`. */
  readonly timestampFormat?: string;
}

/** Configuration of a `cloudflare_logpush_job`. */
export interface LogpushJobConfig extends TerraformMetaArguments {
  /** Account of an account-scoped job (or `zoneId`). */
  readonly accountId?: string;
  /** The dataset, e.g. `http_requests`. */
  readonly dataset?: string;
  /** Where the logs go, e.g. `s3://bucket/prefix/{DATE}?region=us-west-2`. */
  readonly destinationConf: string;
  /** Whether the job pushes. */
  readonly enabled?: boolean | IResolvable;
  /** The filter (JSON) of the records pushed. */
  readonly filter?: string;
  /** Deprecated by Cloudflare: use `maxUpload*`. */
  readonly frequency?: string;
  /** `""` or `edge` (Instant Logs). */
  readonly kind?: string;
  /** Deprecated by Cloudflare: use `outputOptions`. */
  readonly logpullOptions?: string;
  /** Largest file, in bytes (5 MB-1 GB, or 0). */
  readonly maxUploadBytes?: number;
  /** Longest batch interval, in seconds (30-300, or 0). */
  readonly maxUploadIntervalSeconds?: number;
  /** Most records per file (1,000-1,000,000, or 0). */
  readonly maxUploadRecords?: number;
  /** The job's name. */
  readonly name?: string;
  /** How the records are formatted. */
  readonly outputOptions?: LogpushJobOutputOptions;
  /** The ownership challenge token for `destinationConf`. */
  readonly ownershipChallenge?: string;
  /** Zone of a zone-scoped job (or `accountId`). */
  readonly zoneId?: string;
}

const outputOptionsToTerraform = (o: LogpushJobOutputOptions | undefined) =>
  o && {
    batch_prefix: o.batchPrefix,
    batch_suffix: o.batchSuffix,
    cve_2021_44228: o.cve202144228,
    field_delimiter: o.fieldDelimiter,
    field_names: o.fieldNames,
    output_type: o.outputType,
    record_delimiter: o.recordDelimiter,
    record_prefix: o.recordPrefix,
    record_suffix: o.recordSuffix,
    record_template: o.recordTemplate,
    sample_rate: o.sampleRate,
    timestamp_format: o.timestampFormat,
  };

const outputOptionsToHcl = (o: LogpushJobOutputOptions | undefined) =>
  o &&
  definedOnly({
    batch_prefix: hclSimple(o.batchPrefix, 'string'),
    batch_suffix: hclSimple(o.batchSuffix, 'string'),
    cve_2021_44228: hclSimple(o.cve202144228, 'boolean'),
    field_delimiter: hclSimple(o.fieldDelimiter, 'string'),
    field_names: hclStringList(o.fieldNames),
    output_type: hclSimple(o.outputType, 'string'),
    record_delimiter: hclSimple(o.recordDelimiter, 'string'),
    record_prefix: hclSimple(o.recordPrefix, 'string'),
    record_suffix: hclSimple(o.recordSuffix, 'string'),
    record_template: hclSimple(o.recordTemplate, 'string'),
    sample_rate: hclSimple(o.sampleRate, 'number'),
    timestamp_format: hclSimple(o.timestampFormat, 'string'),
  });

/** A Cloudflare Logpush job (`cloudflare_logpush_job`). */
export class LogpushJob extends TerraformResource {
  public static readonly tfResourceType = 'cloudflare_logpush_job';
  private readonly config: LogpushJobConfig;

  constructor(scope: Construct, id: string, config: LogpushJobConfig) {
    super(scope, id, {
      terraformResourceType: 'cloudflare_logpush_job',
      terraformGeneratorMetadata: CLOUDFLARE_GENERATOR_METADATA,
      ...metaArguments(config),
    });
    this.config = config;
  }

  /** The job's id (a number). @attribute */
  public get id(): number {
    return this.getNumberAttribute('id');
  }
  /** The job's last error message. @attribute */
  public get errorMessage(): string {
    return this.getStringAttribute('error_message');
  }
  /** When the job last pushed a file. @attribute */
  public get lastComplete(): string {
    return this.getStringAttribute('last_complete');
  }
  /** When the job last failed. @attribute */
  public get lastError(): string {
    return this.getStringAttribute('last_error');
  }
  /** The job's name (computed when not set). @attribute */
  public get name(): string {
    return this.getStringAttribute('name');
  }
  /** The job's destination. @attribute */
  public get destinationConf(): string {
    return this.getStringAttribute('destination_conf');
  }

  /** The job's account (account-scoped jobs). @attribute */
  public get accountId(): string {
    return this.getStringAttribute('account_id');
  }
  /** The job's zone (zone-scoped jobs). @attribute */
  public get zoneId(): string {
    return this.getStringAttribute('zone_id');
  }
  /** The job's dataset. @attribute */
  public get dataset(): string {
    return this.getStringAttribute('dataset');
  }
  /** The job's filter. @attribute */
  public get filter(): string {
    return this.getStringAttribute('filter');
  }
  /** Whether the job pushes. @attribute */
  public get enabled(): boolean | IResolvable {
    return this.getBooleanAttribute('enabled');
  }
  /** The job's kind. @attribute */
  public get kind(): string {
    return this.getStringAttribute('kind');
  }
  /** Largest file, in bytes. @attribute */
  public get maxUploadBytes(): number {
    return this.getNumberAttribute('max_upload_bytes');
  }
  /** Longest batch interval, in seconds. @attribute */
  public get maxUploadIntervalSeconds(): number {
    return this.getNumberAttribute('max_upload_interval_seconds');
  }
  /** Most records per file. @attribute */
  public get maxUploadRecords(): number {
    return this.getNumberAttribute('max_upload_records');
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    const c = this.config;
    return {
      account_id: c.accountId,
      dataset: c.dataset,
      destination_conf: c.destinationConf,
      enabled: c.enabled,
      filter: c.filter,
      frequency: c.frequency,
      kind: c.kind,
      logpull_options: c.logpullOptions,
      max_upload_bytes: c.maxUploadBytes,
      max_upload_interval_seconds: c.maxUploadIntervalSeconds,
      max_upload_records: c.maxUploadRecords,
      name: c.name,
      output_options: outputOptionsToTerraform(c.outputOptions),
      ownership_challenge: c.ownershipChallenge,
      zone_id: c.zoneId,
    };
  }

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    const c = this.config;
    return definedOnly({
      account_id: hclSimple(c.accountId, 'string'),
      dataset: hclSimple(c.dataset, 'string'),
      destination_conf: hclSimple(c.destinationConf, 'string'),
      enabled: hclSimple(c.enabled, 'boolean'),
      filter: hclSimple(c.filter, 'string'),
      frequency: hclSimple(c.frequency, 'string'),
      kind: hclSimple(c.kind, 'string'),
      logpull_options: hclSimple(c.logpullOptions, 'string'),
      max_upload_bytes: hclSimple(c.maxUploadBytes, 'number'),
      max_upload_interval_seconds: hclSimple(c.maxUploadIntervalSeconds, 'number'),
      max_upload_records: hclSimple(c.maxUploadRecords, 'number'),
      name: hclSimple(c.name, 'string'),
      output_options: {
        value: outputOptionsToHcl(c.outputOptions),
        isBlock: true,
        type: 'struct',
        storageClassType: 'LogpushJobOutputOptions',
      },
      ownership_challenge: hclSimple(c.ownershipChallenge, 'string'),
      zone_id: hclSimple(c.zoneId, 'string'),
    });
  }
}
