import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { createHash } from 'crypto';
import {
  ChallengeStoreError,
  MAX_CHALLENGE_BYTES,
  type ChallengeStore,
  type ListedObject,
} from './challenge';
import { boundedRequestHandler, type SdkError } from './sdk';

/** Time to open a connection to S3 before the call fails (and is retried). */
export const S3_CONNECTION_TIMEOUT_MS = 3_000;
/** Time S3 may stay silent during one call (no byte sent or received) before it fails (and is retried). */
export const S3_REQUEST_TIMEOUT_MS = 10_000;

/**
 * The handler's S3 client: short connection and socket timeouts (`requestHandler` options: the
 * nodejs22.x runtime's SDK builds its `NodeHttpHandler` from them, nothing else is imported), and
 * no SDK retries: the handler retries itself, under one time bound, so that attempts and waits are
 * counted in one place.
 */
export function ownershipS3Client(config: S3ClientConfig = {}): S3Client {
  return new S3Client({
    maxAttempts: 1,
    requestHandler: boundedRequestHandler(S3_CONNECTION_TIMEOUT_MS, S3_REQUEST_TIMEOUT_MS),
    ...config,
  });
}

/** Codes AWS SDKs treat as throttling or transient (the list of @smithy/service-error-classification). */
const RETRYABLE_CODES = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'BandwidthLimitExceeded',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'InternalError',
  'ServiceUnavailable',
]);
/** Node's socket errors that a new connection may not meet. */
const RETRYABLE_SOCKET_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

/** "Not there (yet)": NoSuchKey, or any 404 but a missing bucket, which no wait will fix. */
const isNotFound = (e: unknown): boolean => {
  const err = e as SdkError;
  return (
    err.name === 'NoSuchKey' ||
    err.name === 'NotFound' ||
    err.name === 'NoSuchVersion' ||
    (err.$metadata?.httpStatusCode === 404 && err.name !== 'NoSuchBucket')
  );
};

/**
 * An SDK failure as one line (code, HTTP status; never the response body), and whether a new
 * attempt may succeed: throttling, 429, 5xx, socket resets and timeouts.
 */
export function classifyS3Error(e: unknown): ChallengeStoreError {
  if (e instanceof ChallengeStoreError) return e;
  const err = (typeof e === 'object' && e !== null ? e : {}) as SdkError;
  const status = err.$metadata?.httpStatusCode;
  let message = String(err.message ?? '');
  let name = err.name;
  // The SDK wraps what it does not recognise as an Error as "AWS SDK error wrapper for <Name>: <message>".
  const wrapped = /^AWS SDK error wrapper for (?:(\w+): )?(.*)$/.exec(message);
  if (wrapped) [name, message] = [wrapped[1] ?? name, wrapped[2] ?? ''];
  // A response without an error body (a bare 403) is named "Unknown"/"UnknownError" by the SDK.
  const named = name && !/^(Unknown(Error)?|Error)$/.test(name) ? name : undefined;
  const code = named ?? err.code ?? (status === 403 ? 'AccessDenied' : 'Error');
  // No HTTP answer at all: the connection was refused, reset, cut or timed out.
  const transport =
    status === undefined &&
    /socket hang up|ECONNRESET|EPIPE|ETIMEDOUT|aborted|timed? ?out|premature close/i.test(message);
  const retryable =
    RETRYABLE_CODES.has(code) ||
    (err.code !== undefined && RETRYABLE_SOCKET_CODES.has(err.code)) ||
    transport ||
    status === 429 ||
    (status !== undefined && status >= 500);
  const firstLine = (message.split('\n')[0] ?? '').slice(0, 200);
  const detail = firstLine && firstLine !== code && !/^Unknown/.test(firstLine) ? `: ${firstLine}` : '';
  return new ChallengeStoreError(
    `${code}${status !== undefined ? ` (HTTP ${status})` : ''}${detail}`,
    retryable,
    {
      cause: e,
    },
  );
}

/**
 * Whether `body` is what S3 stored: the length it announced and, for a single-part object whose
 * ETag is the MD5 of its bytes (unencrypted or SSE-S3), that MD5. A cut or altered transfer is
 * retried, never decoded.
 */
function checkIntegrity(body: Uint8Array, contentLength: number | undefined, etag: string | undefined): void {
  if (contentLength !== undefined && body.length !== contentLength) {
    throw new ChallengeStoreError(`body truncated: ${body.length} of ${contentLength} bytes`, true);
  }
  const md5 = etag?.replace(/"/g, '');
  if (md5 && /^[0-9a-f]{32}$/.test(md5) && createHash('md5').update(body).digest('hex') !== md5) {
    throw new ChallengeStoreError('body does not match its ETag (MD5)', true);
  }
}

/**
 * A {@link ChallengeStore} over S3. Bodies are read as raw bytes: nothing is decoded on the way.
 * Every failure is a {@link ChallengeStoreError}; objects larger than {@link MAX_CHALLENGE_BYTES}
 * are refused before their body is read.
 */
export function s3ChallengeStore(client: S3Client): ChallengeStore {
  return {
    async get(bucket, key, abortSignal) {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal });
        if (out.ContentLength !== undefined && out.ContentLength > MAX_CHALLENGE_BYTES) {
          (out.Body as { destroy?: () => void } | undefined)?.destroy?.();
          throw new ChallengeStoreError(
            `s3://${bucket}/${key} is ${out.ContentLength} bytes, larger than a challenge file can be (${MAX_CHALLENGE_BYTES})`,
            false,
          );
        }
        const body = out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
        checkIntegrity(body, out.ContentLength, out.ETag);
        return { body, ...(out.VersionId ? { versionId: out.VersionId } : {}) };
      } catch (e) {
        if (isNotFound(e)) return undefined;
        throw classifyS3Error(e);
      }
    },
    async list(bucket, prefix, abortSignal) {
      const found: ListedObject[] = [];
      let token: string | undefined;
      try {
        do {
          const out = await client.send(
            new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
            { abortSignal },
          );
          for (const o of out.Contents ?? []) {
            if (o.Key) found.push({ key: o.Key, lastModified: o.LastModified ?? new Date(0) });
          }
          token = out.IsTruncated ? out.NextContinuationToken : undefined;
        } while (token);
      } catch (e) {
        throw classifyS3Error(e);
      }
      return found;
    },
    async delete(bucket, key, versionId, abortSignal) {
      try {
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }), {
          abortSignal,
        });
      } catch (e) {
        // Gone already (a retried delete that had succeeded, a second run): the goal is reached.
        if (isNotFound(e)) return;
        throw classifyS3Error(e);
      }
    },
  };
}
