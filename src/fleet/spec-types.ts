/**
 * The typed shape of the fleet file (`logpush.yaml`): types only, in a module of their own so that
 * the parser (./spec.ts), the schema (./schema.ts) and the planner (./check.ts) all import them
 * without importing each other (no import circle).
 */
import type { GrantLayout } from '../model/layout';

/** How a bucket grants writers and readers. */
export type { GrantLayout } from '../model/layout';

/** A bucket of the fleet: a LogBucket's props under the fleet's names. */
export interface FleetBucket {
  /** The S3 bucket name. */
  readonly name: string;
  /** The bucket's AWS region, e.g. `us-west-2`. */
  readonly region: string;
  /**
   * Expire log objects after this many days.
   *
   * @default - kept until deleted
   */
  readonly retentionDays?: number;
  /** @default 1 */
  readonly abortIncompleteMultipartUploadDays?: number;
  /** @default 7 */
  readonly noncurrentVersionRetentionDays?: number;
  /** @default false */
  readonly requireEncryptionHeader?: boolean;
  /** @default true */
  readonly retainOnDestroy?: boolean;
  /** @default - no tags */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * Adopt the existing bucket of this name instead of creating one (Terraform `import` blocks), as
   * `LogBucketProps.adopt`: the fleet then owns the bucket's WHOLE policy.
   *
   * @default - a new bucket is created
   */
  readonly adopt?: {
    readonly acknowledgeExistingPolicyReplaced: boolean;
    readonly importConfigurations?: readonly string[];
  };
  /**
   * `per-prefix`: one grant per pipeline prefix, `<prefixRoot>/<zone name or id>/<dataset>`.
   * `per-dataset`: one grant per dataset, pipelines write to `<prefixRoot>/<dataset>/<zone or account id>`.
   *
   * @default 'per-prefix'
   */
  readonly grants?: GrantLayout;
  /**
   * The first segment(s) of every default pipeline prefix in this bucket.
   *
   * @default 'cloudflare'
   */
  readonly prefixRoot?: string;
}

/** A Panther log source reading one bucket of the fleet: a PantherLogSource's props. */
export interface FleetPantherSiem {
  readonly type: 'panther';
  /** The key (in `buckets`) of the bucket it reads. */
  readonly bucket: string;
  /** The AWS account of the Panther deployment. Quote it in YAML. */
  readonly pantherAwsAccountId: string;
  /**
   * The source's name in Panther.
   *
   * @default - the entry's key, `_` as `-`
   */
  readonly name?: string;
  /** @default - the caller's account */
  readonly awsAccountId?: string;
  /** @default - no subscription is defined */
  readonly pantherRegion?: string;
  /** @default - `PantherLogProcessingRole-<name>` */
  readonly roleName?: string;
  /** @default 'self-managed' */
  readonly notifications?: 'self-managed' | 'panther-managed';
  /** @default true */
  readonly registerSource?: boolean;
}

/** A SIEM source of the fleet. */
export type FleetSiem = FleetPantherSiem;

/** Options of one pipeline that a file may set in `defaults` or on a dataset entry. */
export interface FleetPipelineOptions {
  /** @default 'all' */
  readonly fields?: 'all' | readonly string[];
  /** @default true */
  readonly dailySubfolders?: boolean;
  /** @default 'rfc3339' */
  readonly timestampFormat?: 'rfc3339' | 'unix' | 'unixnano';
  /** @default 'ndjson' */
  readonly outputType?: 'ndjson' | 'csv';
  /** @default - every record is pushed */
  readonly filter?: string;
  /** @default 1 */
  readonly sampleRate?: number;
  /** @default - Cloudflare's default */
  readonly maxUploadBytes?: number;
  /** @default - Cloudflare's default */
  readonly maxUploadIntervalSeconds?: number;
  /** @default - Cloudflare's default */
  readonly maxUploadRecords?: number;
  /** @default true */
  readonly enabled?: boolean;
}

/** `defaults`: options every pipeline gets unless its zone, account or entry sets them. */
export interface FleetDefaults extends FleetPipelineOptions {
  /**
   * The bucket key of every pipeline.
   *
   * @default - the only bucket, when the file has exactly one
   */
  readonly bucket?: string;
  /**
   * The SIEM key of every pipeline; `false` for none.
   *
   * @default - no SIEM
   */
  readonly siem?: string | false;
}

/** A dataset of a zone or account, with options of its own. */
export interface FleetDatasetEntry extends FleetPipelineOptions {
  readonly dataset: string;
  /**
   * The key prefix. With `per-dataset` grants it must be `<prefixRoot>/<dataset>/<zone or account id>`.
   *
   * @default - the bucket's layout (see {@link FleetBucket.grants})
   */
  readonly prefix?: string;
  /** @default - derived from the prefix */
  readonly name?: string;
  /** @default - the zone's, then `defaults.bucket` */
  readonly bucket?: string;
  /** @default - the zone's, then `defaults.siem` */
  readonly siem?: string | false;
}

/**
 * `alerts`: what the team hears when a pipeline stops (LogpushAlertsProps under the fleet's names):
 * Cloudflare's failing-jobs notification policy per account, the SIEM source's no-data alarm, and
 * AWS freshness alarms (per dataset in a `per-dataset` bucket, per pipeline in a `per-prefix` one).
 * They apply to every pipeline; a zone or account may override them with its own `alerts`.
 */
export interface FleetAlerts {
  /** Accounts whose failing Logpush jobs notify. @default - the fleet's accounts (`accounts[].id`) */
  readonly cloudflareAccountIds?: readonly string[];
  /** @default - no email */
  readonly emails?: readonly string[];
  /** @default - no webhook */
  readonly webhookIds?: readonly string[];
  /** @default - no PagerDuty service */
  readonly pagerDutyIds?: readonly string[];
  /** @default true */
  readonly siemNoDataAlarm?: boolean;
  /** 15 to 43,200. @default 60 */
  readonly siemNoDataMinutes?: number;
  /** @default true */
  readonly freshnessAlarms?: boolean;
  /** 5 to 1,440, a multiple of 5. @default 60 */
  readonly freshnessMinutes?: number;
  /** @default - a topic is defined in the foundation stack */
  readonly topicArn?: string;
}

/** A zone's (or account's) own alert settings. */
export interface FleetAlertOverrides {
  /** The zone's Cloudflare account (its failing-jobs policy is defined too). @default - `alerts.cloudflareAccountIds` */
  readonly cloudflareAccountId?: string;
  /** The zone's freshness window; `per-prefix` buckets only. @default - `alerts.freshnessMinutes` */
  readonly freshnessMinutes?: number;
}

/** A zone (or account) and its datasets. */
export interface FleetOwner {
  /** The Cloudflare zone (or account) id: 32 lowercase hex characters. */
  readonly id: string;
  /** @default - none (prefixes use the id) */
  readonly name?: string;
  readonly datasets: readonly (string | FleetDatasetEntry)[];
  /** @default - `defaults.bucket` */
  readonly bucket?: string;
  /** @default - `defaults.siem` */
  readonly siem?: string | false;
  /**
   * The zone's alerts: `false` for none of its pipelines, or settings of its own.
   *
   * @default - the file's `alerts`
   */
  readonly alerts?: false | FleetAlertOverrides;
}

/** How pipelines are spread over stacks. See {@link planFleet}. */
export interface FleetSharding {
  /**
   * The number of pipeline stacks. Pinned: never derived from the fleet's size, so adding a zone
   * never moves another.
   *
   * @default 1
   */
  readonly shards?: number;
  /**
   * The most pipelines one stack may hold; validation refuses a fleet whose fullest shard holds more.
   *
   * @default 300 (DEFAULT_PIPELINES_PER_SHARD, src/model/limits.ts)
   */
  readonly pipelinesPerShard?: number;
  /**
   * Confirms a change of `shards` (compared with the previous file by `validate --base`).
   *
   * @default false
   */
  readonly allowReshard?: boolean;
}

/** The validated, typed fleet file. */
export interface FleetSpec {
  /** An editor's JSON Schema reference (ignored). */
  readonly $schema?: string;
  readonly version: 1;
  readonly buckets: Readonly<Record<string, FleetBucket>>;
  /** @default - no SIEM */
  readonly siem?: Readonly<Record<string, FleetSiem>>;
  /** @default - no defaults */
  readonly defaults?: FleetDefaults;
  /** @default - no zones */
  readonly zones?: readonly FleetOwner[];
  /** @default - no accounts */
  readonly accounts?: readonly FleetOwner[];
  /** @default - one shard */
  readonly sharding?: FleetSharding;
  /** @default - no alerts */
  readonly alerts?: FleetAlerts;
}
