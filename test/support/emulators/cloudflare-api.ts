/**
 * A Cloudflare API emulator on loopback, for tests that drive real clients (the `cdktf-logpush`
 * bin, stand-in providers) against something that answers like `https://api.cloudflare.com/client/v4`.
 * It keeps everything in an in-memory {@link CloudflareStore} that tests read and change directly.
 *
 * Served (every path under `/client/v4`; `{scope}` is `zones/{zone_id}` or `accounts/{account_id}`):
 *
 * | Method | Path | Result |
 * |---|---|---|
 * | GET    | `/{scope}/logpush/jobs` | every job of the scope (see "Pagination") |
 * | GET    | `/{scope}/logpush/jobs/{job_id}` | the job, or 404 code 1000 |
 * | POST   | `/{scope}/logpush/jobs` | create: `{dataset, destination_conf, ownership_challenge?, enabled?, name?, ...}` |
 * | PUT    | `/{scope}/logpush/jobs/{job_id}` | update: any writable field |
 * | DELETE | `/{scope}/logpush/jobs/{job_id}` | `{id}` |
 * | POST   | `/{scope}/logpush/ownership` | `{filename, message, valid}`; calls `deliverChallenge` |
 * | POST   | `/{scope}/logpush/ownership/validate` | `{valid}` for `{destination_conf, ownership_challenge}` |
 * | GET    | `/accounts/{id}/alerting/v3/policies` | every notification policy |
 * | GET    | `/accounts/{id}/alerting/v3/policies/{policy_id}` | one policy |
 * | POST   | `/accounts/{id}/alerting/v3/policies` | create: `{name, alert_type, enabled, mechanisms, ...}` -> `{id}` |
 * | PUT    | `/accounts/{id}/alerting/v3/policies/{policy_id}` | update -> `{id}` |
 * | DELETE | `/accounts/{id}/alerting/v3/policies/{policy_id}` | the envelope without `result` |
 * | GET    | `/v2/{crn}/zones/{domain_id}/logpush/jobs` (outside `/client/v4`) | IBM CIS job list, `X-Auth-User-Token: Bearer <token>` |
 * | POST   | `/graphql` | GraphQL Analytics: `viewer { zones(filter) / accounts(filter) { logpushHealthAdaptiveGroups } }` |
 *
 * Shapes, checked against Cloudflare's own clients and docs:
 * - Envelope `{success, errors: [{code, message}], messages, result, result_info?}`; a 4xx/5xx has
 *   `success: false` and `result: null` (Cloudflare API docs, "Fundamentals > API > How to make API
 *   calls"; cloudflare/cloudflare-typescript `src/core.ts` unwraps `result`).
 * - Job fields `id, dataset, destination_conf, enabled, name, frequency, kind, logpull_options,
 *   output_options, max_upload_*, last_complete, last_error, error_message`
 *   (cloudflare/cloudflare-typescript `src/resources/logpush/jobs.ts` at 0396275041, `LogpushJob`:
 *   "last_error: If not null, the job is currently failing"; "last_complete: the last time for which
 *   logs have been successfully pushed").
 * - Pagination: the real job list does NOT page: the SDK types it `LogpushJobsSinglePage`
 *   (`SinglePage`, one request) and the response has no `result_info`. The notification-policy list
 *   is a `SinglePage` too (`src/resources/alerting/policies.ts`, `PoliciesSinglePage`). The emulator
 *   answers the same by default; `pageSize` turns on `page`/`per_page` paging with `result_info
 *   {page, per_page, count, total_count, total_pages}` (the envelope Cloudflare uses for paged lists,
 *   e.g. `/zones`), to test that a client follows pages should a list ever page.
 * - Ownership: `POST .../logpush/ownership` body `{destination_conf}` answers `{filename, message,
 *   valid}`; `.../ownership/validate` body `{destination_conf, ownership_challenge}` answers
 *   `{valid}` (`src/resources/logpush/ownership.ts` at 1c9be420a0; cloudflare-docs
 *   `src/content/docs/logs/logpush/logpush-job/logpush-ownership-challenge.mdx`).
 * - Notification policies: `{id, name, description, alert_type, enabled, mechanisms: {email: [{id}],
 *   webhooks: [{id}], pagerduty: [{id}]}, filters, alert_interval, created, modified}`; create and
 *   update answer `{id}`, delete the envelope without `result` (`src/resources/alerting/policies.ts`:
 *   `Policy`, `PolicyCreateResponse`, `PolicyDeleteResponse`; `alert_type` includes
 *   `failing_logpush_job_disabled_alert`). Policy ids here are 32 hex characters.
 * - GraphQL: `logpushHealthAdaptiveGroups` at zone and account level, dimensions `jobId, status,
 *   destinationType, datetime, datetimeMinute, final`, `count` and `sum {bytes, bytesCompressed,
 *   records, uploads}` (cloudflare-docs `src/content/docs/logs/logpush/alerts-and-analytics.mdx`;
 *   DOMAIN.md §11). Limits enforced as documented in `analytics/graphql-api/limits.mdx`: a
 *   zone-scoped query names at most 10 zones, an account-scoped one 1 account; errors come back as
 *   `{data: null, errors: [{message, extensions: {code}}]}` with HTTP 200, as Cloudflare's GraphQL
 *   endpoint does.
 * - Auth: `Authorization: Bearer <token>`; anything else is 400 code 6003 / 403 code 9109 as the
 *   real API answers (`Invalid request headers` / `Invalid access token`).
 *
 * Fault injection ({@link FaultRule}): 429 with `Retry-After`, any 5xx, a timeout (the request is
 * never answered), a dropped connection; each matched by method and path, for `times` requests.
 * An optional rate limiter ({@link CloudflareApiOptions.rateLimit}) answers 429 + `Retry-After` like
 * the real per-user limit of 1,200 requests / 5 minutes (Cloudflare docs "API rate limits").
 *
 * Every request is recorded in {@link CloudflareApiEmulator.requests} (method, path, status, time),
 * never with its headers: tests can assert call counts without the token appearing anywhere.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';
import {
  buildSchema,
  graphql,
  type FieldNode,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from 'graphql';

/** A Logpush job as the API returns it. */
export interface LogpushJob {
  id: number;
  dataset: string | null;
  destination_conf: string;
  enabled: boolean;
  name: string | null;
  frequency?: 'high' | 'low' | null;
  kind?: '' | 'edge';
  logpull_options?: string | null;
  output_options?: Record<string, unknown> | null;
  max_upload_bytes?: number | null;
  max_upload_interval_seconds?: number | null;
  max_upload_records?: number | null;
  /** End of the last successfully pushed range (RFC 3339), null before the first push. */
  last_complete: string | null;
  /** When the job last failed; non-null: failing now. */
  last_error: string | null;
  error_message: string | null;
}

/** One row of the `logpush-health` dataset: one push attempt of one job in one minute. */
export interface HealthEvent {
  jobId: number;
  /** HTTP-like status of the push: 200 ok, anything else a failure. */
  status: number;
  destinationType: string;
  /** When (RFC 3339). */
  datetime: string;
  /** 1 when the attempt was the job's last for that batch. */
  final?: number;
  uploads?: number;
  bytes?: number;
  bytesCompressed?: number;
  records?: number;
}

/** A notification policy as the API returns it. */
export interface NotificationPolicy {
  id: string;
  name: string;
  description?: string;
  alert_type: string;
  enabled: boolean;
  mechanisms: Record<string, { id: string }[]>;
  filters?: Record<string, unknown>;
  alert_interval?: string;
  created: string;
  modified: string;
}

/** The owner of a job: a zone or an account. */
export type ScopeKind = 'zones' | 'accounts';

/** Where a job lives, with its health events. */
export interface ScopeData {
  jobs: Map<number, LogpushJob>;
  health: HealthEvent[];
}

/** An ownership challenge the emulator issued. */
export interface IssuedChallenge {
  scope: ScopeKind;
  scopeId: string;
  destinationConf: string;
  filename: string;
  token: string;
}

/**
 * The in-memory state. Tests read and change it directly (`addJob`, `setHealth`, ...), before or
 * while a client runs. Ids: jobs count up from 1000 across all scopes; policies are 32-hex strings.
 */
export class CloudflareStore {
  readonly zones = new Map<string, ScopeData>();
  readonly accounts = new Map<string, ScopeData>();
  readonly policies = new Map<string, Map<string, NotificationPolicy>>();
  readonly challenges: IssuedChallenge[] = [];
  /** Scopes the token may not read: a request for them answers 403 code 10000 (Authentication error). */
  readonly forbidden = new Set<string>();
  /** Accounts and zones whose GraphQL `logpushHealthAdaptiveGroups` is refused (dataset not available). */
  readonly graphqlRefused = new Set<string>();
  private nextJobId = 1000;
  private nextPolicy = 1;

  /** The data of a scope, created empty on first use. */
  scope(kind: ScopeKind, id: string): ScopeData {
    const map = kind === 'zones' ? this.zones : this.accounts;
    let data = map.get(id);
    if (!data) {
      data = { jobs: new Map(), health: [] };
      map.set(id, data);
    }
    return data;
  }

  /** Adds a job; fields not given take an enabled, healthy, never-run job's values. */
  addJob(
    kind: ScopeKind,
    scopeId: string,
    job: Partial<LogpushJob> & { dataset: string; destination_conf: string },
  ): LogpushJob {
    const full: LogpushJob = {
      id: job.id ?? this.nextJobId++,
      enabled: true,
      name: null,
      frequency: 'high',
      kind: '',
      logpull_options: null,
      output_options: null,
      last_complete: null,
      last_error: null,
      error_message: null,
      ...job,
    };
    if (full.id >= this.nextJobId) this.nextJobId = full.id + 1;
    this.scope(kind, scopeId).jobs.set(full.id, full);
    return full;
  }

  /** Finds a job by id in any scope. */
  findJob(id: number): { kind: ScopeKind; scopeId: string; job: LogpushJob } | undefined {
    for (const kind of ['zones', 'accounts'] as const) {
      for (const [scopeId, data] of kind === 'zones' ? this.zones : this.accounts) {
        const job = data.jobs.get(id);
        if (job) return { kind, scopeId, job };
      }
    }
    return undefined;
  }

  /** Adds health events to the scope of a job. */
  addHealth(kind: ScopeKind, scopeId: string, ...events: HealthEvent[]): void {
    this.scope(kind, scopeId).health.push(...events);
  }

  /** Creates a notification policy; returns it. */
  addPolicy(
    accountId: string,
    p: Omit<NotificationPolicy, 'id' | 'created' | 'modified'>,
  ): NotificationPolicy {
    const now = new Date().toISOString();
    const id = (this.nextPolicy++).toString(16).padStart(32, '0');
    const policy: NotificationPolicy = { ...p, id, created: now, modified: now };
    let byId = this.policies.get(accountId);
    if (!byId) this.policies.set(accountId, (byId = new Map()));
    byId.set(id, policy);
    return policy;
  }
}

/** Which requests a fault applies to. */
export interface FaultMatch {
  method?: string;
  /** Matched against the path below `/client/v4` (e.g. `/zones/abc/logpush/jobs`). */
  path?: string | RegExp;
}

/** A fault to inject. */
export type FaultRule = FaultMatch & {
  /** How many matching requests it applies to (default: all). Counts down. */
  times?: number;
} & (
    | { kind: 'rate-limit'; retryAfterSeconds: number }
    | { kind: 'status'; status: number }
    /** Never answer (the client must time out). */
    | { kind: 'timeout' }
    /** Destroy the connection without an answer. */
    | { kind: 'drop' }
  );

/** Delivers an ownership challenge file to its destination (the test's S3, COS, or memory). */
export type DeliverChallenge = (
  destinationConf: string,
  filename: string,
  content: string,
) => Promise<void> | void;

export interface CloudflareApiOptions {
  /** Bearer tokens accepted (default `['test-token']`). */
  readonly tokens?: readonly string[];
  /** Turns on list paging with this page size (the real lists do not page; see the module doc). */
  readonly pageSize?: number;
  /** Where ownership challenge files go (default: kept in `store.challenges` only). */
  readonly deliverChallenge?: DeliverChallenge;
  /** The clock (for health windows and timestamps). Default: the wall clock. */
  readonly now?: () => Date;
  /** A per-token limit like the real one: answer 429 + Retry-After past `limit` requests per `windowMs`. */
  readonly rateLimit?: { readonly limit: number; readonly windowMs: number };
  /** GraphQL's own per-user quota (300 / 5 min in the docs), counted separately. */
  readonly graphqlRateLimit?: { readonly limit: number; readonly windowMs: number };
  /** Serve `POST /graphql` (default true). false answers 404, as if the endpoint were unavailable. */
  readonly graphql?: boolean;
  /** Added latency per request, ms (default 0). */
  readonly latencyMs?: number;
  /** Shares a store (e.g. between two emulators); default a new one. */
  readonly store?: CloudflareStore;
}

/** One request the emulator answered (never its headers or body). */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly at: number;
}

export interface CloudflareApiEmulator {
  /** The API base, `http://127.0.0.1:<port>/client/v4`: give it as `--api-url`. */
  readonly url: string;
  readonly store: CloudflareStore;
  /** Active faults; push to add, or use {@link inject}. */
  readonly faults: FaultRule[];
  readonly requests: RecordedRequest[];
  inject(rule: FaultRule): void;
  stop(): Promise<void>;
}

type Envelope = {
  success: boolean;
  errors: { code: number; message: string }[];
  messages: unknown[];
  result: unknown;
  result_info?: Record<string, number>;
};

const ok = (result: unknown, resultInfo?: Record<string, number>): Envelope => ({
  success: true,
  errors: [],
  messages: [],
  result,
  ...(resultInfo ? { result_info: resultInfo } : {}),
});
const fail = (code: number, message: string): Envelope => ({
  success: false,
  errors: [{ code, message }],
  messages: [],
  result: null,
});

/** Writable job fields (POST / PUT). */
const JOB_FIELDS = [
  'dataset',
  'destination_conf',
  'enabled',
  'name',
  'frequency',
  'kind',
  'logpull_options',
  'output_options',
  'max_upload_bytes',
  'max_upload_interval_seconds',
  'max_upload_records',
  'filter',
] as const;

const GRAPHQL_SCHEMA = buildSchema(`
  scalar Time
  type Query { viewer: Viewer! }
  type Viewer {
    zones(filter: ZoneFilter!): [Zone!]!
    accounts(filter: AccountFilter!): [Account!]!
  }
  input ZoneFilter { zoneTag: String, zoneTag_in: [String!] }
  input AccountFilter { accountTag: String, accountTag_in: [String!] }
  type Zone {
    zoneTag: String!
    logpushHealthAdaptiveGroups(filter: LogpushHealthFilter, limit: Int!, orderBy: [LogpushHealthOrderBy!]): [LogpushHealthGroup!]!
  }
  type Account {
    accountTag: String!
    logpushHealthAdaptiveGroups(filter: LogpushHealthFilter, limit: Int!, orderBy: [LogpushHealthOrderBy!]): [LogpushHealthGroup!]!
  }
  enum LogpushHealthOrderBy {
    datetime_ASC datetime_DESC datetimeMinute_ASC datetimeMinute_DESC jobId_ASC jobId_DESC count_ASC count_DESC
  }
  input LogpushHealthFilter {
    AND: [LogpushHealthFilter!]
    datetime_geq: Time, datetime_gt: Time, datetime_leq: Time, datetime_lt: Time
    datetimeMinute_geq: Time, datetimeMinute_gt: Time, datetimeMinute_leq: Time, datetimeMinute_lt: Time
    jobId: Int, jobId_in: [Int!], jobId_neq: Int
    status: Int, status_neq: Int, status_in: [Int!]
    destinationType: String, destinationType_neq: String
    final: Int
  }
  type LogpushHealthGroup {
    count: Int!
    dimensions: LogpushHealthDimensions!
    sum: LogpushHealthSum!
  }
  type LogpushHealthDimensions {
    jobId: Int!, status: Int!, destinationType: String!, datetime: Time!, datetimeMinute: Time!, final: Int!
  }
  type LogpushHealthSum { bytes: Float!, bytesCompressed: Float!, records: Float!, uploads: Float! }
`);

/** The most groups one `logpushHealthAdaptiveGroups` answers (its `limit` is capped here). */
export const GRAPHQL_MAX_LIMIT = 10_000;

type HealthFilter = Record<string, unknown> & { AND?: HealthFilter[] };

function minuteOf(iso: string): string {
  const d = new Date(iso);
  d.setUTCSeconds(0, 0);
  return d.toISOString().replace('.000Z', 'Z');
}

function matches(e: HealthEvent, f: HealthFilter | undefined): boolean {
  if (!f) return true;
  const t = Date.parse(e.datetime);
  const minute = Date.parse(minuteOf(e.datetime));
  for (const [key, value] of Object.entries(f)) {
    if (value === undefined || value === null) continue;
    if (key === 'AND') {
      if (!(value as HealthFilter[]).every((sub) => matches(e, sub))) return false;
      continue;
    }
    const [field, op = 'eq'] = key.split('_') as [string, string | undefined];
    const actual: unknown =
      field === 'datetime'
        ? t
        : field === 'datetimeMinute'
          ? minute
          : ((e as unknown as Record<string, unknown>)[field] ?? (field === 'final' ? 1 : undefined));
    const want: unknown =
      field === 'datetime' || field === 'datetimeMinute'
        ? Array.isArray(value)
          ? value.map((v) => Date.parse(String(v)))
          : Date.parse(String(value))
        : value;
    const a = actual as number;
    const w = want as number;
    const pass =
      op === 'eq'
        ? a === w
        : op === 'neq'
          ? a !== w
          : op === 'in'
            ? (want as unknown[]).includes(a)
            : op === 'geq'
              ? a >= w
              : op === 'gt'
                ? a > w
                : op === 'leq'
                  ? a <= w
                  : op === 'lt'
                    ? a < w
                    : false;
    if (!pass) return false;
  }
  return true;
}

/** The field names selected under `name { ... }` in a selection set. */
function selected(set: SelectionSetNode | undefined, name: string): string[] {
  const node = set?.selections.find((s): s is FieldNode => s.kind === 'Field' && s.name.value === name);
  return (node?.selectionSet?.selections ?? []).flatMap((s) => (s.kind === 'Field' ? [s.name.value] : []));
}

/** Groups events by the dimensions the query selects, like an AdaptiveGroups node. */
function groupHealth(
  events: readonly HealthEvent[],
  args: { filter?: HealthFilter; limit: number; orderBy?: string[] },
  info: GraphQLResolveInfo,
): unknown[] {
  if (args.limit > GRAPHQL_MAX_LIMIT || args.limit < 0) {
    throw new Error(`limit must be between 0 and ${GRAPHQL_MAX_LIMIT}`);
  }
  const dims = selected(info.fieldNodes[0]!.selectionSet, 'dimensions');
  const dimValue = (e: HealthEvent, d: string): unknown =>
    d === 'datetimeMinute'
      ? minuteOf(e.datetime)
      : d === 'final'
        ? (e.final ?? 1)
        : (e as unknown as Record<string, unknown>)[d];
  const groups = new Map<
    string,
    { count: number; dimensions: Record<string, unknown>; sum: Record<string, number> }
  >();
  for (const e of events) {
    if (!matches(e, args.filter)) continue;
    const dimensions = Object.fromEntries(dims.map((d) => [d, dimValue(e, d)]));
    const key = JSON.stringify(dimensions);
    let g = groups.get(key);
    if (!g) {
      g = { count: 0, dimensions, sum: { bytes: 0, bytesCompressed: 0, records: 0, uploads: 0 } };
      groups.set(key, g);
    }
    g.count++;
    g.sum.bytes! += e.bytes ?? 0;
    g.sum.bytesCompressed! += e.bytesCompressed ?? 0;
    g.sum.records! += e.records ?? 0;
    g.sum.uploads! += e.uploads ?? (e.status === 200 ? 1 : 0);
  }
  const rows = [...groups.values()];
  for (const order of [...(args.orderBy ?? [])].reverse()) {
    const [field, dir] = order.split('_') as [string, 'ASC' | 'DESC'];
    const value = (g: (typeof rows)[number]): string | number =>
      field === 'count' ? g.count : ((g.dimensions[field] as string | number | undefined) ?? '');
    rows.sort((x, y) => {
      const a = value(x);
      const b = value(y);
      const c = a < b ? -1 : a > b ? 1 : 0;
      return dir === 'DESC' ? -c : c;
    });
  }
  return rows.slice(0, args.limit);
}

/** A sliding-window counter: `take()` is false once `limit` were taken in the last `windowMs`. */
class Window {
  private readonly stamps: number[] = [];
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}
  take(now: number): { ok: true } | { ok: false; retryAfterSeconds: number } {
    while (this.stamps.length > 0 && this.stamps[0]! <= now - this.windowMs) this.stamps.shift();
    if (this.stamps.length >= this.limit) {
      return {
        ok: false,
        retryAfterSeconds: Math.max(1, Math.ceil((this.stamps[0]! + this.windowMs - now) / 1000)),
      };
    }
    this.stamps.push(now);
    return { ok: true };
  }
}

function faultMatches(rule: FaultRule, method: string, path: string): boolean {
  if (rule.times !== undefined && rule.times <= 0) return false;
  if (rule.method && rule.method.toUpperCase() !== method) return false;
  if (rule.path !== undefined) {
    if (typeof rule.path === 'string' ? rule.path !== path : !rule.path.test(path)) return false;
  }
  return true;
}

/** Starts the emulator on 127.0.0.1 (a free port). */
export async function startCloudflareApi(options: CloudflareApiOptions = {}): Promise<CloudflareApiEmulator> {
  const store = options.store ?? new CloudflareStore();
  const tokens = new Set(options.tokens ?? ['test-token']);
  const now = options.now ?? (() => new Date());
  const faults: FaultRule[] = [];
  const requests: RecordedRequest[] = [];
  const limiter = options.rateLimit
    ? new Window(options.rateLimit.limit, options.rateLimit.windowMs)
    : undefined;
  const gqlLimiter = options.graphqlRateLimit
    ? new Window(options.graphqlRateLimit.limit, options.graphqlRateLimit.windowMs)
    : undefined;
  const hanging = new Set<http.ServerResponse>();
  const deliver: DeliverChallenge = options.deliverChallenge ?? (() => undefined);

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void handle(req, res, Buffer.concat(chunks).toString('utf8'));
    });
  });

  function send(
    res: http.ServerResponse,
    method: string,
    path: string,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    requests.push({ method, path, status, at: Date.now() });
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(text);
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, body: string): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const cis = /^\/v2\/([^/]+)\/zones\/([0-9a-f]{32})\/logpush\/jobs$/.exec(url.pathname);
    if (cis && method === 'GET') {
      // IBM CIS (Cloudflare under IBM's API): GET /v2/{crn}/zones/{domain_id}/logpush/jobs with
      // X-Auth-User-Token (IBM/networking-go-sdk logpushjobsapiv1 GetLogpushJobsV2). CIS domains share
      // the zone store: a CIS domain is a Cloudflare zone.
      const fault = faults.find((f) => faultMatches(f, method, url.pathname));
      const user = req.headers['x-auth-user-token'];
      if (fault && fault.kind === 'status') {
        if (fault.times !== undefined) fault.times--;
        send(res, method, url.pathname, fault.status, fail(10002, `emulated HTTP ${fault.status}`));
      } else if (typeof user !== 'string' || !tokens.has(user.replace(/^Bearer\s+/, ''))) {
        send(res, method, url.pathname, 401, fail(10000, 'Authentication error'));
      } else {
        const jobs = [...store.scope('zones', cis[2]!).jobs.values()].sort((a, b) => a.id - b.id);
        send(res, method, url.pathname, 200, ok(jobs));
      }
      return;
    }
    if (!url.pathname.startsWith('/client/v4/')) {
      send(res, method, url.pathname, 404, fail(7000, 'No route for that URI'));
      return;
    }
    const path = url.pathname.slice('/client/v4'.length);
    if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs));

    const fault = faults.find((f) => faultMatches(f, method, path));
    if (fault) {
      if (fault.times !== undefined) fault.times--;
      if (fault.kind === 'timeout') {
        requests.push({ method, path, status: 0, at: Date.now() });
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        return;
      }
      if (fault.kind === 'drop') {
        requests.push({ method, path, status: -1, at: Date.now() });
        req.socket.destroy();
        return;
      }
      if (fault.kind === 'rate-limit') {
        send(
          res,
          method,
          path,
          429,
          fail(10000, 'Rate limited. Please wait and consider throttling your request speed'),
          {
            'retry-after': String(fault.retryAfterSeconds),
          },
        );
        return;
      }
      send(
        res,
        method,
        path,
        fault.status,
        fail(fault.status >= 500 ? 10002 : 10000, `emulated HTTP ${fault.status}`),
      );
      return;
    }

    const auth = req.headers.authorization;
    if (!auth || !/^Bearer\s+\S+$/.test(auth)) {
      send(res, method, path, 400, fail(6003, 'Invalid request headers'));
      return;
    }
    if (!tokens.has(auth.replace(/^Bearer\s+/, ''))) {
      send(res, method, path, 403, fail(9109, 'Invalid access token'));
      return;
    }
    if (limiter) {
      const t = limiter.take(Date.now());
      if (!t.ok) {
        send(
          res,
          method,
          path,
          429,
          fail(10000, 'Rate limited. Please wait and consider throttling your request speed'),
          {
            'retry-after': String(t.retryAfterSeconds),
          },
        );
        return;
      }
    }

    let json: Record<string, unknown> = {};
    if (body.trim() !== '') {
      try {
        json = JSON.parse(body) as Record<string, unknown>;
      } catch {
        send(res, method, path, 400, fail(6007, 'Malformed JSON in request body'));
        return;
      }
    }

    if (path === '/graphql' && method === 'POST') {
      if (options.graphql === false) {
        send(res, method, path, 404, fail(7000, 'No route for that URI'));
        return;
      }
      if (gqlLimiter) {
        const t = gqlLimiter.take(Date.now());
        if (!t.ok) {
          send(res, method, path, 429, fail(10000, 'Rate limited'), {
            'retry-after': String(t.retryAfterSeconds),
          });
          return;
        }
      }
      const result = await runGraphql(json);
      send(res, method, path, 200, result);
      return;
    }

    const m = /^\/(zones|accounts)\/([0-9a-zA-Z_-]+)(\/.*)$/.exec(path);
    if (!m) {
      send(res, method, path, 404, fail(7000, 'No route for that URI'));
      return;
    }
    const kind = m[1] as ScopeKind;
    const scopeId = m[2]!;
    const rest = m[3]!;
    if (store.forbidden.has(scopeId)) {
      send(res, method, path, 403, fail(10000, 'Authentication error'));
      return;
    }
    const answer = route(kind, scopeId, rest, method, json, url.searchParams);
    if (answer instanceof Promise) {
      const [status, envelope] = await answer;
      send(res, method, path, status, envelope);
    } else {
      send(res, method, path, answer[0], answer[1]);
    }
  }

  function page<T>(items: T[], params: URLSearchParams): [number, Envelope] {
    if (!options.pageSize) return [200, ok(items)];
    const perPage = Math.max(
      1,
      Math.min(Number(params.get('per_page') ?? options.pageSize) || options.pageSize, options.pageSize),
    );
    const pageNo = Math.max(1, Number(params.get('page') ?? '1') || 1);
    const slice = items.slice((pageNo - 1) * perPage, pageNo * perPage);
    return [
      200,
      ok(slice, {
        page: pageNo,
        per_page: perPage,
        count: slice.length,
        total_count: items.length,
        total_pages: Math.max(1, Math.ceil(items.length / perPage)),
      }),
    ];
  }

  function route(
    kind: ScopeKind,
    scopeId: string,
    rest: string,
    method: string,
    body: Record<string, unknown>,
    params: URLSearchParams,
  ): [number, Envelope] | Promise<[number, Envelope]> {
    const data = () => store.scope(kind, scopeId);
    if (rest === '/logpush/jobs') {
      if (method === 'GET') {
        return page(
          [...data().jobs.values()].sort((a, b) => a.id - b.id),
          params,
        );
      }
      if (method === 'POST') {
        if (typeof body.destination_conf !== 'string' || body.destination_conf === '') {
          return [400, fail(1002, 'destination_conf is required')];
        }
        if (body.destination_conf.startsWith('s3://')) {
          const issued = store.challenges.find(
            (c) => c.scopeId === scopeId && c.destinationConf === body.destination_conf,
          );
          if (!issued || issued.token !== body.ownership_challenge) {
            return [400, fail(1002, 'missing or invalid ownership challenge')];
          }
        }
        const fields = Object.fromEntries(JOB_FIELDS.filter((f) => f in body).map((f) => [f, body[f]]));
        const job = store.addJob(
          kind,
          scopeId,
          fields as Partial<LogpushJob> & { dataset: string; destination_conf: string },
        );
        return [200, ok(job)];
      }
    }
    const jobMatch = /^\/logpush\/jobs\/(\d+)$/.exec(rest);
    if (jobMatch) {
      const job = data().jobs.get(Number(jobMatch[1]));
      if (!job) return [404, fail(1000, 'job not found')];
      if (method === 'GET') return [200, ok(job)];
      if (method === 'PUT') {
        if ('dataset' in body && body.dataset !== job.dataset) {
          return [400, fail(1002, 'dataset cannot be changed')];
        }
        for (const f of JOB_FIELDS) if (f in body) (job as unknown as Record<string, unknown>)[f] = body[f];
        return [200, ok(job)];
      }
      if (method === 'DELETE') {
        data().jobs.delete(job.id);
        return [200, ok({ id: job.id })];
      }
    }
    if (rest === '/logpush/ownership' && method === 'POST') {
      const conf = body.destination_conf;
      if (typeof conf !== 'string' || conf === '') return [400, fail(1002, 'destination_conf is required')];
      const stamp = now().toISOString().replace(/[-:]/g, '').slice(0, 15);
      const bucketAndPath = conf
        .replace(/^[a-z0-9]+:\/\//, '')
        .split('?')[0]!
        .replace(/\{DATE\}/g, stamp.slice(0, 8));
      const filename = `${bucketAndPath.replace(/\/$/, '')}/ownership-challenge-${stamp}-${store.challenges.length}.txt`;
      const token = `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify({ conf, n: store.challenges.length })).toString('base64url')}.c2lnbmF0dXJl`;
      store.challenges.push({ scope: kind, scopeId, destinationConf: conf, filename, token });
      return Promise.resolve(deliver(conf, filename, token)).then(
        (): [number, Envelope] => [200, ok({ filename, message: '', valid: true })],
        (e: unknown): [number, Envelope] => [
          400,
          fail(1002, `error writing the challenge file: ${e instanceof Error ? e.message : String(e)}`),
        ],
      );
    }
    if (rest === '/logpush/ownership/validate' && method === 'POST') {
      const valid = store.challenges.some(
        (c) =>
          c.scopeId === scopeId &&
          c.destinationConf === body.destination_conf &&
          c.token === body.ownership_challenge,
      );
      return [200, ok({ valid })];
    }
    if (kind === 'accounts' && rest.startsWith('/alerting/v3/policies')) {
      let byId = store.policies.get(scopeId);
      if (!byId) store.policies.set(scopeId, (byId = new Map()));
      const idMatch = /^\/alerting\/v3\/policies\/([0-9a-f]{32})$/.exec(rest);
      if (rest === '/alerting/v3/policies') {
        if (method === 'GET') return page([...byId.values()], params);
        if (method === 'POST') {
          if (
            typeof body.name !== 'string' ||
            typeof body.alert_type !== 'string' ||
            typeof body.mechanisms !== 'object'
          ) {
            return [400, fail(17001, 'name, alert_type and mechanisms are required')];
          }
          const p = store.addPolicy(scopeId, {
            name: body.name,
            alert_type: body.alert_type,
            enabled: body.enabled !== false,
            mechanisms: body.mechanisms as NotificationPolicy['mechanisms'],
            ...(typeof body.description === 'string' ? { description: body.description } : {}),
            ...(body.filters ? { filters: body.filters as Record<string, unknown> } : {}),
          });
          return [200, ok({ id: p.id })];
        }
      } else if (idMatch) {
        const p = byId.get(idMatch[1]!);
        if (!p) return [404, fail(17003, 'policy not found')];
        if (method === 'GET') return [200, ok(p)];
        if (method === 'PUT') {
          for (const f of [
            'name',
            'description',
            'alert_type',
            'enabled',
            'mechanisms',
            'filters',
            'alert_interval',
          ] as const) {
            if (f in body) (p as unknown as Record<string, unknown>)[f] = body[f];
          }
          p.modified = now().toISOString();
          return [200, ok({ id: p.id })];
        }
        if (method === 'DELETE') {
          byId.delete(p.id);
          // PolicyDeleteResponse: {success, errors, messages} without a result.
          return [200, { success: true, errors: [], messages: [] } as unknown as Envelope];
        }
      }
    }
    return [405, fail(10405, `method ${method} not allowed on ${rest}`)];
  }

  async function runGraphql(json: Record<string, unknown>): Promise<unknown> {
    const refuse = (message: string, code: string) => ({
      data: null,
      errors: [{ message, path: null, extensions: { code } }],
    });
    const tags = (filter: Record<string, unknown>, one: string, many: string): string[] => {
      const list = [
        ...(typeof filter[one] === 'string' ? [filter[one] as string] : []),
        ...(Array.isArray(filter[many]) ? (filter[many] as string[]) : []),
      ];
      return [...new Set(list)];
    };
    const rootValue = {
      viewer: () => ({
        zones: ({ filter }: { filter: Record<string, unknown> }) => {
          const ids = tags(filter, 'zoneTag', 'zoneTag_in');
          if (ids.length > 10) throw new Error('zones: a query can include up to 10 zones');
          return ids.map((id) => scopeNode('zones', id, 'zoneTag'));
        },
        accounts: ({ filter }: { filter: Record<string, unknown> }) => {
          const ids = tags(filter, 'accountTag', 'accountTag_in');
          if (ids.length > 1) throw new Error('accounts: a query can include only 1 account');
          return ids.map((id) => scopeNode('accounts', id, 'accountTag'));
        },
      }),
    };
    function scopeNode(kind: ScopeKind, id: string, tagName: string): Record<string, unknown> {
      return {
        [tagName]: id,
        logpushHealthAdaptiveGroups: (
          args: { filter?: HealthFilter; limit: number; orderBy?: string[] },
          _ctx: unknown,
          info: GraphQLResolveInfo,
        ) => {
          if (store.forbidden.has(id) || store.graphqlRefused.has(id)) {
            throw new Error(`does not have access to the path (${kind} ${id}: logpushHealthAdaptiveGroups)`);
          }
          const data = (kind === 'zones' ? store.zones : store.accounts).get(id);
          return groupHealth(data?.health ?? [], args, info);
        },
      };
    }
    if (typeof json.query !== 'string') return refuse('no query', 'BAD_REQUEST');
    const result = await graphql({
      schema: GRAPHQL_SCHEMA,
      source: json.query,
      rootValue,
      variableValues: (json.variables as Record<string, unknown> | undefined) ?? {},
    });
    if (result.errors && result.errors.length > 0) {
      return {
        data: result.data ?? null,
        errors: result.errors.map((e) => ({
          message: e.message,
          path: e.path ?? null,
          extensions: { code: /access/.test(e.message) ? 'authz' : 'bad_request' },
        })),
      };
    }
    return { data: result.data, errors: null };
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/client/v4`,
    store,
    faults,
    requests,
    inject: (rule) => void faults.push(rule),
    stop: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
