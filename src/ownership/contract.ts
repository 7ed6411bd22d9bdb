/**
 * The contract between the ownership-verification construct (constructs/ownership-verification.ts)
 * and its Lambda handler (lambda.ts, challenge.ts): both import this module, so the two runtimes
 * cannot drift. It lives in src/ownership because the handler is compiled on its own
 * (src/ownership/tsconfig.json) and may import nothing outside this folder.
 */

/** The AWS principal Cloudflare Logpush writes with (CF docs, enable-destinations/aws-s3). */
export const CLOUDFLARE_LOGPUSH_PRINCIPAL = 'arn:aws:iam::391854517948:user/cloudflare-logpush';

/**
 * The basename Cloudflare gives the ownership challenge object (`<prefix>/ownership-challenge.txt`,
 * `ownership-challenge-<id>.txt`): the handler reads only a named key under the job's prefix whose
 * basename starts with it, and the function's role may read and delete only keys containing it.
 */
export const CHALLENGE_BASENAME = 'ownership-challenge';

/** The compiled handler file in the function's archive, and its entry point (`<file>.<export>`). */
export const HANDLER_FILE = 'lambda.js';
export const HANDLER_ENTRY = 'lambda.handler';

/** What the construct's `aws_lambda_invocation` sends to the handler (its `input`). */
export interface OwnershipInvocationInput {
  /** The bucket Cloudflare wrote the challenge into. */
  readonly bucket: string;
  /** The bucket's region (the handler's S3 client region). */
  readonly region: string;
  /** The job's key prefix, without a trailing `/`. */
  readonly prefix: string;
  /**
   * The challenge's `filename` (Cloudflare's name for the object, optionally with a leading
   * `<bucket>/`). It must lie under `<prefix>/` and its basename start with `ownership-challenge`,
   * or the handler refuses it; empty or absent: `<prefix>/ownership-challenge.txt`. The handler reads
   * only this object (never the newest one under the prefix) and deletes only the version it read.
   */
  readonly filename?: string;
  /** The job's `destination_conf`: not read by the handler, but a new value re-reads the token. */
  readonly destinationConf?: string;
  /** Keep the challenge file after reading it. */
  readonly keepChallengeFile?: boolean;
}

/** What the handler returns: the token on create/update, nothing on delete. */
export type OwnershipInvocationResult = { readonly token: string } | Record<string, never>;

/** The key of the result the construct reads (`jsondecode(result).token`). */
export const RESULT_TOKEN_KEY = 'token';

/**
 * The ownership function's timeout, in seconds (`aws_lambda_function.timeout`). The handler's whole
 * run is bounded by {@link OWNERSHIP_READ_BUDGET_MS}, which leaves room under it for the runtime's
 * start and the response.
 */
export const OWNERSHIP_FUNCTION_TIMEOUT_SECONDS = 120;

/**
 * The one time bound of a handler run: every wait, every S3 call (aborted when the bound is
 * reached) and the delete fit in it. 20 s below {@link OWNERSHIP_FUNCTION_TIMEOUT_SECONDS}.
 */
export const OWNERSHIP_READ_BUDGET_MS = 100_000;
