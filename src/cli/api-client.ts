/**
 * A small HTTP client for the Cloudflare (and IBM CIS) APIs that keeps to a request budget on its
 * own: a sliding window of N requests per T seconds shared by every call of the run, bounded
 * concurrency, `Retry-After` on 429 (which pauses every caller: the limit is per user), a doubling
 * backoff on 5xx, dropped connections and timeouts, and a time bound per request.
 *
 * Cloudflare's limit: 1,200 requests per 5 minutes per user (Cloudflare docs, "API rate limits";
 * DOMAIN.md §11); the GraphQL Analytics API adds its own 300 queries per 5 minutes per user
 * (cloudflare-docs `src/content/docs/analytics/graphql-api/limits.mdx`, "User limits").
 *
 * Credentials travel in headers only; no message this module builds contains a header, a body
 * sent, or a URL's credentials.
 */
import { CliError, EXIT } from './io';
import { checkEndpoint, shownEndpoint } from './endpoint';

/** Cloudflare's API base. */
export const DEFAULT_CLOUDFLARE_API_URL = 'https://api.cloudflare.com/client/v4';
/** The hosts a Cloudflare API token may be sent to over https. */
const CLOUDFLARE_API_HOSTS = new Set(['api.cloudflare.com']);

/**
 * `--api-url`, checked: https on api.cloudflare.com, or http(s) on a loopback host (an emulator;
 * the rule of the other commands' endpoints, {@link checkEndpoint}); no credentials, query or
 * fragment. Returns the base without a trailing slash.
 */
export function checkCloudflareApiUrl(value: string, source = '--api-url'): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CliError(`${source} ${shownEndpoint(value)} is not a URL`, EXIT.usage);
  }
  // Scheme, loopback and credential rules: the same check as every other endpoint option.
  checkEndpoint(url.origin, source);
  const loopback = url.protocol === 'http:' || ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (!loopback && !CLOUDFLARE_API_HOSTS.has(url.hostname)) {
    throw new CliError(
      `${source} ${shownEndpoint(value)} is not allowed: the API token goes only to https://api.cloudflare.com (or a loopback emulator)`,
      EXIT.usage,
    );
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new CliError(
      `${source} ${shownEndpoint(value)} is not allowed: give scheme, host, port and path only`,
      EXIT.usage,
    );
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** `<requests>/<seconds>`, e.g. `1200/300`. */
export interface Budget {
  readonly requests: number;
  readonly seconds: number;
}

export function parseBudget(value: string, option: string): Budget {
  const m = /^(\d+)\/(\d+)$/.exec(value);
  const requests = m ? Number(m[1]) : NaN;
  const seconds = m ? Number(m[2]) : NaN;
  if (!m || requests < 1 || seconds < 1) {
    throw new CliError(`${option} "${value}" is not <requests>/<seconds> (e.g. 1200/300)`, EXIT.usage);
  }
  return { requests, seconds };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * A sliding window of `requests` per `seconds`. A request holds its slot from `acquire()` until
 * its answer arrives, and the slot counts from that moment: the server saw the request somewhere
 * in between, so the client's window never frees a slot before the server's does.
 */
export class RequestWindow {
  /** When each counted request ended (Infinity: still in flight). */
  private stamps: number[] = [];
  /** Every caller waits until then (a 429's Retry-After). */
  private pausedUntil = 0;
  private queue: Promise<void> = Promise.resolve();
  /** Requests sent through this window. */
  sent = 0;

  constructor(private readonly budget: Budget) {}

  /** Waits for a slot (in call order); returns the function to call when the answer arrived. */
  acquire(): Promise<() => void> {
    const windowMs = this.budget.seconds * 1000;
    const turn = this.queue.then(async () => {
      for (;;) {
        const now = Date.now();
        this.stamps = this.stamps.filter((t) => t > now - windowMs);
        const waitPause = this.pausedUntil - now;
        let waitWindow = 0;
        if (this.stamps.length >= this.budget.requests) {
          const ended = this.stamps.filter((t) => t !== Infinity);
          // Only requests in flight: wait for one to end.
          waitWindow = ended.length > 0 ? Math.min(...ended) + windowMs - now : 25;
        }
        const wait = Math.max(waitPause, waitWindow);
        if (wait <= 0) break;
        await sleep(Math.min(wait, 1000));
      }
      this.stamps.push(Infinity);
      this.sent++;
    });
    this.queue = turn.catch(() => undefined);
    return turn.then(() => {
      let released = false;
      return () => {
        if (released) return;
        released = true;
        // In-flight slots are alike: the first one becomes this request's end.
        const i = this.stamps.indexOf(Infinity);
        if (i !== -1) this.stamps[i] = Date.now();
      };
    });
  }

  /** Pauses every caller for `ms` (a 429 answered for the whole user). */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
  }
}

/** Runs at most `n` tasks at a time. */
export class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly n: number) {}
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.n) await new Promise<void>((r) => this.waiting.push(r));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

/** A request that failed for good (after retries): why, for the report, never with credentials. */
export class ApiFailure extends Error {
  constructor(
    message: string,
    public readonly status?: number,
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

export interface ApiResponse {
  readonly status: number;
  readonly json: unknown;
}

export interface ApiClientOptions {
  /** Windows every request goes through (e.g. the REST budget, plus GraphQL's own for GraphQL). */
  readonly timeoutMs: number;
  /** Attempts per request (first try included). */
  readonly maxAttempts: number;
  /** The longest Retry-After honoured, ms; a longer one fails the request. */
  readonly maxRetryAfterMs: number;
  /** First backoff after a 5xx/timeout, ms (doubles). */
  readonly backoffMs: number;
  /** Called when a request waits for a retry (for a person: stderr). */
  readonly onRetry?: (what: string) => void;
}

/** Statistics of a run. */
export interface ApiStats {
  requests: number;
  retries: number;
  rateLimited: number;
}

/** Sends one request within the windows, with retries; resolves with the final answer (any status but 429/5xx). */
export async function sendWithin(
  windows: readonly RequestWindow[],
  limiter: Limiter,
  req: { method: 'GET' | 'POST'; url: string; headers: Record<string, string>; body?: string; label: string },
  o: ApiClientOptions,
  stats: ApiStats,
): Promise<ApiResponse> {
  let backoff = o.backoffMs;
  let lastProblem = '';
  for (let attempt = 1; attempt <= o.maxAttempts; attempt++) {
    const releases: (() => void)[] = [];
    for (const w of windows) releases.push(await w.acquire());
    stats.requests++;
    let res: Response;
    try {
      res = await limiter.run(() =>
        fetch(req.url, {
          method: req.method,
          headers: req.headers,
          ...(req.body !== undefined ? { body: req.body } : {}),
          // A redirect could carry the token elsewhere: never followed.
          redirect: 'manual',
          signal: AbortSignal.timeout(o.timeoutMs),
        }),
      );
    } catch (e) {
      for (const release of releases) release();
      const timedOut = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError');
      lastProblem = timedOut
        ? `no answer within ${o.timeoutMs / 1000}s`
        : `connection failed (${errorCode(e)})`;
      if (attempt < o.maxAttempts) {
        stats.retries++;
        o.onRetry?.(`${req.label}: ${lastProblem}; retrying in ${backoff / 1000}s`);
        await sleep(backoff);
        backoff *= 2;
      }
      continue;
    }
    for (const release of releases) release();
    if (res.status === 429) {
      stats.rateLimited++;
      const retryAfter = retryAfterMs(res.headers.get('retry-after'));
      await res.body?.cancel();
      lastProblem = 'HTTP 429 (rate limited)';
      if (retryAfter > o.maxRetryAfterMs) {
        throw new ApiFailure(`${lastProblem}: Retry-After ${retryAfter / 1000}s is longer than allowed`, 429);
      }
      for (const w of windows) w.pause(retryAfter);
      if (attempt < o.maxAttempts) {
        stats.retries++;
        o.onRetry?.(`${req.label}: rate limited; waiting ${retryAfter / 1000}s (Retry-After)`);
      }
      continue;
    }
    if (res.status >= 500) {
      await res.body?.cancel();
      lastProblem = `HTTP ${res.status}`;
      if (attempt < o.maxAttempts) {
        stats.retries++;
        o.onRetry?.(`${req.label}: ${lastProblem}; retrying in ${backoff / 1000}s`);
        await sleep(backoff);
        backoff *= 2;
      }
      continue;
    }
    let json: unknown;
    try {
      json = await res.json();
    } catch {
      json = undefined;
    }
    return { status: res.status, json };
  }
  throw new ApiFailure(`${lastProblem} after ${o.maxAttempts} attempts`);
}

/** Retry-After as ms: seconds, or an HTTP date; 1 s when absent or unreadable. */
function retryAfterMs(value: string | null): number {
  if (value === null) return 1000;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? 1000 : Math.max(0, at - Date.now());
}

function errorCode(e: unknown): string {
  const cause = (e as { cause?: { code?: unknown } }).cause;
  return typeof cause?.code === 'string' ? cause.code : e instanceof Error ? e.name : 'error';
}

/** Cloudflare's envelope: `{success, errors: [{code, message}], result, result_info}`. */
export interface Envelope<T> {
  readonly success?: boolean;
  readonly errors?: readonly { code?: number; message?: string }[];
  readonly result?: T;
  readonly result_info?: { page?: number; total_pages?: number };
}

/** The first error of an envelope, as `code message`, for a report (never more than 200 characters). */
export function envelopeError(status: number, json: unknown): string {
  const errors = (json as Envelope<unknown> | undefined)?.errors;
  const first = Array.isArray(errors) ? errors[0] : undefined;
  const text = first ? `${first.code ?? ''} ${first.message ?? ''}`.trim() : 'no detail';
  return `HTTP ${status}: ${text}`.slice(0, 200);
}
