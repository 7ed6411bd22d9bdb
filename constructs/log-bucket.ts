import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import {
  S3BucketNotification,
  type S3BucketNotificationTopic,
} from '@cdktf/provider-aws/lib/s3-bucket-notification';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { dependable, Lazy, Token, type ITerraformDependable, type TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import {
  DEFAULT_PREFIX_ROOT,
  grantPrefixOf,
  notificationCountProblem,
  perDatasetPipelinePrefix,
  type GrantLayout,
} from '../src/bucket-layout';
import { prefixesOverlap } from '../src/destination';
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
import { parseProps } from '../src/schema';
import { validatePolicySize } from './policy-size';
import { AppRegistry } from './registry';
import { checkScope, schemas, subjectOf } from './schemas';

const LOG_BUCKET_BRAND = Symbol.for('cdktf-logpush/LogBucket');

/** The parsed plain props of a bucket. */
type ParsedProps = ReturnType<ReturnType<typeof schemas>['bucketProps']['parse']>;

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

/** One S3 event notification into an SNS topic. */
export interface BucketTopicNotification {
  /** ARN of the SNS topic. */
  readonly topicArn: string;
  /** S3 event names, e.g. `s3:ObjectCreated:*`. */
  readonly events: readonly string[];
  /** Only keys starting with this (a registered prefix followed by `/`). */
  readonly filterPrefix: string;
  /** Only keys ending with this, e.g. `.log.gz`. */
  readonly filterSuffix?: string;
  /** Resources the notification needs to exist first (the topic policy). */
  readonly dependsOn?: readonly ITerraformDependable[];
}

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
  private readonly topicNotifications: BucketTopicNotification[] = [];
  private readonly topicNotificationKeys = new Set<string>();
  private notification?: S3BucketNotification;
  private notificationsOwner?: string;
  private readonly notificationDependencies = new Set<ITerraformDependable>();
  private readonly prefixOwners = new Map<string, string>();
  /** ancestor prefix -> how many claimed prefixes lie under it. */
  private readonly prefixAncestors = new Map<string, number>();

  constructor(scope: Construct, id: string, props: LogBucketProps = {}) {
    const p = LogBucket.parse(scope, id, props);
    const provider = p.provider;
    super(scope, id);
    if (p.bucketName !== undefined && !Token.isUnresolved(p.bucketName)) {
      AppRegistry.of(this).claimBucketName(p.bucketName, this.node.path);
    }
    Object.defineProperty(this, LOG_BUCKET_BRAND, { value: true });
    this.provider = provider;
    this.requireEncryptionHeader = p.requireEncryptionHeader ?? false;
    this.grants = p.grants ?? 'per-prefix';
    this.prefixRoot = p.prefixRoot ?? DEFAULT_PREFIX_ROOT;

    this.resource = this.defineBucket(p);
    this.bucketName = p.bucketName ?? this.resource.bucket;
    this.bucketArn = p.bucketName !== undefined ? bucketArn(p.bucketName) : this.resource.arn;
    this.region = p.region ?? this.resource.region;

    const publicAccessBlock = this.blockPublicAccess();
    this.enforceBucketOwner();
    this.encryptByDefault();
    const versioning = this.enableVersioning();
    this.defineLifecycle(p, versioning);
    this.policy = this.definePolicy(publicAccessBlock);
  }

  /** Validates where the bucket is defined, its props, and that no other LogBucket of the app has its name. */
  private static parse(scope: Construct, id: string, props: LogBucketProps): ParsedProps {
    checkScope('LogBucket', scope, id);
    const subject = subjectOf('LogBucket', id);
    const p = parseProps(subject, schemas().bucketProps, props);
    if (p.bucketName !== undefined && !Token.isUnresolved(p.bucketName)) {
      const issue = AppRegistry.bucketNameIssue(scope, p.bucketName);
      if (issue) throw new LogpushValidationError(subject, [issue]);
    }
    return p;
  }

  /** The `aws_s3_bucket` (id `Resource`): never force-destroyed, retained on destroy by default. */
  private defineBucket(p: ParsedProps): S3Bucket {
    return new S3Bucket(this, 'Resource', {
      provider: this.provider,
      ...(p.bucketName !== undefined ? { bucket: p.bucketName } : { bucketPrefix: 'cloudflare-logs-' }),
      forceDestroy: false,
      tags: p.tags,
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
        const problem = notificationCountProblem(`bucket ${this.node.path}`, this.topicNotifications.length);
        return problem ? [problem] : [];
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
    return this.grants === 'per-dataset'
      ? perDatasetPipelinePrefix(this.prefixRoot, dataset, scopeId)
      : dataset;
  }

  /**
   * Why a pipeline's prefix does not fit this bucket's layout, or undefined: in a `per-dataset`
   * bucket it must be `<prefixRoot>/<dataset>/<zone or account id>`. Tokens are not checked.
   */
  public prefixProblem(dataset: string, scopeId: string, prefix: string): string | undefined {
    if (this.grants !== 'per-dataset' || Token.isUnresolved(prefix) || Token.isUnresolved(scopeId)) {
      return undefined;
    }
    const expected = perDatasetPipelinePrefix(this.prefixRoot, dataset, scopeId);
    return prefix === expected
      ? undefined
      : `bucket ${this.node.path} grants per dataset: a pipeline's prefix must be "${expected}" (<prefixRoot>/<dataset>/<zone or account id>), or be left out`;
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
    // The same entry again (pipelines sharing a per-dataset prefix) is one configuration.
    const key = [
      notification.topicArn,
      notification.filterPrefix,
      notification.filterSuffix ?? '',
      [...notification.events].sort().join(','),
    ].join('\u0000');
    if (!this.topicNotificationKeys.has(key)) {
      this.topicNotificationKeys.add(key);
      this.topicNotifications.push(notification);
    }
    if (!this.notification) {
      this.notification = new S3BucketNotification(this, 'Notification', {
        provider: this.provider,
        bucket: this.resource.id,
        topic: Lazy.anyValue({
          produce: () => this.renderTopics(),
        }) as unknown as S3BucketNotificationTopic[],
      });
    }
    const known = this.notificationDependencies.size;
    for (const d of notification.dependsOn ?? []) this.notificationDependencies.add(d);
    // Only when a dependency is new: each cdktf token costs a full stack trace.
    if (this.notificationDependencies.size > known) {
      this.notification.dependsOn = [...this.notificationDependencies].map(dependable);
    }
  }

  /**
   * The problem with adding a topic notification (the configuration belongs to a system outside
   * Terraform); changes nothing.
   *
   * @internal
   */
  public _topicNotificationIssue(): PropIssue | undefined {
    if (this.notificationsOwner === undefined) return undefined;
    return {
      path: 'notification',
      message: `the notification configuration of bucket ${this.node.path} belongs to ${this.notificationsOwner}, which manages it outside Terraform; a second notification would overwrite it`,
      hasValue: false,
    };
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
    this.notificationsOwner = owner;
  }

  /**
   * The problem with handing the notification configuration to `owner` (someone else already
   * defines or owns it); changes nothing.
   *
   * @internal
   */
  public _disclaimIssue(owner: string): PropIssue | undefined {
    if (this.notification || (this.notificationsOwner !== undefined && this.notificationsOwner !== owner)) {
      return {
        path: 'notifications',
        message: `${owner} wants to own the notification configuration of bucket ${this.node.path}, but ${this.notificationsOwner ?? 'this library'} already defines it; AWS keeps one per bucket`,
        value: owner,
        hasValue: true,
      };
    }
    return undefined;
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
   * The problem with claiming `prefix` (not allowed, or equal to or nested with a claimed prefix);
   * claims nothing.
   *
   * @internal
   */
  public _prefixIssue(prefix: string): PropIssue | undefined {
    if (Token.isUnresolved(prefix)) return undefined;
    const problem = prefixProblem(prefix);
    if (problem !== undefined) return { path: 'prefix', message: problem, value: prefix, hasValue: true };
    // O(depth): equal, an ancestor of a claimed prefix, or a descendant of one.
    if (
      this.prefixOwners.has(prefix) ||
      this.prefixAncestors.has(prefix) ||
      ancestorsOf(prefix).some((a) => this.prefixOwners.has(a))
    ) {
      const [other, otherOwner] = [...this.prefixOwners].find(([claimed]) =>
        prefixesOverlap(claimed, prefix),
      )!;
      return {
        path: 'prefix',
        message: `overlaps prefix "${other}" of ${otherOwner} in bucket ${this.node.path}: prefixes in one bucket must be neither equal nor nested`,
        value: prefix,
        hasValue: true,
      };
    }
    return undefined;
  }

  /**
   * Claims `prefix` after {@link _prefixIssue} found no problem; returns the function that takes the
   * claim back (when the claimant fails later in its constructor).
   *
   * @internal
   */
  public _claimPrefix(prefix: string, owner: string): () => void {
    if (Token.isUnresolved(prefix)) return () => undefined;
    const ancestors = ancestorsOf(prefix);
    this.prefixOwners.set(prefix, owner);
    for (const a of ancestors) this.prefixAncestors.set(a, (this.prefixAncestors.get(a) ?? 0) + 1);
    return () => {
      if (this.prefixOwners.get(prefix) !== owner) return;
      this.prefixOwners.delete(prefix);
      for (const a of ancestors) {
        const n = (this.prefixAncestors.get(a) ?? 1) - 1;
        if (n > 0) this.prefixAncestors.set(a, n);
        else this.prefixAncestors.delete(a);
      }
    };
  }

  private renderTopics() {
    return [...this.topicNotifications]
      .sort((a, b) => (a.filterPrefix < b.filterPrefix ? -1 : a.filterPrefix > b.filterPrefix ? 1 : 0))
      .map((n) => ({
        id: `logpush-${n.filterPrefix.replace(/[^A-Za-z0-9-]/g, '-').replace(/-+$/, '')}`,
        topic_arn: n.topicArn,
        events: [...n.events],
        filter_prefix: n.filterPrefix,
        ...(n.filterSuffix !== undefined ? { filter_suffix: n.filterSuffix } : {}),
      }));
  }
}

/** `a/b/c` -> `a`, `a/b`. */
function ancestorsOf(prefix: string): string[] {
  const segments = prefix.split('/');
  return segments.slice(0, -1).map((_, i) => segments.slice(0, i + 1).join('/'));
}
