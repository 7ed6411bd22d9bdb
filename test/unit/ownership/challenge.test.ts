import { gzipSync } from 'zlib';
import {
  ChallengeStoreError,
  challengeKey,
  decodeChallenge,
  looksLikeJwt,
  readOwnershipToken,
  type ChallengeObject,
  type ChallengeStore,
} from '../../../src/ownership/challenge';
import { ownershipParameterName } from '../../../src/ownership/contract';
import { handleOwnershipEvent } from '../../../src/ownership/lambda';
import type { TokenStore } from '../../../src/ownership/ssm-store';
import { fakeChallengeToken } from '../../support/jwt';

const TOKEN = fakeChallengeToken();
const KEY = 'logs/ownership-challenge.txt';

/** An in-memory store that records calls. */
class MemoryStore implements ChallengeStore {
  public readonly objects = new Map<string, ChallengeObject & { lastModified: Date }>();
  public readonly deleted: string[] = [];
  public gets = 0;
  public lists = 0;
  public failGetWith?: Error;
  public failDeleteWith?: Error;

  put(key: string, body: string | Uint8Array, lastModified = new Date(), versionId?: string) {
    this.objects.set(key, {
      body: typeof body === 'string' ? Buffer.from(body) : body,
      lastModified,
      versionId,
    });
  }

  async get(_bucket: string, key: string): Promise<ChallengeObject | undefined> {
    this.gets++;
    if (this.failGetWith) throw this.failGetWith;
    return this.objects.get(key);
  }

  async list(_bucket: string, prefix: string) {
    this.lists++;
    return [...this.objects.entries()]
      .filter(([k]) => k.startsWith(prefix))
      .map(([key, o]) => ({ key, lastModified: o.lastModified }));
  }

  async delete(_bucket: string, key: string, versionId?: string) {
    if (this.failDeleteWith) throw this.failDeleteWith;
    this.deleted.push(versionId ? `${key}@${versionId}` : key);
    this.objects.delete(key);
  }
}

/** An in-memory token store that records calls (the SSM adapter is tested against moto). */
class MemoryTokens implements TokenStore {
  public readonly values = new Map<string, { value: string; version: number }>();
  public readonly calls: string[] = [];
  public failPutWith?: Error;
  public failDeleteWith?: Error;

  async put(name: string, token: string) {
    this.calls.push(`put ${name}`);
    if (this.failPutWith) throw this.failPutWith;
    const version = (this.values.get(name)?.version ?? 0) + 1;
    this.values.set(name, { value: token, version });
    return version;
  }

  async delete(name: string) {
    this.calls.push(`delete ${name}`);
    if (this.failDeleteWith) throw this.failDeleteWith;
    this.values.delete(name);
  }
}

/** A sleep that returns at once and records each delay. */
function fakeSleep(onSleep?: (n: number) => void) {
  const delays: number[] = [];
  return {
    delays,
    sleep: async (ms: number) => {
      delays.push(ms);
      onSleep?.(delays.length);
    },
  };
}

const noSleep = { sleep: async () => undefined, log: () => undefined };
const named = { bucket: 'b', prefix: 'logs', filename: KEY };

describe('decodeChallenge', () => {
  test('reads plain text', () => {
    // GIVEN / WHEN / THEN
    expect(decodeChallenge(Buffer.from(TOKEN))).toBe(TOKEN);
  });

  test('gunzips gzip bytes, whatever the metadata said', () => {
    // GIVEN gzip bytes (magic 1f 8b)
    const bytes = gzipSync(`${TOKEN}\n`);
    // WHEN / THEN
    expect(decodeChallenge(bytes)).toBe(TOKEN);
  });

  test('trims surrounding whitespace', () => {
    expect(decodeChallenge(Buffer.from(` \r\n${TOKEN}\r\n\t`))).toBe(TOKEN);
  });
});

describe('challengeKey', () => {
  test('is the filename as given', () => {
    expect(challengeKey('b', KEY)).toBe(KEY);
  });

  test('drops a leading <bucket>/, and only that', () => {
    expect(challengeKey('b', `b/${KEY}`)).toBe(KEY);
    expect(challengeKey('b', 'bb/logs/x.txt')).toBe('bb/logs/x.txt');
  });

  test('is undefined for an empty, blank or missing filename', () => {
    expect(challengeKey('b', '')).toBeUndefined();
    expect(challengeKey('b', '  ')).toBeUndefined();
    expect(challengeKey('b', undefined)).toBeUndefined();
  });
});

describe('looksLikeJwt', () => {
  test('accepts a JWT', () => {
    expect(looksLikeJwt(TOKEN)).toBe(true);
  });

  test.each([
    ['three segments whose header is not JSON', 'a.b.c'],
    ['a header without alg', `${Buffer.from('{"typ":"JWT"}').toString('base64url')}.e30.c2ln`],
    ['free text', 'not a token'],
    ['four segments', `${TOKEN}.extra`],
    ['an empty signature', TOKEN.replace(/[^.]+$/, '')],
    ['base64 (not base64url) characters', `${TOKEN}+/`],
  ])('rejects %s', (_name, value) => {
    expect(looksLikeJwt(value)).toBe(false);
  });
});

describe('readOwnershipToken', () => {
  test('reads the named object, deletes that version, returns the token', async () => {
    // GIVEN a gzip challenge in a versioned bucket, named with a leading <bucket>/
    const store = new MemoryStore();
    store.put(KEY, gzipSync(TOKEN), new Date(), 'v1');
    // WHEN
    const result = await readOwnershipToken({ ...named, filename: `b/${KEY}` }, store, noSleep);
    // THEN
    expect(result).toEqual({ token: TOKEN, key: KEY, attempts: 1 });
    expect(store.deleted).toEqual([`${KEY}@v1`]);
    expect(store.lists).toBe(0);
  });

  test('without a filename, reads <prefix>/ownership-challenge.txt and nothing else', async () => {
    // GIVEN the documented name, and a newer challenge in a daily folder
    const store = new MemoryStore();
    store.put('logs/ownership-challenge.txt', TOKEN, new Date('2026-11-21'));
    store.put('logs/20261122/ownership-challenge-1a2b.txt', 'newer', new Date('2026-11-22'));
    // WHEN
    const result = await readOwnershipToken({ bucket: 'b', prefix: 'logs/', filename: '' }, store, noSleep);
    // THEN only the documented name was read and deleted; nothing was listed
    expect(result).toEqual({ token: TOKEN, key: 'logs/ownership-challenge.txt', attempts: 1 });
    expect(store.deleted).toEqual(['logs/ownership-challenge.txt']);
    expect(store.lists).toBe(0);
  });

  test('fails when the named file is missing, never falling back to the newest ownership-challenge*', async () => {
    // GIVEN a challenge of another destination under the prefix, but not the one Cloudflare named
    const store = new MemoryStore();
    store.put('logs/ownership-challenge-9f.txt', TOKEN);
    // WHEN
    const error = await readOwnershipToken(named, store, { ...noSleep, maxAttempts: 3 }).catch(
      (e: Error) => e,
    );
    // THEN
    expect((error as Error).message).toMatch(
      /^ownership challenge: no challenge file in bucket b \(looked for logs\/ownership-challenge.txt\) after 3 attempts/,
    );
    expect([store.lists, store.deleted]).toEqual([0, []]);
    expect(store.objects.has('logs/ownership-challenge-9f.txt')).toBe(true);
  });

  test.each([
    ["another pipeline's prefix", 'logsother/ownership-challenge.txt'],
    ['a pipeline nested in a sibling', 'other/logs/ownership-challenge.txt'],
    ['another folder of the bucket', 'ownership-challenge.txt'],
    ['a path that climbs out of the prefix', 'logs/../other/ownership-challenge.txt'],
    ['a log object under the prefix', 'logs/20261122/20261122T000000Z_x.log.gz'],
    ['an empty segment', 'logs//ownership-challenge.txt'],
    ['another bucket', 'otherbucket/logs/ownership-challenge.txt'],
  ])('fails when the filename names %s, reading and deleting nothing', async (_what, filename) => {
    // GIVEN the object exists, holding a valid token
    const store = new MemoryStore();
    store.put(filename, TOKEN);
    store.put(`b/${filename}`, TOKEN);
    // WHEN
    const error = await readOwnershipToken({ bucket: 'b', prefix: 'logs', filename }, store, noSleep).catch(
      (e: Error) => e,
    );
    // THEN
    expect((error as Error).message).toMatch(
      /^ownership challenge: the challenge filename ".*" is not an ownership-challenge\* object under this job's prefix logs\/ in bucket b: refusing to read it/,
    );
    expect([store.gets, store.lists, store.deleted]).toEqual([0, 0, []]);
  });

  test('fails for an empty prefix instead of searching the whole bucket', async () => {
    // GIVEN
    const store = new MemoryStore();
    store.put('ownership-challenge.txt', TOKEN);
    // WHEN / THEN
    await expect(readOwnershipToken({ bucket: 'b', prefix: '' }, store, noSleep)).rejects.toThrow(
      /the job's prefix "" is empty or not a plain key prefix: refusing to read any challenge/,
    );
    expect([store.gets, store.lists, store.deleted]).toEqual([0, 0, []]);
  });

  test('waits with exponential backoff, capped, until the file arrives', async () => {
    // GIVEN a file that appears during the sixth wait
    const store = new MemoryStore();
    const clock = fakeSleep((n) => n === 6 && store.put(KEY, TOKEN));
    // WHEN
    const result = await readOwnershipToken(named, store, { sleep: clock.sleep, log: () => undefined });
    // THEN the default delays: 500 ms, doubling, capped at 8 s
    expect(clock.delays).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
    expect(result.attempts).toBe(7);
  });

  test('keeps the file when asked', async () => {
    // GIVEN
    const store = new MemoryStore();
    store.put(KEY, TOKEN, new Date(), 'v1');
    // WHEN
    await readOwnershipToken({ ...named, keepChallengeFile: true }, store, noSleep);
    // THEN
    expect(store.deleted).toEqual([]);
    expect(store.objects.has(KEY)).toBe(true);
  });

  test('fails with a clear error when the object never appears within the time bound', async () => {
    // GIVEN an empty bucket and the default bound (100 s, waits counted as asked for)
    const store = new MemoryStore();
    const clock = fakeSleep();
    // WHEN
    const error = await readOwnershipToken(named, store, { sleep: clock.sleep, log: () => undefined }).catch(
      (e: Error) => e,
    );
    // THEN 16 attempts, 15 waits (95.5 s: one more 8 s wait would pass 100 s), and the error says
    // where, how long and what to check
    expect(clock.delays).toEqual([500, 1000, 2000, 4000, ...Array<number>(11).fill(8000)]);
    expect(store.lists).toBe(0);
    expect((error as Error).message).toMatch(
      new RegExp(
        '^ownership challenge: no challenge file in bucket b \\(looked for logs/ownership-challenge.txt' +
          '\\) after 16 attempts over 955\\d\\d ms \\(bound 100000 ms\\)\\. ' +
          'Cloudflare writes it when the ownership challenge is requested: check that the bucket policy lets ' +
          'arn:aws:iam::391854517948:user/cloudflare-logpush s3:PutObject under that prefix\\.$',
      ),
    );
  });

  test('fails after a custom bound, naming the key it waited for', async () => {
    // GIVEN / WHEN
    const clock = fakeSleep();
    const run = readOwnershipToken({ bucket: 'b', prefix: 'logs' }, new MemoryStore(), {
      sleep: clock.sleep,
      log: () => undefined,
      maxAttempts: 3,
      initialDelayMs: 10,
      maxDelayMs: 15,
    });
    // THEN
    await expect(run).rejects.toThrow(
      /looked for logs\/ownership-challenge.txt\) after 3 attempts over \d+ ms/,
    );
    expect(clock.delays).toEqual([10, 15]);
  });

  test('retries a retryable store failure, then reads the token', async () => {
    // GIVEN a store that throttles the first two reads
    const store = new MemoryStore();
    store.put(KEY, TOKEN);
    let throttled = 0;
    const get = store.get.bind(store);
    store.get = async (b, k) => {
      if (throttled++ < 2) throw new ChallengeStoreError('SlowDown (HTTP 503)', true);
      return get(b, k);
    };
    const lines: string[] = [];
    // WHEN
    const result = await readOwnershipToken(named, store, { ...noSleep, log: (l) => lines.push(l) });
    // THEN
    expect(result).toMatchObject({ token: TOKEN, attempts: 3 });
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual([
      {
        retry: 'find',
        attempt: 1,
        reason: 'reading logs/ownership-challenge.txt failed: SlowDown (HTTP 503)',
        delayMs: 500,
      },
      {
        retry: 'find',
        attempt: 2,
        reason: 'reading logs/ownership-challenge.txt failed: SlowDown (HTTP 503)',
        delayMs: 1000,
      },
    ]);
  });

  test('fails naming the last failure when a retryable failure lasts past the bound', async () => {
    // GIVEN a store that always throttles
    const store = new MemoryStore();
    store.failGetWith = new ChallengeStoreError('SlowDown (HTTP 503)', true);
    // WHEN
    const error = await readOwnershipToken(named, store, {
      ...noSleep,
      log: () => undefined,
      timeoutMs: 10_000,
    }).catch((e: Error) => e);
    // THEN 500 + 1000 + 2000 + 4000 ms waited, the next 8 s would pass 10 s
    expect(store.gets).toBe(5);
    expect((error as Error).message).toMatch(
      /^ownership challenge: gave up on bucket b after 5 attempts over 75\d\d ms \(bound 10000 ms\): reading logs\/ownership-challenge.txt failed: SlowDown \(HTTP 503\) \(looked for /,
    );
  });

  test('fails when the object inflates past the limit (gzip bomb), without inflating it all', async () => {
    // GIVEN 16 MiB of zeros, gzipped to a few KiB
    const store = new MemoryStore();
    const bomb = gzipSync(Buffer.alloc(16 * 1024 * 1024), { level: 9 });
    store.put(KEY, bomb);
    // WHEN / THEN
    await expect(readOwnershipToken(named, store, noSleep)).rejects.toThrow(
      `ownership challenge: s3://b/logs/ownership-challenge.txt (${bomb.length} bytes) inflates to more than 65536 bytes: not a challenge file`,
    );
    expect(store.deleted).toEqual([]);
  });

  test('fails when the object is not a JWT and never echoes its content', async () => {
    // GIVEN
    const store = new MemoryStore();
    store.put(KEY, 'SECRET-LOOKING-CONTENT');
    // WHEN
    const error = await readOwnershipToken(named, store, noSleep).catch((e: Error) => e);
    // THEN
    expect((error as Error).message).toBe(
      'ownership challenge: s3://b/logs/ownership-challenge.txt (22 bytes) does not hold a JWT',
    );
    expect((error as Error).message).not.toContain('SECRET');
    expect(store.deleted).toEqual([]);
  });

  test('fails when gzip magic hides a corrupt stream, without a zlib error', async () => {
    // GIVEN a truncated gzip stream
    const store = new MemoryStore();
    store.put(KEY, gzipSync(TOKEN).subarray(0, 12));
    // WHEN / THEN
    await expect(readOwnershipToken(named, store, noSleep)).rejects.toThrow(
      'ownership challenge: s3://b/logs/ownership-challenge.txt (12 bytes) does not hold a JWT',
    );
  });

  test('fails fast on access denied without retrying', async () => {
    // GIVEN a store that refuses reads
    const store = new MemoryStore();
    store.failGetWith = Object.assign(new Error('Access Denied'), { name: 'AccessDenied' });
    const clock = fakeSleep();
    // WHEN
    const error = await readOwnershipToken(named, store, { sleep: clock.sleep }).catch((e: Error) => e);
    // THEN
    expect((error as Error).message).toBe(
      'ownership challenge: reading logs/ownership-challenge.txt in bucket b failed: AccessDenied: Access Denied',
    );
    expect((error as Error).cause).toBe(store.failGetWith);
    expect(store.gets).toBe(1);
    expect(clock.delays).toEqual([]);
  });

  test('fails naming the key when the delete is refused', async () => {
    // GIVEN
    const store = new MemoryStore();
    store.put(KEY, TOKEN);
    store.failDeleteWith = Object.assign(new Error('Access Denied'), { name: 'AccessDenied' });
    // WHEN / THEN
    await expect(readOwnershipToken(named, store, noSleep)).rejects.toThrow(
      'ownership challenge: deleting logs/ownership-challenge.txt in bucket b failed: AccessDenied: Access Denied',
    );
  });
});

describe('handleOwnershipEvent', () => {
  const event = { bucket: 'b00', region: 'us-east-1', prefix: 'logs', filename: KEY };
  const PARAMETER = ownershipParameterName('b00', 'logs')!;
  let log: jest.SpyInstance;
  let warn: jest.SpyInstance;
  beforeEach(() => {
    log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => {
    log.mockRestore();
    warn.mockRestore();
  });
  const stores = () => {
    const challenges = new MemoryStore();
    challenges.put(KEY, TOKEN);
    return { challenges, tokens: new MemoryTokens() };
  };

  test('the parameter is /cdktf-logpush/ownership/<bucket>/<32 hex of sha256(prefix)>, whatever trailing slash', () => {
    expect(PARAMETER).toMatch(/^\/cdktf-logpush\/ownership\/b00\/[0-9a-f]{32}$/);
    expect(ownershipParameterName('b00', 'logs/')).toBe(PARAMETER);
    expect(ownershipParameterName('b00', 'other')).not.toBe(PARAMETER);
  });

  test('logs what it did, never the token', async () => {
    // GIVEN
    const s = stores();
    // WHEN
    await handleOwnershipEvent({ ...event, tf: { action: 'create' } }, s, noSleep);
    // THEN
    expect(log.mock.calls).toEqual([
      [
        JSON.stringify({
          action: 'create',
          bucket: 'b00',
          key: KEY,
          attempts: 1,
          parameter: PARAMETER,
          version: 1,
        }),
      ],
    ]);
  });

  test.each([
    ['create', { action: 'create' } as const],
    ['update', { action: 'update', prev_input: event } as const],
    ['an invocation without tf', undefined],
  ])('%s keeps the token in the parameter and returns only its name and version', async (_name, tf) => {
    // GIVEN
    const s = stores();
    // WHEN
    const result = await handleOwnershipEvent({ ...event, tf }, s, noSleep);
    // THEN
    expect(result).toEqual({ parameter: PARAMETER, version: 1 });
    expect(JSON.stringify(result)).not.toContain(TOKEN.split('.')[1]);
    expect(s.tokens.values.get(PARAMETER)).toEqual({ value: TOKEN, version: 1 });
    // ... written before the file was deleted
    expect(s.challenges.deleted).toEqual([KEY]);
  });

  test('an update for another prefix deletes the old pipeline parameter', async () => {
    // GIVEN a parameter of the previous input
    const s = stores();
    const old = ownershipParameterName('b00', 'old')!;
    await s.tokens.put(old, 'x');
    // WHEN
    await handleOwnershipEvent(
      { ...event, tf: { action: 'update', prev_input: { ...event, prefix: 'old' } } },
      s,
      noSleep,
    );
    // THEN
    expect([...s.tokens.values.keys()]).toEqual([PARAMETER]);
  });

  test('fails when the parameter cannot be written, and leaves the challenge file for the next run', async () => {
    // GIVEN a token store that is down
    const s = stores();
    s.tokens.failPutWith = new Error(`writing SSM parameter ${PARAMETER} failed: ECONNREFUSED`);
    // WHEN
    const error = await handleOwnershipEvent({ ...event, tf: { action: 'create' } }, s, noSleep).catch(
      (e: Error) => e,
    );
    // THEN
    expect((error as Error).message).toBe(
      `ownership challenge: writing SSM parameter ${PARAMETER} failed: ECONNREFUSED`,
    );
    expect((error as { code?: string }).code).toBe('OWNERSHIP_CHALLENGE_FAILED');
    expect(s.challenges.deleted).toEqual([]);
    expect(s.challenges.objects.has(KEY)).toBe(true);
  });

  test('delete deletes the parameter, touches no object, and succeeds twice', async () => {
    // GIVEN
    const s = stores();
    await handleOwnershipEvent({ ...event, tf: { action: 'create' } }, s, noSleep);
    const gets = s.challenges.gets;
    // WHEN
    const first = await handleOwnershipEvent({ ...event, tf: { action: 'delete' } }, s, noSleep);
    const second = await handleOwnershipEvent({ ...event, tf: { action: 'delete' } }, s, noSleep);
    // THEN
    expect([first, second]).toEqual([{}, {}]);
    expect(s.tokens.values.size).toBe(0);
    expect(s.challenges.gets).toBe(gets);
  });

  test('fails on delete when the parameter cannot be deleted', async () => {
    const s = stores();
    s.tokens.failDeleteWith = new Error(
      `deleting SSM parameter ${PARAMETER} failed: AccessDenied (HTTP 400)`,
    );
    await expect(handleOwnershipEvent({ ...event, tf: { action: 'delete' } }, s, noSleep)).rejects.toThrow(
      `ownership challenge: deleting SSM parameter ${PARAMETER} failed: AccessDenied (HTTP 400)`,
    );
  });

  test('fails for an input that names no pipeline (no bucket name, empty prefix), before reading anything', async () => {
    const s = stores();
    await expect(
      handleOwnershipEvent({ ...event, bucket: 'B/..', tf: { action: 'create' } }, s, noSleep),
    ).rejects.toThrow(/^ownership challenge: bucket "B\/\.\." and prefix "logs" do not name a pipeline/);
    expect([s.challenges.gets, s.tokens.calls]).toEqual([0, []]);
  });

  test('fails for an unknown lifecycle action', async () => {
    await expect(
      handleOwnershipEvent({ ...event, tf: { action: 'read' as never } }, stores(), noSleep),
    ).rejects.toThrow('unknown lifecycle action "read"');
  });
});
