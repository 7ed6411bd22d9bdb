/**
 * The limits a pipeline meets, each decided here once with its source: Logpush jobs per zone
 * (Cloudflare), event notification configurations per bucket (S3) and pipelines per shard (this
 * library's sharding). The zone's job count is kept in a claim book, {@link ZoneJobs}.
 */
import { BUCKET_NOTIFICATION_LIMIT_CODE, SHARD_CAPACITY_CODE, ZONE_JOB_LIMIT_CODE } from './codes';

/** Cloudflare allows at most four Logpush jobs per zone (README "App-wide limits"). */
export const MAX_JOBS_PER_ZONE = 4;

/**
 * S3 accepts at most 100 event notification configurations per bucket (a hard limit).
 *
 * Sources: the S3 console's event notification panel ("You can have 100 event notification
 * configurations per bucket"); PutBucketNotificationConfiguration refers to "Amazon S3 service
 * quotas" in the AWS General Reference for "the number of event notification configurations that
 * you can create per bucket".
 *
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketNotificationConfiguration.html
 * @see https://docs.aws.amazon.com/general/latest/gr/s3.html
 */
export const MAX_BUCKET_NOTIFICATION_CONFIGURATIONS = 100;

/**
 * Cloudflare's API allows 1,200 requests per 5 minutes per user, and over it blocks every call of
 * that user for the next five minutes (HTTP 429)
 * (https://developers.cloudflare.com/fundamentals/api/reference/limits/). Every `terraform plan`
 * refreshes every resource of the stack it plans. A pipeline holds two Cloudflare resources
 * (`cloudflare_logpush_job` and `cloudflare_logpush_ownership_challenge`), so planning a shard of
 * S pipelines costs up to 2·S requests. A shard's plan should fit in one 5-minute window while a
 * second shard is planned in parallel (a CI matrix) or applied by the same token:
 *
 *     2 shards × 2 requests × S ≤ 1,200  →  S ≤ 300
 *
 * So a shard holds at most 300 pipelines by default: 10,000 zones × 2 datasets = 20,000 pipelines
 * need at least 67 shards (85 with the spread of the hash; validation says how many).
 */
export const DEFAULT_PIPELINES_PER_SHARD = 300;

/** A limit problem: its message and code. */
export interface LimitProblem {
  readonly message: string;
  readonly code: string;
}

/** Why `count` jobs on one zone are more than Cloudflare allows (the fleet file's view), or undefined. */
export function zoneJobCountProblem(count: number): LimitProblem | undefined {
  if (count <= MAX_JOBS_PER_ZONE) return undefined;
  return {
    message: `lists ${count} datasets: Cloudflare allows at most ${MAX_JOBS_PER_ZONE} Logpush jobs per zone`,
    code: ZONE_JOB_LIMIT_CODE,
  };
}

/** Why a bucket's notification configuration is one AWS refuses, or undefined. */
export function notificationCountProblem(what: string, count: number): string | undefined {
  if (count <= MAX_BUCKET_NOTIFICATION_CONFIGURATIONS) return undefined;
  return (
    `${what} has ${count} event notification configurations, over S3's limit of ` +
    `${MAX_BUCKET_NOTIFICATION_CONFIGURATIONS} per bucket: every pipeline prefix gets its own; ` +
    "with grants: 'per-dataset' there is one per dataset"
  );
}

/** The code of {@link notificationCountProblem}'s problem. */
export const NOTIFICATION_COUNT_CODE = BUCKET_NOTIFICATION_LIMIT_CODE;

/** Why the fullest shard holds more pipelines than `perShard`, or undefined. */
export function shardCapacityProblem(
  shard: string,
  pipelines: number,
  perShard: number,
  needed: () => number,
): LimitProblem | undefined {
  if (pipelines <= perShard) return undefined;
  return {
    message: `${shard} would hold ${pipelines} pipelines, more than sharding.pipelinesPerShard (${perShard}): set sharding.shards to ${needed()} (on a deployed fleet also sharding.allowReshard: true, since pipelines that move to another shard are re-created)`,
    code: SHARD_CAPACITY_CODE,
  };
}

/**
 * The Logpush jobs of each zone across an app (Cloudflare's limit holds for the zone, whatever
 * stack defines the job): a claim book.
 */
export class ZoneJobs {
  /** zone id -> the claimants of its jobs. */
  private readonly jobs = new Map<string, string[]>();

  /** The claimants of `zoneId`'s jobs. */
  public of(zoneId: string): readonly string[] {
    return this.jobs.get(zoneId) ?? [];
  }

  /** Why one more job on `zoneId` is refused, or undefined. */
  public problem(zoneId: string): LimitProblem | undefined {
    const jobs = this.of(zoneId);
    if (jobs.length < MAX_JOBS_PER_ZONE) return undefined;
    return {
      message: `Cloudflare allows at most ${MAX_JOBS_PER_ZONE} Logpush jobs per zone; this app already defines ${jobs.join(', ')}`,
      code: ZONE_JOB_LIMIT_CODE,
    };
  }

  /** Counts a job of `owner` on `zoneId`; returns the function that takes the claim back. */
  public claim(zoneId: string, owner: string): () => void {
    let jobs = this.jobs.get(zoneId);
    if (!jobs) this.jobs.set(zoneId, (jobs = []));
    jobs.push(owner);
    return () => {
      const i = jobs.indexOf(owner);
      if (i >= 0) jobs.splice(i, 1);
    };
  }
}
