/**
 * The CLI's credential redaction and last-resort line (issue 17 item 2), unit by unit; the bin
 * itself is exercised by test/cli/secret-faults.test.ts.
 */
import { internalErrorLine, redact, redactingIo, secretsOf, type CliIo } from '../../../src/cli/io';
import { run } from '../../../src/cli/main';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';

describe('CLI credential redaction', () => {
  test('finds the secrets of an environment: whole values, their lines and words, encoded forms', () => {
    const secrets = secretsOf({
      IBMCLOUD_IAM_TOKEN: `IAM token:  Bearer ${TOKEN}\nUAA token:  bearer uaa-secret-value`,
      MY_SERVICE_PASSWORD: 'p@ss word/1',
      PATH: '/usr/bin',
      HOME: '/home/x',
    });
    expect(secrets).toContain(TOKEN);
    expect(secrets).toContain('uaa-secret-value');
    expect(secrets).toContain(encodeURIComponent('p@ss word/1'));
    expect(secrets).not.toContain('/usr/bin');
  });

  test('redact replaces every occurrence, longest first', () => {
    const secrets = secretsOf({ AWS_SECRET_ACCESS_KEY: 'abcdefgh12', AWS_SESSION_TOKEN: 'abcdefgh12345678' });
    expect(redact('x abcdefgh12345678 y abcdefgh12 z', secrets)).toBe('x [redacted] y [redacted] z');
  });

  test('the last-resort line is one line, redacted, without control characters or a stack', () => {
    const e = new Error(`failed with ${TOKEN}\n    at secret (${TOKEN}:1:1)`);
    const line = internalErrorLine(e, { IBMCLOUD_IAM_TOKEN: TOKEN });
    expect(line).toBe('cdktf-logpush: internal error (Error): failed with [redacted] [INTERNAL_ERROR]\n');
    expect(internalErrorLine('a\u001b[2Jb', {})).toBe(
      'cdktf-logpush: internal error (string): a?[2Jb [INTERNAL_ERROR]\n',
    );
  });

  test('run() redacts the environment secrets from both streams and escapes a CliError message', async () => {
    let out = '';
    let err = '';
    const io: CliIo = {
      stdout: (t) => (out += t),
      stderr: (t) => (err += t),
      isTTY: false,
      env: { CLOUDFLARE_API_TOKEN: 'cf-token-0123456789' },
      cwd: process.cwd(),
    };
    const wrapped = redactingIo(io);
    wrapped.stdout('token cf-token-0123456789\n');
    expect(out).toBe('token [redacted]\n');
    const code = await run(['ownership-token', '--bucket', 'bad\u001b[31mname', '--key', 'k'], io);
    expect(code).toBe(2);
    expect(err).toContain('\\u001b[31m');
    expect(err).not.toContain('\u001b');
  });
});
