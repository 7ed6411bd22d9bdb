import { TerraformStack, Token, type TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { cosInstanceGuid, cosLogBucketIssues, type CisSchemas } from '../../src/ibm-cis/schemas';
import { LogpushValidationError, type PropIssue } from '../../src/errors';
import { parseProps } from '../../src/schema';
import type { Assert, SameShape } from '../../src/type-checks';
import type { z } from 'zod';
import { IbmCosBucket, IbmIamUserInvite, IbmIamUserPolicy } from '../bindings/ibm';
import { PrefixClaims } from '../../src/model/claims';
import { cisSchemas, pathIssue, providerIssue } from './private/cis-internal';
import { checkScope, subjectOf, validating } from '../private/schemas';

/** The IBM Cloud user CIS Logpush writes to COS as (ibm-cloud-docs/cis logpush.md). */
export const CIS_LOGPUSH_WRITER = 'cislogp@us.ibm.com';
/** The COS role CIS needs on the bucket (ibm-cloud-docs/cis logpush.md: "Object Writer"). */
export const CIS_LOGPUSH_WRITER_ROLE = 'Object Writer';

/**
 * A COS bucket a CIS Logpush job writes to: a {@link CosLogBucket}, or an existing bucket given by
 * its attributes (`{ bucketName, instanceId, region }`; the writer grant is then yours to make).
 */
export interface ICosLogBucket {
  /** The bucket's name. */
  readonly bucketName: string;
  /** The COS instance GUID (the `id` of the job's `cos` object). */
  readonly instanceId: string;
  /** The bucket's region, e.g. `us-south`. */
  readonly region: string;
}

/** Properties of a {@link CosLogBucket}. */
export interface CosLogBucketProps {
  /** The bucket's name (globally unique in COS). */
  readonly bucketName: string;
  /** The COS instance's CRN (`ibm_resource_instance.id`), as `ibm_cos_bucket.resource_instance_id` takes it. */
  readonly resourceInstanceId: string;
  /**
   * The COS instance's GUID.
   *
   * @default - read from `resourceInstanceId` (the 8th `:`-separated part of the CRN)
   */
  readonly instanceGuid?: string;
  /** Regional location, e.g. `us-south`. */
  readonly region:
    'au-syd' | 'br-sao' | 'ca-tor' | 'eu-de' | 'eu-gb' | 'jp-osa' | 'jp-tok' | 'us-east' | 'us-south';
  /**
   * Storage class.
   *
   * @default - the provider's default (`standard`)
   */
  readonly storageClass?: 'standard' | 'vault' | 'cold' | 'smart' | 'onerate_active';
  /**
   * Key Protect / Hyper Protect Crypto Services root key to encrypt with (customer-managed keys).
   * The COS instance needs a service authorization to the key service first.
   *
   * @default - COS-managed encryption (COS encrypts every object at rest)
   */
  readonly kmsKeyCrn?: string;
  /**
   * The bucket firewall: CIDRs allowed to reach the bucket. IBM recommends allowing only CIS's
   * addresses (https://cloud.ibm.com/docs/cis?topic=cis-cis-allowlisted-ip-addresses) plus your readers'.
   *
   * @default - any address (access is still limited by IAM)
   */
  readonly allowedIps?: readonly string[];
  /**
   * Expire log objects this many days after they were written (1-3650).
   *
   * @default - objects are kept
   */
  readonly retentionDays?: number;
  /**
   * Abort incomplete multipart uploads after this many days (1-3650).
   *
   * @default 7
   */
  readonly abortIncompleteMultipartUploadDays?: number;
  /**
   * Delete non-current object versions after this many days (versioned buckets only).
   *
   * @default - kept
   */
  readonly noncurrentVersionRetentionDays?: number;
  /**
   * Keep every version of every object (protects logs from overwrite and deletion).
   *
   * @default true
   */
  readonly versioning?: boolean;
  /**
   * Send bucket management, object read and object write events to Activity Tracker (through
   * the account's Activity Tracker Event Routing).
   *
   * @default true
   */
  readonly activityTracking?: boolean;
  /**
   * Send usage and request metrics to IBM Cloud Monitoring (through the Metrics Router).
   *
   * @default true
   */
  readonly metricsMonitoring?: boolean;
  /**
   * Refuse `terraform destroy` of the bucket (`prevent_destroy`), and never let the provider empty
   * it (`force_delete = false`; the provider's default is true).
   *
   * @default true
   */
  readonly retainOnDestroy?: boolean;
  /**
   * Grant CIS's writer (`cislogp@us.ibm.com`) the Object Writer role on this bucket
   * (`ibm_iam_user_policy`).
   *
   * @default true
   */
  readonly grantCisWriter?: boolean;
  /**
   * Invite `cislogp@us.ibm.com` into the account first (`ibm_iam_user_invite`, once per stack): an
   * IAM user policy needs the user in the account. Set false when it is already a member.
   *
   * @default true
   */
  readonly inviteCisWriter?: boolean;
  /**
   * The IBM provider of the bucket and the grant.
   *
   * @default - the stack's default IBM provider
   */
  readonly ibmProvider?: TerraformProvider;
}

const BRAND = Symbol.for('cdktf-logpush/CosLogBucket');
const INVITE_ID = 'CisLogpushWriterInvite';

/**
 * Defines a COS bucket for CIS Logpush logs, hardened as far as `ibm_cos_bucket` allows: versioned,
 * Activity Tracker events and Monitoring metrics on, incomplete uploads aborted, optional expiry,
 * firewall and customer-managed key, never emptied by the provider and kept on destroy; plus the
 * writer grant CIS needs (`cislogp@us.ibm.com`, Object Writer on this bucket only).
 *
 * @example
 * new CosLogBucket(stack, 'logs', { bucketName: 'acme-cis-logs', resourceInstanceId: cos.id, region: 'us-south' });
 */
export class CosLogBucket extends Construct implements ICosLogBucket {
  /** Whether `x` is a CosLogBucket (works across copies of this package). */
  public static isCosLogBucket(x: unknown): x is CosLogBucket {
    return typeof x === 'object' && x !== null && BRAND in x;
  }

  /** The `ibm_cos_bucket`. */
  public readonly resource: IbmCosBucket;
  /** The bucket's name (a literal: the writer grant names it). @attribute */
  public readonly bucketName: string;
  /** The COS instance GUID. @attribute */
  public readonly instanceId: string;
  public readonly region: string;
  /** The `ibm_iam_user_policy` granting CIS's writer Object Writer, when `grantCisWriter`. */
  public readonly writerPolicy?: IbmIamUserPolicy;
  /** Paths of the pipelines into this bucket, to keep them distinct. */
  /** The paths of the CIS jobs into this bucket (src/model/claims.ts owns the rule). */
  private readonly paths = new PrefixClaims();

  constructor(scope: Construct, id: string, props: CosLogBucketProps) {
    const { ibmProvider, grantCisWriter, inviteCisWriter, ...plain } = (props ?? {}) as CosLogBucketProps;
    const p = validating(scope, id, () => {
      checkScope('CosLogBucket', scope, id);
      const subject = subjectOf('CosLogBucket', id);
      const parsed = parseProps(subject, cisSchemas().cosLogBucket, plain, (q) =>
        cosLogBucketIssues(q, (v) => Token.isUnresolved(v)),
      );
      const issues: PropIssue[] = [];
      for (const [key, value] of Object.entries({ grantCisWriter, inviteCisWriter })) {
        if (value !== undefined && typeof value !== 'boolean') {
          issues.push({
            path: key,
            message: 'must be true or false',
            value,
            hasValue: true,
            code: 'INVALID_TYPE',
          });
        }
      }
      const provider = providerIssue(ibmProvider);
      if (provider) issues.push(provider);
      if (issues.length > 0) throw new LogpushValidationError(subject, issues);
      return parsed;
    });
    super(scope, id);
    Object.defineProperty(this, BRAND, { value: true });
    const versioning = p.versioning ?? true;
    const tracking = p.activityTracking ?? true;
    const metrics = p.metricsMonitoring ?? true;
    const retain = p.retainOnDestroy ?? true;
    this.resource = new IbmCosBucket(this, 'Resource', {
      provider: ibmProvider,
      bucketName: p.bucketName,
      resourceInstanceId: p.resourceInstanceId,
      regionLocation: p.region,
      storageClass: p.storageClass,
      kmsKeyCrn: p.kmsKeyCrn,
      allowedIp: p.allowedIps ? [...p.allowedIps] : undefined,
      objectVersioning: { enable: versioning },
      activityTracking: tracking
        ? { readDataEvents: true, writeDataEvents: true, managementEvents: true }
        : undefined,
      metricsMonitoring: metrics ? { usageMetricsEnabled: true, requestMetricsEnabled: true } : undefined,
      expireRule:
        p.retentionDays !== undefined
          ? [{ enable: true, days: p.retentionDays, ruleId: 'expire-logs' }]
          : undefined,
      abortIncompleteMultipartUploadDays: [
        {
          enable: true,
          daysAfterInitiation: p.abortIncompleteMultipartUploadDays ?? 7,
          ruleId: 'abort-incomplete-uploads',
        },
      ],
      noncurrentVersionExpiration:
        p.noncurrentVersionRetentionDays !== undefined
          ? { enable: true, noncurrentDays: p.noncurrentVersionRetentionDays, ruleId: 'expire-noncurrent' }
          : undefined,
      forceDelete: false,
      lifecycle: retain ? { preventDestroy: true } : undefined,
    });
    // Both known at synth (the schema refuses tokens here): the grant names this bucket and
    // instance exactly, and the job's `cos` JSON holds no expression.
    this.bucketName = p.bucketName;
    this.region = p.region;
    this.instanceId = p.instanceGuid ?? cosInstanceGuid(p.resourceInstanceId) ?? p.resourceInstanceId;

    if (grantCisWriter ?? true) {
      const invite = (inviteCisWriter ?? true) ? CosLogBucket.writerInvite(this, ibmProvider) : undefined;
      this.writerPolicy = new IbmIamUserPolicy(this, 'CisWriterPolicy', {
        provider: ibmProvider,
        ibmId: CIS_LOGPUSH_WRITER,
        roles: [CIS_LOGPUSH_WRITER_ROLE],
        resources: {
          service: 'cloud-object-storage',
          resourceInstanceId: this.instanceId,
          resourceType: 'bucket',
          resource: this.bucketName,
        },
        description: 'cdktf-logpush: CIS Logpush writes logs into this bucket',
        dependsOn: invite ? [this.resource, invite] : [this.resource],
      });
    }
  }

  /** The stack's single invitation of CIS's writer into the account. */
  private static writerInvite(scope: Construct, provider?: TerraformProvider): IbmIamUserInvite {
    const stack = TerraformStack.of(scope);
    const existing = stack.node.tryFindChild(INVITE_ID) as IbmIamUserInvite | undefined;
    return existing ?? new IbmIamUserInvite(stack, INVITE_ID, { provider, users: [CIS_LOGPUSH_WRITER] });
  }

  /**
   * The problem with a pipeline's path in this bucket, if it equals or nests with another
   * pipeline's path (IBM: jobs into one bucket "must have a different path").
   *
   * @internal
   */
  public _pathIssue(prefix: string): PropIssue | undefined {
    return pathIssue((x) => this.paths.conflict(x), prefix, `bucket ${this.node.path}`);
  }

  /**
   * Records a pipeline's path (after its checks passed).
   *
   * @internal
   */
  public _claimPath(prefix: string, path: string): void {
    if (!Token.isUnresolved(prefix)) this.paths.claim(prefix, path);
  }
}

/* Compile-time link between the props interface and its schema (see src/type-checks.ts); the
 * construct-typed props are checked apart from the schema of the plain ones. Beside the construct,
 * so constructs/private/schemas.ts need not import the props back (no import circle). */
export type _CosBucketPropsMatchSchema = Assert<
  SameShape<
    Omit<CosLogBucketProps, 'ibmProvider' | 'grantCisWriter' | 'inviteCisWriter'>,
    z.input<CisSchemas['cosLogBucket']>
  >
>;
