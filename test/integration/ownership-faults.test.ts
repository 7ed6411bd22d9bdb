/**
 * The ownership handler's fault matrix: the real handler path (handleOwnershipEvent ->
 * readOwnershipToken -> s3ChallengeStore -> the handler's own S3 client factory) against moto S3
 * behind a fault-injecting proxy on loopback. Waits are injected (counted as asked for, not slept),
 * so the default 100 s bound is exercised in a few seconds; socket timeouts are real but short.
 *
 * FAULT_MATRIX_OUT=<file> writes the observed matrix (markdown) for docs/security.md.
 */
import {
  CreateBucketCommand,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import * as fs from 'fs';
import { gzipSync } from 'zlib';
import { MAX_CHALLENGE_BYTES, type RetryOptions } from '../../src/ownership/challenge';
import { OWNERSHIP_FUNCTION_TIMEOUT_SECONDS, OWNERSHIP_READ_BUDGET_MS } from '../../src/ownership/contract';
import { handleOwnershipEvent, type OwnershipEvent } from '../../src/ownership/lambda';
import { ownershipS3Client, s3ChallengeStore, S3_REQUEST_TIMEOUT_MS } from '../../src/ownership/s3-store';
import { FaultProxy, type Fault, type FaultRule } from '../support/fault-proxy';
import { fakeChallengeToken } from '../support/jwt';
import { motoAvailable, s3ClientFor, startMoto, type MotoServer } from '../support/moto';

const available = motoAvailable();
const required = process.env.REQUIRE_TERRAFORM_TIER === '1' && process.env.CI === 'true';

const BUCKET = 'fault-bucket';
const TOKEN = fakeChallengeToken(`s3://${BUCKET}/logs/{DATE}?region=us-east-1`);
/** Socket timeouts of the client under test: short, so slow responses cost well under a second. */
const SHORT_TIMEOUT_MS = 400;

interface MatrixRow {
  readonly fault: string;
  readonly outcome: string;
  readonly requests: string;
  readonly waitsMs: string;
  readonly realMs: number;
}
const matrix: MatrixRow[] = [];

(available ? describe : describe.skip)('ownership handler fault matrix (moto behind a fault proxy)', () => {
  let moto: MotoServer | undefined;
  let proxy: FaultProxy | undefined;
  let s3: S3Client;
  let client: S3Client;
  let output: string[];
  let prefixN = 0;

  beforeAll(async () => {
    moto = await startMoto();
    proxy = await FaultProxy.start(moto.endpoint);
    s3 = s3ClientFor(moto.endpoint);
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await s3.send(
      new PutBucketVersioningCommand({ Bucket: BUCKET, VersioningConfiguration: { Status: 'Enabled' } }),
    );
    client = clientVia(proxy.endpoint);
  }, 30_000);

  afterAll(async () => {
    client?.destroy();
    s3?.destroy();
    await proxy?.close();
    await moto?.stop();
    if (process.env.FAULT_MATRIX_OUT && matrix.length > 0) {
      const lines = [
        '| Fault injected | Observed outcome | Requests seen by the proxy | Injected waits | Real time |',
        '| --- | --- | --- | --- | --- |',
        ...matrix.map(
          (r) =>
            `| ${r.fault} | ${r.outcome.replace(/\|/g, '\\|')} | ${r.requests} | ${r.waitsMs} | ${r.realMs} ms |`,
        ),
      ];
      fs.writeFileSync(process.env.FAULT_MATRIX_OUT, `${lines.join('\n')}\n`);
    }
  });

  beforeEach(() => {
    output = [];
    for (const level of ['log', 'warn', 'error', 'info', 'debug'] as const) {
      jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        output.push(args.map(String).join(' '));
      });
    }
    proxy!.reset();
  });

  afterEach(() => {
    // Whatever happened, the token never reached the console.
    expect(output.join('\n')).not.toContain(TOKEN);
    expect(output.join('\n')).not.toContain(TOKEN.split('.')[1]);
    jest.restoreAllMocks();
  });

  /** The handler's client factory, pointed at the proxy, with short socket timeouts. */
  function clientVia(endpoint: string, timeoutMs = SHORT_TIMEOUT_MS): S3Client {
    return ownershipS3Client({
      region: 'us-east-1',
      endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      requestHandler: {
        connectionTimeout: timeoutMs,
        requestTimeout: timeoutMs,
        socketTimeout: timeoutMs,
        throwOnRequestTimeout: true,
      },
    });
  }

  /** A fresh key under a fresh prefix, with `body` written (unless undefined). */
  async function challenge(body: string | Uint8Array | undefined) {
    const prefix = `f${++prefixN}`;
    const key = `${prefix}/ownership-challenge.txt`;
    if (body !== undefined) await put(key, body);
    return { prefix, key };
  }

  const put = (Key: string, Body: string | Uint8Array) =>
    s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body, ContentType: 'text/plain' }));

  const leftOf = async (key: string) => {
    const out = await s3.send(new ListObjectVersionsCommand({ Bucket: BUCKET, Prefix: key }));
    return [...(out.Versions ?? []), ...(out.DeleteMarkers ?? [])].filter((v) => v.Key === key);
  };

  /** Runs the handler once; records the outcome in the matrix; returns it. */
  async function run(
    name: string,
    where: { prefix: string; key: string },
    options: {
      faults?: FaultRule[];
      retry?: RetryOptions;
      client?: S3Client;
      onSleep?: (n: number) => unknown;
    } = {},
  ) {
    for (const f of options.faults ?? []) proxy!.inject(f);
    const delays: number[] = [];
    const retry: RetryOptions = {
      sleep: async (ms) => {
        delays.push(ms);
        await options.onSleep?.(delays.length);
      },
      ...options.retry,
    };
    const event: OwnershipEvent = {
      bucket: BUCKET,
      region: 'us-east-1',
      prefix: where.prefix,
      filename: where.key,
      tf: { action: 'create' },
    };
    const started = Date.now();
    // The token store is a map here: this matrix is about S3 (the SSM adapter has its own tests).
    const kept = new Map<string, string>();
    const tokens = {
      put: async (name: string, token: string) => (kept.set(name, token), 1),
      delete: async (name: string) => void kept.delete(name),
    };
    const result = await handleOwnershipEvent(
      event,
      { challenges: s3ChallengeStore(options.client ?? client), tokens },
      retry,
    ).then(
      (r) => ({ ok: true as const, token: kept.get((r as { parameter: string }).parameter) }),
      (e: Error) => ({ ok: false as const, error: e }),
    );
    const realMs = Date.now() - started;
    const ops = (['get', 'list', 'delete'] as const)
      .map((op) => [op, proxy!.count(op)] as const)
      .filter(([, n]) => n > 0)
      .map(([op, n]) => `${op.toUpperCase()} ${n}`)
      .join(', ');
    const outcome = result.ok
      ? result.token === TOKEN
        ? 'token returned'
        : 'WRONG TOKEN'
      : `fails: ${result.error.message.replaceAll(BUCKET, '<bucket>')}`;
    matrix.push({
      fault: name,
      outcome,
      requests: ops || 'none',
      waitsMs: delays.length > 0 ? `${delays.length} (${delays.reduce((a, b) => a + b, 0)} ms)` : '0',
      realMs,
    });
    if (!result.ok) {
      // One clear line: no SDK dump, no XML, no content.
      expect(result.error.message).toMatch(/^ownership challenge: /);
      expect(result.error.message).not.toMatch(/\n|<|\$metadata|FAULTPROXY/);
      expect(result.error.message).not.toContain(TOKEN);
    }
    if (process.env.FAULT_DEBUG) {
      process.stderr.write(`${name}\n${output.join('\n')}\n${JSON.stringify(proxy!.records)}\n`);
    }
    return { ...result, delays, realMs };
  }

  const onGet = (key: string, fault: Fault, times?: number): FaultRule => ({ op: 'get', key, fault, times });
  const onDelete = (key: string, fault: Fault, times?: number): FaultRule => ({
    op: 'delete',
    key,
    fault,
    times,
  });

  test('the time bound fits the function timeout, with room for one S3 call', () => {
    // GIVEN / WHEN / THEN
    expect(OWNERSHIP_READ_BUDGET_MS + S3_REQUEST_TIMEOUT_MS).toBeLessThan(
      OWNERSHIP_FUNCTION_TIMEOUT_SECONDS * 1000,
    );
  });

  test.each([
    ['503 SlowDown', { kind: 'status', status: 503, code: 'SlowDown' } as const],
    ['500 InternalError', { kind: 'status', status: 500, code: 'InternalError' } as const],
    ['connection reset', { kind: 'reset' } as const],
    ['slow response (1.5 s, over the socket timeout)', { kind: 'delay', ms: 1500 } as const],
    ['truncated body', { kind: 'truncate' } as const],
  ])('retries %s twice, then returns the token and deletes the file', async (name, fault) => {
    // GIVEN a challenge file whose first two reads fail
    const at = await challenge(TOKEN);
    // WHEN
    const r = await run(`${name}, first 2 reads`, at, { faults: [onGet(at.key, fault, 2)] });
    // THEN three reads, two waits, the token, the file gone
    expect(r).toMatchObject({ ok: true, token: TOKEN });
    expect(proxy!.count('get', at.key)).toBe(3);
    expect(r.delays).toEqual([500, 1000]);
    expect(await leftOf(at.key)).toEqual([]);
  });

  test('a slow response within the socket timeout is simply waited for', async () => {
    // GIVEN
    const at = await challenge(TOKEN);
    // WHEN
    const r = await run('slow response (200 ms, under the socket timeout)', at, {
      faults: [onGet(at.key, { kind: 'delay', ms: 200 }, 1)],
    });
    // THEN
    expect(r).toMatchObject({ ok: true, token: TOKEN, delays: [] });
    expect(r.realMs).toBeGreaterThanOrEqual(200);
  });

  test('fails with the last failure when 503 SlowDown lasts past the bound', async () => {
    // GIVEN every read throttled
    const at = await challenge(TOKEN);
    // WHEN
    const r = await run('503 SlowDown on every read', at, {
      faults: [onGet(at.key, { kind: 'status', status: 503, code: 'SlowDown' })],
    });
    // THEN 16 reads within the 100 s bound, one line naming the code
    expect(r.ok).toBe(false);
    expect(proxy!.count('get', at.key)).toBe(16);
    expect(!r.ok && r.error.message).toMatch(
      /^ownership challenge: gave up on bucket fault-bucket after 16 attempts over 9[5-9]\d\d\d ms \(bound 100000 ms\): reading f\d+\/ownership-challenge.txt failed: SlowDown \(HTTP 503\) \(looked for /,
    );
    expect(await leftOf(at.key)).toHaveLength(1);
  });

  test('fails when the body is truncated on every read, never returning part of the token', async () => {
    // GIVEN
    const at = await challenge(TOKEN);
    // WHEN
    const r = await run('truncated body on every read', at, {
      faults: [onGet(at.key, { kind: 'truncate' })],
      retry: { timeoutMs: 10_000 },
    });
    // THEN
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.message).toMatch(
      /gave up on bucket fault-bucket after 5 attempts .*reading f\d+\/ownership-challenge.txt failed: /,
    );
  });

  test('fails at once on 403 AccessDenied, and leaves the file', async () => {
    // GIVEN
    const at = await challenge(TOKEN);
    // WHEN
    const r = await run('403 AccessDenied', at, {
      faults: [
        onGet(at.key, { kind: 'status', status: 403, code: 'AccessDenied', message: 'Access Denied' }),
      ],
    });
    // THEN
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.message).toMatch(
      /^ownership challenge: reading f\d+\/ownership-challenge.txt in bucket fault-bucket failed: AccessDenied \(HTTP 403\): Access Denied$/,
    );
    expect([proxy!.count('get', at.key), r.delays.length]).toEqual([1, 0]);
    expect(await leftOf(at.key)).toHaveLength(1);
  });

  test('waits for an object that appears late', async () => {
    // GIVEN no file until the third wait
    const at = await challenge(undefined);
    // WHEN
    const r = await run('object appears during the 3rd wait', at, {
      onSleep: (n) => (n === 3 ? put(at.key, TOKEN) : undefined),
    });
    // THEN
    expect(r).toMatchObject({ ok: true, token: TOKEN, delays: [500, 1000, 2000] });
    expect(await leftOf(at.key)).toEqual([]);
  });

  test('fails after the 100 s bound when the object never appears', async () => {
    // GIVEN
    const at = await challenge(undefined);
    // WHEN
    const r = await run('object never appears', at);
    // THEN 16 rounds (one read each, never a list), 15 waits totalling 95.5 s
    expect(r.ok).toBe(false);
    expect([proxy!.count('get', at.key), proxy!.count('list')]).toEqual([16, 0]);
    expect(r.delays.reduce((a, b) => a + b, 0)).toBe(95_500);
    expect(!r.ok && r.error.message).toMatch(
      /no challenge file in bucket fault-bucket .* after 16 attempts over 9[5-9]\d\d\d ms \(bound 100000 ms\)\. Cloudflare writes it/,
    );
  });

  test('fails at once on a body that is not a JWT, without echoing it, and keeps it', async () => {
    // GIVEN
    const at = await challenge('<html>Service Unavailable</html>');
    // WHEN
    const r = await run('non-JWT body', at);
    // THEN
    expect(!r.ok && r.error.message).toMatch(
      /^ownership challenge: s3:\/\/fault-bucket\/f\d+\/ownership-challenge.txt \(32 bytes\) does not hold a JWT$/,
    );
    expect(await leftOf(at.key)).toHaveLength(1);
  });

  test('fails on a gzip bomb without inflating it', async () => {
    // GIVEN 64 MiB of zeros gzipped to about 64 KiB... kept under the compressed limit: 48 MiB
    const bomb = gzipSync(Buffer.alloc(48 * 1024 * 1024), { level: 9 });
    expect(bomb.length).toBeLessThan(MAX_CHALLENGE_BYTES);
    const at = await challenge(bomb);
    const heap = process.memoryUsage().rss;
    // WHEN
    const r = await run(`gzip bomb (${bomb.length} bytes -> 48 MiB)`, at);
    // THEN refused at 64 KiB of output; the process did not grow by the inflated size
    expect(!r.ok && r.error.message).toMatch(
      /\(\d+ bytes\) inflates to more than 65536 bytes: not a challenge file$/,
    );
    expect(process.memoryUsage().rss - heap).toBeLessThan(32 * 1024 * 1024);
    expect(await leftOf(at.key)).toHaveLength(1);
  });

  test('fails at once on an object too large to be a challenge, without reading it', async () => {
    // GIVEN 1 MiB
    const at = await challenge(Buffer.alloc(1024 * 1024, 'a'));
    // WHEN
    const r = await run('object of 1 MiB', at);
    // THEN
    expect(!r.ok && r.error.message).toMatch(
      /is 1048576 bytes, larger than a challenge file can be \(65536\)$/,
    );
    expect(r.delays).toEqual([]);
  });

  test('retries a delete that fails with 503, then removes the version', async () => {
    // GIVEN
    const at = await challenge(TOKEN);
    // WHEN
    const r = await run('delete: 503 SlowDown twice', at, {
      faults: [onDelete(at.key, { kind: 'status', status: 503, code: 'SlowDown' }, 2)],
    });
    // THEN
    expect(r).toMatchObject({ ok: true, token: TOKEN });
    expect(proxy!.count('delete', at.key)).toBe(3);
    expect(await leftOf(at.key)).toEqual([]);
  });

  test('a delete whose reply was lost is retried on the deleted version, and succeeds', async () => {
    // GIVEN the first delete removes the version in S3 but its reply never arrives
    const at = await challenge(TOKEN);
    // WHEN
    const r = await run('delete: reply lost after S3 deleted the version', at, {
      faults: [onDelete(at.key, { kind: 'lose-reply' }, 1)],
    });
    // THEN the second delete of the same (gone) version succeeds: idempotent
    expect(r).toMatchObject({ ok: true, token: TOKEN });
    expect(proxy!.count('delete', at.key)).toBe(2);
    expect(await leftOf(at.key)).toEqual([]);
  });

  test('deleting an already-deleted version twice succeeds', async () => {
    // GIVEN a version, read once
    const at = await challenge(TOKEN);
    const store = s3ChallengeStore(client);
    const object = await store.get(BUCKET, at.key);
    // WHEN / THEN
    await store.delete(BUCKET, at.key, object!.versionId);
    await expect(store.delete(BUCKET, at.key, object!.versionId)).resolves.toBeUndefined();
    expect(await leftOf(at.key)).toEqual([]);
  });

  test('fails with one message when the delete is denied, saying the token was read', async () => {
    // GIVEN
    const at = await challenge(TOKEN);
    // WHEN
    const r = await run('delete: 403 AccessDenied', at, {
      faults: [
        onDelete(at.key, { kind: 'status', status: 403, code: 'AccessDenied', message: 'Access Denied' }),
      ],
    });
    // THEN
    expect(!r.ok && r.error.message).toMatch(
      /^ownership challenge: deleting f\d+\/ownership-challenge.txt in bucket fault-bucket failed: AccessDenied \(HTTP 403\): Access Denied\. The token was read but the file is still there: let the function delete it, or set keepChallengeFile, and apply again\.$/,
    );
    expect(proxy!.count('delete', at.key)).toBe(1);
  });

  test('fails within the bound when S3 hangs longer than the whole bound', async () => {
    // GIVEN reads that would answer after 60 s, a 10 s socket timeout and a 1.5 s bound
    const at = await challenge(TOKEN);
    const patient = clientVia(proxy!.endpoint, 10_000);
    // WHEN
    const r = await run('S3 hangs 60 s (bound 1.5 s, socket timeout 10 s)', at, {
      faults: [onGet(at.key, { kind: 'delay', ms: 60_000 })],
      retry: { timeoutMs: 1_500 },
      client: patient,
    });
    patient.destroy();
    // THEN the call was aborted at the bound
    expect(!r.ok && r.error.message).toMatch(
      /gave up on bucket fault-bucket after 1 attempt over 1\d\d\d ms \(bound 1500 ms\): reading f\d+\/ownership-challenge.txt failed: no answer within the time bound/,
    );
    expect(r.realMs).toBeLessThan(3_000);
  });
});

if (!available && required) {
  test('fails when moto is required and missing', () => {
    throw new Error('REQUIRE_TERRAFORM_TIER=1 and CI=true, but python3 cannot import moto.server');
  });
}
