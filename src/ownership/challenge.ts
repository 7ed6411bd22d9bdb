/**
 * The ownership challenge runtime, as pure logic over an injected object store: find the challenge
 * object Cloudflare wrote, wait for it while it is not there yet, decode it, check it is a JWT,
 * delete it. No AWS SDK here: `s3-store.ts` adapts S3, tests use their own stores.
 *
 * Facts (DOMAIN.md §1): Cloudflare answers a challenge request with `filename`, the object key
 * (sometimes with a leading `<bucket>/`, sometimes empty: cloudflare/terraform-provider-cloudflare#6675);
 * the file lies under the job's path prefix; S3 has reported it with `Content-Encoding: compress`
 * while the body was plain text (#1019); the token is a JWT valid for 7 days.
 *
 * The handler reads exactly the object Cloudflare named for this job (issue 17, item 5): the key
 * must lie under the job's prefix in the job's bucket, with a basename starting
 * `ownership-challenge`; it never lists the bucket for another challenge (anyone can make one exist
 * by requesting a challenge for any destination), and it deletes only the version it read.
 */
import { gunzipSync } from 'zlib';
import { CHALLENGE_BASENAME, OWNERSHIP_READ_BUDGET_MS } from './contract';
import { brandLogpushError } from './error-brand';

/** An object read from the store. */
export interface ChallengeObject {
  readonly body: Uint8Array;
  /** The version read, so that delete removes it for good in a versioned bucket. */
  readonly versionId?: string;
}

/** A key found by listing. */
export interface ListedObject {
  readonly key: string;
  readonly lastModified: Date;
}

/** The object store the handler reads from (S3 in production). */
export interface ChallengeStore {
  /**
   * The object, or undefined when the key does not exist (yet). Other failures throw, as a
   * {@link ChallengeStoreError} when the store can tell whether they are worth retrying.
   */
  get(bucket: string, key: string, signal?: AbortSignal): Promise<ChallengeObject | undefined>;
  /**
   * Every key under the prefix. Used only by an operator's explicit {@link ReadChallengeInput.newestUnderPrefix}
   * (the CLI's `ownership-token --prefix`), never by the ownership handler.
   */
  list(bucket: string, prefix: string, signal?: AbortSignal): Promise<ListedObject[]>;
  /** Deletes the object (that version, when given); deleting what is gone already succeeds. */
  delete(bucket: string, key: string, versionId?: string, signal?: AbortSignal): Promise<void>;
}

/**
 * The largest challenge file read, and the largest it may inflate to (a token is at most 4,096
 * characters: Cloudflare's API schema). Anything larger is refused, never decompressed further.
 */
export const MAX_CHALLENGE_BYTES = 64 * 1024;

/**
 * A failure of the object store, said in one line (code and HTTP status, never a response body).
 * `retryable` failures (throttling, 5xx, connection resets, timeouts, a truncated body) are retried
 * within the time bound; the others end the read at once.
 */
export class ChallengeStoreError extends Error {
  /** `OWNERSHIP_STORE_RETRYABLE` or `OWNERSHIP_STORE_FAILED`, after {@link retryable}. */
  public readonly code: string;

  constructor(
    message: string,
    public readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ChallengeStoreError';
    this.code = retryable ? 'OWNERSHIP_STORE_RETRYABLE' : 'OWNERSHIP_STORE_FAILED';
    // Branded, not derived: the handler's bundle may not import src/errors.ts (see error-brand.ts).
    brandLogpushError(this);
  }
}

/** How long to wait for Cloudflare to write the file, and for a failing store to recover. */
export interface RetryOptions {
  /**
   * The overall bound of the read, waits and store calls included.
   *
   * @default OWNERSHIP_READ_BUDGET_MS
   */
  readonly timeoutMs?: number;
  /**
   * At most this many rounds.
   *
   * @default - as many as fit in `timeoutMs`
   */
  readonly maxAttempts?: number;
  /** Delay after the first miss; doubles after each. @default 500 */
  readonly initialDelayMs?: number;
  /** @default 8000 */
  readonly maxDelayMs?: number;
  /** @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Where retries are reported (one JSON line each, never content). @default console.warn */
  readonly log?: (line: string) => void;
}

/** Where to look. */
export interface ReadChallengeInput {
  readonly bucket: string;
  /**
   * The challenge's `filename` as Cloudflare named it (optionally with a leading `<bucket>/`); it
   * must lie under `<prefix>/`. Empty or absent: `<prefix>/ownership-challenge.txt`, the name
   * Cloudflare documents.
   */
  readonly filename?: string;
  /** The job's key prefix (no trailing slash); never empty. */
  readonly prefix: string;
  /** Keep the file after reading it. */
  readonly keepChallengeFile?: boolean;
  /**
   * An operator's explicit choice (the CLI's `ownership-token --prefix`, whose output names the key
   * read): without a `filename`, read the newest `ownership-challenge*` object under the prefix. The
   * ownership handler never sets it: it reads only the object Cloudflare named for its job.
   *
   * @default false
   */
  readonly newestUnderPrefix?: boolean;
}

/** What was found. */
export interface ChallengeResult {
  readonly token: string;
  /** The object key the token was read from. */
  readonly key: string;
  /** How many rounds it took (1 when the file was already there). */
  readonly attempts: number;
}

/** The object key for a `filename`: as given, or without a leading `<bucket>/`; undefined when blank. */
export function challengeKey(bucket: string, filename: string | undefined): string | undefined {
  const name = filename?.trim();
  if (!name) return undefined;
  return name.startsWith(`${bucket}/`) ? name.slice(bucket.length + 1) : name;
}

/** The name Cloudflare documents for the challenge object, directly under the job's prefix. */
export const DEFAULT_CHALLENGE_FILE = `${CHALLENGE_BASENAME}.txt`;

/** Longest S3 key (bytes of UTF-8; we accept ASCII only, so characters). */
const MAX_KEY_LENGTH = 1024;

/**
 * The one key this job may read: the challenge `filename` (without a leading `<bucket>/`), which
 * must lie under `<prefix>/` with no empty, `.` or `..` segment and a basename starting
 * `ownership-challenge`; `<prefix>/ownership-challenge.txt` when Cloudflare named none. Throws
 * (a {@link ChallengeError}) for anything else: another pipeline's prefix, another folder, a
 * log object. Nothing is listed, so no other object can be substituted.
 */
export function expectedChallengeKey(
  input: Pick<ReadChallengeInput, 'bucket' | 'prefix' | 'filename'>,
): string {
  const prefix = input.prefix.replace(/\/+$/, '');
  if (prefix === '' || !SAFE_KEY.test(prefix)) {
    throw new ChallengeError(
      `the job's prefix ${JSON.stringify(prefix.slice(0, 200))} is empty or not a plain key prefix: refusing to read any challenge`,
    );
  }
  const named = challengeKey(input.bucket, input.filename);
  const key = named ?? `${prefix}/${DEFAULT_CHALLENGE_FILE}`;
  const rest = key.startsWith(`${prefix}/`) ? key.slice(prefix.length + 1) : undefined;
  const segments = rest?.split('/') ?? [];
  const basename = segments[segments.length - 1] ?? '';
  if (
    rest === undefined ||
    key.length > MAX_KEY_LENGTH ||
    !SAFE_KEY.test(key) ||
    segments.some((s) => s === '' || s === '.' || s === '..') ||
    !basename.startsWith(CHALLENGE_BASENAME)
  ) {
    throw new ChallengeError(
      `the challenge filename ${JSON.stringify(key.slice(0, 200))} is not an ${CHALLENGE_BASENAME}* object under ` +
        `this job's prefix ${prefix}/ in bucket ${input.bucket}: refusing to read it (only the file Cloudflare ` +
        'wrote for this job is read, and only it is deleted)',
    );
  }
  return key;
}

/** Printable ASCII without `\`: what a challenge key and a prefix may contain. */
const SAFE_KEY = /^[\x21-\x5b\x5d-\x7e]+$/;

/** The token text: gunzipped when the bytes are gzip (1f 8b), whatever Content-Encoding said; trimmed. */
export function decodeChallenge(bytes: Uint8Array): string {
  const raw =
    bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b
      ? // A gzip bomb stops here: zlib refuses to inflate past the limit (ERR_BUFFER_TOO_LARGE).
        gunzipSync(bytes, { maxOutputLength: MAX_CHALLENGE_BYTES })
      : Buffer.from(bytes);
  return raw.toString('utf8').trim();
}

/** Three base64url segments whose first decodes to a JSON header with `alg`. */
export function looksLikeJwt(value: string): boolean {
  const parts = value.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p))) return false;
  try {
    const header: unknown = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8'));
    return typeof header === 'object' && header !== null && 'alg' in header;
  } catch {
    return false;
  }
}

/** A failure that ends the read: its message is the whole story (no SDK dump, no content). */
class ChallengeError extends Error {
  public readonly code = 'OWNERSHIP_CHALLENGE_FAILED';

  constructor(message: string, options?: { cause?: unknown }) {
    super(`ownership challenge: ${message}`, options);
    this.name = 'OwnershipChallengeError';
    brandLogpushError(this);
  }
}

/** A store failure worth another round (see {@link ChallengeStoreError}). */
class RetryableFailure extends Error {
  constructor(
    public readonly what: string,
    public readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${what} failed: ${reason}`, options);
  }
}

/** The failure in one line: `name: message`, the message cut at its first line and at 200 characters. */
function describe(e: unknown): string {
  if (!(e instanceof Error)) return String(e).slice(0, 200);
  if (e instanceof ChallengeStoreError) return e.message;
  const first = (e.message.split('\n')[0] ?? '').slice(0, 200);
  return `${e.name}: ${first}`;
}

/** Runs one store call under the deadline; sorts its failure into "retry" or "give up". */
async function storeCall<T>(
  clock: Clock,
  bucket: string,
  what: string,
  op: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const signal = AbortSignal.timeout(Math.max(1, clock.remaining()));
  try {
    return await op(signal);
  } catch (e) {
    if (signal.aborted || clock.remaining() <= 0) {
      throw new RetryableFailure(what, `no answer within the time bound`, { cause: e });
    }
    if (e instanceof ChallengeStoreError && e.retryable) {
      throw new RetryableFailure(what, e.message, { cause: e });
    }
    throw new ChallengeError(`${what} in bucket ${bucket} failed: ${describe(e)}`, { cause: e });
  }
}

/** One round: the one object this job may read (see {@link expectedChallengeKey}). */
async function findOnce(
  bucket: string,
  key: string,
  store: ChallengeStore,
  clock: Clock,
): Promise<{ key: string; object: ChallengeObject } | undefined> {
  const object = await storeCall(clock, bucket, `reading ${key}`, (s) => store.get(bucket, key, s));
  return object ? { key, object } : undefined;
}

/** The operator's round ({@link ReadChallengeInput.newestUnderPrefix}): the newest challenge under the prefix. */
async function findNewest(
  bucket: string,
  prefix: string,
  store: ChallengeStore,
  clock: Clock,
): Promise<{ key: string; object: ChallengeObject } | undefined> {
  const under = `${prefix}/`;
  const listed = await storeCall(clock, bucket, `listing ${under}`, (s) => store.list(bucket, under, s));
  const newest = listed
    .filter((o) => (o.key.split('/').pop() ?? '').startsWith(CHALLENGE_BASENAME))
    // LastModified has second precision: on a tie, the later key (daily folders sort by date).
    .sort((a, b) => b.lastModified.getTime() - a.lastModified.getTime() || (b.key > a.key ? 1 : -1))[0];
  return newest ? findOnce(bucket, newest.key, store, clock) : undefined;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The token in the object, or an error naming the object and its size, never its content. */
function tokenOf(bucket: string, key: string, body: Uint8Array): string {
  const where = `s3://${bucket}/${key} (${body.length} bytes)`;
  if (body.length > MAX_CHALLENGE_BYTES) {
    throw new ChallengeError(
      `${where} is larger than a challenge file can be (${MAX_CHALLENGE_BYTES} bytes)`,
    );
  }
  let token: string;
  try {
    token = decodeChallenge(body);
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new ChallengeError(
        `${where} inflates to more than ${MAX_CHALLENGE_BYTES} bytes: not a challenge file`,
      );
    }
    token = ''; // gzip magic but not a valid gzip stream
  }
  if (!looksLikeJwt(token)) throw new ChallengeError(`${where} does not hold a JWT`);
  return token;
}

/**
 * The time a read has used: real time, except that each wait counts as what was asked for. With an
 * injected sleep that returns at once (tests), the bound still ends the read after the same waits.
 */
class Clock {
  private readonly started = Date.now();
  private sleptReal = 0;
  private sleptAsked = 0;

  constructor(private readonly timeoutMs: number) {}

  elapsed(): number {
    return Date.now() - this.started - this.sleptReal + this.sleptAsked;
  }

  remaining(): number {
    return this.timeoutMs - this.elapsed();
  }

  async sleep(sleep: (ms: number) => Promise<void>, ms: number): Promise<void> {
    const before = Date.now();
    await sleep(ms);
    this.sleptReal += Date.now() - before;
    this.sleptAsked += ms;
  }
}

/** The rounds and waits of one phase (finding, deleting) under the shared deadline. */
class Backoff {
  public attempt = 0;
  public waited = 0;
  public lastFailure?: RetryableFailure;
  private delay: number;

  constructor(
    private readonly clock: Clock,
    private readonly options: Required<Pick<RetryOptions, 'initialDelayMs' | 'maxDelayMs' | 'maxAttempts'>> &
      Pick<RetryOptions, 'sleep' | 'log'>,
  ) {
    this.delay = options.initialDelayMs;
  }

  /** Waits before the next round; false when the bound (time or attempts) leaves no room for one. */
  async next(phase: string): Promise<boolean> {
    if (this.attempt >= this.options.maxAttempts) return false;
    const delay = this.delay;
    if (delay >= this.clock.remaining()) return false;
    (this.options.log ?? ((l: string) => console.warn(l)))(
      JSON.stringify({
        retry: phase,
        attempt: this.attempt,
        reason: this.lastFailure ? this.lastFailure.message : 'not there yet',
        delayMs: delay,
      }),
    );
    await this.clock.sleep(this.options.sleep ?? realSleep, delay);
    this.waited += delay;
    this.delay = Math.min(delay * 2, this.options.maxDelayMs);
    return true;
  }
}

/**
 * Reads the ownership token: waits (exponential backoff) for the challenge object, decodes it,
 * checks it is a JWT, then deletes that version unless asked to keep it. "Not there yet" and
 * retryable store failures (throttling, 5xx, resets, timeouts, truncated bodies) are retried; the
 * whole read, waits, calls and delete, stays within ONE time bound (`timeoutMs`, every store call
 * aborted when it is reached). Anything else fails at once with one message that never contains
 * the object's content. `keep`, when given, receives the token before the file is deleted; when it
 * throws, the read fails and the file stays.
 */
export async function readOwnershipToken(
  input: ReadChallengeInput,
  store: ChallengeStore,
  retry: RetryOptions = {},
  keep?: (token: string) => Promise<void>,
): Promise<ChallengeResult> {
  const { bucket } = input;
  const timeoutMs = retry.timeoutMs ?? OWNERSHIP_READ_BUDGET_MS;
  const clock = new Clock(timeoutMs);
  const backoffOptions = {
    initialDelayMs: retry.initialDelayMs ?? 500,
    maxDelayMs: retry.maxDelayMs ?? 8000,
    maxAttempts: retry.maxAttempts ?? Number.POSITIVE_INFINITY,
    sleep: retry.sleep,
    log: retry.log,
  };

  const expected = expectedChallengeKey(input);
  const newest = input.newestUnderPrefix === true && !challengeKey(bucket, input.filename);
  const prefix = input.prefix.replace(/\/+$/, '');
  const finding = new Backoff(clock, backoffOptions);
  let found: { key: string; object: ChallengeObject } | undefined;
  for (;;) {
    finding.attempt++;
    try {
      found = newest
        ? await findNewest(bucket, prefix, store, clock)
        : await findOnce(bucket, expected, store, clock);
      finding.lastFailure = undefined;
    } catch (e) {
      if (!(e instanceof RetryableFailure)) throw e;
      finding.lastFailure = e;
    }
    if (found || !(await finding.next('find'))) break;
  }
  if (!found) {
    throw notFound(
      input,
      newest ? `the newest ${CHALLENGE_BASENAME}* under ${prefix}/` : expected,
      finding,
      clock,
      timeoutMs,
    );
  }

  const { key, object } = found;
  const token = tokenOf(bucket, key, object.body);
  // Kept before the file is deleted: when keeping fails, the file is still there for the next run.
  if (keep) await keep(token);
  if (!input.keepChallengeFile) {
    const deleting = new Backoff(clock, backoffOptions);
    for (;;) {
      deleting.attempt++;
      try {
        await storeCall(clock, bucket, `deleting ${key}`, (s) =>
          store.delete(bucket, key, object.versionId, s),
        );
        break;
      } catch (e) {
        if (e instanceof ChallengeError) {
          throw new ChallengeError(
            `${e.message.replace(/^ownership challenge: /, '')}. The token was read but the file is ` +
              'still there: let the function delete it, or set keepChallengeFile, and apply again.',
            { cause: e },
          );
        }
        if (!(e instanceof RetryableFailure)) throw e;
        deleting.lastFailure = e;
      }
      if (!(await deleting.next('delete'))) {
        throw new ChallengeError(
          `read the token from s3://${bucket}/${key} but could not delete it within the time bound ` +
            `(${plural(deleting.attempt, 'attempt')}, ${timeoutMs} ms in all): ${deleting.lastFailure.message}. ` +
            'Delete the file, or set keepChallengeFile, and apply again.',
          { cause: deleting.lastFailure },
        );
      }
    }
  }
  return { token, key, attempts: finding.attempt };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Why nothing was found: where it looked, for how long, and the last store failure if any. */
function notFound(
  input: ReadChallengeInput,
  key: string,
  finding: Backoff,
  clock: Clock,
  timeoutMs: number,
): Error {
  const { bucket } = input;
  const rounds = `after ${plural(finding.attempt, 'attempt')} over ${clock.elapsed()} ms (bound ${timeoutMs} ms)`;
  if (finding.lastFailure) {
    return new ChallengeError(
      `gave up on bucket ${bucket} ${rounds}: ${finding.lastFailure.message} (looked for ${key})`,
      { cause: finding.lastFailure },
    );
  }
  return new ChallengeError(
    `no challenge file in bucket ${bucket} (looked for ${key}) ${rounds}. Cloudflare writes it when ` +
      'the ownership challenge is requested: check that the bucket policy lets ' +
      'arn:aws:iam::391854517948:user/cloudflare-logpush s3:PutObject under that prefix.',
  );
}
