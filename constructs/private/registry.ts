import { Construct, type IConstruct } from 'constructs';
import type { PropIssue } from '../../src/errors';
import { AppClaims } from '../../src/model/app-claims';

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
 * The app's one registry: what the library must know across every stack of an app, for Cloudflare
 * and S3 as for IBM CIS and COS. The rules and the books are the model's (`src/model/app-claims.ts`:
 * jobs per zone, LogBucket names, CIS jobs per domain and dataset, CIS paths in buckets given by
 * reference); this construct keeps one instance on the construct tree, so two apps in one process
 * never share it. It also keeps the app's failing-jobs notification policies.
 *
 * One instance lives directly under the app's root, found with `node.tryFindChild`. It defines no
 * resource. Checks (`*Issue`, {@link AppRegistry.claimsOf}) never define it; only a claim, made
 * after every check of a construct passed, does.
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

  /** The app's claim books for checks: empty ones (the registry not defined) while nothing has claimed anything. */
  public static claimsOf(scope: IConstruct): AppClaims {
    return AppRegistry.find(scope)?.claims ?? new AppClaims();
  }

  /** The app's claim books (the model's rules). */
  public readonly claims = new AppClaims();
  /** Cloudflare account id -> the app's one failing-jobs notification policy of that account. */
  private readonly failingJobPolicies = new Map<string, FailingJobsPolicy>();

  private constructor(scope: Construct, id: string) {
    super(scope, id);
  }

  /** The problem with one more job on `zoneId`, if the zone already has the most Cloudflare allows. */
  public static zoneJobIssue(scope: IConstruct, zoneId: string): PropIssue | undefined {
    const problem = AppRegistry.claimsOf(scope).zoneJobs.problem(zoneId);
    return problem && { path: 'zoneId', ...problem, value: zoneId, hasValue: true };
  }

  /** Counts a job on `zoneId`; returns the function that takes the claim back. */
  public claimZoneJob(zoneId: string, path: string): () => void {
    return this.claims.zoneJobs.claim(zoneId, path);
  }

  /** The problem with a second LogBucket named `bucketName` in the app. */
  public static bucketNameIssue(scope: IConstruct, bucketName: string): PropIssue | undefined {
    const problem = AppRegistry.claimsOf(scope).bucketNameProblem(bucketName);
    return problem && { path: 'bucketName', ...problem, value: bucketName, hasValue: true };
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
    this.claims.claimBucketName(bucketName, path);
  }
}
