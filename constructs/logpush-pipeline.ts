import { LogpushJob } from '@cdktf/provider-cloudflare/lib/logpush-job';
import { TerraformStack, Token, type TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { allFields, type Scope } from '../src/datasets';
import { s3DestinationConf } from '../src/destination';
import { LogpushValidationError, type PropIssue } from '../src/errors';
import { cloudflareWriteStatement } from '../src/policy';
import { parseProps, pipelineIssues, scopeOf } from '../src/schema';
import { LogBucket } from './log-bucket';
import { OwnershipVerification } from './ownership-verification';
import { schemas } from './schemas';
import type { ILogSiem } from './siem';

/** Cloudflare allows at most this many Logpush jobs per zone. */
export const MAX_JOBS_PER_ZONE = 4;

/** Properties of a {@link LogpushPipeline}. */
export interface LogpushPipelineProps {
  /**
   * The zone whose logs are pushed (zone datasets). Set exactly one of `zoneId` and `accountId`.
   *
   * @default - none: set `accountId`
   */
  readonly zoneId?: string;
  /**
   * The account whose logs are pushed (account datasets). Set exactly one of `zoneId` and `accountId`.
   *
   * @default - none: set `zoneId`
   */
  readonly accountId?: string;
  /**
   * The Logpush dataset, e.g. `http_requests` (zone) or `audit_logs` (account).
   *
   * @see https://developers.cloudflare.com/logs/logpush/logpush-job/datasets/
   */
  readonly dataset: string;
  /**
   * The fields to push: `'all'` (every field of the dataset that Cloudflare does not mark
   * deprecated) or a list checked against the dataset's catalogue.
   *
   * @default 'all'
   */
  readonly fields?: 'all' | readonly string[];
  /** The bucket Cloudflare writes to. */
  readonly bucket: LogBucket;
  /**
   * Key prefix of this pipeline's objects, without leading or trailing `/`. Prefixes of pipelines
   * into one bucket must be neither equal nor nested. In a bucket with `grants: 'per-dataset'` it
   * must be `<prefixRoot>/<dataset>/<zone or account id>`.
   *
   * @default - the dataset name; `<prefixRoot>/<dataset>/<zone or account id>` in a `per-dataset` bucket
   */
  readonly prefix?: string;
  /**
   * Write into daily subfolders: `<prefix>/{DATE}/` (`YYYYMMDD`).
   *
   * @default true
   */
  readonly dailySubfolders?: boolean;
  /**
   * Format of timestamps in the logs.
   *
   * @default 'rfc3339'
   */
  readonly timestampFormat?: 'rfc3339' | 'unix' | 'unixnano';
  /**
   * Record format.
   *
   * @default 'ndjson'
   */
  readonly outputType?: 'ndjson' | 'csv';
  /**
   * A Logpush filter, as JSON text (`{"where": ...}`).
   *
   * @default - every record is pushed
   * @see https://developers.cloudflare.com/logs/logpush/logpush-job/filters/
   */
  readonly filter?: string;
  /**
   * Fraction of records to push, greater than 0 and at most 1.
   *
   * @default 1
   */
  readonly sampleRate?: number;
  /**
   * Largest uncompressed batch in bytes: 0 (Cloudflare's default) or 5,000,000 to 1,000,000,000.
   *
   * @default - Cloudflare's default
   */
  readonly maxUploadBytes?: number;
  /**
   * Longest time between uploads in seconds: 0 (Cloudflare's default) or 30 to 300.
   *
   * @default - Cloudflare's default (30 s)
   */
  readonly maxUploadIntervalSeconds?: number;
  /**
   * Most records per upload: 0 (Cloudflare's default) or 1,000 to 1,000,000.
   *
   * @default - Cloudflare's default (100,000)
   */
  readonly maxUploadRecords?: number;
  /**
   * Whether the job pushes logs.
   *
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * The job's name (`^[a-zA-Z0-9.-]*$`).
   *
   * @default - the prefix with `/` as `.` and `_` as `-`, e.g. `cloudflare.http-requests`
   */
  readonly name?: string;
  /**
   * How the job proves ownership of the bucket.
   *
   * @default OwnershipVerification.customResource()
   */
  readonly ownership?: OwnershipVerification;
  /**
   * The SIEM log source that reads this pipeline's logs. The pipeline registers its prefix and its
   * dataset's log type there; a dataset or field list the SIEM cannot parse is a validation error.
   *
   * @default - no SIEM
   */
  readonly siem?: ILogSiem;
  /**
   * The AWS provider for the ownership token invocation.
   *
   * @default - the bucket's provider when the pipeline is in the bucket's stack, else the stack's
   * default AWS provider
   */
  readonly awsProvider?: TerraformProvider;
  /**
   * The Cloudflare provider for the job (and its ownership challenge).
   *
   * @default - the stack's default Cloudflare provider
   */
  readonly cloudflareProvider?: TerraformProvider;
}

/** The resolved settings of a pipeline, as its bucket and SIEM see them. */
export interface PipelineSettings {
  /** Construct path of the pipeline, for messages. */
  readonly path: string;
  /** The bucket the pipeline writes to. */
  readonly bucket: LogBucket;
  readonly scope: Scope;
  readonly dataset: string;
  readonly fields: readonly string[];
  readonly prefix: string;
  readonly outputType: 'ndjson' | 'csv';
  readonly timestampFormat: 'rfc3339' | 'unix' | 'unixnano';
}

/** Per stack: Logpush jobs per zone id, to enforce Cloudflare's per-zone limit at synth. */
const jobsPerZone = new WeakMap<TerraformStack, Map<string, string[]>>();

/**
 * Defines one Cloudflare Logpush job into one prefix of a {@link LogBucket}, with everything it
 * needs to deploy in one apply: the bucket grant for Cloudflare's writer (exactly `<prefix>/*`,
 * `s3:PutObject` only) and the ownership verification. One string builds `destination_conf` for
 * both the ownership challenge and the job, so the two never differ.
 *
 * @example
 * new LogpushPipeline(stack, 'http', { zoneId, dataset: 'http_requests', bucket });
 */
export class LogpushPipeline extends Construct {
  /** The `cloudflare_logpush_job`. */
  public readonly job: LogpushJob;
  /** The job's `destination_conf`. */
  public readonly destinationConf: string;
  /** The resolved settings (dataset, fields, prefix, ...). */
  public readonly settings: PipelineSettings;

  constructor(scope: Construct, id: string, props: LogpushPipelineProps) {
    const subject = `LogpushPipeline '${id}'`;
    const p = parseProps(subject, schemas().pipelineProps, props, pipelineIssues);
    const stack = TerraformStack.of(scope);
    const path = scope.node.path ? `${scope.node.path}/${id}` : id;
    const scopeKind = scopeOf(p)!;
    const scopeId = (p.zoneId ?? p.accountId)!;
    const prefix = p.prefix ?? p.bucket.defaultPrefix(p.dataset, scopeId);
    const layoutProblem = p.bucket.prefixProblem(p.dataset, scopeId, prefix);
    if (layoutProblem !== undefined) {
      throw new LogpushValidationError(subject, [
        { path: 'prefix', message: layoutProblem, value: prefix, hasValue: true },
      ]);
    }
    const settings: PipelineSettings = {
      path,
      bucket: p.bucket,
      scope: scopeKind,
      dataset: p.dataset,
      fields: p.fields === undefined || p.fields === 'all' ? allFields(scopeKind, p.dataset) : p.fields,
      prefix,
      outputType: p.outputType ?? 'ndjson',
      timestampFormat: p.timestampFormat ?? 'rfc3339',
    };
    const siemProblems = p.siem?.checkPipeline(settings) ?? [];
    if (siemProblems.length > 0) {
      throw new LogpushValidationError(
        subject,
        siemProblems.map((message) => ({
          path: 'siem',
          message: `pipeline ${path} (${p.dataset}): ${message}`,
          hasValue: false,
        })),
      );
    }
    // Checks that touch shared state run before anything is defined, so a failure leaves no trace.
    const zoneJobs =
      p.zoneId !== undefined && !Token.isUnresolved(p.zoneId)
        ? claimZoneJob(stack, p.zoneId, path)
        : undefined;
    try {
      p.bucket.claimPrefix(prefix, path);
    } catch (e) {
      zoneJobs?.pop();
      throw e;
    }

    super(scope, id);
    this.settings = settings;
    const bucket = p.bucket;
    const sameStack = stack === TerraformStack.of(bucket);
    if (!sameStack) stack.addDependency(TerraformStack.of(bucket));
    this.destinationConf = s3DestinationConf({
      bucket: bucket.bucketName,
      prefix,
      region: bucket.region,
      dailySubfolders: p.dailySubfolders ?? true,
      ...(bucket.requireEncryptionHeader ? { sse: 'AES256' as const } : {}),
    });
    registerWithSharedResources(settings, p.siem);

    const ownership = p.ownership ?? OwnershipVerification.customResource();
    const token = ownership._bind(this, {
      bucket,
      prefix,
      destinationConf: this.destinationConf,
      zoneId: p.zoneId,
      accountId: p.accountId,
      cloudflareProvider: p.cloudflareProvider,
      awsProvider: p.awsProvider,
    });

    this.job = new LogpushJob(this, 'Resource', {
      provider: p.cloudflareProvider,
      zoneId: p.zoneId,
      accountId: p.accountId,
      dataset: p.dataset,
      destinationConf: this.destinationConf,
      enabled: p.enabled ?? true,
      name: p.name ?? defaultJobName(prefix),
      filter: p.filter,
      maxUploadBytes: p.maxUploadBytes,
      maxUploadIntervalSeconds: p.maxUploadIntervalSeconds,
      maxUploadRecords: p.maxUploadRecords,
      ownershipChallenge: token,
      outputOptions: {
        fieldNames: [...settings.fields],
        outputType: settings.outputType,
        timestampFormat: settings.timestampFormat,
        sampleRate: p.sampleRate,
      },
      // The grant must be in place before Cloudflare validates the destination. Across stacks, the
      // pipeline's stack depends on the bucket's stack instead.
      dependsOn: sameStack ? [bucket.policy] : undefined,
    });
  }
}

/**
 * What a pipeline registers with the resources it shares (in its bucket's stack): Cloudflare's
 * write grant for its prefix (or its dataset's, in a per-dataset bucket: one grant for every zone)
 * and its SIEM entry. A fleet calls it for the pipelines of shards it does not synthesize, so the
 * foundation stack is the same whichever shards an app synthesizes.
 *
 * @internal
 */
export function registerWithSharedResources(settings: PipelineSettings, siem?: ILogSiem): void {
  const bucket = settings.bucket;
  bucket.addToResourcePolicy(cloudflareWriteStatement(bucket.bucketName, bucket.grantPrefix(settings)));
  siem?.addPipeline(settings);
}

/** `cloudflare/http_requests` -> `cloudflare.http-requests` (Cloudflare allows `[a-zA-Z0-9.-]`). */
export function defaultJobName(prefix: string): string {
  if (Token.isUnresolved(prefix)) return 'logpush';
  return prefix
    .replace(/\//g, '.')
    .replace(/_/g, '-')
    .replace(/[^a-zA-Z0-9.-]/g, '')
    .slice(0, 512);
}

function claimZoneJob(stack: TerraformStack, zoneId: string, path: string): string[] {
  let byZone = jobsPerZone.get(stack);
  if (!byZone) jobsPerZone.set(stack, (byZone = new Map()));
  const jobs = byZone.get(zoneId) ?? [];
  if (jobs.length >= MAX_JOBS_PER_ZONE) {
    const issue: PropIssue = {
      path: 'zoneId',
      message: `Cloudflare allows at most ${MAX_JOBS_PER_ZONE} Logpush jobs per zone; this stack already defines ${jobs.join(', ')}`,
      value: zoneId,
      hasValue: true,
    };
    throw new LogpushValidationError(`LogpushPipeline '${path}'`, [issue]);
  }
  jobs.push(path);
  byZone.set(zoneId, jobs);
  return jobs;
}
