/**
 * The contract between the ownership-verification construct (constructs/ownership-verification.ts)
 * and its Lambda handler (lambda.ts, challenge.ts): both import this module, so the two runtimes
 * cannot drift. It lives in src/ownership because the handler is compiled on its own
 * (src/ownership/tsconfig.json) and may import nothing outside this folder.
 */

/** The AWS principal Cloudflare Logpush writes with (CF docs, enable-destinations/aws-s3). */
export const CLOUDFLARE_LOGPUSH_PRINCIPAL = 'arn:aws:iam::391854517948:user/cloudflare-logpush';

/**
 * The basename Cloudflare gives the ownership challenge object (`<prefix>/ownership-challenge-<id>.txt`):
 * the handler looks for it, and the function's role may read and delete only keys containing it.
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
  /** The challenge's `filename`; empty or absent: the newest challenge object under the prefix. */
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
