/**
 * A pipeline's settings with their defaults, decided once: LogpushPipeline, the fleet's pipelines of
 * unselected shards and CisLogpushPipeline resolve what a user left out here.
 */
import { allFields, cisAllFields, type Scope } from '../datasets';

/** What a Cloudflare (or CIS) pipeline uses when a setting is left out. */
export const PIPELINE_DEFAULTS = {
  /** Write into `<prefix>/{DATE}/`. */
  dailySubfolders: true,
  /** RFC 3339 timestamps. */
  timestampFormat: 'rfc3339',
  /** Newline-delimited JSON. */
  outputType: 'ndjson',
  /** The job runs. */
  enabled: true,
} as const;

/** The settings a pipeline may leave out, as given. */
export interface PipelineOptionsInput {
  readonly dailySubfolders?: boolean;
  readonly timestampFormat?: 'rfc3339' | 'unix' | 'unixnano';
  readonly outputType?: 'ndjson' | 'csv';
  readonly enabled?: boolean;
}

/** The output settings the bucket, the SIEM and the job see. */
export interface ResolvedOutput {
  readonly outputType: NonNullable<PipelineOptionsInput['outputType']>;
  readonly timestampFormat: NonNullable<PipelineOptionsInput['timestampFormat']>;
}

/** The output settings with the defaults filled in. */
export function resolveOutput(
  p: Pick<PipelineOptionsInput, 'outputType' | 'timestampFormat'>,
): ResolvedOutput {
  return {
    outputType: p.outputType ?? PIPELINE_DEFAULTS.outputType,
    timestampFormat: p.timestampFormat ?? PIPELINE_DEFAULTS.timestampFormat,
  };
}

/** Whether the job writes into daily subfolders (the default: yes). */
export const dailySubfoldersOf = (p: Pick<PipelineOptionsInput, 'dailySubfolders'>): boolean =>
  p.dailySubfolders ?? PIPELINE_DEFAULTS.dailySubfolders;

/** Whether the job is enabled (the default: yes). */
export const enabledOf = (p: Pick<PipelineOptionsInput, 'enabled'>): boolean =>
  p.enabled ?? PIPELINE_DEFAULTS.enabled;

/**
 * The job name when none is given: the prefix with `/` as `.` and `_` as `-`
 * (`cloudflare/http_requests` -> `cloudflare.http-requests`; Cloudflare allows `[a-zA-Z0-9.-]`),
 * at most 512 characters; `logpush` for a prefix only known at apply time (a Terraform token, told
 * by `isToken`: the constructs pass cdktf's `Token.isUnresolved`).
 */
export function defaultJobName(prefix: string, isToken: (value: string) => boolean = () => false): string {
  if (isToken(prefix)) return 'logpush';
  return prefix
    .replace(/\//g, '.')
    .replace(/_/g, '-')
    .replace(/[^a-zA-Z0-9.-]/g, '')
    .slice(0, 512);
}

/** The fields a Cloudflare pipeline pushes: the dataset's whole catalogue for `'all'` or none given. */
export function resolveFields(
  scope: Scope,
  dataset: string,
  fields: 'all' | readonly string[] | undefined,
): readonly string[] {
  return fields === undefined || fields === 'all' ? allFields(scope, dataset) : fields;
}

/** The fields a CIS pipeline pushes: the dataset's whole catalogue for `'all'` or none given. */
export function resolveCisFields(
  dataset: string,
  fields: 'all' | readonly string[] | undefined,
): readonly string[] {
  return fields === undefined || fields === 'all' ? cisAllFields(dataset) : fields;
}
