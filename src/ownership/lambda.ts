/**
 * The ownership-verification Lambda (runtime nodejs22.x, AWS SDK v3 from the runtime). Terraform's
 * `aws_lambda_invocation` with `lifecycle_scope = "CRUD"` sends the input below plus
 * `tf: { action, prev_input }`. The handler keeps the token in an SSM SecureString and returns only
 * `{ parameter, version }`: the invocation's `result` is not sensitive, so Terraform prints it in a
 * plan that changes the invocation. The construct reads the parameter back with a
 * `data "aws_ssm_parameter"`, whose `value` is sensitive, for the job's `ownership_challenge`.
 */
import { readOwnershipToken, type ChallengeStore, type RetryOptions } from './challenge';
import {
  OWNERSHIP_PARAMETER_BUDGET_MS,
  ownershipParameterName,
  type OwnershipInvocationInput,
  type OwnershipInvocationResult,
} from './contract';
import { brandLogpushError } from './error-brand';
import { ownershipS3Client, s3ChallengeStore } from './s3-store';
import { ownershipSsmClient, ssmTokenStore, type TokenStore } from './ssm-store';

/** What the invocation sends (the construct's input, plus Terraform's `tf` key). */
export interface OwnershipEvent extends OwnershipInvocationInput {
  readonly tf?: { readonly action: 'create' | 'update' | 'delete'; readonly prev_input?: unknown };
}

/** What the invocation returns. */
export type OwnershipResult = OwnershipInvocationResult;

/** Where the handler reads challenges from and keeps tokens in. */
export interface OwnershipStores {
  readonly challenges: ChallengeStore;
  readonly tokens: TokenStore;
}

/** A failure of the handler's own (not its stores'): its message is the whole story. */
class OwnershipHandlerError extends Error {
  public readonly code = 'OWNERSHIP_CHALLENGE_FAILED';

  constructor(message: string) {
    super(`ownership challenge: ${message}`);
    this.name = 'OwnershipChallengeError';
    brandLogpushError(this);
  }
}

/** The pipeline's parameter, or a refusal naming what is wrong with the input. */
function parameterOf(bucket: unknown, prefix: unknown): string {
  const name =
    typeof bucket === 'string' && typeof prefix === 'string'
      ? ownershipParameterName(bucket, prefix)
      : undefined;
  if (name === undefined) {
    throw new OwnershipHandlerError(
      `bucket ${JSON.stringify(String(bucket).slice(0, 100))} and prefix ${JSON.stringify(String(prefix).slice(0, 200))} ` +
        'do not name a pipeline: an S3 bucket name and a non-empty prefix are required',
    );
  }
  return name;
}

/** The parameter of the previous input, when it named another pipeline. */
function previousParameter(prev: unknown, current: string): string | undefined {
  if (typeof prev !== 'object' || prev === null) return undefined;
  const { bucket, prefix } = prev as { bucket?: unknown; prefix?: unknown };
  const name =
    typeof bucket === 'string' && typeof prefix === 'string'
      ? ownershipParameterName(bucket, prefix)
      : undefined;
  return name !== current ? name : undefined;
}

/** One store call under the run's SSM deadline. */
const withDeadline = <T>(deadline: number, op: (signal: AbortSignal) => Promise<T>): Promise<T> =>
  op(AbortSignal.timeout(Math.max(1, deadline - Date.now())));

/** Runs a store call; a failure becomes the handler's error (the store's message is redacted already). */
async function storeStep<T>(what: () => Promise<T>): Promise<T> {
  try {
    return await what();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new OwnershipHandlerError(message.split('\n')[0]!.slice(0, 300));
  }
}

/**
 * The handler's logic with its stores injected.
 *
 * - create / update (or no `tf` key, an invocation outside the CRUD scope): read the token, write it
 *   to the pipeline's parameter, then delete the challenge file (a failed write leaves the file for
 *   the next run). An update happens when the input changed, i.e. a new challenge was requested:
 *   read again; when the input named another pipeline before, its parameter is deleted.
 * - delete: delete the parameter, idempotently (the challenge file is gone, the token expires by itself).
 */
export async function handleOwnershipEvent(
  event: OwnershipEvent,
  stores: OwnershipStores,
  retry?: RetryOptions,
): Promise<OwnershipResult> {
  const action = event.tf?.action ?? 'create';
  switch (action) {
    case 'create':
    case 'update': {
      const parameter = parameterOf(event.bucket, event.prefix);
      let deadline = 0;
      let version = 0;
      // Only what the construct sends: an event cannot ask for another object than the one named.
      const found = await readOwnershipToken(
        {
          bucket: event.bucket,
          prefix: event.prefix,
          filename: event.filename,
          keepChallengeFile: event.keepChallengeFile,
        },
        stores.challenges,
        retry,
        async (token) => {
          deadline = Date.now() + OWNERSHIP_PARAMETER_BUDGET_MS;
          version = await storeStep(() =>
            withDeadline(deadline, (signal) => stores.tokens.put(parameter, token, signal)),
          );
        },
      );
      const previous = action === 'update' ? previousParameter(event.tf?.prev_input, parameter) : undefined;
      if (previous !== undefined) {
        // The new token is in place: a stale one left behind (it expires within 7 days) is reported, not fatal.
        await withDeadline(deadline, (signal) => stores.tokens.delete(previous, signal)).catch((e: Error) =>
          console.warn(JSON.stringify({ action, parameter: previous, deleteFailed: e.message })),
        );
      }
      // Never log the token.
      console.log(
        JSON.stringify({
          action,
          bucket: event.bucket,
          key: found.key,
          attempts: found.attempts,
          parameter,
          version,
        }),
      );
      return { parameter, version };
    }
    case 'delete': {
      const parameter = parameterOf(event.bucket, event.prefix);
      const deadline = Date.now() + OWNERSHIP_PARAMETER_BUDGET_MS;
      await storeStep(() => withDeadline(deadline, (signal) => stores.tokens.delete(parameter, signal)));
      console.log(JSON.stringify({ action, bucket: event.bucket, parameter }));
      return {};
    }
    default:
      // An internal invariant: aws_lambda_invocation (lifecycle_scope CRUD) sends only create,
      // update and delete; nothing a user of the constructs writes reaches this.
      throw new Error(`ownership challenge: unknown lifecycle action ${JSON.stringify(action)}`);
  }
}

/**
 * The Lambda entry point (`lambda.handler`): the S3 client has short timeouts and no retries of its
 * own; the read retries under `OWNERSHIP_READ_BUDGET_MS`, the SSM calls fit in
 * `OWNERSHIP_PARAMETER_BUDGET_MS`, and both fit the function's timeout.
 */
export const handler = async (event: OwnershipEvent): Promise<OwnershipResult> => {
  const s3 = ownershipS3Client({ region: event.region });
  const ssm = ownershipSsmClient({ region: event.region });
  try {
    return await handleOwnershipEvent(event, {
      challenges: s3ChallengeStore(s3),
      tokens: ssmTokenStore(ssm),
    });
  } finally {
    s3.destroy();
    ssm.destroy();
  }
};
