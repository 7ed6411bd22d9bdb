/**
 * The SSM token store's failures: one line, the parameter named, the token never in it, even when
 * the service echoes the request's value (AWS validation errors quote values they refuse).
 */
import type { SSMClient } from '@aws-sdk/client-ssm';
import { redact, ssmTokenStore, TokenStoreError } from '../../../src/ownership/ssm-store';
import { fakeChallengeToken } from '../../support/jwt';

const TOKEN = fakeChallengeToken();
const NAME = '/cdktf-logpush/ownership/b00/0123456789abcdef0123456789abcdef';

/** A client whose every call fails with `error` (the SDK's failure shape). */
const failing = (error: unknown) => ({ send: async () => Promise.reject(error) }) as unknown as SSMClient;

describe('ssmTokenStore', () => {
  test('fails to write with the code, the status and the parameter, the echoed token cut out', async () => {
    // GIVEN a validation error that quotes the value, as AWS does
    const error = Object.assign(
      new Error(`1 validation error detected: Value '${TOKEN}' at 'value' failed to satisfy constraint`),
      { name: 'ValidationException', $metadata: { httpStatusCode: 400 } },
    );
    // WHEN
    const thrown = await ssmTokenStore(failing(error))
      .put(NAME, TOKEN)
      .catch((e: Error) => e);
    // THEN
    expect(thrown).toBeInstanceOf(TokenStoreError);
    expect((thrown as Error).message).toBe(
      `writing SSM parameter ${NAME} failed: ValidationException (HTTP 400): 1 validation error detected: Value '[redacted]' at 'value' failed to satisfy constraint`,
    );
    expect((thrown as Error).cause).toBeUndefined();
    expect(JSON.stringify(thrown)).not.toContain(TOKEN.split('.')[1]);
  });

  test('fails to write when SSM is unreachable, in one line', async () => {
    const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1\n    at stack'), {
      code: 'ECONNREFUSED',
    });
    await expect(ssmTokenStore(failing(error)).put(NAME, TOKEN)).rejects.toThrow(
      new RegExp(
        `^writing SSM parameter ${NAME} failed: ECONNREFUSED: connect ECONNREFUSED 127\\.0\\.0\\.1:1$`,
      ),
    );
  });

  test('a delete of a parameter that is gone succeeds; other failures are named', async () => {
    const gone = Object.assign(new Error('gone'), { name: 'ParameterNotFound' });
    await expect(ssmTokenStore(failing(gone)).delete(NAME)).resolves.toBeUndefined();
    const denied = Object.assign(new Error('not authorized'), {
      name: 'AccessDeniedException',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(ssmTokenStore(failing(denied)).delete(NAME)).rejects.toThrow(
      `deleting SSM parameter ${NAME} failed: AccessDeniedException (HTTP 400): not authorized`,
    );
  });
});

describe('redact', () => {
  test('cuts the secret and anything shaped like a JWT, keeps the rest', () => {
    expect(redact(`a ${TOKEN} b`, TOKEN)).toBe('a [redacted] b');
    expect(redact(`a ${fakeChallengeToken('other')} b`)).toBe('a [redacted] b');
    expect(redact('ParameterNotFound (HTTP 400): /cdktf-logpush/ownership/b00/x')).toBe(
      'ParameterNotFound (HTTP 400): /cdktf-logpush/ownership/b00/x',
    );
  });
});
