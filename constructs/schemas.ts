import { TerraformStack, Token, type TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { describeValue, LogpushValidationError, type PropIssue } from '../src/errors';
import type { CisSchemas } from '../src/cis';
import { createSchemas, loadZod } from '../src/schema';
import { INVALID_TERRAFORM_NAME_CODE, logicalIdProblem } from '../src/terraform-names';
import type { Assert, SameShape } from '../src/type-checks';
import type { z } from 'zod';
import type { CisLogpushPipelineProps } from './cis-logpush-pipeline';
import type { CosLogBucketProps } from './cos-log-bucket';
import type { LogBucket, LogBucketProps } from './log-bucket';
import type { IPipelineAlerts, LogpushAlertsProps, PipelineAlertOptions } from './logpush-alerts';
import type { LogpushPipelineProps } from './logpush-pipeline';
import type { OwnershipTokenReaderProps, OwnershipVerification } from './ownership-verification';
import type { PantherLogSourceProps } from './panther-log-source';
import type { ILogSiem } from './siem';

/** Brand check that works across copies of this package (no instanceof). */
const hasBrand = (brand: string) => (v: unknown) =>
  typeof v === 'object' && v !== null && Symbol.for(brand) in v;

function build() {
  const base = createSchemas((v) => Token.isUnresolved(v));
  const { z } = loadZod();
  const bucket = z.custom<LogBucket>(hasBrand('cdktf-logpush/LogBucket'), { message: 'must be a LogBucket' });
  const provider = z.custom<TerraformProvider>((v) => typeof v === 'object' && v !== null).optional();
  return {
    ...base,
    /** LogpushPipelineProps: the plain props plus the construct-typed ones. */
    pipelineProps: base.pipelineBase.extend({
      bucket,
      ownership: z
        .custom<OwnershipVerification>(
          (v) => typeof (v as { _bind?: unknown } | null)?._bind === 'function',
          {
            message:
              'must be OwnershipVerification.customResource() or OwnershipVerification.fromToken(token)',
          },
        )
        .optional(),
      siem: z
        .custom<ILogSiem>((v) => typeof (v as Partial<ILogSiem> | null)?.checkPipeline === 'function', {
          message: 'must be a SIEM log source such as a PantherLogSource',
        })
        .optional(),
      alerts: z
        .custom<IPipelineAlerts>(
          (v) => hasBrand('cdktf-logpush/LogpushAlerts')((v as Partial<IPipelineAlerts> | null)?._alerts),
          { message: 'must be a LogpushAlerts, or alerts.forPipeline({...})' },
        )
        .optional(),
      cloudflareProvider: provider,
      awsProvider: provider,
    }),
    /** LogpushAlertsProps. */
    alertsProps: base.alerts.extend({ awsProvider: provider, cloudflareProvider: provider }),
    /** LogBucketProps: the plain props plus the provider and the access logs target. */
    bucketProps: base.logBucket.extend({ provider, serverAccessLogsBucket: bucket.optional() }),
    /** OwnershipTokenReaderProps. */
    tokenReaderProps: base.tokenReader.extend({ bucket, provider }),
    /** PantherLogSourceProps. */
    pantherProps: base.pantherSource.extend({ bucket, provider, pantherProvider: provider }),
  };
}

/**
 * The problems with where a construct is defined: `scope` must be a construct inside a
 * TerraformStack, `id` a non-empty string without '/' that no sibling has. Checked before anything
 * is defined, so constructs' and cdktf's own errors (plain `Error`s, or a TypeError for a non-string
 * id) never reach the user.
 */
export function scopeIssues(scope: unknown, id: unknown): PropIssue[] {
  if (!Construct.isConstruct(scope)) {
    return [
      { path: 'scope', message: 'must be a construct inside a TerraformStack', value: scope, hasValue: true },
    ];
  }
  if (typeof id !== 'string' || id.length === 0 || id.includes('/')) {
    return [{ path: 'id', message: "must be a non-empty string without '/'", value: id, hasValue: true }];
  }
  const issues: PropIssue[] = [];
  if (scope.node.tryFindChild(id) !== undefined) {
    issues.push({
      path: 'id',
      message: `${scope.node.path || 'the app'} already has a construct with this id`,
      value: id,
      hasValue: true,
    });
  }
  const stackIndex = scope.node.scopes.findIndex((c) => TerraformStack.isStack(c));
  if (stackIndex < 0) {
    issues.push({
      path: 'scope',
      message: 'must be a TerraformStack or a construct inside one',
      value: scope,
      hasValue: true,
    });
  } else {
    issues.push(...terraformNameIssues(scope, stackIndex, id));
  }
  return issues;
}

/**
 * The ids below the stack name every Terraform resource the construct defines (cdktf's logical
 * ids): refused when those names would be invalid (see src/terraform-names.ts).
 */
function terraformNameIssues(scope: Construct, stackIndex: number, id: string): PropIssue[] {
  const below = scope.node.scopes.slice(stackIndex + 1);
  const problem = logicalIdProblem([...below.map((c) => c.node.id), id]);
  if (problem === undefined) return [];
  const own = problem.index === below.length;
  return [
    {
      path: own ? 'id' : 'scope',
      message: own ? problem.message : `the construct ${below[problem.index]!.node.path} ${problem.message}`,
      value: own ? id : problem.id,
      hasValue: true,
      code: INVALID_TERRAFORM_NAME_CODE,
    },
  ];
}

/** How a construct is named in messages: `LogBucket 'logs'`. */
export const subjectOf = (kind: string, id: unknown): string =>
  `${kind} '${typeof id === 'string' ? id : describeValue(id)}'`;

/** The construct path a construct `id` defined in `scope` will have (`app/stack/logs`). */
export function constructPathOf(scope: unknown, id: unknown): string {
  const name = typeof id === 'string' ? id : describeValue(id);
  const parent = (scope as { node?: { path?: unknown } } | undefined)?.node?.path;
  return typeof parent === 'string' && parent !== '' ? `${parent}/${name}` : name;
}

/** Throws one {@link LogpushValidationError} for the problems with `scope` and `id`, if any. */
export function checkScope(kind: string, scope: unknown, id: unknown): void {
  const issues = scopeIssues(scope, id);
  if (issues.length > 0) {
    throw new LogpushValidationError(subjectOf(kind, id), issues, {
      constructPath: constructPathOf(scope, id),
    });
  }
}

/**
 * Runs a construct's validation: the {@link LogpushValidationError} it throws carries the path of the
 * construct being defined (`constructPath`), so each construct names its path the same way.
 */
export function validating<T>(scope: unknown, id: unknown, validate: () => T): T {
  try {
    return validate();
  } catch (e) {
    if (LogpushValidationError.isLogpushValidationError(e) && e.constructPath === undefined) {
      Object.defineProperty(e, 'constructPath', { value: constructPathOf(scope, id), enumerable: true });
    }
    throw e;
  }
}

let cached: ReturnType<typeof build> | undefined;

/** The zod schemas with cdktf's token predicate, built on first use. */
export function schemas(): ReturnType<typeof build> {
  cached ??= build();
  return cached;
}

/* Compile-time link between the props interfaces and their schemas (see src/type-checks.ts). */
type Schemas = ReturnType<typeof build>;
type Input<K extends keyof Schemas> = z.input<Schemas[K]>;

export type _PipelinePropsMatchSchema = Assert<SameShape<LogpushPipelineProps, Input<'pipelineProps'>>>;
export type _AlertsPropsMatchSchema = Assert<SameShape<LogpushAlertsProps, Input<'alertsProps'>>>;
export type _PipelineAlertOptionsMatchSchema = Assert<
  SameShape<PipelineAlertOptions, Input<'pipelineAlertOptions'>>
>;
export type _BucketPropsMatchSchema = Assert<SameShape<LogBucketProps, Input<'bucketProps'>>>;
export type _PantherPropsMatchSchema = Assert<SameShape<PantherLogSourceProps, Input<'pantherProps'>>>;
export type _TokenReaderPropsMatchSchema = Assert<
  SameShape<OwnershipTokenReaderProps, Input<'tokenReaderProps'>>
>;

// The IBM constructs: their construct-typed props are checked apart from the schemas of the plain ones.
export type _CisPipelinePropsMatchSchema = Assert<
  SameShape<
    Omit<CisLogpushPipelineProps, 'bucket' | 'ownership' | 'ibmProvider'>,
    z.input<CisSchemas['cisPipelineBase']>
  >
>;
export type _CosBucketPropsMatchSchema = Assert<
  SameShape<
    Omit<CosLogBucketProps, 'ibmProvider' | 'grantCisWriter' | 'inviteCisWriter'>,
    z.input<CisSchemas['cosLogBucket']>
  >
>;
