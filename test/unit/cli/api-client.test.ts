/**
 * src/cli/api-client.ts, its parts that need no server: the `--api-url` allow-list, the budget
 * option, the request window and the concurrency limiter, the envelope's error line. Requests
 * against the Cloudflare API emulator are tested in test/cli/status.test.ts.
 */
import {
  checkCloudflareApiUrl,
  DEFAULT_CLOUDFLARE_API_URL,
  envelopeError,
  Limiter,
  parseBudget,
  RequestWindow,
} from '../../../src/cli/api-client';
import { CliError, EXIT } from '../../../src/cli/io';

function usageError(fn: () => unknown): CliError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CliError);
    expect((e as CliError).exitCode).toBe(EXIT.usage);
    return e as CliError;
  }
  throw new Error('expected a usage error');
}

describe('checkCloudflareApiUrl', () => {
  test('the Cloudflare API, or a loopback emulator; the base has no trailing slash', () => {
    expect(checkCloudflareApiUrl(DEFAULT_CLOUDFLARE_API_URL)).toBe('https://api.cloudflare.com/client/v4');
    expect(checkCloudflareApiUrl('https://api.cloudflare.com/client/v4/')).toBe(
      'https://api.cloudflare.com/client/v4',
    );
    expect(checkCloudflareApiUrl('http://127.0.0.1:8787/client/v4')).toBe('http://127.0.0.1:8787/client/v4');
    expect(checkCloudflareApiUrl('https://localhost:8443')).toBe('https://localhost:8443');
  });

  test.each([
    ['https://api.cloudflare.com.evil.example/client/v4', /goes only to https:\/\/api.cloudflare.com/],
    ['https://example.com/client/v4', /goes only to https:\/\/api.cloudflare.com/],
    ['http://api.cloudflare.com/client/v4', /loopback host/],
    ['https://api.cloudflare.com/client/v4?x=1', /scheme, host, port and path only/],
    ['https://api.cloudflare.com/client/v4#x', /scheme, host, port and path only/],
    ['api.cloudflare.com', /is not a URL/],
  ])('fails for %j: the API token would go elsewhere', (value, message) => {
    expect(usageError(() => checkCloudflareApiUrl(value)).message).toMatch(message);
  });
});

describe('parseBudget', () => {
  test('<requests>/<seconds>', () => {
    expect(parseBudget('1200/300', '--budget')).toEqual({ requests: 1200, seconds: 300 });
  });

  test.each(['1200', '0/300', '10/0', '-1/5', '1.5/5', '10/5s', ''])('fails for %j', (value) => {
    expect(usageError(() => parseBudget(value, '--budget')).message).toContain(`--budget "${value}"`);
  });
});

describe('RequestWindow', () => {
  test('holds the budget: the request past it waits until the first one ended a window ago', async () => {
    const window = new RequestWindow({ requests: 2, seconds: 1 });
    const t0 = Date.now();
    (await window.acquire())();
    (await window.acquire())();
    const third = window.acquire();
    let got = false;
    void third.then(() => (got = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(got).toBe(false);
    (await third)();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    expect(window.sent).toBe(3);
  });

  test('a pause (429 Retry-After) holds every caller', async () => {
    const window = new RequestWindow({ requests: 100, seconds: 1 });
    window.pause(400);
    const t0 = Date.now();
    (await window.acquire())();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(350);
  });
});

describe('Limiter', () => {
  test('runs at most n tasks at a time, in order, and passes results and failures through', async () => {
    const limiter = new Limiter(2);
    let running = 0;
    let most = 0;
    const task = (i: number) => async () => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 20));
      running--;
      if (i === 3) throw new Error('task 3 failed');
      return i;
    };
    const results = await Promise.allSettled([0, 1, 2, 3, 4].map((i) => limiter.run(task(i))));
    expect(most).toBe(2);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      0,
      1,
      2,
      'task 3 failed',
      4,
    ]);
  });
});

describe('envelopeError', () => {
  test('the first error as "HTTP <status>: <code> <message>", at most 200 characters', () => {
    expect(
      envelopeError(403, { success: false, errors: [{ code: 10000, message: 'Authentication error' }] }),
    ).toBe('HTTP 403: 10000 Authentication error');
    expect(envelopeError(500, 'not json')).toBe('HTTP 500: no detail');
    expect(envelopeError(400, { errors: [{ message: 'x'.repeat(300) }] })).toHaveLength(200);
  });
});
