/**
 * The contract between the ownership-verification construct (constructs/ownership-verification.ts)
 * and its Lambda handler (lambda.ts, challenge.ts): both import this module, so the two runtimes
 * cannot drift. It lives in src/ownership because the handler is compiled on its own
 * (src/ownership/tsconfig.json) and may import nothing outside this folder.
 */
import { createHash } from 'crypto';

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
  /**
   * Where the handler keeps the token ({@link OWNERSHIP_TOKEN_STORE}): not read by the handler, but
   * an invocation created by a version that returned the token has no such key, so its input
   * changes and Terraform runs it again, which writes the parameter.
   */
  readonly tokenStore?: typeof OWNERSHIP_TOKEN_STORE;
}

/** The store the handler keeps tokens in: SSM Parameter Store. */
export const OWNERSHIP_TOKEN_STORE = 'ssm-parameter';

/**
 * What the handler returns: on create/update, where the token is (an SSM Parameter Store
 * SecureString) and which version of it was written; nothing on delete. Never the token: the
 * invocation's `result` is not a sensitive attribute (hashicorp/aws 5.100.0), so Terraform prints it
 * in plans that change the invocation.
 */
export type OwnershipInvocationResult =
  { readonly parameter: string; readonly version: number } | Record<string, never>;

/** The key of the result the construct reads (`jsondecode(result).parameter`). */
export const RESULT_PARAMETER_KEY = 'parameter';

/**
 * Where every ownership token parameter lives: `<root>/<bucket>/<sha256(prefix)[0:32]>`. A fixed
 * library path, so that the function's role may write only below `<root>/<bucket>/` of the buckets
 * it serves (and SSM names may not start with `aws` or `ssm`).
 */
export const OWNERSHIP_PARAMETER_ROOT = '/cdktf-logpush/ownership';

/** An S3 bucket name (the rules of general purpose buckets, DOMAIN.md): what may go into a parameter path. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** The parameter path of one bucket's tokens (no trailing `/`); undefined for a name S3 would refuse. */
export function ownershipParameterPath(bucket: string): string | undefined {
  return BUCKET_NAME.test(bucket) ? `${OWNERSHIP_PARAMETER_ROOT}/${bucket}` : undefined;
}

/**
 * The names of every token parameter of `bucket`, as an IAM resource pattern
 * (`<root>/<bucket>/*`). `bucket` is a validated bucket name or a Terraform reference to one.
 */
export const ownershipParameterPattern = (bucket: string): string =>
  `${OWNERSHIP_PARAMETER_ROOT}/${bucket}/*`;

/**
 * The one parameter of the pipeline writing under `prefix` in `bucket` (trailing `/` ignored): a
 * function of the invocation's input only, so create, update and delete agree on it. The prefix is
 * hashed: S3 keys may hold characters SSM names may not (SSM allows `a-zA-Z0-9_.-/`).
 */
export function ownershipParameterName(bucket: string, prefix: string): string | undefined {
  const path = ownershipParameterPath(bucket);
  const normalized = prefix.replace(/\/+$/, '');
  if (path === undefined || normalized === '') return undefined;
  return `${path}/${createHash('sha256').update(normalized, 'utf8').digest('hex').slice(0, 32)}`;
}

/**
 * The ownership function's timeout, in seconds (`aws_lambda_function.timeout`). The handler's whole
 * run is bounded by {@link OWNERSHIP_READ_BUDGET_MS}, which leaves room under it for the runtime's
 * start and the response.
 */
export const OWNERSHIP_FUNCTION_TIMEOUT_SECONDS = 120;

/**
 * The time bound of a handler run's S3 part: every wait, every S3 call (aborted when the bound is
 * reached) and the delete fit in it. With {@link OWNERSHIP_PARAMETER_BUDGET_MS}, 5 s below
 * {@link OWNERSHIP_FUNCTION_TIMEOUT_SECONDS}.
 */
export const OWNERSHIP_READ_BUDGET_MS = 100_000;

/** The time bound of a handler run's SSM calls (writing the token's parameter, deleting one). */
export const OWNERSHIP_PARAMETER_BUDGET_MS = 15_000;
