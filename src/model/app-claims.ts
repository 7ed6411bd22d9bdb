/**
 * What must hold across every stack of an app, as claim books: the Logpush jobs per zone
 * (Cloudflare's limit holds for the zone, whatever stack defines the job), the S3 bucket names of
 * LogBuckets (AWS keeps one policy per bucket), the CIS jobs per domain and dataset (CIS takes one)
 * and the paths of CIS jobs into COS buckets given by reference (no CosLogBucket keeps them).
 * Framework-free: the constructs keep one instance on the app's construct tree (the app registry).
 */
import { BUCKET_NAME_TAKEN_CODE, CIS_JOB_TAKEN_CODE } from './codes';
import { PrefixClaims, type PrefixConflict } from './claims';
import { ZoneJobs } from './limits';

/** A rule's refusal: its message and code. */
export interface ClaimProblem {
  readonly message: string;
  readonly code: string;
}

/** The app-wide claim books of Cloudflare/S3 and IBM CIS/COS pipelines. */
export class AppClaims {
  /** Cloudflare: the jobs of each zone. */
  public readonly zoneJobs = new ZoneJobs();
  /** literal S3 bucket name -> the LogBucket that owns it. */
  private readonly bucketOwners = new Map<string, string>();
  /** `<CIS domain id>/<dataset>` -> the CIS pipeline of that job. */
  private readonly cisJobs = new Map<string, string>();
  /** COS bucket name (of buckets given by reference) -> the paths of the CIS jobs into it. */
  private readonly cosPathsByBucket = new Map<string, PrefixClaims>();

  /** Why a second LogBucket named `bucketName` is refused, or undefined. */
  public bucketNameProblem(bucketName: string): ClaimProblem | undefined {
    const owner = this.bucketOwners.get(bucketName);
    if (owner === undefined) return undefined;
    return {
      message: `is already the bucket of ${owner} in this app: AWS keeps one policy and one notification configuration per bucket, so two LogBuckets of one name would overwrite each other; pass that LogBucket instead`,
      code: BUCKET_NAME_TAKEN_CODE,
    };
  }

  /** Records the LogBucket that owns `bucketName`. */
  public claimBucketName(bucketName: string, owner: string): void {
    this.bucketOwners.set(bucketName, owner);
  }

  /**
   * Why a second CIS job of `domain` and `dataset` is refused, or undefined.
   *
   * @param domainShown how the message shows the domain (`(token)` for one known at apply time)
   */
  public cisJobProblem(domainId: string, dataset: string, domainShown = domainId): ClaimProblem | undefined {
    const existing = this.cisJobs.get(`${domainId}/${dataset}`);
    if (existing === undefined) return undefined;
    return {
      message: `domain ${domainShown} already has a ${dataset} job in this app (${existing}): CIS takes one job per domain and dataset (ibm-cloud-docs/cis logpush.md)`,
      code: CIS_JOB_TAKEN_CODE,
    };
  }

  /** Records the CIS job of `domainId` and `dataset`. */
  public claimCisJob(domainId: string, dataset: string, owner: string): void {
    this.cisJobs.set(`${domainId}/${dataset}`, owner);
  }

  /** What a CIS job's path meets in a COS bucket given by reference (by name), or undefined. */
  public referencedCosPathConflict(bucketName: string, prefix: string): PrefixConflict | undefined {
    return this.cosPathsByBucket.get(bucketName)?.conflict(prefix);
  }

  /** Records a CIS job's path in a COS bucket given by reference (after its checks passed). */
  public claimReferencedCosPath(bucketName: string, prefix: string, owner: string): void {
    let claims = this.cosPathsByBucket.get(bucketName);
    if (!claims) this.cosPathsByBucket.set(bucketName, (claims = new PrefixClaims()));
    claims.claim(prefix, owner);
  }
}
