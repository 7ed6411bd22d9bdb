import { Fn, Lazy, TerraformOutput, Token, type TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { cisAllFields } from '../src/datasets';
import { cisPipelineIssues, logpullOptions, type CisSchemas } from '../src/cis';
import { cosDestination, type CosDestinationForms } from '../src/destination';
import { LogpushValidationError, type PropIssue } from '../src/errors';
import { parseProps } from '../src/schema';
import type { Assert, SameShape } from '../src/type-checks';
import type { z } from 'zod';
import { IbmCisLogpushJob } from './bindings/ibm';
import { cisSchemas, pathIssue, providerIssue, type ClaimedPath } from './cis-internal';
import { checkScope, subjectOf, validating } from './schemas';
import {
  CIS_LOGPUSH_WRITER,
  CIS_LOGPUSH_WRITER_ROLE,
  CosLogBucket,
  type ICosLogBucket,
} from './cos-log-bucket';
import { defaultJobName } from './logpush-pipeline';
import { OwnershipVerification, type OwnershipBindContext } from './ownership-verification';

/** Properties of a {@link CisLogpushPipeline}. */
export interface CisLogpushPipelineProps {
  /** The CIS instance CRN (`data.ibm_cis.<x>.id`). */
  readonly cisId: string;
  /** The CIS domain id (`ibm_cis_domain.<x>.domain_id`). */
  readonly domainId: string;
  /**
   * The CIS dataset: `http_requests` or `range_events` (the datasets with a field catalogue).
   * CIS cannot change it after the job is created.
   */
  readonly dataset: string;
  /**
   * The fields to push: `'all'` (every field of the dataset's catalogue) or a list checked against it.
   *
   * @default 'all'
   */
  readonly fields?: 'all' | readonly string[];
  /** The bucket CIS writes to: a {@link CosLogBucket} or an existing bucket's attributes. */
  readonly bucket: ICosLogBucket;
  /**
   * Path in the bucket, without leading or trailing `/`. Paths of jobs into one bucket must be
   * neither equal nor nested.
   *
   * @default - the dataset name
   */
  readonly prefix?: string;
  /**
   * Write into daily subfolders (the `cos` object's `use_daily_subfolder`).
   *
   * @default true
   */
  readonly dailySubfolders?: boolean;
  /**
   * Format of timestamps in the logs (`timestamps=` in `logpull_options`).
   *
   * @default 'rfc3339'
   */
  readonly timestampFormat?: 'rfc3339' | 'unix' | 'unixnano';
  /**
   * How often CIS sends batches: `high` or `low`.
   *
   * @default - CIS's default
   */
  readonly frequency?: 'high' | 'low';
  /**
   * The ownership token: `OwnershipVerification.fromToken(variable.stringValue)` with a sensitive
   * variable filled from `cdktf-logpush cis-ownership`. The job ignores later changes of it, so
   * plans after the first apply need no token.
   */
  readonly ownership: OwnershipVerification;
  /**
   * The job's name (`^[a-zA-Z0-9.-]*$`).
   *
   * @default - the path with `/` as `.` and `_` as `-`, e.g. `cis.http-requests`
   */
  readonly name?: string;
  /**
   * Whether the job pushes logs.
   *
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * The IBM provider of the job.
   *
   * @default - the stack's default IBM provider
   */
  readonly ibmProvider?: TerraformProvider;
}

const REGISTRY_ID = 'CdktfLogpushCisRegistry';

/**
 * App-wide bookkeeping of CIS pipelines, a construct under the app (found by id): one job per
 * domain and dataset, and distinct paths per bucket referenced by attributes.
 */
class CisLogpushRegistry extends Construct {
  /** The app's registry, or undefined while no CIS pipeline has been defined. */
  public static find(scope: Construct): CisLogpushRegistry | undefined {
    return scope.node.root.node.tryFindChild(REGISTRY_ID) as CisLogpushRegistry | undefined;
  }

  /** The app's registry, defined on first claim (never by a check). */
  public static of(scope: Construct): CisLogpushRegistry {
    return CisLogpushRegistry.find(scope) ?? new CisLogpushRegistry(scope.node.root, REGISTRY_ID);
  }

  /** `<domain id>/<dataset>` -> construct path of its job. */
  public readonly jobs = new Map<string, string>();
  /** bucket name (of buckets given by reference) -> paths of the pipelines into it. */
  public readonly referencedPaths = new Map<string, ClaimedPath[]>();
}

/**
 * Defines one IBM Cloud Internet Services Logpush job (`ibm_cis_logpush_job`) into one path of a
 * COS bucket. The job's `cos` object comes from one function (`cosDestination`), the same the
 * `cis-ownership` command requests the challenge with, so the token matches the job.
 *
 * IBM: each dataset needs its own job, and jobs into one bucket need different paths
 * (ibm-cloud-docs/cis logpush.md, 2025); both are enforced app-wide.
 *
 * @example
 * new CisLogpushPipeline(stack, 'http', { cisId, domainId, dataset: 'http_requests', bucket,
 *   ownership: OwnershipVerification.fromToken(token.stringValue) });
 */
export class CisLogpushPipeline extends Construct {
  /** The `ibm_cis_logpush_job`. */
  public readonly job: IbmCisLogpushJob;
  /** The destination: the `cos` object, its JSON and the `cos://` form. */
  public readonly destination: CosDestinationForms;
  /** The fields pushed. */
  public readonly fields: readonly string[];
  /** The bucket path. */
  public readonly prefix: string;

  constructor(scope: Construct, id: string, props: CisLogpushPipelineProps) {
    const { bucket, ownership, ibmProvider, ...plain } = (props ?? {}) as CisLogpushPipelineProps;
    const { p, reference, prefix, jobKey, path } = validating(scope, id, () => {
      checkScope('CisLogpushPipeline', scope, id);
      const subject = subjectOf('CisLogpushPipeline', id);
      const p = parseProps(subject, cisSchemas().cisPipelineBase, plain, cisPipelineIssues);
      const issues: PropIssue[] = [];
      const reference = !CosLogBucket.isCosLogBucket(bucket);
      if (reference) issues.push(...referenceIssues(bucket));
      if (!isTokenVerification(ownership)) {
        issues.push({
          path: 'ownership',
          message:
            'must be OwnershipVerification.fromToken(token), the token from `cdktf-logpush cis-ownership` in a sensitive variable: ' +
            'customResource() reads the challenge with an AWS Lambda function from S3, and the IBM provider has no ownership ' +
            'challenge resource to request one with',
          value: ownership,
          hasValue: true,
        });
      }
      const provider = providerIssue(ibmProvider);
      if (provider) issues.push(provider);
      if (issues.length > 0) throw new LogpushValidationError(subject, issues);

      // App-wide rules, checked before anything is defined and claimed only once every check passed.
      const path = scope.node.path ? `${scope.node.path}/${id}` : id;
      const prefix = p.prefix ?? p.dataset;
      const jobKey = `${p.domainId}/${p.dataset}`;
      const registry = CisLogpushRegistry.find(scope);
      const existing = registry?.jobs.get(jobKey);
      const appIssues: PropIssue[] = [];
      if (existing !== undefined) {
        appIssues.push({
          path: 'dataset',
          message: `domain ${Token.isUnresolved(p.domainId) ? '(token)' : p.domainId} already has a ${p.dataset} job in this app (${existing}): CIS takes one job per domain and dataset (ibm-cloud-docs/cis logpush.md)`,
          value: p.dataset,
          hasValue: true,
        });
      }
      const clash = reference
        ? pathIssue(
            registry?.referencedPaths.get(bucket.bucketName) ?? [],
            prefix,
            `bucket ${bucket.bucketName}`,
          )
        : (bucket as CosLogBucket)._pathIssue(prefix);
      if (clash) appIssues.push(clash);
      if (appIssues.length > 0) throw new LogpushValidationError(subject, appIssues);
      return { p, reference, prefix, jobKey, path };
    });
    const claims = CisLogpushRegistry.of(scope);
    claims.jobs.set(jobKey, path);
    if (reference) {
      claims.referencedPaths.set(bucket.bucketName, [
        ...(claims.referencedPaths.get(bucket.bucketName) ?? []),
        { prefix, path },
      ]);
    } else {
      (bucket as CosLogBucket)._claimPath(prefix, path);
    }

    super(scope, id);
    this.prefix = prefix;
    this.fields = p.fields === undefined || p.fields === 'all' ? cisAllFields(p.dataset) : p.fields;
    this.destination = cosDestination({
      bucket: bucket.bucketName,
      prefix,
      region: bucket.region,
      instanceId: bucket.instanceId,
      dailySubfolders: p.dailySubfolders ?? true,
    });
    // A token verification ignores the context: it only hands back its token.
    const given = ownership._bind(this, undefined as unknown as OwnershipBindContext);
    // The provider requires ownership_challenge whenever cos is set (RequiredWith, checked on every
    // plan: a null value counts as unset). A null token (the variable left unset after the first
    // apply) becomes "", which passes that check; ignore_changes keeps "" from updating the job.
    const token = Fn.trimspace(Fn.coalesce([given, ' ']));
    const owned = reference ? undefined : (bucket as CosLogBucket);

    this.job = new IbmCisLogpushJob(this, 'Resource', {
      provider: ibmProvider,
      cisId: p.cisId,
      domainId: p.domainId,
      dataset: p.dataset,
      name: p.name ?? defaultJobName(prefix),
      enabled: p.enabled ?? true,
      frequency: p.frequency,
      logpullOptions: logpullOptions(this.fields, p.timestampFormat ?? 'rfc3339'),
      cos: this.destination.cosJson,
      ownershipChallenge: token,
      // The token is needed to create the job (and to change its destination): once created, a
      // new or expired token must not update the job.
      lifecycle: { ignoreChanges: ['ownership_challenge'] },
      // CIS writes the challenge and the logs as cislogp@us.ibm.com: the grant comes first.
      dependsOn: owned ? [owned.writerPolicy ?? owned.resource] : undefined,
    });

    if (reference) {
      new TerraformOutput(this, 'WriterGrant', {
        description:
          'Manual step: CIS writes as this user; grant it this role on the bucket before the first apply',
        value: Lazy.anyValue({
          produce: () => ({
            user: CIS_LOGPUSH_WRITER,
            role: CIS_LOGPUSH_WRITER_ROLE,
            bucket: bucket.bucketName,
            cosInstanceId: bucket.instanceId,
          }),
        }),
      });
    }
  }
}

/** What is wrong with a bucket given by its attributes. */
function referenceIssues(bucket: unknown): PropIssue[] {
  const b = bucket as Partial<ICosLogBucket> | null;
  const r = cisSchemas().cosBucketReference.safeParse(
    typeof b === 'object' && b !== null
      ? { bucketName: b.bucketName, instanceId: b.instanceId, region: b.region }
      : b,
  );
  if (r.success) return [];
  return r.error.issues.map((i) => {
    const code = i.code === 'custom' ? (i.params as { code?: unknown } | undefined)?.code : undefined;
    return {
      path: ['bucket', ...i.path].join('.'),
      message: `${i.message} (a CosLogBucket, or an existing bucket's { bucketName, instanceId, region })`,
      hasValue: false,
      ...(typeof code === 'string' ? { code } : {}),
    };
  });
}

let tokenVerificationClass: unknown;
/** Whether `o` came from `OwnershipVerification.fromToken` (compared by class: fromToken's is private). */
function isTokenVerification(o: unknown): o is OwnershipVerification {
  tokenVerificationClass ??= OwnershipVerification.fromToken(
    Lazy.stringValue({ produce: () => '' }),
  ).constructor;
  return typeof o === 'object' && o !== null && o.constructor === tokenVerificationClass;
}

/* Compile-time link between the props interface and its schema (see src/type-checks.ts); the
 * construct-typed props are checked apart from the schema of the plain ones. Beside the construct,
 * so constructs/schemas.ts need not import the props back (no import circle). */
export type _CisPipelinePropsMatchSchema = Assert<
  SameShape<
    Omit<CisLogpushPipelineProps, 'bucket' | 'ownership' | 'ibmProvider'>,
    z.input<CisSchemas['cisPipelineBase']>
  >
>;
