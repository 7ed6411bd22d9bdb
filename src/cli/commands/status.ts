/**
 * `cdktf-logpush status <cdktf.out | logpush.yaml>`: is every declared pipeline delivering? Reads the
 * pipelines a synthesized output or a fleet file declares, asks the Cloudflare API (and the IBM CIS
 * API for `ibm_cis_logpush_job`s) for the jobs of each zone and account, matches each pipeline to
 * its job by dataset and destination (the `destination_conf` before `?`) and reports `ok`,
 * `failing`, `stale`, `disabled`, `missing` or `unknown` (rules: src/pipeline-health.ts).
 *
 * Calls: one REST list per zone or account (`GET /{zones|accounts}/{id}/logpush/jobs`; the list does
 * not page, but `result_info` pages are followed if present). With `--job-cache`, zones whose jobs
 * are known from an earlier run are asked through GraphQL (`logpushHealthAdaptiveGroups`, up to 10
 * zones per query: cloudflare-docs `analytics/graphql-api/limits.mdx`); a zone GraphQL cannot show
 * `ok` (or refuses) falls back to REST, whose job fields stay the reference for every state.
 *
 * The API token (CLOUDFLARE_API_TOKEN) and IBM credentials go in request headers only; nothing this
 * command prints contains them (a crash message is redacted by the bin too).
 */
import * as fs from 'fs';
import { Option } from 'commander';
import {
  allowedEndpoint,
  CisOwnershipError,
  DEFAULT_CIS_ENDPOINT,
  fetchSend,
  iamAccessToken,
} from '../../ibm-cis/ownership-client';
import {
  classifyJob,
  DEFAULT_STALE_AFTER_MINUTES,
  destinationKey,
  matchJob,
  okFromHealthRows,
  PIPELINE_STATES,
  staleAfterFor,
  type HealthRow,
  type JobHealthFields,
  type PipelineState,
  type StaleAfter,
} from '../../pipeline-health';
import {
  ApiFailure,
  checkCloudflareApiUrl,
  DEFAULT_CLOUDFLARE_API_URL,
  envelopeError,
  Limiter,
  parseBudget,
  RequestWindow,
  sendWithin,
  type ApiClientOptions,
  type ApiStats,
  type Envelope,
} from '../api-client';
import { CliError, EXIT, redactSecrets, type CliIo } from '../io';
import type { RegisterCommand } from '../command';
import { isResolvable, readDeclaredPipelines, type DeclaredPipeline } from '../status-pipelines';
import { styles } from '../style';
import { checkEndpoint } from '../endpoint';

/** One line of the report (the `--json` shape, plus `newestObject*` with `--s3`). */
export interface StatusRow {
  scope: 'zone' | 'account';
  id: string;
  dataset: string;
  state: PipelineState;
  jobId: number | null;
  lastComplete: string | null;
  lastError: string | null;
  errorMessage: string | null;
  newestObjectAt?: string | null;
  newestObjectAgeMinutes?: number | null;
}

interface StatusOptions {
  json?: boolean;
  apiUrl?: string;
  staleAfter: string[];
  shard?: string;
  s3?: boolean;
  s3Endpoint?: string;
  budget: string;
  graphqlBudget: string;
  graphql: 'auto' | 'off';
  concurrency: string;
  timeout: string;
  jobCache?: string;
  cisEndpoint?: string;
  iamEndpoint?: string;
}

/** Zones per GraphQL query: the documented maximum of a zone-scoped query. */
const GRAPHQL_ZONES_PER_QUERY = 10;
/** Groups asked per GraphQL query; an answer this long may be cut: the zones fall back to REST. */
const GRAPHQL_LIMIT = 10_000;
/** Pages of one job list followed at most (the list does not page today). */
const MAX_PAGES = 50;

function parseStaleAfter(values: readonly string[]): StaleAfter {
  let defaultMinutes = DEFAULT_STALE_AFTER_MINUTES;
  const perDataset = new Map<string, number>();
  for (const v of values) {
    const m = /^(?:([a-z0-9_]+)=)?(\d+)$/.exec(v);
    const minutes = m ? Number(m[2]) : NaN;
    if (!m || minutes < 1) {
      throw new CliError(
        `--stale-after "${v}" is not <minutes> or <dataset>=<minutes> (a whole number of minutes, at least 1)`,
        EXIT.usage,
      );
    }
    if (m[1]) perDataset.set(m[1], minutes);
    else defaultMinutes = minutes;
  }
  return { defaultMinutes, perDataset };
}

function positiveInt(value: string, option: string, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > max) {
    throw new CliError(`${option} "${value}" must be a whole number from 1 to ${max}`, EXIT.usage);
  }
  return n;
}

/** The job-id cache: pipeline key to job id, from earlier runs (`--job-cache`). */
interface JobCache {
  version: 1;
  jobs: Record<string, number>;
}

const cacheKey = (p: DeclaredPipeline): string =>
  `${p.provider}/${p.scope}/${p.scopeId}/${p.dataset}/${p.destination ? destinationKey(p.destination) : ''}`;

function readCache(file: string | undefined): JobCache {
  if (!file || !fs.existsSync(file)) return { version: 1, jobs: {} };
  try {
    const c = JSON.parse(fs.readFileSync(file, 'utf8')) as JobCache;
    if (c.version === 1 && typeof c.jobs === 'object' && c.jobs !== null) return c;
  } catch {
    // An unreadable cache is an empty one: REST answers everything.
  }
  return { version: 1, jobs: {} };
}

/** A job as the REST list returns it. */
type ApiJob = JobHealthFields;

function rowOf(p: DeclaredPipeline, state: PipelineState, job?: ApiJob, note?: string): StatusRow {
  return {
    scope: p.scope,
    id: p.scopeId,
    dataset: p.dataset,
    state,
    jobId: job?.id ?? null,
    lastComplete: job?.last_complete ?? null,
    lastError: job?.last_error ?? null,
    errorMessage: job?.error_message ?? note ?? null,
  };
}

const GRAPHQL_QUERY = `query LogpushHealth($zones: [String!], $jobs: [Int!], $since: Time!, $until: Time!, $limit: Int!) {
  viewer {
    zones(filter: { zoneTag_in: $zones }) {
      zoneTag
      logpushHealthAdaptiveGroups(
        filter: { datetime_geq: $since, datetime_lt: $until, jobId_in: $jobs }
        limit: $limit
        orderBy: [datetimeMinute_DESC]
      ) {
        count
        dimensions { jobId status datetimeMinute }
      }
    }
  }
}`;

export const registerStatus: RegisterCommand = (program, io, result) => {
  program
    .command('status')
    .description(
      'report whether every declared Logpush pipeline is delivering: ok, failing, stale, disabled, missing, unknown',
    )
    .argument('<input>', 'a synthesized output directory (cdktf.out) or a fleet file (logpush.yaml)')
    .option('--json', 'print {"pipelines": [...], "counts": {...}} for scripts')
    .option(
      '--api-url <url>',
      `Cloudflare API base (env CLOUDFLARE_BASE_URL; default ${DEFAULT_CLOUDFLARE_API_URL}): https://api.cloudflare.com only, or a loopback emulator`,
    )
    .addOption(
      new Option(
        '--stale-after <minutes>',
        'stale when nothing was pushed for this long; <dataset>=<minutes> overrides one dataset (repeatable)',
      )
        .default([] as string[], String(DEFAULT_STALE_AFTER_MINUTES))
        .argParser((v: string, prev: string[]) => [...prev, v]),
    )
    .option('--shard <name>', 'check one shard only (e.g. shard-3)')
    .option('--s3', 'also report the age of the newest object under each S3 prefix (AWS credentials)')
    .option('--s3-endpoint <url>', 'S3 endpoint override: https, or http on loopback only')
    .option(
      '--budget <n/seconds>',
      'client-side limit of Cloudflare API requests (Cloudflare: 1200 per 300 s per user)',
      '1200/300',
    )
    .option(
      '--graphql-budget <n/seconds>',
      'client-side limit of GraphQL queries (Cloudflare: 300 per 300 s per user)',
      '300/300',
    )
    .addOption(
      new Option('--graphql <mode>', 'use GraphQL health analytics for zones in --job-cache')
        .choices(['auto', 'off'])
        .default('auto'),
    )
    .option(
      '--job-cache <file>',
      'remember which job serves which pipeline between runs (lets GraphQL answer for many zones at once)',
    )
    .option('--concurrency <n>', 'requests in flight at most', '4')
    .option('--timeout <seconds>', 'time bound of one request', '30')
    .option('--cis-endpoint <url>', 'IBM CIS API endpoint (env IBMCLOUD_CIS_ENDPOINT)')
    .option('--iam-endpoint <url>', 'IBM IAM token endpoint (env IBMCLOUD_IAM_ENDPOINT)')
    .addHelpText(
      'after',
      '\nCredentials: CLOUDFLARE_API_TOKEN (Logs Read; also Analytics Read for GraphQL); for IBM CIS jobs\n' +
        'IBMCLOUD_IAM_TOKEN or IBMCLOUD_API_KEY; for --s3 the AWS SDK default chain.\n' +
        'States: ok; failing (last_error set, not older than last_complete); stale (no last_complete within\n' +
        '--stale-after); disabled; missing (no job with that dataset and destination); unknown (the API\n' +
        'refused or failed for that zone or account).\n' +
        'Exit codes: 0 every pipeline ok; 1 any is not; 2 usage.',
    )
    .action(async (input: string, o: StatusOptions) => {
      try {
        result.exitCode = await runStatus(io, input, o);
      } catch (e) {
        if (e instanceof CliError) {
          throw new CliError(redactSecrets(e.message, io.env), e.exitCode, e.hasOwnCode ? e.code : undefined);
        }
        // Anything else is a bug of this command: rethrown with its stack, secrets redacted.
        throw new Error(redactSecrets(e instanceof Error ? (e.stack ?? e.message) : String(e), io.env));
      }
    });
};

async function runStatus(io: CliIo, input: string, o: StatusOptions): Promise<0 | 1> {
  const started = Date.now();
  // CLOUDFLARE_BASE_URL: the variable Cloudflare's own SDKs read (cloudflare/cloudflare-typescript
  // src/index.ts, `baseURL = readEnv('CLOUDFLARE_BASE_URL')`); checked like --api-url.
  const apiUrl =
    o.apiUrl !== undefined
      ? checkCloudflareApiUrl(o.apiUrl)
      : io.env.CLOUDFLARE_BASE_URL
        ? checkCloudflareApiUrl(io.env.CLOUDFLARE_BASE_URL, 'CLOUDFLARE_BASE_URL')
        : DEFAULT_CLOUDFLARE_API_URL;
  const staleAfter = parseStaleAfter(o.staleAfter);
  const budget = parseBudget(o.budget, '--budget');
  const gqlBudget = parseBudget(o.graphqlBudget, '--graphql-budget');
  const concurrency = positiveInt(o.concurrency, '--concurrency', 64);
  const timeoutMs = positiveInt(o.timeout, '--timeout', 600) * 1000;
  const s3Endpoint = o.s3 ? s3EndpointOverride(o.s3Endpoint, io) : undefined;

  const pipelines = await readDeclaredPipelines(io, input, o.shard);
  const token = io.env.CLOUDFLARE_API_TOKEN?.trim();
  if (pipelines.some((p) => p.provider === 'cloudflare') && !token) {
    throw new CliError(
      'no CLOUDFLARE_API_TOKEN: set an API token with Logs Read on the zones and accounts',
      EXIT.usage,
    );
  }

  const now = new Date();
  const rest = new RequestWindow(budget);
  const gql = new RequestWindow(gqlBudget);
  const limiter = new Limiter(concurrency);
  const stats: ApiStats = { requests: 0, retries: 0, rateLimited: 0 };
  let graphqlRequests = 0;
  const clientOptions: ApiClientOptions = {
    timeoutMs,
    maxAttempts: 4,
    maxRetryAfterMs: 5 * 60_000,
    backoffMs: 500,
    onRetry: (what) => io.stderr(`status: ${what}\n`),
  };
  const cfHeaders = { Authorization: `Bearer ${token ?? ''}`, Accept: 'application/json' };

  const rows = new Map<DeclaredPipeline, StatusRow>();
  const cache = readCache(o.jobCache);
  const nextCache: JobCache = { version: 1, jobs: {} };

  // Group by where the jobs live.
  const groups = new Map<string, DeclaredPipeline[]>();
  for (const p of pipelines) {
    if (!isResolvable(p)) {
      rows.set(p, rowOf(p, 'unknown', undefined, 'zone or account id is not known before apply'));
      continue;
    }
    const key = `${p.provider}|${p.scope}|${p.scopeId}|${p.cisCrn ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }

  let done = 0;
  const total = groups.size;
  const progress = () => {
    if (io.isTTY) io.stderr(`\r\u001b[2Kchecked ${done}/${total} zones and accounts`);
  };

  // GraphQL first, for zones whose every pipeline has a cached job id.
  const viaRest: DeclaredPipeline[][] = [];
  const gqlCandidates: DeclaredPipeline[][] = [];
  for (const g of groups.values()) {
    const p0 = g[0]!;
    const cached = g.every((p) => cache.jobs[cacheKey(p)] !== undefined);
    if (o.graphql !== 'off' && p0.provider === 'cloudflare' && p0.scope === 'zone' && cached) {
      gqlCandidates.push(g);
    } else viaRest.push(g);
  }
  const gqlBatches: DeclaredPipeline[][][] = [];
  for (let i = 0; i < gqlCandidates.length; i += GRAPHQL_ZONES_PER_QUERY) {
    gqlBatches.push(gqlCandidates.slice(i, i + GRAPHQL_ZONES_PER_QUERY));
  }
  const maxWindow = (ps: readonly DeclaredPipeline[]) =>
    Math.max(...ps.map((p) => staleAfterFor(staleAfter, p.dataset)));

  await Promise.all(
    gqlBatches.map(async (batch) => {
      const all = batch.flat();
      const since = new Date(now.getTime() - maxWindow(all) * 60_000);
      let healthRows: Map<string, HealthRow[]> | undefined;
      try {
        graphqlRequests++;
        const res = await sendWithin(
          [gql, rest],
          limiter,
          {
            method: 'POST',
            url: `${apiUrl}/graphql`,
            headers: { ...cfHeaders, 'Content-Type': 'application/json' },
            body: JSON.stringify({
              query: GRAPHQL_QUERY,
              variables: {
                zones: batch.map((g) => g[0]!.scopeId),
                jobs: [...new Set(all.map((p) => cache.jobs[cacheKey(p)]!))],
                since: since.toISOString(),
                until: now.toISOString(),
                limit: GRAPHQL_LIMIT,
              },
            }),
            label: `GraphQL for ${batch.length} zone(s)`,
          },
          clientOptions,
          stats,
        );
        healthRows = graphqlRows(res.status, res.json);
      } catch (e) {
        if (!(e instanceof ApiFailure)) throw e;
        healthRows = undefined;
      }
      for (const g of batch) {
        const zoneRows = healthRows?.get(g[0]!.scopeId);
        const answered = zoneRows
          ? g.map((p) => {
              const jobId = cache.jobs[cacheKey(p)]!;
              const okRow = okFromHealthRows(jobId, zoneRows, now, staleAfterFor(staleAfter, p.dataset));
              return okRow ? { p, jobId, okRow } : undefined;
            })
          : [];
        if (zoneRows && answered.every((a) => a !== undefined)) {
          for (const a of answered) {
            rows.set(a!.p, {
              ...rowOf(a!.p, 'ok'),
              jobId: a!.jobId,
              lastComplete: a!.okRow.lastSuccess,
            });
            nextCache.jobs[cacheKey(a!.p)] = a!.jobId;
          }
          done++;
          progress();
        } else {
          viaRest.push(g);
        }
      }
    }),
  );

  // IBM IAM token, once, when there are CIS pipelines.
  let iamToken: string | undefined;
  let iamProblem: string | undefined;
  const cisEndpoint = o.cisEndpoint ?? io.env.IBMCLOUD_CIS_ENDPOINT ?? DEFAULT_CIS_ENDPOINT;
  if (viaRest.some((g) => g[0]!.provider === 'cis')) {
    try {
      allowedEndpoint(cisEndpoint, 'CIS');
      iamToken = await iamAccessToken(
        {
          token: io.env.IBMCLOUD_IAM_TOKEN,
          apiKey: io.env.IBMCLOUD_API_KEY,
          iamEndpoint: o.iamEndpoint ?? io.env.IBMCLOUD_IAM_ENDPOINT,
        },
        fetchSend,
      );
    } catch (e) {
      if (!(e instanceof CisOwnershipError)) throw e;
      if (e.kind === 'usage') throw new CliError(e.message, EXIT.usage);
      iamProblem = e.message;
    }
  }

  await Promise.all(
    viaRest.map(async (g) => {
      const p0 = g[0]!;
      let jobs: ApiJob[] | undefined;
      let problem: string | undefined;
      if (p0.provider === 'cis') {
        if (iamToken === undefined) problem = iamProblem ?? 'no IAM token';
        else {
          const base = allowedEndpoint(cisEndpoint, 'CIS').href.replace(/\/$/, '');
          ({ jobs, problem } = await listJobs(
            `${base}/v2/${encodeURIComponent(p0.cisCrn!)}/zones/${encodeURIComponent(p0.scopeId)}/logpush/jobs`,
            { 'X-Auth-User-Token': `Bearer ${iamToken}`, Accept: 'application/json' },
            `CIS domain ${p0.scopeId}`,
          ));
        }
      } else {
        ({ jobs, problem } = await listJobs(
          `${apiUrl}/${p0.scope === 'zone' ? 'zones' : 'accounts'}/${encodeURIComponent(p0.scopeId)}/logpush/jobs`,
          cfHeaders,
          `${p0.scope} ${p0.scopeId}`,
        ));
      }
      for (const p of g) {
        if (!jobs) {
          rows.set(p, rowOf(p, 'unknown', undefined, problem));
          continue;
        }
        // CIS reports a COS destination in its own form, which may differ from the cos:// form built
        // here: there, the one job of the dataset (CIS's rule: one job per domain and dataset,
        // ibm-cloud-docs/cis logpush.md) is its job when the destinations do not compare.
        const job =
          matchJob(p, jobs) ?? (p.provider === 'cis' ? matchJob({ dataset: p.dataset }, jobs) : undefined);
        rows.set(p, rowOf(p, classifyJob(job, now, staleAfterFor(staleAfter, p.dataset)), job));
        if (job) nextCache.jobs[cacheKey(p)] = job.id;
      }
      done++;
      progress();
    }),
  );

  async function listJobs(
    url: string,
    headers: Record<string, string>,
    label: string,
  ): Promise<{ jobs?: ApiJob[]; problem?: string }> {
    const jobs: ApiJob[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      let res;
      try {
        res = await sendWithin(
          [rest],
          limiter,
          { method: 'GET', url: page === 1 ? url : `${url}?page=${page}`, headers, label },
          clientOptions,
          stats,
        );
      } catch (e) {
        if (e instanceof ApiFailure) return { problem: e.message };
        throw e;
      }
      const env = res.json as Envelope<ApiJob[]> | undefined;
      if (res.status !== 200 || env?.success === false || !Array.isArray(env?.result)) {
        return { problem: envelopeError(res.status, res.json) };
      }
      jobs.push(...env.result.filter((j): j is ApiJob => j !== null && typeof j === 'object'));
      const info = env.result_info;
      if (!info || !info.total_pages || (info.page ?? page) >= info.total_pages) return { jobs };
    }
    return { jobs };
  }

  if (io.isTTY && total > 0) io.stderr('\r\u001b[2K');

  const ordered = pipelines.map((p) => rows.get(p)!);
  if (o.s3) await addS3Ages(pipelines, ordered, s3Endpoint, now);

  if (o.jobCache) {
    // Keep what this run did not look at (another shard's zones), replace what it did.
    const merged = { version: 1 as const, jobs: { ...cache.jobs, ...nextCache.jobs } };
    for (const p of pipelines) if (!(cacheKey(p) in nextCache.jobs)) delete merged.jobs[cacheKey(p)];
    fs.writeFileSync(o.jobCache, `${JSON.stringify(merged, null, 2)}\n`);
  }

  const counts = Object.fromEntries(
    PIPELINE_STATES.map((s) => [s, ordered.filter((r) => r.state === s).length]),
  );
  if (o.json) {
    io.stdout(`${JSON.stringify({ pipelines: ordered, counts }, null, 2)}\n`);
  } else {
    io.stdout(table(io, ordered, o.s3 === true));
    io.stdout(
      `${
        PIPELINE_STATES.filter((s) => counts[s]! > 0)
          .map((s) => `${counts[s]} ${s}`)
          .join(', ') || 'no pipelines'
      }\n`,
    );
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  io.stderr(
    `status: ${ordered.length} pipeline(s) in ${total} zone(s)/account(s): ${stats.requests} request(s) (${graphqlRequests} GraphQL, ${stats.retries} retried, ${stats.rateLimited} rate-limited) in ${seconds}s\n`,
  );
  return ordered.every((r) => r.state === 'ok') ? EXIT.ok : EXIT.finding;
}

/** The health rows per zone of a GraphQL answer, or undefined when it was refused or may be cut. */
function graphqlRows(status: number, json: unknown): Map<string, HealthRow[]> | undefined {
  const body = json as
    | {
        data?: {
          viewer?: {
            zones?: { zoneTag?: string; logpushHealthAdaptiveGroups?: { dimensions?: HealthRow }[] }[];
          };
        } | null;
        errors?: unknown[] | null;
      }
    | undefined;
  if (status !== 200 || !body || (Array.isArray(body.errors) && body.errors.length > 0)) return undefined;
  const zones = body.data?.viewer?.zones;
  if (!Array.isArray(zones)) return undefined;
  const out = new Map<string, HealthRow[]>();
  for (const z of zones) {
    const groups = z.logpushHealthAdaptiveGroups;
    if (typeof z.zoneTag !== 'string' || !Array.isArray(groups)) return undefined;
    if (groups.length >= GRAPHQL_LIMIT) continue; // possibly cut: REST decides
    out.set(
      z.zoneTag,
      groups.flatMap((gr) => (gr.dimensions ? [gr.dimensions] : [])),
    );
  }
  return out;
}

/** The S3 endpoint override (option, then the SDK's variables), under the other commands' rule. */
function s3EndpointOverride(option: string | undefined, io: CliIo): string | undefined {
  if (option !== undefined) return checkEndpoint(option, '--s3-endpoint');
  for (const name of ['AWS_ENDPOINT_URL_S3', 'AWS_ENDPOINT_URL'] as const) {
    const value = io.env[name];
    if (value) return checkEndpoint(value, name);
  }
  return undefined;
}

/** Adds the age of the newest object under each S3 destination's prefix (ListObjectsV2). */
async function addS3Ages(
  pipelines: readonly DeclaredPipeline[],
  rows: StatusRow[],
  endpoint: string | undefined,
  now: Date,
): Promise<void> {
  const { S3Client, ListObjectsV2Command } = await import('@aws-sdk/client-s3');
  const clients = new Map<string, InstanceType<typeof S3Client>>();
  try {
    for (let i = 0; i < pipelines.length; i++) {
      const p = pipelines[i]!;
      const row = rows[i]!;
      const m = p.destination ? /^s3:\/\/([^/?]+)\/([^?]*)\?(.*)$/.exec(p.destination) : null;
      if (!m || p.destination!.includes('${')) {
        row.newestObjectAt = null;
        row.newestObjectAgeMinutes = null;
        continue;
      }
      const bucket = m[1]!;
      const region = new URLSearchParams(m[3]).get('region') ?? 'us-east-1';
      const prefix = `${m[2]!.replace(/\/?\{DATE\}.*$/, '')}/`;
      let client = clients.get(region);
      if (!client) {
        client = new S3Client({
          region,
          maxAttempts: 3,
          ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
        });
        clients.set(region, client);
      }
      let newest: Date | undefined;
      let token: string | undefined;
      try {
        for (let page = 0; page < 20; page++) {
          const out = await client.send(
            new ListObjectsV2Command({
              Bucket: bucket,
              Prefix: prefix,
              ...(token ? { ContinuationToken: token } : {}),
            }),
          );
          for (const obj of out.Contents ?? []) {
            if (obj.LastModified && (!newest || obj.LastModified > newest)) newest = obj.LastModified;
          }
          token = out.NextContinuationToken;
          if (!out.IsTruncated || !token) break;
        }
      } catch {
        newest = undefined;
      }
      row.newestObjectAt = newest ? newest.toISOString() : null;
      row.newestObjectAgeMinutes = newest ? Math.floor((now.getTime() - newest.getTime()) / 60_000) : null;
    }
  } finally {
    for (const c of clients.values()) c.destroy();
  }
}

function table(io: CliIo, rows: readonly StatusRow[], s3: boolean): string {
  const s = styles(io);
  const head = [
    'SCOPE',
    'ID',
    'DATASET',
    'STATE',
    'JOB',
    'LAST COMPLETE',
    ...(s3 ? ['NEWEST OBJECT'] : []),
    'ERROR',
  ];
  const body = rows.map((r) => [
    r.scope,
    r.id,
    r.dataset,
    r.state,
    r.jobId === null ? '-' : String(r.jobId),
    r.lastComplete ?? '-',
    ...(s3 ? [r.newestObjectAgeMinutes == null ? '-' : `${r.newestObjectAgeMinutes} min ago`] : []),
    (r.errorMessage ?? '').replace(/\s+/g, ' ').slice(0, 80),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const colour = (state: string, text: string) =>
    state === 'ok' ? s.green(text) : state === 'stale' || state === 'unknown' ? s.yellow(text) : s.red(text);
  const line = (cells: string[], state?: string) =>
    cells
      .map((c, i) => {
        const padded = i === cells.length - 1 ? c : c.padEnd(widths[i]!);
        return i === 3 && state ? colour(state, padded) : padded;
      })
      .join('  ')
      .trimEnd();
  return [s.bold(line(head)), ...body.map((b) => line(b, b[3]))].join('\n') + '\n';
}
