/**
 * Where the handler keeps the token it read: an SSM Parameter Store SecureString (the account's
 * default `aws/ssm` key), one parameter per pipeline (contract.ts `ownershipParameterName`). The
 * construct reads it back with `data "aws_ssm_parameter"`, whose `value` is a sensitive attribute,
 * so the token never appears in a plan; the invocation's `result` (not sensitive) carries only the
 * parameter's name and version.
 *
 * The nodejs22.x runtime provides `@aws-sdk/client-ssm` (nothing is bundled). Every message here
 * is one line (code, HTTP status, the parameter's name) with the token cut out (see {@link redact}).
 */
import {
  DeleteParameterCommand,
  PutParameterCommand,
  SSMClient,
  type SSMClientConfig,
} from '@aws-sdk/client-ssm';
import { brandLogpushError } from './error-brand';
import { boundedRequestHandler, type SdkError } from './sdk';

/** Time to open a connection to SSM. */
export const SSM_CONNECTION_TIMEOUT_MS = 3_000;
/** Time SSM may stay silent during one call. */
export const SSM_REQUEST_TIMEOUT_MS = 5_000;

/** Where tokens are kept (SSM in production, a map in unit tests). */
export interface TokenStore {
  /** Writes `token` as the parameter's new value (creating or overwriting it); the version written. */
  put(name: string, token: string, signal?: AbortSignal): Promise<number>;
  /** Deletes the parameter; a parameter that is gone already is success. */
  delete(name: string, signal?: AbortSignal): Promise<void>;
}

/** A failure of the token store, already redacted; `code` `OWNERSHIP_TOKEN_STORE_FAILED`. */
export class TokenStoreError extends Error {
  public readonly code = 'OWNERSHIP_TOKEN_STORE_FAILED';

  constructor(message: string) {
    // No `cause`: the SDK error may hold the request (and so the token); only the redacted line is kept.
    super(message);
    this.name = 'TokenStoreError';
    brandLogpushError(this);
  }
}

/** Three base64url segments: anything shaped like a JWT, which the token is. */
const JWT_SHAPED = /[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/g;

/**
 * `text` without `secret` and without anything shaped like a JWT: AWS validation errors may echo
 * a request's values ("Value '...' at 'value' failed to satisfy constraint").
 */
export function redact(text: string, secret?: string): string {
  const cut = secret && secret.length >= 8 ? text.split(secret).join('[redacted]') : text;
  return cut.replace(JWT_SHAPED, '[redacted]');
}

/**
 * The handler's SSM client: short connection and socket timeouts, and two attempts (the SDK's
 * standard retry: throttling, 5xx, resets), so that every SSM call of a run fits in
 * `OWNERSHIP_PARAMETER_BUDGET_MS` (contract.ts).
 */
export function ownershipSsmClient(config: SSMClientConfig = {}): SSMClient {
  return new SSMClient({
    maxAttempts: 2,
    requestHandler: boundedRequestHandler(SSM_CONNECTION_TIMEOUT_MS, SSM_REQUEST_TIMEOUT_MS),
    ...config,
  });
}

/** An SDK failure as one redacted line: `<code> (HTTP <status>): <first line of the message>`. */
export function describeSsmError(e: unknown, secret?: string): string {
  const err = (typeof e === 'object' && e !== null ? e : {}) as SdkError;
  const status = err.$metadata?.httpStatusCode;
  const name = err.name && !/^(Unknown(Error)?|Error)$/.test(err.name) ? err.name : undefined;
  const code = name ?? err.code ?? (status === 403 ? 'AccessDenied' : 'Error');
  // Redacted before it is cut: a cut could leave a piece of the token that no longer matches.
  const first = redact(String(err.message ?? '').split('\n')[0]!, secret).slice(0, 200);
  const detail = first && first !== code && !/^Unknown/.test(first) ? `: ${first}` : '';
  return redact(`${code}${status !== undefined ? ` (HTTP ${status})` : ''}${detail}`, secret);
}

/** A {@link TokenStore} over SSM Parameter Store: SecureString, default `aws/ssm` key. */
export function ssmTokenStore(client: SSMClient): TokenStore {
  return {
    async put(name, token, abortSignal) {
      try {
        const out = await client.send(
          new PutParameterCommand({
            Name: name,
            Value: token,
            Type: 'SecureString',
            Overwrite: true,
            Description: 'cdktf-logpush: a Cloudflare Logpush ownership token (valid 7 days)',
          }),
          { abortSignal },
        );
        return out.Version ?? 0;
      } catch (e) {
        throw new TokenStoreError(`writing SSM parameter ${name} failed: ${describeSsmError(e, token)}`);
      }
    },
    async delete(name, abortSignal) {
      try {
        await client.send(new DeleteParameterCommand({ Name: name }), { abortSignal });
      } catch (e) {
        if ((e as SdkError).name === 'ParameterNotFound') return;
        throw new TokenStoreError(`deleting SSM parameter ${name} failed: ${describeSsmError(e)}`);
      }
    },
  };
}
