/**
 * The ownership challenge runtime, as pure logic over an injected object store: find the challenge
 * object Cloudflare wrote, wait for it while it is not there yet, decode it, check it is a JWT,
 * delete it. No AWS SDK here: `s3-store.ts` adapts S3, tests use their own stores.
 *
 * Facts (DOMAIN.md §1): Cloudflare answers a challenge request with `filename`, the object key
 * (sometimes with a leading `<bucket>/`, sometimes empty: cloudflare/terraform-provider-cloudflare#6675);
 * the file lies under the job's path prefix; S3 has reported it with `Content-Encoding: compress`
 * while the body was plain text (#1019); the token is a JWT valid for 7 days.
 */
import { gunzipSync } from 'zlib';
import { CHALLENGE_BASENAME } from './contract';

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
  /** The object, or undefined when the key does not exist. Other failures throw. */
  get(bucket: string, key: string): Promise<ChallengeObject | undefined>;
  /** Every key under the prefix. */
  list(bucket: string, prefix: string): Promise<ListedObject[]>;
  /** Deletes the object (that version, when given). */
  delete(bucket: string, key: string, versionId?: string): Promise<void>;
}

/** How long to wait for Cloudflare to write the file. */
export interface RetryOptions {
  /** @default 12 */
  readonly maxAttempts?: number;
  /** Delay after the first miss; doubles after each. @default 500 */
  readonly initialDelayMs?: number;
  /** @default 8000 */
  readonly maxDelayMs?: number;
  /** @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Where to look. */
export interface ReadChallengeInput {
  readonly bucket: string;
  /** The challenge's `filename`, if Cloudflare gave one. */
  readonly filename?: string;
  /** The job's key prefix (no trailing slash). */
  readonly prefix: string;
  /** Keep the file after reading it. */
  readonly keepChallengeFile?: boolean;
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

/** The token text: gunzipped when the bytes are gzip (1f 8b), whatever Content-Encoding said; trimmed. */
export function decodeChallenge(bytes: Uint8Array): string {
  const raw =
    bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : Buffer.from(bytes);
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

/**
 * Runs one store call; any failure (access denied, no such bucket) is final, reported with bucket,
 * what was attempted and the original error. (A missing object is not a failure: `get` returns undefined.)
 */
async function storeCall<T>(bucket: string, what: string, op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (e) {
    const reason = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    throw new Error(`ownership challenge: ${what} in bucket ${bucket} failed: ${reason}`, { cause: e });
  }
}

/** The prefix to list, with one trailing slash; empty for the whole bucket. */
function listPrefix(prefix: string): string {
  const trimmed = prefix.replace(/\/+$/, '');
  return trimmed ? `${trimmed}/` : '';
}

/** One round: the named object, else the newest `ownership-challenge*` under the prefix. */
async function findOnce(
  input: ReadChallengeInput,
  store: ChallengeStore,
): Promise<{ key: string; object: ChallengeObject } | undefined> {
  const { bucket } = input;
  const key = challengeKey(bucket, input.filename);
  if (key !== undefined) {
    const object = await storeCall(bucket, `reading ${key}`, () => store.get(bucket, key));
    if (object) return { key, object };
  }
  const prefix = listPrefix(input.prefix);
  const listed = await storeCall(bucket, `listing ${prefix || 'the bucket'}`, () =>
    store.list(bucket, prefix),
  );
  const newest = listed
    .filter((o) => (o.key.split('/').pop() ?? '').startsWith(CHALLENGE_BASENAME))
    // LastModified has second precision: on a tie, the later key (daily folders sort by date).
    .sort((a, b) => b.lastModified.getTime() - a.lastModified.getTime() || (b.key > a.key ? 1 : -1))[0];
  if (!newest) return undefined;
  const object = await storeCall(bucket, `reading ${newest.key}`, () => store.get(bucket, newest.key));
  return object ? { key: newest.key, object } : undefined;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The token in the object, or an error naming the object and its size, never its content. */
function tokenOf(bucket: string, key: string, body: Uint8Array): string {
  let token: string;
  try {
    token = decodeChallenge(body);
  } catch {
    token = ''; // gzip magic but not a valid gzip stream
  }
  if (!looksLikeJwt(token)) {
    throw new Error(`ownership challenge: s3://${bucket}/${key} (${body.length} bytes) does not hold a JWT`);
  }
  return token;
}

/**
 * Reads the ownership token: waits (exponential backoff, bounded) for the challenge object,
 * decodes it, checks it is a JWT, then deletes that version unless asked to keep it. Store
 * failures other than "not there yet" are not retried. Errors never contain the object's content.
 */
export async function readOwnershipToken(
  input: ReadChallengeInput,
  store: ChallengeStore,
  retry: RetryOptions = {},
): Promise<ChallengeResult> {
  const { bucket } = input;
  const maxAttempts = retry.maxAttempts ?? 12;
  const maxDelay = retry.maxDelayMs ?? 8000;
  const sleep = retry.sleep ?? realSleep;
  let delay = retry.initialDelayMs ?? 500;
  let waited = 0;
  for (let attempt = 1; ; attempt++) {
    const found = await findOnce(input, store);
    if (found) {
      const { key, object } = found;
      const token = tokenOf(bucket, key, object.body);
      if (!input.keepChallengeFile) {
        await storeCall(bucket, `deleting ${key}`, () => store.delete(bucket, key, object.versionId));
      }
      return { token, key, attempts: attempt };
    }
    if (attempt >= maxAttempts) {
      const named = challengeKey(bucket, input.filename);
      const prefix = listPrefix(input.prefix);
      const where = `${named ? `${named} or ` : ''}the newest ${CHALLENGE_BASENAME}* ${prefix ? `under ${prefix}` : 'anywhere in the bucket'}`;
      throw new Error(
        `ownership challenge: no challenge file in bucket ${bucket} (looked for ${where}) ` +
          `after ${attempt} attempts over ${waited} ms. Cloudflare writes it when the ownership challenge ` +
          'is requested: check that the bucket policy lets arn:aws:iam::391854517948:user/cloudflare-logpush ' +
          's3:PutObject under that prefix.',
      );
    }
    await sleep(delay);
    waited += delay;
    delay = Math.min(delay * 2, maxDelay);
  }
}
