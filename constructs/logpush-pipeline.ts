import { LogpushJob } from '@cdktf/provider-cloudflare/lib/logpush-job';
import { TerraformStack, Token, type TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { s3DestinationConf } from '../src/destination';
import { LogpushValidationError, type PropIssue } from '../src/errors';
import { cloudflareWriteStatement } from '../src/policy';
import { PREFIX_LAYOUT_CODE } from '../src/model/codes';
import {
  dailySubfoldersOf,
  defaultJobName,
  enabledOf,
  resolveFields,
  resolveOutput,
} from '../src/model/settings';
import { loadZod, parseProps, pipelineIssues, scopeOf } from '../src/schema';
import { terraformLiteralOrThrow } from '../src/terraform-literal';
import type { Assert, SameShape } from '../src/type-checks';
import type { z } from 'zod';
import { LogBucket, logBucketSchema } from './log-bucket';
import type { AlertedPipeline, IPipelineAlerts } from './logpush-alerts';
import { OwnershipVerification } from './ownership-verification';
import { AppRegistry } from './private/registry';
import { checkScope, hasBrand, schemas, subjectOf, validating } from './private/schemas';
import type { ILogSiem, PipelineSettings } from './siem';

/** Moved beside {@link ILogSiem}; re-exported here for code that imported it from this module. */
export type { PipelineSettings } from './siem';

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
   * What the team hears when this pipeline stops: a {@link LogpushAlerts} (or
   * `alerts.forPipeline({...})`). The pipeline adds its account's Cloudflare notification policy,
   * its SIEM source's no-data alarm and an AWS freshness alarm on its prefix (its dataset's prefix
   * in a `per-dataset` bucket).
   *
   * @default - no alerts
   */
  readonly alerts?: IPipelineAlerts;
  /**
   * The AWS provider for the ownership token invocation (and, outside the bucket's stack, the
   * pipeline's freshness alarm: it must be in the bucket's region).
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
    // Everything that can refuse runs before anything is defined, so a failure leaves no trace.
    const { p, settings } = validating(scope, id, () => {
      const parsed = LogpushPipeline.parse(scope, id, props);
      const resolved = LogpushPipeline.resolveSettings(scope, id, parsed);
      LogpushPipeline.checkPrefixLayout(id, parsed, resolved);
      LogpushPipeline.checkSiem(id, parsed, resolved);
      LogpushPipeline.checkClaims(scope, id, parsed, resolved);
      return { p: parsed, settings: resolved };
    });

    super(scope, id);
    this.settings = settings;
    const release = this.claim(p);
    try {
      const sameStack = this.dependOnBucketStack(p.bucket);
      this.destinationConf = this.renderDestinationConf(p);
      const token = this.bindOwnership(p);
      this.job = this.defineJob(p, token, sameStack);
      registerWithSharedResources(settings, p.siem, p.alerts, {
        accountId: p.accountId,
        construct: this,
        awsProvider: p.awsProvider,
      });
    } catch (e) {
      // A user's ownership verification or SIEM failed: take the claims and the construct back.
      release();
      scope.node.tryRemoveChild(id);
      throw e;
    }
  }

  /** Validates where the pipeline is defined and its props (schema and cross-prop rules). */
  private static parse(scope: Construct, id: string, props: LogpushPipelineProps): ParsedProps {
    checkScope('LogpushPipeline', scope, id);
    const subject = subjectOf('LogpushPipeline', id);
    const p = parseProps(subject, pipelineSchema(), props, pipelineIssues);
    // The user's text reaches the job as data: Terraform reads the filter and the name as written.
    return {
      ...p,
      ...(p.filter !== undefined
        ? { filter: terraformLiteralOrThrow(subject, 'filter', p.filter, { tokens: true }) }
        : {}),
      ...(p.name !== undefined
        ? { name: terraformLiteralOrThrow(subject, 'name', p.name, { tokens: true }) }
        : {}),
    };
  }

  /** The settings the bucket and the SIEM see: scope, dataset, the resolved field list, prefix. */
  private static resolveSettings(scope: Construct, id: string, p: ParsedProps): PipelineSettings {
    const scopeKind = scopeOf(p)!;
    return {
      path: scope.node.path ? `${scope.node.path}/${id}` : id,
      bucket: p.bucket,
      scope: scopeKind,
      dataset: p.dataset,
      fields: resolveFields(scopeKind, p.dataset, p.fields),
      prefix: p.prefix ?? p.bucket.defaultPrefix(p.dataset, (p.zoneId ?? p.accountId)!),
      ...resolveOutput(p),
    };
  }

  /** In a per-dataset bucket, the prefix must be `<prefixRoot>/<dataset>/<zone or account id>`. */
  private static checkPrefixLayout(id: string, p: ParsedProps, settings: PipelineSettings): void {
    const problem = p.bucket.prefixProblem(p.dataset, (p.zoneId ?? p.accountId)!, settings.prefix);
    if (problem !== undefined) {
      throw new LogpushValidationError(`LogpushPipeline '${id}'`, [
        {
          path: 'prefix',
          message: problem,
          value: settings.prefix,
          hasValue: true,
          code: PREFIX_LAYOUT_CODE,
        },
      ]);
    }
  }

  /** A SIEM that cannot read the pipeline's logs refuses it as a validation error of the pipeline. */
  private static checkSiem(id: string, p: ParsedProps, settings: PipelineSettings): void {
    const siemProblems = p.siem?.checkPipeline(settings) ?? [];
    if (siemProblems.length > 0) {
      throw new LogpushValidationError(
        `LogpushPipeline '${id}'`,
        siemProblems.map((message) => ({
          path: 'siem',
          message: `pipeline ${settings.path} (${p.dataset}): ${message}`,
          hasValue: false,
          code: 'SIEM_REFUSES_PIPELINE',
        })),
      );
    }
  }

  /**
   * The app-wide checks: a job slot on the zone (Cloudflare's limit, counted across every stack of
   * the app), the prefix in the bucket, and no stack dependency cycle. Claims nothing.
   */
  private static checkClaims(scope: Construct, id: string, p: ParsedProps, settings: PipelineSettings): void {
    const issues: PropIssue[] = appClaimIssues(scope, settings, p.zoneId);
    if (p.alerts) issues.push(...p.alerts._alerts._pipelineIssues(settings));
    const stack = TerraformStack.of(scope);
    const bucketStack = TerraformStack.of(p.bucket);
    if (stack !== bucketStack && bucketStack.dependsOn(stack)) {
      issues.push({
        path: 'bucket',
        message: `is in stack ${bucketStack.node.id}, which depends on this pipeline's stack ${stack.node.id}: the pipeline's stack must depend on the bucket's, and a cycle cannot be deployed`,
        value: p.bucket,
        hasValue: true,
        code: 'STACK_DEPENDENCY_CYCLE',
      });
    }
    if (issues.length > 0) throw new LogpushValidationError(subjectOf('LogpushPipeline', id), issues);
  }

  /** Claims the job slot and the prefix; returns the function that takes both back. */
  private claim(p: ParsedProps): () => void {
    return claimInApp(this, { ...this.settings, path: this.node.path }, p.zoneId);
  }

  /** Across stacks, this stack depends on the bucket's stack; returns whether they are the same. */
  private dependOnBucketStack(bucket: LogBucket): boolean {
    const stack = TerraformStack.of(this);
    const sameStack = stack === TerraformStack.of(bucket);
    if (!sameStack) stack.addDependency(TerraformStack.of(bucket));
    return sameStack;
  }

  /** The one `destination_conf` string of both the ownership challenge and the job. */
  private renderDestinationConf(p: ParsedProps): string {
    const bucket = p.bucket;
    return s3DestinationConf({
      bucket: bucket.bucketName,
      prefix: this.settings.prefix,
      region: bucket.region,
      dailySubfolders: dailySubfoldersOf(p),
      ...(bucket.requireEncryptionHeader ? { sse: 'AES256' as const } : {}),
    });
  }

  /** Defines the ownership verification and returns the token for the job. */
  private bindOwnership(p: ParsedProps): string {
    const ownership = p.ownership ?? OwnershipVerification.customResource();
    return ownership._bind(this, {
      bucket: p.bucket,
      prefix: this.settings.prefix,
      destinationConf: this.destinationConf,
      zoneId: p.zoneId,
      accountId: p.accountId,
      cloudflareProvider: p.cloudflareProvider,
      awsProvider: p.awsProvider,
    });
  }

  /** The `cloudflare_logpush_job` (id `Resource`). */
  private defineJob(p: ParsedProps, token: string, sameStack: boolean): LogpushJob {
    const settings = this.settings;
    return new LogpushJob(this, 'Resource', {
      provider: p.cloudflareProvider,
      zoneId: p.zoneId,
      accountId: p.accountId,
      dataset: p.dataset,
      destinationConf: this.destinationConf,
      enabled: enabledOf(p),
      name: p.name ?? defaultJobName(settings.prefix, (v) => Token.isUnresolved(v)),
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
      dependsOn: sameStack ? [p.bucket.policy] : undefined,
    });
  }
}

let cachedPipelineSchema: ReturnType<typeof buildPipelineSchema> | undefined;

/** LogpushPipelineProps' schema: the plain props plus the construct-typed ones, built on first use. */
function pipelineSchema(): ReturnType<typeof buildPipelineSchema> {
  cachedPipelineSchema ??= buildPipelineSchema();
  return cachedPipelineSchema;
}

function buildPipelineSchema() {
  const { pipelineBase, provider } = schemas();
  const bucket = logBucketSchema();
  const { z } = loadZod();
  return pipelineBase.extend({
    bucket,
    ownership: z
      .custom<OwnershipVerification>((v) => OwnershipVerification.isOwnershipVerification(v), {
        message: 'must be OwnershipVerification.customResource() or OwnershipVerification.fromToken(token)',
        params: { code: 'INVALID_TYPE' },
      })
      .optional(),
    siem: z
      .custom<ILogSiem>((v) => typeof (v as Partial<ILogSiem> | null)?.checkPipeline === 'function', {
        message: 'must be a SIEM log source such as a PantherLogSource',
        params: { code: 'INVALID_TYPE' },
      })
      .optional(),
    alerts: z
      .custom<IPipelineAlerts>(
        (v) => hasBrand('cdktf-logpush/LogpushAlerts')((v as Partial<IPipelineAlerts> | null)?._alerts),
        {
          message: 'must be a LogpushAlerts, or alerts.forPipeline({...})',
          params: { code: 'INVALID_TYPE' },
        },
      )
      .optional(),
    cloudflareProvider: provider,
    awsProvider: provider,
  });
}

/** The parsed props of a pipeline. */
type ParsedProps = ReturnType<ReturnType<typeof pipelineSchema>['parse']>;

/**
 * What a pipeline registers with the resources it shares (in its bucket's stack): Cloudflare's
 * writer grant, `s3:PutObject` on exactly `<prefix>/*` (on `<prefixRoot>/<dataset>/*` in a
 * per-dataset bucket: one grant for every zone), merged into the bucket policy; and its SIEM
 * entry. A fleet calls it for the pipelines of shards it does not define, so the foundation stack
 * is the same whichever shards an app synthesizes.
 *
 * @internal
 */
export function registerWithSharedResources(
  settings: PipelineSettings,
  siem?: ILogSiem,
  alerts?: IPipelineAlerts,
  pipeline: Omit<AlertedPipeline, 'settings' | 'siem'> = {},
): void {
  const bucket = settings.bucket;
  // The SIEM first: when it throws, the pipeline's constructor fails and no writer grant is left.
  siem?.addPipeline(settings);
  alerts?._alerts._addPipeline({ ...pipeline, settings, siem }, alerts._options);
  bucket.addToResourcePolicy(cloudflareWriteStatement(bucket.bucketName, bucket.grantPrefix(settings)));
}

/**
 * Claims what a pipeline that is planned but not defined in this synthesis (a fleet's pipeline of an
 * unselected shard) holds in the app: its job slot on the zone and its prefix (with its grant) in
 * the bucket, after the same checks a defined pipeline passes. So the app-wide checks hold
 * whichever shards are selected: a hand-written fifth job on that zone, or a pipeline on that
 * prefix, is refused as if every shard were defined.
 *
 * @internal
 */
export function claimUndefinedPipeline(scope: Construct, settings: PipelineSettings, zoneId?: string): void {
  const issues = appClaimIssues(scope, settings, zoneId);
  if (issues.length > 0) throw new LogpushValidationError(`LogpushPipeline '${settings.path}'`, issues);
  claimInApp(scope, settings, zoneId);
}

/**
 * What a pipeline claims in the app, checked: a job slot on its zone (Cloudflare's limit, counted
 * across every stack of the app) and its prefix with its grant in the bucket. The rules are the
 * model's (src/model/limits.ts, src/model/claims.ts). Claims nothing.
 */
function appClaimIssues(scope: Construct, settings: PipelineSettings, zoneId?: string): PropIssue[] {
  const issues: PropIssue[] = [];
  if (zoneId !== undefined && !Token.isUnresolved(zoneId)) {
    const zone = AppRegistry.zoneJobIssue(scope, zoneId);
    if (zone) issues.push(zone);
  }
  const prefix = settings.bucket._prefixIssue(settings.prefix, settings.bucket.grantPrefix(settings));
  if (prefix) issues.push(prefix);
  return issues;
}

/** Claims what {@link appClaimIssues} checked; returns the function that takes both claims back. */
function claimInApp(scope: Construct, settings: PipelineSettings, zoneId?: string): () => void {
  const releaseZone =
    zoneId !== undefined && !Token.isUnresolved(zoneId)
      ? AppRegistry.of(scope).claimZoneJob(zoneId, settings.path)
      : () => undefined;
  const releasePrefix = settings.bucket._claimPrefix(
    settings.prefix,
    settings.path,
    settings.bucket.grantPrefix(settings),
  );
  return () => {
    releaseZone();
    releasePrefix();
  };
}

/* Compile-time link between the props interface and its schema (see src/type-checks.ts). */
export type _PipelinePropsMatchSchema = Assert<
  SameShape<LogpushPipelineProps, z.input<ReturnType<typeof pipelineSchema>>>
>;
