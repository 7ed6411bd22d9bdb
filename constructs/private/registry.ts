import { Construct, type IConstruct } from 'constructs';
import type { PropIssue } from '../../src/errors';

/** Cloudflare allows at most this many Logpush jobs per zone. */
export const MAX_JOBS_PER_ZONE = 4;

const REGISTRY_ID = 'cdktf-logpush.AppRegistry';

/**
 * The one notification policy of an account, as the registry keeps it: whoever asks for it adds the
 * mechanisms they name (the policy renders their union at synth).
 *
 * @internal
 */
export interface FailingJobsPolicy {
  /** The construct path of the policy. */
  readonly path: string;
  /** Adds email addresses, webhook and PagerDuty destination ids. */
  addMechanisms(m: {
    emails: readonly string[];
    webhookIds: readonly string[];
    pagerDutyIds: readonly string[];
  }): void;
}

/**
 * What the library must know across every stack of an app: the Logpush jobs per zone (Cloudflare's
 * per-zone limit holds for the zone, whatever stack defines the job) and the bucket names in use
 * (AWS keeps one policy per bucket, so two LogBuckets of one name would overwrite each other).
 *
 * One instance lives directly under the app's root, found with `node.tryFindChild`: the state is on
 * the construct tree, so two apps in one process never share it. It defines no resource. Checks
 * (`*Issue`) never define it; only a claim, made after every check of a construct passed, does.
 *
 * @internal
 */
export class AppRegistry extends Construct {
  /** The app's registry, or undefined while nothing has claimed anything. */
  public static find(scope: IConstruct): AppRegistry | undefined {
    return scope.node.root.node.tryFindChild(REGISTRY_ID) as AppRegistry | undefined;
  }

  /** The app's registry, defined on first use. */
  public static of(scope: IConstruct): AppRegistry {
    return AppRegistry.find(scope) ?? new AppRegistry(scope.node.root, REGISTRY_ID);
  }

  /** zone id -> construct paths of its jobs. */
  private readonly jobsPerZone = new Map<string, string[]>();
  /** literal bucket name -> construct path of its LogBucket. */
  private readonly bucketOwners = new Map<string, string>();
  /** Cloudflare account id -> the app's one failing-jobs notification policy of that account. */
  private readonly failingJobPolicies = new Map<string, FailingJobsPolicy>();

  private constructor(scope: Construct, id: string) {
    super(scope, id);
  }

  /** The problem with one more job on `zoneId`, if the zone already has the most Cloudflare allows. */
  public static zoneJobIssue(scope: IConstruct, zoneId: string): PropIssue | undefined {
    const jobs = AppRegistry.find(scope)?.jobsPerZone.get(zoneId) ?? [];
    if (jobs.length < MAX_JOBS_PER_ZONE) return undefined;
    return {
      path: 'zoneId',
      message: `Cloudflare allows at most ${MAX_JOBS_PER_ZONE} Logpush jobs per zone; this app already defines ${jobs.join(', ')}`,
      value: zoneId,
      hasValue: true,
      code: 'ZONE_JOB_LIMIT',
    };
  }

  /** Counts a job on `zoneId`; returns the function that takes the claim back. */
  public claimZoneJob(zoneId: string, path: string): () => void {
    const jobs = this.jobsPerZone.get(zoneId) ?? [];
    jobs.push(path);
    this.jobsPerZone.set(zoneId, jobs);
    return () => {
      const i = jobs.indexOf(path);
      if (i >= 0) jobs.splice(i, 1);
    };
  }

  /** The problem with a second LogBucket named `bucketName` in the app. */
  public static bucketNameIssue(scope: IConstruct, bucketName: string): PropIssue | undefined {
    const owner = AppRegistry.find(scope)?.bucketOwners.get(bucketName);
    if (owner === undefined) return undefined;
    return {
      path: 'bucketName',
      message: `is already the bucket of ${owner} in this app: AWS keeps one policy and one notification configuration per bucket, so two LogBuckets of one name would overwrite each other; pass that LogBucket instead`,
      value: bucketName,
      hasValue: true,
      code: 'DUPLICATE_BUCKET_NAME',
    };
  }

  /**
   * The app's failing-Logpush-jobs notification policy of `accountId`, if one is defined (Cloudflare
   * sends one alert per policy: two policies of one account would notify twice).
   */
  public failingJobsPolicy(accountId: string): FailingJobsPolicy | undefined {
    return this.failingJobPolicies.get(accountId);
  }

  /** Records the policy of `accountId`. */
  public claimFailingJobsPolicy(accountId: string, policy: FailingJobsPolicy): void {
    this.failingJobPolicies.set(accountId, policy);
  }

  /** Records the LogBucket that owns `bucketName`. */
  public claimBucketName(bucketName: string, path: string): void {
    this.bucketOwners.set(bucketName, path);
  }
}
