/**
 * What state a running Logpush pipeline is in, from its job's fields: the one owner of that rule
 * (the `status` command, its GraphQL shortcut and the docs all use it). Framework-free.
 *
 * Job fields (Cloudflare Logpush API, `LogpushJob` in cloudflare/cloudflare-typescript
 * `src/resources/logpush/jobs.ts` at 0396275041; DOMAIN.md §11):
 * - `enabled`: false once the owner or Cloudflare turned it off (Cloudflare disables a job that keeps
 *   failing: cloudflare-docs#3349);
 * - `last_complete`: the end of the last successfully pushed range, null before the first push;
 * - `last_error`: "if not null, the job is currently failing"; `error_message` says why.
 */

/** The states, in the order a report lists its counts. */
export const PIPELINE_STATES = ['ok', 'failing', 'stale', 'disabled', 'missing', 'unknown'] as const;
export type PipelineState = (typeof PIPELINE_STATES)[number];

/** What the default staleness window is, minutes (`--stale-after`). */
export const DEFAULT_STALE_AFTER_MINUTES = 60;

/** The health fields of a job (REST names). */
export interface JobHealthFields {
  readonly id: number;
  readonly dataset?: string | null;
  readonly destination_conf?: string;
  readonly enabled?: boolean;
  readonly last_complete?: string | null;
  readonly last_error?: string | null;
  readonly error_message?: string | null;
}

/** The part of a `destination_conf` that names where logs go: everything before `?`. */
export function destinationKey(destinationConf: string): string {
  const q = destinationConf.indexOf('?');
  return q === -1 ? destinationConf : destinationConf.slice(0, q);
}

/** A destination that is not known before apply (a Terraform reference): matched by dataset only. */
export function isUnresolvedDestination(destination: string | undefined): boolean {
  return destination === undefined || destination.includes('${');
}

/**
 * The job of a pipeline among its zone's or account's jobs: same dataset and same destination
 * (before `?`). With an unresolved destination, the only job of that dataset, if exactly one.
 */
export function matchJob<J extends JobHealthFields>(
  pipeline: { readonly dataset: string; readonly destination?: string },
  jobs: readonly J[],
): J | undefined {
  const sameDataset = jobs.filter((j) => j.dataset === pipeline.dataset);
  if (isUnresolvedDestination(pipeline.destination)) {
    return sameDataset.length === 1 ? sameDataset[0] : undefined;
  }
  const key = destinationKey(pipeline.destination!);
  return sameDataset.find(
    (j) => j.destination_conf !== undefined && destinationKey(j.destination_conf) === key,
  );
}

/**
 * The state of a pipeline whose job is `job` (undefined: none matched), at `now`:
 * `missing` (no job), `disabled` (`enabled` false), `failing` (`last_error` set and not older than
 * `last_complete`), `stale` (no `last_complete` within `staleAfterMinutes`), else `ok`.
 */
export function classifyJob(
  job: JobHealthFields | undefined,
  now: Date,
  staleAfterMinutes: number,
): Exclude<PipelineState, 'unknown'> {
  if (!job) return 'missing';
  if (job.enabled === false) return 'disabled';
  const lastError = job.last_error ? Date.parse(job.last_error) : undefined;
  const lastComplete = job.last_complete ? Date.parse(job.last_complete) : undefined;
  if (lastError !== undefined && (lastComplete === undefined || !(lastError < lastComplete))) {
    return 'failing';
  }
  if (lastComplete === undefined || now.getTime() - lastComplete > staleAfterMinutes * 60_000) return 'stale';
  return 'ok';
}

/** Staleness windows: a default and per-dataset overrides, minutes. */
export interface StaleAfter {
  readonly defaultMinutes: number;
  readonly perDataset: ReadonlyMap<string, number>;
}

/** The window of one dataset. */
export function staleAfterFor(s: StaleAfter, dataset: string): number {
  return s.perDataset.get(dataset) ?? s.defaultMinutes;
}

/** Per-minute health rows of one job (GraphQL `logpushHealthAdaptiveGroups`, dimensions jobId/status/datetimeMinute). */
export interface HealthRow {
  readonly jobId: number;
  readonly status: number;
  readonly datetimeMinute: string;
}

/**
 * Whether the GraphQL health rows alone show a job `ok` within its window: a successful push
 * (status 200) in the window and no failed push at or after the last success. Anything else is
 * left to the REST job fields (the reference for every state). Returns the minute of the last
 * successful push when ok.
 */
export function okFromHealthRows(
  jobId: number,
  rows: readonly HealthRow[],
  now: Date,
  staleAfterMinutes: number,
): { lastSuccess: string } | undefined {
  const since = now.getTime() - staleAfterMinutes * 60_000;
  let lastOk: number | undefined;
  let lastFail: number | undefined;
  for (const r of rows) {
    if (r.jobId !== jobId) continue;
    const t = Date.parse(r.datetimeMinute);
    if (Number.isNaN(t) || t < since) continue;
    if (r.status === 200) lastOk = Math.max(lastOk ?? t, t);
    else lastFail = Math.max(lastFail ?? t, t);
  }
  if (lastOk === undefined || (lastFail !== undefined && lastFail >= lastOk)) return undefined;
  return { lastSuccess: new Date(lastOk).toISOString() };
}
