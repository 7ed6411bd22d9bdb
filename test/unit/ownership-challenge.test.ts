import { gzipSync } from 'zlib';
import {
  challengeKey,
  decodeChallenge,
  looksLikeJwt,
  readOwnershipToken,
  type ChallengeObject,
  type ChallengeStore,
} from '../../src/ownership/challenge';
import { handleOwnershipEvent } from '../../src/ownership/lambda';
import { fakeChallengeToken } from '../support/jwt';

const TOKEN = fakeChallengeToken();

/** An in-memory store that records calls; objects may appear after a number of `get`/`list` rounds. */
class MemoryStore implements ChallengeStore {
  public readonly objects = new Map<string, ChallengeObject & { lastModified: Date }>();
  public readonly deleted: string[] = [];
  public rounds = 0;
  public failWith?: Error;

  put(key: string, body: string | Uint8Array, lastModified = new Date(), versionId?: string) {
    this.objects.set(key, {
      body: typeof body === 'string' ? Buffer.from(body) : body,
      lastModified,
      versionId,
    });
  }

  async get(_bucket: string, key: string) {
    if (this.failWith) throw this.failWith;
    return this.objects.get(key);
  }

  async list(_bucket: string, prefix: string) {
    this.rounds++;
    return [...this.objects.entries()]
      .filter(([k]) => k.startsWith(prefix))
      .map(([key, o]) => ({ key, lastModified: o.lastModified }));
  }

  async delete(_bucket: string, key: string, versionId?: string) {
    this.deleted.push(versionId ? `${key}@${versionId}` : key);
    this.objects.delete(key);
  }
}

const noSleep = { sleep: async () => undefined };

describe('decoding', () => {
  test('plain text, gzip bytes and surrounding whitespace', () => {
    expect(decodeChallenge(Buffer.from(`  ${TOKEN}\n`))).toBe(TOKEN);
    expect(decodeChallenge(gzipSync(`${TOKEN}\n`))).toBe(TOKEN);
  });

  test('the key is the filename, without a leading bucket name; blank means none', () => {
    expect(challengeKey('b', 'logs/ownership-challenge.txt')).toBe('logs/ownership-challenge.txt');
    expect(challengeKey('b', 'b/logs/ownership-challenge.txt')).toBe('logs/ownership-challenge.txt');
    expect(challengeKey('b', 'bb/logs/x.txt')).toBe('bb/logs/x.txt');
    expect(challengeKey('b', '  ')).toBeUndefined();
    expect(challengeKey('b', undefined)).toBeUndefined();
  });

  test('tells a JWT from other text', () => {
    expect(looksLikeJwt(TOKEN)).toBe(true);
    expect(looksLikeJwt('a.b.c')).toBe(false);
    expect(looksLikeJwt('not a token')).toBe(false);
    expect(looksLikeJwt(`${TOKEN}.extra`)).toBe(false);
  });
});

describe('readOwnershipToken', () => {
  test('reads the named object, deletes that version, returns the token', async () => {
    // GIVEN
    const store = new MemoryStore();
    store.put('logs/ownership-challenge.txt', gzipSync(TOKEN), new Date(), 'v1');
    // WHEN
    const result = await readOwnershipToken(
      { bucket: 'b', prefix: 'logs', filename: 'b/logs/ownership-challenge.txt' },
      store,
      noSleep,
    );
    // THEN
    expect(result).toEqual({ token: TOKEN, key: 'logs/ownership-challenge.txt', attempts: 1 });
    expect(store.deleted).toEqual(['logs/ownership-challenge.txt@v1']);
  });

  test('falls back to the newest ownership-challenge* object under the prefix', async () => {
    const store = new MemoryStore();
    store.put('logs/20261121/ownership-challenge-old.txt', 'stale', new Date('2026-11-21'));
    store.put('logs/20261122/ownership-challenge-new.txt', TOKEN, new Date('2026-11-22'));
    store.put('logs/20261122/20261122T000000Z_x.log.gz', 'log', new Date('2026-11-23'));
    store.put('other/ownership-challenge.txt', 'other prefix', new Date('2026-11-24'));
    const result = await readOwnershipToken({ bucket: 'b', prefix: 'logs', filename: '' }, store, noSleep);
    expect(result.key).toBe('logs/20261122/ownership-challenge-new.txt');
    expect(result.token).toBe(TOKEN);
  });

  test('waits with exponential backoff until the file arrives', async () => {
    const store = new MemoryStore();
    const delays: number[] = [];
    const sleep = async (ms: number) => {
      delays.push(ms);
      if (delays.length === 6) store.put('logs/ownership-challenge.txt', TOKEN);
    };
    const result = await readOwnershipToken(
      { bucket: 'b', prefix: 'logs', filename: 'logs/ownership-challenge.txt' },
      store,
      { sleep, initialDelayMs: 500, maxDelayMs: 8000 },
    );
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
    expect(result.attempts).toBe(7);
  });

  test('keeps the file when asked', async () => {
    const store = new MemoryStore();
    store.put('logs/ownership-challenge.txt', TOKEN);
    await readOwnershipToken(
      { bucket: 'b', prefix: 'logs', filename: 'logs/ownership-challenge.txt', keepChallengeFile: true },
      store,
      noSleep,
    );
    expect(store.deleted).toEqual([]);
    expect(store.objects.has('logs/ownership-challenge.txt')).toBe(true);
  });

  test('fails with a clear error when the object never appears', async () => {
    const store = new MemoryStore();
    await expect(
      readOwnershipToken({ bucket: 'b', prefix: 'logs', filename: 'logs/ownership-challenge.txt' }, store, {
        ...noSleep,
        maxAttempts: 3,
      }),
    ).rejects.toThrow(
      /no challenge file in bucket b \(looked for logs\/ownership-challenge.txt or the newest ownership-challenge\* under logs\/\) after 3 attempts over 1500 ms. .* arn:aws:iam::391854517948:user\/cloudflare-logpush s3:PutObject/,
    );
    expect(store.rounds).toBe(3);
  });

  test('fails when the object is not a JWT and never echoes its content', async () => {
    const store = new MemoryStore();
    store.put('logs/ownership-challenge.txt', 'SECRET-LOOKING-CONTENT');
    const error = await readOwnershipToken(
      { bucket: 'b', prefix: 'logs', filename: 'logs/ownership-challenge.txt' },
      store,
      noSleep,
    ).catch((e: Error) => e);
    expect((error as Error).message).toBe(
      'ownership challenge: s3://b/logs/ownership-challenge.txt (22 bytes) does not hold a JWT',
    );
    expect(store.deleted).toEqual([]);
  });

  test('fails fast on access denied without retrying', async () => {
    const store = new MemoryStore();
    store.failWith = Object.assign(new Error('Access Denied'), { name: 'AccessDenied' });
    await expect(
      readOwnershipToken(
        { bucket: 'b', prefix: 'logs', filename: 'logs/ownership-challenge.txt' },
        store,
        noSleep,
      ),
    ).rejects.toThrow(
      'ownership challenge: reading logs/ownership-challenge.txt in bucket b failed: AccessDenied: Access Denied',
    );
    expect(store.rounds).toBe(0);
  });
});

describe('handleOwnershipEvent', () => {
  const event = {
    bucket: 'b',
    region: 'us-east-1',
    prefix: 'logs',
    filename: 'logs/ownership-challenge.txt',
  };
  let log: jest.SpyInstance;
  beforeEach(() => (log = jest.spyOn(console, 'log').mockImplementation(() => undefined)));
  afterEach(() => log.mockRestore());

  test('logs what it did, never the token', async () => {
    const store = new MemoryStore();
    store.put('logs/ownership-challenge.txt', TOKEN);
    await handleOwnershipEvent({ ...event, tf: { action: 'create' } }, store, noSleep);
    expect(log).toHaveBeenCalledWith(
      JSON.stringify({ action: 'create', bucket: 'b', key: 'logs/ownership-challenge.txt', attempts: 1 }),
    );
    expect(JSON.stringify(log.mock.calls)).not.toContain(TOKEN.split('.')[1]);
  });

  test('create and update return only the token; delete returns {} and touches nothing', async () => {
    const store = new MemoryStore();
    store.put('logs/ownership-challenge.txt', TOKEN);
    expect(await handleOwnershipEvent({ ...event, tf: { action: 'create' } }, store, noSleep)).toEqual({
      token: TOKEN,
    });
    store.put('logs/ownership-challenge.txt', TOKEN);
    expect(
      await handleOwnershipEvent({ ...event, tf: { action: 'update', prev_input: event } }, store, noSleep),
    ).toEqual({ token: TOKEN });
    const before = store.deleted.length;
    expect(await handleOwnershipEvent({ ...event, tf: { action: 'delete' } }, store, noSleep)).toEqual({});
    expect(store.deleted.length).toBe(before);
  });

  test('fails for an unknown lifecycle action', async () => {
    await expect(
      handleOwnershipEvent({ ...event, tf: { action: 'read' as never } }, new MemoryStore(), noSleep),
    ).rejects.toThrow('unknown lifecycle action "read"');
  });
});
