/**
 * What a fleet file means (the plan's types): types only, in a module of their own so that the
 * planner (./check.ts), the shards (./shard.ts) and ./plan.ts import them without importing each
 * other (no import circle).
 */
import type { Scope } from '../datasets';
import type { PipelineInput } from '../schema';
import type { FleetAlertOverrides, FleetAlerts, FleetPantherSiem, GrantLayout } from './spec-types';

/** A bucket of the fleet, ready for `new LogBucket(stack, key, props)`. */
export interface PlannedBucket {
  /** The key in the file's `buckets` (a stable construct id). */
  readonly key: string;
  readonly grants: GrantLayout;
  readonly prefixRoot: string;
  /** LogBucket props (plain part). */
  readonly props: {
    readonly bucketName: string;
    readonly region: string;
    readonly grants: GrantLayout;
    readonly retentionDays?: number;
    readonly abortIncompleteMultipartUploadDays?: number;
    readonly noncurrentVersionRetentionDays?: number;
    readonly requireEncryptionHeader?: boolean;
    readonly retainOnDestroy?: boolean;
    readonly tags?: Readonly<Record<string, string>>;
  };
}

/** A SIEM source of the fleet, ready for `new PantherLogSource(stack, key, { bucket, ...props })`. */
export interface PlannedSiem {
  /** The key in the file's `siem` (a stable construct id). */
  readonly key: string;
  readonly type: 'panther';
  /** The key of the bucket it reads. */
  readonly bucket: string;
  /** PantherLogSource props (plain part; `name` defaulted). */
  readonly props: Omit<FleetPantherSiem, 'type' | 'bucket'> & { readonly name: string };
  /** Panther log types of its pipelines, sorted. */
  readonly logTypes: readonly string[];
}

/** One pipeline of the fleet, ready for `new LogpushPipeline(shardStack, id, { ...props, bucket, siem })`. */
export interface PlannedPipeline {
  /**
   * Stable construct id: `zone-<zone id>-<dataset>` or `account-<account id>-<dataset>`
   * (`fleetPipelineId`). Renaming it re-creates the job.
   */
  readonly id: string;
  /** The shard (stack name suffix) it lives in. */
  readonly shard: string;
  readonly scope: Scope;
  readonly zoneId?: string;
  readonly accountId?: string;
  /** The zone's `name` in the file. */
  readonly zoneName?: string;
  /** The account's `name` in the file. */
  readonly accountName?: string;
  readonly dataset: string;
  readonly fields: 'all' | readonly string[];
  /** The key of its bucket. */
  readonly bucket: string;
  /** The key of its SIEM source, if any. */
  readonly siem?: string;
  /** Its Panther log type, when its SIEM is Panther. */
  readonly logType?: string;
  /** Its key prefix in the bucket. */
  readonly prefix: string;
  /** Where it is declared, e.g. `zones[3].datasets[1]`. */
  readonly source: string;
  /** LogpushPipeline props (plain part): zoneId or accountId, dataset, fields, prefix and every option set. */
  readonly props: PipelineInput & { readonly prefix: string };
  /** With the file's `alerts` (and not `alerts: false` on its zone): its zone's overrides, possibly none. */
  readonly alerts?: FleetAlertOverrides;
}

/** The fleet's sharding, resolved. */
export interface PlannedSharding {
  readonly shards: number;
  readonly pipelinesPerShard: number;
}

/** What a fleet file means. */
export interface FleetPlan {
  readonly buckets: readonly PlannedBucket[];
  readonly siems: readonly PlannedSiem[];
  /** In file order: zones, then accounts, each's datasets in order. */
  readonly pipelines: readonly PlannedPipeline[];
  /** Shard names in order (`shard-0` ...). The foundation stack is not among them. */
  readonly shards: readonly string[];
  readonly sharding: PlannedSharding;
  /** The file's `alerts`, when it declares them. */
  readonly alerts?: FleetAlerts;
}
