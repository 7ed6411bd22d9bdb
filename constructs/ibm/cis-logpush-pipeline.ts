import { Annotations, Fn, Lazy, TerraformOutput, Token, type TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { cisPipelineIssues, logpullOptions, type CisSchemas } from '../../src/ibm-cis/schemas';
import { cosDestination, type CosDestinationForms } from '../../src/destination';
import { LogpushValidationError, type PropIssue } from '../../src/errors';
import { defaultCisPath } from '../../src/model/layout';
import {
  dailySubfoldersOf,
  defaultJobName,
  enabledOf,
  resolveCisFields,
  resolveOutput,
} from '../../src/model/settings';
import { parseProps, zodIssues } from '../../src/schema';
import type { Assert, SameShape } from '../../src/type-checks';
import type { z } from 'zod';
import { IbmCisLogpushJob } from '../bindings/ibm';
import { cisSchemas, pathIssue, providerIssue } from './private/cis-internal';
import { checkScope, subjectOf, validating } from '../private/schemas';
import {
  CIS_LOGPUSH_WRITER,
  CIS_LOGPUSH_WRITER_ROLE,
  CosLogBucket,
  type ICosLogBucket,
} from './cos-log-bucket';
import { AppRegistry } from '../private/registry';
import { OwnershipVerification, type ProviderNeutralToken } from '../ownership-verification';

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
    const { p, reference, prefix, path, owned } = validating(scope, id, () => {
      checkScope('CisLogpushPipeline', scope, id);
      const subject = subjectOf('CisLogpushPipeline', id);
      const p = parseProps(subject, cisSchemas().cisPipelineBase, plain, cisPipelineIssues);
      const issues: PropIssue[] = [];
      const reference = !CosLogBucket.isCosLogBucket(bucket);
      if (reference) issues.push(...referenceIssues(bucket));
      // A token checked as a token (the same literal checks as on Cloudflare), defining nothing.
      const owned = ownershipToken(scope, ownership);
      if ('issue' in owned) issues.push(owned.issue);
      const provider = providerIssue(ibmProvider);
      if (provider) issues.push(provider);
      if (issues.length > 0 || 'issue' in owned) throw new LogpushValidationError(subject, issues);

      // App-wide rules, checked before anything is defined and claimed only once every check passed.
      const path = scope.node.path ? `${scope.node.path}/${id}` : id;
      const prefix = p.prefix ?? defaultCisPath(p.dataset);
      const claims = AppRegistry.claimsOf(scope);
      const appIssues: PropIssue[] = [];
      const job = claims.cisJobProblem(
        p.domainId,
        p.dataset,
        Token.isUnresolved(p.domainId) ? '(token)' : p.domainId,
      );
      if (job) appIssues.push({ path: 'dataset', ...job, value: p.dataset, hasValue: true });
      const clash = reference
        ? pathIssue(
            (x) => claims.referencedCosPathConflict(bucket.bucketName, x),
            prefix,
            `bucket ${bucket.bucketName}`,
          )
        : (bucket as CosLogBucket)._pathIssue(prefix);
      if (clash) appIssues.push(clash);
      if (appIssues.length > 0) throw new LogpushValidationError(subject, appIssues);
      return { p, reference, prefix, path, owned };
    });
    const claims = AppRegistry.of(scope).claims;
    claims.claimCisJob(p.domainId, p.dataset, path);
    if (reference) {
      if (!Token.isUnresolved(prefix)) claims.claimReferencedCosPath(bucket.bucketName, prefix, path);
    } else {
      (bucket as CosLogBucket)._claimPath(prefix, path);
    }

    super(scope, id);
    this.prefix = prefix;
    this.fields = resolveCisFields(p.dataset, p.fields);
    this.destination = cosDestination({
      bucket: bucket.bucketName,
      prefix,
      region: bucket.region,
      instanceId: bucket.instanceId,
      dailySubfolders: dailySubfoldersOf(p),
    });
    for (const warning of owned.warnings) Annotations.of(this).addWarning(warning);
    const given = owned.token;
    // The provider requires ownership_challenge whenever cos is set (RequiredWith, checked on every
    // plan: a null value counts as unset). A null token (the variable left unset after the first
    // apply) becomes "", which passes that check; ignore_changes keeps "" from updating the job.
    const token = Fn.trimspace(Fn.coalesce([given, ' ']));
    const ownBucket = reference ? undefined : (bucket as CosLogBucket);

    this.job = new IbmCisLogpushJob(this, 'Resource', {
      provider: ibmProvider,
      cisId: p.cisId,
      domainId: p.domainId,
      dataset: p.dataset,
      name: p.name ?? defaultJobName(prefix, (v) => Token.isUnresolved(v)),
      enabled: enabledOf(p),
      frequency: p.frequency,
      logpullOptions: logpullOptions(this.fields, resolveOutput(p).timestampFormat),
      cos: this.destination.cosJson,
      ownershipChallenge: token,
      // The token is needed to create the job (and to change its destination): once created, a
      // new or expired token must not update the job.
      lifecycle: { ignoreChanges: ['ownership_challenge'] },
      // CIS writes the challenge and the logs as cislogp@us.ibm.com: the grant comes first.
      dependsOn: ownBucket ? [ownBucket.writerPolicy ?? ownBucket.resource] : undefined,
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
  const input =
    typeof b === 'object' && b !== null
      ? { bucketName: b.bucketName, instanceId: b.instanceId, region: b.region }
      : b;
  const r = cisSchemas().cosBucketReference.safeParse(input);
  if (r.success) return [];
  // The codes zod's issues map to (src/schema.ts); the value is not shown: the message says what is allowed.
  return zodIssues(r.error, input).map((i) => ({
    path: i.path === '' ? 'bucket' : `bucket.${i.path}`,
    message: `${i.message} (a CosLogBucket, or an existing bucket's { bucketName, instanceId, region })`,
    hasValue: false,
    code: i.code,
  }));
}

/**
 * The ownership token of a CIS job: what the input yields for a provider without a challenge
 * resource of its own (`fromToken`'s checked token; any other verification is refused), or the
 * issue that refuses a value that is no OwnershipVerification.
 */
function ownershipToken(scope: Construct, ownership: unknown): ProviderNeutralToken {
  if (!OwnershipVerification.isOwnershipVerification(ownership)) {
    return {
      issue: {
        path: 'ownership',
        message:
          'must be OwnershipVerification.fromToken(token), the token from `cdktf-logpush cis-ownership` in a sensitive variable',
        value: ownership,
        hasValue: true,
        code: 'INVALID_TYPE',
      },
    };
  }
  const checked = ownership._providerNeutralToken(scope);
  if ('token' in checked) return checked;
  return {
    issue: {
      ...checked.issue,
      path: 'ownership',
      message: `${checked.issue.message} (IBM CIS: fromToken with the token from \`cdktf-logpush cis-ownership\` in a sensitive variable)`,
    },
  };
}

/* Compile-time link between the props interface and its schema (see src/type-checks.ts); the
 * construct-typed props are checked apart from the schema of the plain ones. Beside the construct,
 * so constructs/private/schemas.ts need not import the props back (no import circle). */
export type _CisPipelinePropsMatchSchema = Assert<
  SameShape<
    Omit<CisLogpushPipelineProps, 'bucket' | 'ownership' | 'ibmProvider'>,
    z.input<CisSchemas['cisPipelineBase']>
  >
>;
