/**
 * The ownership-verification Lambda (runtime nodejs22.x, AWS SDK v3 from the runtime). Terraform's
 * `aws_lambda_invocation` with `lifecycle_scope = "CRUD"` sends the input below plus
 * `tf: { action, prev_input }`; the result `{ "token": ... }` becomes the job's `ownership_challenge`.
 */
import { readOwnershipToken, type ChallengeStore, type RetryOptions } from './challenge';
import type { OwnershipInvocationInput, OwnershipInvocationResult } from './contract';
import { ownershipS3Client, s3ChallengeStore } from './s3-store';

/** What the invocation sends (the construct's input, plus Terraform's `tf` key). */
export interface OwnershipEvent extends OwnershipInvocationInput {
  readonly tf?: { readonly action: 'create' | 'update' | 'delete'; readonly prev_input?: unknown };
}

/** What the invocation returns. */
export type OwnershipResult = OwnershipInvocationResult;

/**
 * The handler's logic with its store injected.
 *
 * - create / update (or no `tf` key, an invocation outside the CRUD scope): read the token. An
 *   update happens when the input changed, i.e. a new challenge was requested: read again.
 * - delete: nothing to undo (the file is gone, the token expires by itself); succeed, idempotently.
 */
export async function handleOwnershipEvent(
  event: OwnershipEvent,
  store: ChallengeStore,
  retry?: RetryOptions,
): Promise<OwnershipResult> {
  const action = event.tf?.action ?? 'create';
  switch (action) {
    case 'create':
    case 'update': {
      // Only what the construct sends: an event cannot ask for another object than the one named.
      const found = await readOwnershipToken(
        {
          bucket: event.bucket,
          prefix: event.prefix,
          filename: event.filename,
          keepChallengeFile: event.keepChallengeFile,
        },
        store,
        retry,
      );
      // Never log the token.
      console.log(JSON.stringify({ action, bucket: event.bucket, key: found.key, attempts: found.attempts }));
      return { token: found.token };
    }
    case 'delete':
      console.log(JSON.stringify({ action, bucket: event.bucket }));
      return {};
    default:
      // An internal invariant: aws_lambda_invocation (lifecycle_scope CRUD) sends only create,
      // update and delete; nothing a user of the constructs writes reaches this.
      throw new Error(`ownership challenge: unknown lifecycle action ${JSON.stringify(action)}`);
  }
}

/**
 * The Lambda entry point (`lambda.handler`): the S3 client has short timeouts and no retries of its
 * own; the read retries under `OWNERSHIP_READ_BUDGET_MS`, which fits the function's timeout.
 */
export const handler = async (event: OwnershipEvent): Promise<OwnershipResult> => {
  const client = ownershipS3Client({ region: event.region });
  try {
    return await handleOwnershipEvent(event, s3ChallengeStore(client));
  } finally {
    client.destroy();
  }
};
