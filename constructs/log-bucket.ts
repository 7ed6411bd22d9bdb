import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Lazy, Token, type TerraformProvider, type TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import {
  bucketLayoutOf,
  defaultPipelinePrefix,
  grantPrefixOf,
  prefixLayoutProblem,
  type GrantLayout,
} from '../src/model/layout';
import { PrefixClaims, prefixConflictMessage } from '../src/model/claims';
import { MetricsFilters } from '../src/model/metrics-filters';
import { notificationCountProblem } from '../src/model/limits';
import { metricsConfigurationCountProblem, metricsFilterId } from '../src/alerts';
import { terraformLiteralMap } from '../src/terraform-literal';
import { prefixProblem } from '../src/names';
import { LogpushValidationError, type PropIssue } from '../src/errors';
import {
  bucketArn,
  BUCKET_POLICY_MAX_BYTES,
  denyInsecureTransportStatement,
  denyUnencryptedPutStatement,
  objectArn,
  PolicyBuilder,
  type AddOptions,
  type PolicyStatement,
} from '../src/policy';
import { DEFAULT_ADOPTED_CONFIGURATIONS, loadZod, logBucketIssues, parseProps } from '../src/schema';
import type { Assert, SameShape } from '../src/type-checks';
import type { z } from 'zod';
import { validatePolicySize } from './private/policy-size';
import { FreshnessAlarm } from './private/freshness-alarm';
import { BucketNotifications, type BucketTopicNotification } from './private/bucket-notifications';
import { checkServerAccessLogs, logAccessTo } from './private/access-logs';
import { AppRegistry } from './private/registry';

export type { BucketTopicNotification } from './private/bucket-notifications';
import { checkScope, hasBrand, schemas, subjectOf, validating } from './private/schemas';

const LOG_BUCKET_BRAND = Symbol.for('cdktf-logpush/LogBucket');

/** The parsed plain props of a bucket. */
type ParsedProps = ReturnType<ReturnType<typeof bucketPropsSchema>['parse']>;

/** Properties of a {@link LogBucket}. */
export interface LogBucketProps {
  /**
   * The bucket's name.
   *
   * @default - Terraform generates a unique name starting with `cloudflare-logs-`
   */
  readonly bucketName?: string;
  /**
   * The bucket's AWS region, written into every Logpush `destination_conf`. It must be the region
   * of the AWS provider that creates the bucket.
   *
   * @default - the bucket resource's `region` attribute (known after apply)
   */
  readonly region?: string;
  /**
   * Expire log objects this many days after Cloudflare wrote them.
   *
   * @default - log objects are kept until deleted
   */
  readonly retentionDays?: number;
  /**
   * With `retentionDays`: remove expired (noncurrent) versions this many days after they expired.
   *
   * @default 7
   */
  readonly noncurrentVersionRetentionDays?: number;
  /**
   * Abort multipart uploads that did not complete after this many days (Cloudflare uploads in parts).
   *
   * @default 1
   */
  readonly abortIncompleteMultipartUploadDays?: number;
  /**
   * Deny uploads that do not ask for SSE-S3 (`x-amz-server-side-encryption: AES256`); pipelines into
   * this bucket then add `&sse=AES256` to their `destination_conf`, so Cloudflare sends the header.
   *
   * @default false
   */
  readonly requireEncryptionHeader?: boolean;
  /**
   * Refuse to destroy the bucket (`lifecycle.prevent_destroy`). `force_destroy` is always false, so
   * even with this off Terraform cannot delete a bucket that still holds logs.
   *
   * @default true
   */
  readonly retainOnDestroy?: boolean;
  /**
   * Tags for the bucket.
   *
   * @default - no tags
   */
  readonly tags?: Record<string, string>;
  /**
   * Adopt a bucket that already exists (named by `bucketName`) instead of creating one: the
   * synthesized stack holds Terraform `import` blocks for the bucket and the configurations listed in
   * `importConfigurations`, so the first apply takes them over in place; nothing is re-created and
   * the bucket's objects stay.
   *
   * **The stack then owns the bucket's WHOLE policy and notification configuration.** AWS keeps one
   * policy per bucket: the apply replaces the existing one with the library's (TLS-only, the
   * Cloudflare grants, the SIEM's reads). Statements the bucket's current policy has that you want to
   * keep must be passed through {@link LogBucket.addToResourcePolicy}, or they are deleted. Likewise,
   * when a SIEM registers S3 notifications, the bucket's notification configuration is replaced by
   * the library's. Tags not in `tags` are removed; public access, object ownership, encryption,
   * versioning and lifecycle become what this construct declares. `acknowledgeExistingPolicyReplaced`
   * must be `true`, or the construct refuses.
   *
   * Run `terraform plan` first and read it: imported resources show as "will be imported" and
   * "updated in-place"; none may show as "must be replaced" or "destroyed".
   *
   * @default - a new bucket is created
   */
  readonly adopt?: LogBucketAdoption;
  /**
   * Deliver this bucket's S3 server access logs (one record per request: Cloudflare's uploads, the
   * SIEM's reads, the ownership function's reads and deletes) into another `LogBucket` of the same
   * account and region, under `serverAccessLogsPrefix`. That bucket's policy gets the one grant S3's
   * log delivery needs: `logging.s3.amazonaws.com` may `s3:PutObject` under exactly that prefix, for
   * this bucket only (`aws:SourceArn`). The prefix is claimed in the target like a pipeline's, so no
   * pipeline or SIEM reads it. S3 charges nothing for the feature, but the log objects are stored
   * (and requested) at the usual rates: see docs/security.md.
   *
   * @default - no server access logs (checkov CKV_AWS_18, Security Hub S3.9: a documented exception)
   */
  readonly serverAccessLogsBucket?: LogBucket;
  /**
   * The key prefix of the access logs in `serverAccessLogsBucket`: a key prefix by the same rules
   * as a pipeline's `prefix`, followed by `/`.
   *
   * @default - `s3-access-logs/<bucketName>/` (`s3-access-logs/<construct id>/` when the name is generated)
   */
  readonly serverAccessLogsPrefix?: string;
  /**
   * How grants grow with the pipelines. `per-prefix`: Cloudflare's `s3:PutObject`, the SIEM's read
   * grant, the bucket notification and the SIEM's prefix -> log type entry name each pipeline's own
   * prefix (least privilege; AWS's policy size limits and S3's 100 notification configurations per
   * bucket cap a bucket at a few hundred pipelines, fewer with a SIEM). `per-dataset`: pipelines
   * write to `<prefixRoot>/<dataset>/<zone or account id>` and each of those is ONE entry per
   * dataset (`<prefixRoot>/<dataset>/*`), so 10,000 zones fit one bucket; every zone's job may then
   * write under its dataset's prefix (the ownership challenge still proves ownership per job).
   *
   * @default 'per-prefix'
   */
  readonly grants?: GrantLayout;
  /**
   * With `grants: 'per-dataset'`: the root of every pipeline prefix, `<prefixRoot>/<dataset>/<id>`.
   *
   * @default 'cloudflare'
   */
  readonly prefixRoot?: string;
  /**
   * The AWS provider for the bucket's resources.
   *
   * @default - the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/** How a {@link LogBucket} adopts an existing bucket (see `LogBucketProps.adopt`). */
export interface LogBucketAdoption {
  /**
   * Must be `true`: you acknowledge that the stack replaces the existing bucket's WHOLE bucket policy
   * (and, when a SIEM registers notifications, its notification configuration) with the library's,
   * and that every statement you keep has been passed through `addToResourcePolicy`.
   */
  readonly acknowledgeExistingPolicyReplaced: boolean;
  /**
   * The bucket's existing configurations to import with it, each one of `publicAccessBlock`,
   * `ownershipControls`, `encryption`, `versioning`, `lifecycle`, `policy`, `notification`. A listed
   * configuration the bucket does not have fails the plan ("Cannot import non-existent remote
   * object"): leave it out. One not listed is created by the apply, which overwrites whatever the
   * bucket has (AWS keeps one of each), so either way it ends as declared; importing shows the
   * change in the plan.
   *
   * @default ['publicAccessBlock', 'ownershipControls', 'encryption'] - what S3 gives every bucket created since April 2023
   */
  readonly importConfigurations?: readonly string[];
}

/** The construct id of each bucket configuration's resource (ids are API: never rename them). */
const CONFIGURATION_IDS: Record<string, string> = {
  publicAccessBlock: 'PublicAccessBlock',
  ownershipControls: 'OwnershipControls',
  encryption: 'Encryption',
  versioning: 'Versioning',
  lifecycle: 'Lifecycle',
  policy: 'Policy',
  notification: 'Notification',
};

/**
 * Defines a hardened S3 bucket for Cloudflare Logpush: public access blocked, owner-enforced
 * object ownership, SSE-S3 default encryption, versioning, TLS-only access, an
 * abort-incomplete-multipart-upload rule and optional expiry, retained on destroy.
 *
 * It owns the bucket's single `aws_s3_bucket_policy` and (from the first registered notification)
 * its single `aws_s3_bucket_notification`: every grant and every notification is merged into them
 * at synth, in a deterministic order, because AWS keeps one policy and one notification
 * configuration per bucket and two Terraform resources would overwrite each other.
 *
 * @example
 * const bucket = new LogBucket(stack, 'logs', { bucketName: 'acme-cloudflare-logs', region: 'us-west-2' });
 */
export class LogBucket extends Construct {
  /** Whether `x` is a LogBucket (works across copies of this package). */
  public static isLogBucket(x: unknown): x is LogBucket {
    return typeof x === 'object' && x !== null && LOG_BUCKET_BRAND in x;
  }

  /** The bucket's name (a token when Terraform generates it). @attribute */
  public readonly bucketName: string;
  /** The bucket's ARN. @attribute */
  public readonly bucketArn: string;
  /** The bucket's region, as written into `destination_conf`. @attribute */
  public readonly region: string;
  /** Whether uploads must ask for SSE-S3 (pipelines add `&sse=AES256`). */
  public readonly requireEncryptionHeader: boolean;
  /** The grant layout: `per-prefix` or `per-dataset`. */
  public readonly grants: GrantLayout;
  /** The root of pipeline prefixes in a `per-dataset` bucket. */
  public readonly prefixRoot: string;
  /** The `aws_s3_bucket` resource. */
  public readonly resource: S3Bucket;
  /** The bucket's single `aws_s3_bucket_policy`. */
  public readonly policy: S3BucketPolicy;

  private readonly provider?: TerraformProvider;
  private readonly policyDocument = new PolicyBuilder();
  /** The single notification configuration (constructs/private/bucket-notifications.ts). */
  private readonly notifications: BucketNotifications;
  /** The claims on this bucket's prefixes (src/model/claims.ts owns the rules). */
  private readonly prefixClaims = new PrefixClaims();
  /** With `adopt`: the existing bucket's name and the configurations imported with it. */
  private adoptedName?: string;
  private importedConfigurations = new Set<string>();
  /** The request-metrics filters of the freshness alarms (S3 allows 1,000 per bucket). */
  private readonly metricsFilters = new MetricsFilters();
  /** Freshness alarms shared by the pipelines of a dataset (per-dataset buckets), by filter id. */
  private readonly sharedFreshness = new Map<string, { minutes: number; topics: Set<string> }>();

  constructor(scope: Construct, id: string, props: LogBucketProps = {}) {
    const p = validating(scope, id, () => LogBucket.parse(scope, id, props));
    checkServerAccessLogs(id, p);
    // Tags are the user's text: Terraform must read them as written (src/terraform-literal.ts).
    const tags = p.tags && terraformLiteralMap(subjectOf('LogBucket', id), 'tags', p.tags, { tokens: true });
    const provider = p.provider;
    super(scope, id);
    if (p.bucketName !== undefined && !Token.isUnresolved(p.bucketName)) {
      AppRegistry.of(this).claimBucketName(p.bucketName, this.node.path);
    }
    Object.defineProperty(this, LOG_BUCKET_BRAND, { value: true });
    this.provider = provider;
    this.requireEncryptionHeader = p.requireEncryptionHeader ?? false;
    const layout = bucketLayoutOf(p);
    this.grants = layout.grants;
    this.prefixRoot = layout.prefixRoot;

    this.resource = this.defineBucket(p, tags);
    this.notifications = new BucketNotifications({
      scope: this,
      provider,
      bucketId: this.resource.id,
      importName: () =>
        this.adoptedName !== undefined && this.importedConfigurations.has('notification')
          ? this.adoptedName
          : undefined,
    });
    this.bucketName = p.bucketName ?? this.resource.bucket;
    this.bucketArn = p.bucketName !== undefined ? bucketArn(p.bucketName) : this.resource.arn;
    // `region` of aws_s3_bucket: computed in hashicorp/aws 5; in 6 the Enhanced Region Support
    // argument (the provider's region unless set), which for a bucket this resource creates is its
    // region too. `bucket_region` exists in 6 only (version-6-upgrade.html.markdown, "Resource
    // aws_s3_bucket"; docs/compatibility.md): the library keeps to what both majors have.
    this.region = p.region ?? this.resource.region;

    const publicAccessBlock = this.blockPublicAccess();
    this.enforceBucketOwner();
    this.encryptByDefault();
    const versioning = this.enableVersioning();
    this.defineLifecycle(p, versioning);
    this.policy = this.definePolicy(publicAccessBlock);
    if (p.adopt) this.adoptExisting(p.bucketName!, p.adopt.importConfigurations);
    if (p.serverAccessLogsBucket) logAccessTo(this, p.serverAccessLogsBucket, p);
  }

  /**
   * Imports the existing bucket and the listed configurations (Terraform `import` blocks, id = the
   * bucket's name); the notification is imported when it is defined (see addTopicNotification).
   */
  private adoptExisting(name: string, configurations: readonly string[] = DEFAULT_ADOPTED_CONFIGURATIONS) {
    this.adoptedName = name;
    this.importedConfigurations = new Set(configurations);
    this.resource.importFrom(name, this.provider);
    for (const c of this.importedConfigurations) {
      (this.node.tryFindChild(CONFIGURATION_IDS[c]) as TerraformResource | undefined)?.importFrom(
        name,
        this.provider,
      );
    }
  }

  /** Validates where the bucket is defined, its props, and that no other LogBucket of the app has its name. */
  private static parse(scope: Construct, id: string, props: LogBucketProps): ParsedProps {
    checkScope('LogBucket', scope, id);
    const subject = subjectOf('LogBucket', id);
    const p = parseProps(subject, bucketPropsSchema(), props, logBucketIssues);
    if (p.bucketName !== undefined && !Token.isUnresolved(p.bucketName)) {
      const issue = AppRegistry.bucketNameIssue(scope, p.bucketName);
      if (issue) throw new LogpushValidationError(subject, [issue]);
    }
    return p;
  }

  /** The `aws_s3_bucket` (id `Resource`): never force-destroyed, retained on destroy by default. */
  private defineBucket(p: ParsedProps, tags?: Record<string, string>): S3Bucket {
    return new S3Bucket(this, 'Resource', {
      provider: this.provider,
      ...(p.bucketName !== undefined ? { bucket: p.bucketName } : { bucketPrefix: 'cloudflare-logs-' }),
      forceDestroy: false,
      tags,
      lifecycle: { preventDestroy: p.retainOnDestroy ?? true },
    });
  }

  /** Blocks every form of public access. */
  private blockPublicAccess(): S3BucketPublicAccessBlock {
    return new S3BucketPublicAccessBlock(this, 'PublicAccessBlock', {
      provider: this.provider,
      bucket: this.resource.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
  }

  /** Object ownership `BucketOwnerEnforced`: ACLs off, the bucket owner owns every object. */
  private enforceBucketOwner(): void {
    new S3BucketOwnershipControls(this, 'OwnershipControls', {
      provider: this.provider,
      bucket: this.resource.id,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
  }

  /** Default encryption SSE-S3. */
  private encryptByDefault(): void {
    // SSE-S3, not SSE-KMS: Cloudflare's principal cannot use a customer's KMS key.
    new S3BucketServerSideEncryptionConfigurationA(this, 'Encryption', {
      provider: this.provider,
      bucket: this.resource.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
    });
  }

  /** Versioning, so an overwritten or deleted log object can be recovered. */
  private enableVersioning(): S3BucketVersioningA {
    return new S3BucketVersioningA(this, 'Versioning', {
      provider: this.provider,
      bucket: this.resource.id,
      versioningConfiguration: { status: 'Enabled' },
    });
  }

  /** Aborts incomplete multipart uploads; with `retentionDays`, expires logs and their old versions. */
  private defineLifecycle(p: ParsedProps, versioning: S3BucketVersioningA): void {
    new S3BucketLifecycleConfiguration(this, 'Lifecycle', {
      provider: this.provider,
      bucket: this.resource.id,
      dependsOn: [versioning],
      rule: [
        {
          id: 'abort-incomplete-multipart-uploads',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          abortIncompleteMultipartUpload: [
            { daysAfterInitiation: p.abortIncompleteMultipartUploadDays ?? 1 },
          ],
        },
        ...(p.retentionDays !== undefined
          ? [
              {
                id: 'expire-logs',
                status: 'Enabled',
                filter: [{ prefix: '' }],
                expiration: [{ days: p.retentionDays }],
                noncurrentVersionExpiration: [{ noncurrentDays: p.noncurrentVersionRetentionDays ?? 7 }],
              },
            ]
          : []),
      ],
    });
  }

  /**
   * The bucket's single `aws_s3_bucket_policy`, rendered at synth from every statement added, with
   * its size checked; starts with TLS-only access (and the encryption-header rule when asked).
   */
  private definePolicy(publicAccessBlock: S3BucketPublicAccessBlock): S3BucketPolicy {
    const policy = new S3BucketPolicy(this, 'Policy', {
      provider: this.provider,
      bucket: this.resource.id,
      policy: Lazy.stringValue({ produce: () => this.policyDocument.toJson() }),
      // S3 rejects a policy while the public access block is still being applied.
      dependsOn: [publicAccessBlock],
    });
    validatePolicySize(
      this,
      `the bucket policy of ${this.node.path}`,
      this.policyDocument,
      BUCKET_POLICY_MAX_BYTES,
    );
    this.node.addValidation({
      validate: () => {
        const problem = notificationCountProblem(`bucket ${this.node.path}`, this.notifications.count);
        const metrics = metricsConfigurationCountProblem(
          `bucket ${this.node.path}`,
          this.metricsFilters.size,
        );
        return [problem, metrics].filter((m): m is string => m !== undefined);
      },
    });
    this.addToResourcePolicy(denyInsecureTransportStatement(this.bucketName));
    if (this.requireEncryptionHeader) this.addToResourcePolicy(denyUnencryptedPutStatement(this.bucketName));
    return policy;
  }

  /** `arn:aws:s3:::<bucket>/<keyPattern>`. */
  public arnForObjects(keyPattern: string): string {
    return objectArn(this.bucketName, keyPattern);
  }

  /**
   * The prefix a pipeline writing `dataset` for `scopeId` (zone or account id) uses when it names
   * none: the dataset name in a `per-prefix` bucket, `<prefixRoot>/<dataset>/<scopeId>` in a
   * `per-dataset` one.
   */
  public defaultPrefix(dataset: string, scopeId: string): string {
    return defaultPipelinePrefix(this, dataset, scopeId);
  }

  /**
   * Why a pipeline's prefix does not fit this bucket's layout, or undefined: in a `per-dataset`
   * bucket it must be `<prefixRoot>/<dataset>/<zone or account id>`. Tokens are not checked.
   */
  public prefixProblem(dataset: string, scopeId: string, prefix: string): string | undefined {
    if (Token.isUnresolved(prefix) || Token.isUnresolved(scopeId)) return undefined;
    return prefixLayoutProblem(this, { dataset, prefix, scopeId }, `bucket ${this.node.path}`)?.message;
  }

  /**
   * The prefix a pipeline's grants, notification and SIEM entry name: its own prefix in a
   * `per-prefix` bucket, `<prefixRoot>/<dataset>` (shared by every zone) in a `per-dataset` one.
   */
  public grantPrefix(pipeline: { readonly dataset: string; readonly prefix: string }): string {
    return grantPrefixOf(this.grants, this.prefixRoot, pipeline);
  }

  /** Adds a statement to the bucket's single policy (merged at synth). */
  public addToResourcePolicy(statement: PolicyStatement, options?: AddOptions): void {
    this.policyDocument.add(statement, options);
  }

  /**
   * Adds an S3 -> SNS event notification to the bucket's single notification configuration,
   * creating the `aws_s3_bucket_notification` on first use.
   */
  public addTopicNotification(notification: BucketTopicNotification): void {
    const issue = this._topicNotificationIssue();
    if (issue) {
      throw new LogpushValidationError(`LogBucket '${this.node.path}'.addTopicNotification`, [
        { ...issue, value: notification.filterPrefix, hasValue: true },
      ]);
    }
    this.notifications.add(notification);
  }

  /**
   * The problem with adding a topic notification (the configuration belongs to a system outside
   * Terraform); changes nothing.
   *
   * @internal
   */
  public _topicNotificationIssue(): PropIssue | undefined {
    return this.notifications.addIssue();
  }

  /**
   * Hands the bucket's notification configuration to a system outside Terraform (Panther-managed
   * notifications): the library then never defines an `aws_s3_bucket_notification` for it, which
   * would overwrite that system's configuration.
   *
   * @param owner who owns it, for error messages
   */
  public disclaimNotifications(owner: string): void {
    const issue = this._disclaimIssue(owner);
    if (issue) {
      throw new LogpushValidationError(`LogBucket '${this.node.path}'.disclaimNotifications`, [issue]);
    }
    this.notifications.disclaim(owner);
  }

  /**
   * The problem with handing the notification configuration to `owner` (someone else already
   * defines or owns it); changes nothing.
   *
   * @internal
   */
  public _disclaimIssue(owner: string): PropIssue | undefined {
    return this.notifications.disclaimIssue(owner);
  }

  /**
   * Claims a key prefix for one consumer (a Logpush pipeline). Two claims whose prefixes are equal
   * or nested (`logs` and `logs/zone2`) are refused: each consumer must be able to tell its objects
   * apart by prefix. Prefixes that are tokens are not checked.
   *
   * @param prefix the key prefix, without trailing `/`
   * @param owner the construct path of the claimant, for the error message
   * @throws LogpushValidationError when the prefix is not allowed or overlaps a claimed one
   */
  public claimPrefix(prefix: string, owner: string): void {
    const issue = this._prefixIssue(prefix);
    if (issue) throw new LogpushValidationError(owner, [issue]);
    this._claimPrefix(prefix, owner);
  }

  /**
   * The problem with claiming `prefix` (not allowed, equal to or nested with a claimed prefix, or
   * beside a claim whose grant covers it); claims nothing.
   *
   * @param grant the prefix the claimant's grants name (`<grant>/*`): the prefix itself, or a
   *   per-dataset bucket's `<prefixRoot>/<dataset>`, shared by every zone of the dataset
   * @internal
   */
  public _prefixIssue(prefix: string, grant: string = prefix): PropIssue | undefined {
    if (Token.isUnresolved(prefix) || Token.isUnresolved(grant)) return undefined;
    const problem = prefixProblem(prefix);
    if (problem !== undefined) {
      return { path: 'prefix', message: problem, value: prefix, hasValue: true, code: 'INVALID_PREFIX' };
    }
    const conflict = this.prefixClaims.conflict(prefix, grant);
    if (conflict === undefined) return undefined;
    return {
      path: 'prefix',
      message: prefixConflictMessage(conflict, `bucket ${this.node.path}`),
      value: prefix,
      hasValue: true,
      code: conflict.code,
    };
  }

  /**
   * Claims `prefix` after {@link _prefixIssue} found no problem; returns the function that takes the
   * claim back (when the claimant fails later in its constructor).
   *
   * @param grant the prefix the claimant's grants name (see {@link _prefixIssue})
   * @internal
   */
  public _claimPrefix(prefix: string, owner: string, grant: string = prefix): () => void {
    if (Token.isUnresolved(prefix) || Token.isUnresolved(grant)) return () => undefined;
    return this.prefixClaims.claim(prefix, owner, grant);
  }

  /**
   * The problem with one more request-metrics filter on `prefix` (S3's limit of 1,000 metrics
   * configurations per bucket, or another prefix with the same filter id); claims nothing.
   *
   * @internal
   */
  public _metricsFilterIssue(prefix: string): PropIssue | undefined {
    return Token.isUnresolved(prefix)
      ? undefined
      : this.metricsFilters.issue(prefix, `bucket ${this.node.path}`);
  }

  /**
   * Counts a request-metrics filter on `prefix` after {@link _metricsFilterIssue} found no problem.
   *
   * @internal
   */
  public _claimMetricsFilter(prefix: string): void {
    if (!Token.isUnresolved(prefix)) this.metricsFilters.claim(prefix);
  }

  /**
   * The freshness alarm of a prefix every pipeline of a dataset shares (per-dataset buckets),
   * defined under this bucket on first use (`Freshness-<filter id>`, with the bucket's provider):
   * later callers add their topic, and the shortest window wins.
   *
   * @internal
   */
  public _addSharedFreshnessAlarm(prefix: string, minutes: number, topicArn: string): void {
    const id = metricsFilterId(prefix);
    let shared = this.sharedFreshness.get(id);
    if (shared === undefined) {
      this._claimMetricsFilter(prefix);
      const state = { minutes, topics: new Set<string>() };
      this.sharedFreshness.set(id, (shared = state));
      new FreshnessAlarm(this, `Freshness-${id}`, {
        provider: this.provider,
        bucketName: this.bucketName,
        bucket: this.resource,
        prefix,
        periodSeconds: Lazy.numberValue({ produce: () => state.minutes * 60 }),
        topicArns: Lazy.listValue({ produce: () => [...state.topics].sort() }),
      });
    }
    shared.minutes = Math.min(shared.minutes, minutes);
    shared.topics.add(topicArn);
  }
}

/* Compile-time link between the props interface and its schema (see src/type-checks.ts). */
export type _BucketPropsMatchSchema = Assert<
  SameShape<LogBucketProps, z.input<ReturnType<typeof bucketPropsSchema>>>
>;

/** A prop that takes a LogBucket: checked by brand, so it works across copies of this package. */
export function logBucketSchema() {
  const { z } = loadZod();
  return z.custom<LogBucket>(hasBrand('cdktf-logpush/LogBucket'), {
    message: 'must be a LogBucket',
    params: { code: 'INVALID_TYPE' },
  });
}

let cachedBucketPropsSchema: ReturnType<typeof buildBucketPropsSchema> | undefined;

/** LogBucketProps' schema: the plain props plus the provider and the access logs target. */
function bucketPropsSchema(): ReturnType<typeof buildBucketPropsSchema> {
  cachedBucketPropsSchema ??= buildBucketPropsSchema();
  return cachedBucketPropsSchema;
}

function buildBucketPropsSchema() {
  const { logBucket, provider } = schemas();
  return logBucket.extend({ provider, serverAccessLogsBucket: logBucketSchema().optional() });
}
