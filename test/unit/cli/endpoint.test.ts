/** src/cli/endpoint.ts: the allow-list for S3 and API endpoint overrides. */
import { checkCloudflareApiUrl } from '../../../src/cli/api-client';
import { checkEndpoint, shownEndpoint } from '../../../src/cli/endpoint';
import { CliError, EXIT } from '../../../src/cli/io';

describe('checkEndpoint', () => {
  test.each([
    ['https://s3.us-west-2.amazonaws.com', 'https://s3.us-west-2.amazonaws.com'],
    ['https://s3.example.com:8443/', 'https://s3.example.com:8443'],
    ['http://127.0.0.1:5000', 'http://127.0.0.1:5000'],
    ['http://localhost:9000', 'http://localhost:9000'],
    ['http://[::1]:9000', 'http://[::1]:9000'],
  ])('%j is allowed, as its origin', (value, origin) => {
    expect(checkEndpoint(value, '--endpoint')).toBe(origin);
  });

  test.each([
    ['not a url', /is not a URL/],
    ['http://s3.example.com', /use https:\/\/, or http:\/\/ only on a loopback host/],
    ['ftp://127.0.0.1', /use https:\/\//],
    ['http://10.0.0.1:9000', /loopback/],
    ['https://user:secret@s3.example.com', /scheme, host and port only/],
    ['https://s3.example.com/bucket', /scheme, host and port only/],
    ['https://s3.example.com/?x=1', /scheme, host and port only/],
    ['https://s3.example.com/#f', /scheme, host and port only/],
  ])('fails for %j with a usage error (ENDPOINT_NOT_ALLOWED)', (value, message) => {
    try {
      checkEndpoint(value, 'AWS_ENDPOINT_URL_S3');
      throw new Error('expected a throw');
    } catch (e) {
      expect(e).toBeInstanceOf(CliError);
      expect(e).toMatchObject({ exitCode: EXIT.usage, code: 'ENDPOINT_NOT_ALLOWED' });
      expect((e as Error).message).toMatch(message);
      expect((e as Error).message).toContain('AWS_ENDPOINT_URL_S3');
    }
  });
});

describe('refusals never show a secret the value held', () => {
  test.each([
    ['https://AKIAUSER:wJalrXUtnFEMIsecret@s3.example.com', ['wJalrXUtnFEMIsecret', 'AKIAUSER']],
    ['http://user:hunter2@10.0.0.1:9000', ['hunter2']],
    ['https://s3.example.com/?X-Amz-Signature=deadbeefsig', ['deadbeefsig']],
    ['https://s3.example.com/#tokenfragment', ['tokenfragment']],
    ['eyJhbGciOiJIUzI1NiJ9.pasted-by-mistake', ['pasted-by-mistake']],
  ])('fails for %j without printing its secret part', (value, secrets) => {
    for (const check of [
      () => checkEndpoint(value, '--endpoint'),
      () => checkCloudflareApiUrl(value, '--api-url'),
    ]) {
      let message = '';
      try {
        check();
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).not.toBe('');
      for (const s of secrets) expect(message).not.toContain(s);
    }
  });

  test('shows what is safe to show: scheme, host, port and path', () => {
    expect(shownEndpoint('https://u:p@s3.example.com:8443/b?q=1#f')).toBe(
      '"https://***@s3.example.com:8443/b?***#***"',
    );
    expect(shownEndpoint('not a url')).toBe('(not a URL; its value is not shown)');
  });
});
