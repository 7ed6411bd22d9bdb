/**
 * zod schemas for every public input. They describe the plain-data part of the props; the construct
 * layer adds the construct-typed props (bucket, ownership, siem) with its own brand checks.
 *
 * Terraform tokens are not checked by value: the schemas are built by {@link createSchemas} with the
 * predicate that tells a token (`Token.isUnresolved` in the construct layer), so this module never
 * imports cdktf.
 */
import type { z } from 'zod';
import {
  allFields,
  closestNames,
  datasetsOf,
  findField,
  isDataset,
  PROVIDER_DATASETS,
  scopesOf,
  type Scope,
} from './datasets';
import { FRESHNESS_MINUTES, SIEM_NO_DATA_MINUTES } from './alerts';
import { GRANT_LAYOUTS } from './model/layout';
import { DEFAULT_ISSUE_CODE, LogpushValidationError, type PropIssue } from './errors';
import type { IssueCode } from './error-codes';
import { NAMES, prefixProblem, type NameKind } from './names';
import { unresolvedGrantIssue, UNRESOLVED_GRANT_VALUE } from './terraform-literal';

/** Tells whether a value is an unresolved Terraform token. */
export type TokenPredicate = (value: unknown) => boolean;

/**
 * The configurations of an S3 bucket that LogBucket defines as their own Terraform resources (AWS
 * keeps one of each per bucket), as named in `LogBucketProps.adopt.importConfigurations`.
 */
export const BUCKET_CONFIGURATIONS = [
  'publicAccessBlock',
  'ownershipControls',
  'encryption',
  'versioning',
  'lifecycle',
  'policy',
  'notification',
] as const;

/** What S3 gives every bucket created since April 2023: imported by default when adopting one. */
export const DEFAULT_ADOPTED_CONFIGURATIONS = [
  'publicAccessBlock',
  'ownershipControls',
  'encryption',
] as const;

/** The cross-prop rules of a bucket: adopting one needs its name. */
export function logBucketIssues(p: { bucketName?: string; adopt?: object }): PropIssue[] {
  if (p.adopt === undefined || p.bucketName !== undefined) return [];
  return [
    {
      path: 'bucketName',
      message: 'is required with adopt: the name of the existing bucket, which every import block names',
      hasValue: false,
      code: 'MISSING_PROP',
    },
  ];
}

/** Timestamp formats Cloudflare provider 5.14 accepts in `output_options.timestamp_format`. */
export const TIMESTAMP_FORMATS = ['rfc3339', 'unix', 'unixnano'] as const;
/** Output types of `output_options.output_type`. */
export const OUTPUT_TYPES = ['ndjson', 'csv'] as const;

/** Cloudflare's ranges for the upload batching knobs (0 means "Cloudflare's default"). */
export const UPLOAD_RANGES = {
  maxUploadBytes: [5_000_000, 1_000_000_000],
  maxUploadIntervalSeconds: [30, 300],
  maxUploadRecords: [1_000, 1_000_000],
} as const;

/**
 * zod, loaded on first use rather than at import: it is most of what importing this package would
 * otherwise cost (about 50 ms), and a program that defines no construct never needs it.
 */
export function loadZod(): typeof import('zod') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('zod') as typeof import('zod');
}

/** Builds every schema once for a token predicate. */
export function createSchemas(isToken: TokenPredicate) {
  const { z } = loadZod();
  /** A string that passes `test` (or is a token); refused with `code` (docs/errors.md). */
  const tokenOr = (test: (v: string) => boolean, message: string, code: IssueCode = 'INVALID_FORMAT') =>
    z.string().refine((v) => isToken(v) || test(v), { message, params: { code } });

  const cloudflareId = (what: string) =>
    tokenOr(NAMES.cloudflareId.test, `must be a Cloudflare ${what} id: 32 lowercase hex characters`);
  /** A name checked against its allow-list in src/names.ts. */
  const named = (kind: NameKind) => tokenOr(NAMES[kind].test, `must be ${NAMES[kind].allowed}`);
  /**
   * A value that reaches a grant (a bucket policy, an IAM policy): it must be known at synth, so
   * that the allow-list can check it; a token is refused (code UNRESOLVED_GRANT_VALUE).
   */
  const grantValue = (problemOf: (v: string) => string | undefined, code: IssueCode) =>
    z.string().superRefine((v, ctx) => {
      if (isToken(v)) {
        const issue = unresolvedGrantIssue('', v);
        ctx.addIssue({
          code: 'custom',
          message: issue.message,
          input: v,
          params: { code: UNRESOLVED_GRANT_VALUE },
        });
        return;
      }
      const problem = problemOf(v);
      if (problem !== undefined) {
        ctx.addIssue({ code: 'custom', message: problem, input: v, params: { code } });
      }
    });
  /** A key prefix: the message says what exactly is wrong with it. It reaches the writer's grant. */
  const keyPrefix = grantValue(prefixProblem, 'INVALID_PREFIX');

  const uploadKnob = (name: keyof typeof UPLOAD_RANGES) => {
    const [min, max] = UPLOAD_RANGES[name];
    return z.number().refine((v) => isToken(v) || v === 0 || (Number.isInteger(v) && v >= min && v <= max), {
      message: `must be 0 (Cloudflare's default) or an integer from ${min} to ${max}`,
      params: { code: 'OUT_OF_RANGE' },
    });
  };

  const logBucket = z.strictObject({
    // In every grant's ARN: known at synth.
    bucketName: grantValue(
      (v) => (NAMES.bucketName.test(v) ? undefined : `must be ${NAMES.bucketName.allowed}`),
      'INVALID_FORMAT',
    ).optional(),
    region: named('awsRegion').optional(),
    retentionDays: z
      .number()
      .refine((v) => isToken(v) || (Number.isInteger(v) && v >= 1), {
        message: 'must be a whole number of days, at least 1',
        params: { code: 'OUT_OF_RANGE' },
      })
      .optional(),
    abortIncompleteMultipartUploadDays: z
      .number()
      .refine((v) => isToken(v) || (Number.isInteger(v) && v >= 1), {
        message: 'must be a whole number of days, at least 1',
        params: { code: 'OUT_OF_RANGE' },
      })
      .optional(),
    noncurrentVersionRetentionDays: z
      .number()
      .refine((v) => isToken(v) || (Number.isInteger(v) && v >= 1), {
        message: 'must be a whole number of days, at least 1',
        params: { code: 'OUT_OF_RANGE' },
      })
      .optional(),
    requireEncryptionHeader: z.boolean().optional(),
    retainOnDestroy: z.boolean().optional(),
    tags: z.record(z.string(), z.string()).optional(),
    adopt: z
      .strictObject({
        acknowledgeExistingPolicyReplaced: z.boolean().refine((v) => v, {
          message:
            "must be true to adopt an existing bucket: the stack replaces the bucket's whole policy (AWS keeps one per bucket); pass every statement you keep through addToResourcePolicy first",
          params: { code: 'NOT_ACKNOWLEDGED' },
        }),
        importConfigurations: z
          .array(
            z.string().refine((v) => (BUCKET_CONFIGURATIONS as readonly string[]).includes(v), {
              message: `must be one of ${BUCKET_CONFIGURATIONS.join(', ')}`,
              params: { code: 'NOT_ONE_OF' },
            }),
          )
          .optional(),
      })
      .optional(),
    serverAccessLogsPrefix: grantValue(
      (v) =>
        v.endsWith('/')
          ? prefixProblem(v.slice(0, -1))
          : 'must end with "/": S3 names access log objects <prefix><date>-<id>, and the grant covers <prefix>*',
      'INVALID_PREFIX',
    ).optional(),
    grants: z.enum(GRANT_LAYOUTS).optional(),
    // A literal: every pipeline prefix of the bucket is checked against it (a token never passes).
    prefixRoot: z
      .string()
      .superRefine((v, ctx) => {
        const problem = prefixProblem(v);
        if (problem !== undefined) {
          ctx.addIssue({ code: 'custom', message: problem, input: v, params: { code: 'INVALID_PREFIX' } });
        }
      })
      .optional(),
  });

  const pipelineBase = z.strictObject({
    zoneId: cloudflareId('zone').optional(),
    accountId: cloudflareId('account').optional(),
    dataset: z.string(),
    fields: z
      .union(
        [
          z.literal('all'),
          z.array(z.string()).min(1, { message: "must list at least one field, or be 'all'" }),
        ],
        {
          error: "must be 'all' or a list of field names",
        },
      )
      .optional(),
    prefix: keyPrefix.optional(),
    dailySubfolders: z.boolean().optional(),
    timestampFormat: z.enum(TIMESTAMP_FORMATS).optional(),
    outputType: z.enum(OUTPUT_TYPES).optional(),
    filter: tokenOr(
      isFilterJson,
      'must be a Logpush filter as JSON text, e.g. {"where":{"key":"ClientRequestHost","operator":"eq","value":"example.com"}}',
    ).optional(),
    sampleRate: z
      .number()
      .refine((v) => isToken(v) || (v > 0 && v <= 1), {
        message: 'must be greater than 0 and at most 1',
        params: { code: 'OUT_OF_RANGE' },
      })
      .optional(),
    maxUploadBytes: uploadKnob('maxUploadBytes').optional(),
    maxUploadIntervalSeconds: uploadKnob('maxUploadIntervalSeconds').optional(),
    maxUploadRecords: uploadKnob('maxUploadRecords').optional(),
    enabled: z.boolean().optional(),
    name: named('logpushJobName').optional(),
  });

  const awsAccountId = named('awsAccountId');

  const pantherSource = z.strictObject({
    name: named('pantherSourceName'),
    pantherAwsAccountId: awsAccountId,
    awsAccountId: awsAccountId.optional(),
    pantherRegion: named('awsRegion').optional(),
    roleName: named('iamRoleName').optional(),
    notifications: z.enum(['self-managed', 'panther-managed']).optional(),
    registerSource: z.boolean().optional(),
  });

  const tokenReader = z.strictObject({
    prefix: keyPrefix,
    destinationConf: z
      .string()
      .min(1, { message: 'must be the destination_conf the challenge was requested for' }),
    filename: z.string().optional(),
    keepChallengeFile: z.boolean().optional(),
  });

  // A literal, never a token: the library compares windows and computes the alarm period from it.
  const minutes = (bounds: { min: number; max: number }, step = 1) =>
    z
      .number()
      .refine(
        (v) => !isToken(v) && Number.isInteger(v) && v >= bounds.min && v <= bounds.max && v % step === 0,
        {
          message: `must be a literal whole number of minutes from ${bounds.min} to ${bounds.max}${step > 1 ? `, a multiple of ${step}` : ''}`,
          params: { code: 'OUT_OF_RANGE' },
        },
      );
  const alertMinutes = {
    siemNoDataMinutes: minutes(SIEM_NO_DATA_MINUTES),
    freshnessMinutes: minutes(FRESHNESS_MINUTES, 5),
  };
  const alerts = z.strictObject({
    cloudflareAccountIds: z.array(cloudflareId('account')).optional(),
    emails: z.array(named('emailAddress')).optional(),
    webhookIds: z.array(named('cloudflareDestinationId')).optional(),
    pagerDutyIds: z.array(named('cloudflareDestinationId')).optional(),
    siemNoDataAlarm: z.boolean().optional(),
    siemNoDataMinutes: alertMinutes.siemNoDataMinutes.optional(),
    freshnessAlarms: z.boolean().optional(),
    freshnessMinutes: alertMinutes.freshnessMinutes.optional(),
    topicArn: named('snsTopicArn').optional(),
  });
  /** What one pipeline (a fleet zone) may set apart from its alerts' defaults. */
  const pipelineAlertOptions = z.strictObject({
    cloudflareAccountId: cloudflareId('account').optional(),
    freshnessMinutes: alertMinutes.freshnessMinutes.optional(),
  });

  return { logBucket, pipelineBase, pantherSource, tokenReader, alerts, pipelineAlertOptions };
}

export type Schemas = ReturnType<typeof createSchemas>;
export type PipelineInput = z.infer<Schemas['pipelineBase']>;

function isFilterJson(v: string): boolean {
  try {
    const parsed: unknown = JSON.parse(v);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && 'where' in parsed;
  } catch {
    return false;
  }
}

/** The scope a pipeline's props select, or undefined when they set both or neither id. */
export function scopeOf(p: { zoneId?: string; accountId?: string }): Scope | undefined {
  if ((p.zoneId === undefined) === (p.accountId === undefined)) return undefined;
  return p.zoneId !== undefined ? 'zone' : 'account';
}

/**
 * The cross-prop rules of a pipeline: exactly one of zoneId/accountId, a dataset of that scope that
 * the pinned provider accepts, and fields from that dataset's catalogue.
 */
export function pipelineIssues(p: PipelineInput): PropIssue[] {
  const issues: PropIssue[] = [];
  const scope = scopeOf(p);
  if (scope === undefined) {
    const both = p.zoneId !== undefined;
    issues.push({
      path: both ? 'zoneId' : '',
      message: both
        ? 'set exactly one of zoneId (zone datasets) or accountId (account datasets), not both'
        : 'set exactly one of zoneId (zone datasets) or accountId (account datasets)',
      hasValue: false,
      code: 'SCOPE_NOT_EXACTLY_ONE',
    });
    return issues;
  }
  if (!isDataset(scope, p.dataset)) {
    const other = scopesOf(p.dataset);
    const message =
      other.length > 0
        ? `"${p.dataset}" is an ${other[0]} dataset: set ${other[0]}Id instead of ${scope}Id`
        : `unknown ${scope} dataset; ${scope} datasets are: ${datasetsOf(scope).join(', ')}`;
    issues.push({
      path: 'dataset',
      message,
      value: p.dataset,
      hasValue: true,
      code: other.length > 0 ? 'DATASET_SCOPE_MISMATCH' : 'NOT_IN_CATALOGUE',
    });
    return issues;
  }
  if (!PROVIDER_DATASETS.has(p.dataset)) {
    issues.push({
      path: 'dataset',
      message:
        'Cloudflare lists this dataset, but the pinned cloudflare provider 5.14.0 (@cdktf/provider-cloudflare 13.9.1) rejects it in cloudflare_logpush_job.dataset',
      value: p.dataset,
      hasValue: true,
      code: 'DATASET_NOT_IN_PROVIDER',
    });
  }
  if (Array.isArray(p.fields)) {
    issues.push(
      ...fieldListIssues(
        p.fields,
        (field) => findField(scope, p.dataset, field) !== undefined,
        allFields(scope, p.dataset),
        `${scope} dataset ${p.dataset}`,
      ),
    );
  }
  return issues;
}

/**
 * The problems of a field list: a field listed twice, or one the dataset does not have (with the
 * closest names it has).
 *
 * @param known every field of the dataset, for the closest names
 * @param dataset how messages name the dataset, e.g. `zone dataset http_requests`
 */
export function fieldListIssues(
  fields: readonly string[],
  isField: (field: string) => boolean,
  known: readonly string[],
  dataset: string,
): PropIssue[] {
  const issues: PropIssue[] = [];
  const seen = new Set<string>();
  fields.forEach((field, i) => {
    if (seen.has(field)) {
      issues.push({
        path: `fields.${i}`,
        message: 'is listed twice',
        value: field,
        hasValue: true,
        code: 'DUPLICATE_ITEM',
      });
    }
    seen.add(field);
    if (!isField(field)) {
      const near = closestNames(field, known);
      issues.push({
        path: `fields.${i}`,
        message: `unknown field of ${dataset}; closest known: ${near.join(', ')}`,
        value: field,
        hasValue: true,
        code: 'NOT_IN_CATALOGUE',
      });
    }
  });
  return issues;
}

/**
 * The code of a zod issue (docs/errors.md): the check's own code when it names one (`params.code`),
 * else the code of the issue's kind: a small vocabulary shared by every schema.
 */
export function zodIssueCode(issue: z.core.$ZodIssue, value: unknown): string {
  const own = (issue as { params?: { code?: unknown } }).params?.code;
  if (typeof own === 'string') return own;
  // Whatever the check, nothing given where something is required is a missing prop.
  if (value === undefined && issue.code !== 'unrecognized_keys' && issue.code !== 'custom') {
    return 'MISSING_PROP';
  }
  switch (issue.code) {
    case 'unrecognized_keys':
      return 'UNKNOWN_PROP';
    case 'invalid_type':
      return 'INVALID_TYPE';
    case 'invalid_union':
      return 'INVALID_TYPE';
    case 'invalid_value':
      return 'NOT_ONE_OF';
    case 'too_small':
    case 'too_big':
      return issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint'
        ? 'OUT_OF_RANGE'
        : 'INVALID_LENGTH';
    case 'invalid_format':
      return 'INVALID_FORMAT';
    default:
      return DEFAULT_ISSUE_CODE;
  }
}

/** Converts zod issues to prop issues, reading each bad value from the input by its path. */
export function zodIssues(error: z.ZodError, input: unknown): PropIssue[] {
  return error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return {
        path: issue.path.join('.'),
        message: `unknown prop${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`,
        hasValue: false,
        code: zodIssueCode(issue, undefined),
      };
    }
    let value: unknown = input;
    for (const key of issue.path) value = (value as Record<PropertyKey, unknown> | undefined)?.[key];
    return {
      path: issue.path.join('.'),
      message: lowerFirst(issue.message),
      value,
      hasValue: true,
      code: zodIssueCode(issue, value),
    };
  });
}

const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);

/**
 * Parses props with a schema plus extra rules; throws one {@link LogpushValidationError} listing
 * every problem, or returns the parsed value.
 */
export function parseProps<S extends z.ZodType>(
  subject: string,
  schema: S,
  input: unknown,
  rules: (parsed: z.infer<S>) => PropIssue[] = () => [],
): z.infer<S> {
  const result = schema.safeParse(input);
  const issues = result.success ? rules(result.data) : zodIssues(result.error, input);
  if (issues.length > 0) throw new LogpushValidationError(subject, issues);
  return result.data as z.infer<S>;
}
