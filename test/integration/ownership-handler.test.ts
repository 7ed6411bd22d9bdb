/**
 * The ownership handler against a real S3 API (moto on a free loopback port): challenge objects
 * written the way Cloudflare writes them, read through the real S3 adapter and handler logic.
 */
import {
  CreateBucketCommand,
  ListObjectVersionsCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { gzipSync } from 'zlib';
import { handleOwnershipEvent, type OwnershipEvent } from '../../src/ownership/lambda';
import { s3ChallengeStore } from '../../src/ownership/s3-store';
import { fakeChallengeToken } from '../support/jwt';
import { motoAvailable, s3ClientFor, startMoto, type MotoServer } from '../support/moto';

const available = motoAvailable();
const required = process.env.REQUIRE_TERRAFORM_TIER === '1' && process.env.CI === 'true';
if (!available && !required) {
  console.log(
    'ownership handler integration tests skipped: python3 cannot import moto.server (pip install moto)',
  );
}

const BUCKET = 'challenge-bucket';
const TOKEN = fakeChallengeToken(`s3://${BUCKET}/logs/{DATE}?region=us-east-1`);
const fast = { initialDelayMs: 100, maxDelayMs: 400, maxAttempts: 20 };

(available ? describe : describe.skip)('ownership handler against S3 (moto)', () => {
  let moto: MotoServer | undefined;
  let s3: S3Client;
  const event = (over: Partial<OwnershipEvent>): OwnershipEvent => ({
    bucket: BUCKET,
    region: 'us-east-1',
    prefix: 'logs',
    tf: { action: 'create' },
    ...over,
  });
  const run = (e: OwnershipEvent, client = s3) => handleOwnershipEvent(e, s3ChallengeStore(client), fast);
  const put = (Key: string, Body: string | Uint8Array, ContentEncoding?: string) =>
    s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body, ContentEncoding, ContentType: 'text/plain' }));
  /** Versions and delete markers left for exactly this key. */
  const leftOf = async (key: string) => {
    const out = await s3.send(new ListObjectVersionsCommand({ Bucket: BUCKET, Prefix: key }));
    return [...(out.Versions ?? []), ...(out.DeleteMarkers ?? [])].filter((v) => v.Key === key);
  };

  beforeAll(async () => {
    moto = await startMoto();
    s3 = s3ClientFor(moto.endpoint);
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await s3.send(
      new PutBucketVersioningCommand({ Bucket: BUCKET, VersioningConfiguration: { Status: 'Enabled' } }),
    );
  }, 30_000);

  afterAll(async () => {
    s3?.destroy();
    await moto?.stop();
  });

  beforeEach(() => {
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  test.each([
    ['plain text', 'a', `${TOKEN}\n`, undefined],
    ['gzip bytes', 'b', gzipSync(TOKEN), 'gzip'],
    ['plain text labelled Content-Encoding: compress', 'c', TOKEN, 'compress'],
    ['gzip bytes labelled Content-Encoding: compress', 'd', gzipSync(`${TOKEN}\n`), 'compress'],
  ])('reads %s, then removes the object and its version for good', async (_name, prefix, body, encoding) => {
    // GIVEN a challenge as Cloudflare writes it, in a versioned bucket
    const key = `${prefix}/ownership-challenge.txt`;
    await put(key, body, encoding);
    // WHEN
    const result = await run(event({ prefix, filename: key }));
    // THEN only the token comes back; no version and no delete marker is left
    expect(result).toEqual({ token: TOKEN });
    expect(await leftOf(key)).toEqual([]);
  });

  test('accepts a filename with a leading <bucket>/', async () => {
    // GIVEN
    await put('e/ownership-challenge.txt', TOKEN);
    // WHEN
    const result = await run(event({ prefix: 'e', filename: `${BUCKET}/e/ownership-challenge.txt` }));
    // THEN
    expect(result).toEqual({ token: TOKEN });
  });

  test('without a filename, reads <prefix>/ownership-challenge.txt only, never a newer challenge', async () => {
    // GIVEN the documented name, and a newer challenge in a daily folder
    await put('f/ownership-challenge.txt', TOKEN);
    await put('f/20261122/ownership-challenge-1a2b.txt', 'a newer one');
    // WHEN
    const result = await run(event({ prefix: 'f', filename: '' }));
    // THEN
    expect(result).toEqual({ token: TOKEN });
    expect(await leftOf('f/ownership-challenge.txt')).toEqual([]);
    expect(await leftOf('f/20261122/ownership-challenge-1a2b.txt')).toHaveLength(1);
  });

  test("fails on a filename under another pipeline's prefix, and leaves that file alone", async () => {
    // GIVEN another pipeline's challenge, holding a valid token
    await put('other/ownership-challenge.txt', TOKEN);
    // WHEN
    const error = await run(
      event({ prefix: 'g2', filename: `${BUCKET}/other/ownership-challenge.txt` }),
    ).catch((e: Error) => e);
    // THEN
    expect((error as Error).message).toMatch(
      /^ownership challenge: the challenge filename "other\/ownership-challenge.txt" is not an ownership-challenge\* object under this job's prefix g2\/ in bucket challenge-bucket: refusing to read it/,
    );
    expect(await leftOf('other/ownership-challenge.txt')).toHaveLength(1);
  });

  test('fails when the named file is missing, though another challenge is under the prefix', async () => {
    // GIVEN a challenge under the prefix, but not the one Cloudflare named
    await put('p/ownership-challenge-z.txt', TOKEN);
    // WHEN
    const error = await handleOwnershipEvent(
      event({ prefix: 'p', filename: 'p/ownership-challenge-named.txt' }),
      s3ChallengeStore(s3),
      { initialDelayMs: 10, maxDelayMs: 10, maxAttempts: 3 },
    ).catch((e: Error) => e);
    // THEN
    expect((error as Error).message).toMatch(
      /no challenge file in bucket challenge-bucket \(looked for p\/ownership-challenge-named.txt\) after 3 attempts/,
    );
    expect(await leftOf('p/ownership-challenge-z.txt')).toHaveLength(1);
  });

  test('waits for a late file', async () => {
    // GIVEN a file that arrives 1.5 s after the handler starts
    const key = 'g/ownership-challenge.txt';
    const late = new Promise((r) => setTimeout(r, 1500)).then(() => put(key, TOKEN));
    const started = Date.now();
    // WHEN
    const result = await run(event({ prefix: 'g', filename: key }));
    await late;
    // THEN
    expect(result).toEqual({ token: TOKEN });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
  });

  test('keeps the file when asked', async () => {
    // GIVEN
    await put('h/ownership-challenge.txt', TOKEN);
    // WHEN
    await run(event({ prefix: 'h', filename: 'h/ownership-challenge.txt', keepChallengeFile: true }));
    // THEN
    expect(await leftOf('h/ownership-challenge.txt')).toHaveLength(1);
  });

  test('delete returns {} and touches nothing, twice', async () => {
    // GIVEN
    await put('i/ownership-challenge.txt', TOKEN);
    const e = event({ prefix: 'i', filename: 'i/ownership-challenge.txt', tf: { action: 'delete' } });
    // WHEN / THEN
    expect(await run(e)).toEqual({});
    expect(await run(e)).toEqual({});
    expect(await leftOf('i/ownership-challenge.txt')).toHaveLength(1);
  });

  test('fails after the bound when the file never arrives', async () => {
    // GIVEN nothing under missing/ and a small bound
    const e = event({ prefix: 'missing', filename: 'missing/ownership-challenge.txt' });
    // WHEN / THEN
    await expect(
      handleOwnershipEvent(e, s3ChallengeStore(s3), { initialDelayMs: 50, maxDelayMs: 50, maxAttempts: 4 }),
    ).rejects.toThrow(
      /no challenge file in bucket challenge-bucket \(looked for missing\/ownership-challenge.txt\) after 4 attempts over \d+ ms \(bound 100000 ms\)\. .*cloudflare-logpush s3:PutObject/,
    );
  });

  test('fails at once, naming the error, when the bucket does not exist', async () => {
    // GIVEN / WHEN
    const started = Date.now();
    const run404 = run(
      event({ bucket: 'no-such-bucket', prefix: 'x', filename: 'x/ownership-challenge.txt' }),
    );
    // THEN a 404 NoSuchBucket is not "not there yet"
    await expect(run404).rejects.toThrow(
      'ownership challenge: reading x/ownership-challenge.txt in bucket no-such-bucket failed: NoSuchBucket (HTTP 404): The specified bucket does not exist',
    );
    expect(Date.now() - started).toBeLessThan(fast.initialDelayMs);
  });

  test('fails at once when a bucket policy denies the read, and leaves the file', async () => {
    // GIVEN a bucket policy that denies s3:GetObject under denied/
    const key = 'denied/ownership-challenge.txt';
    await put(key, TOKEN);
    await s3.send(
      new PutBucketPolicyCommand({
        Bucket: BUCKET,
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Deny',
              Principal: '*',
              Action: 's3:GetObject',
              Resource: `arn:aws:s3:::${BUCKET}/denied/*`,
            },
          ],
        }),
      }),
    );
    const started = Date.now();
    // WHEN
    const error = await run(event({ prefix: 'denied', filename: key })).catch((e: Error) => e);
    // THEN the 403 is reported, not retried (moto sends it without an XML body: the SDK names it
    // "Unknown", the store calls it AccessDenied by its status)
    expect((error as Error).message).toBe(
      'ownership challenge: reading denied/ownership-challenge.txt in bucket challenge-bucket failed: AccessDenied (HTTP 403)',
    );
    expect(Date.now() - started).toBeLessThan(fast.initialDelayMs);
    expect(await leftOf(key)).toHaveLength(1);
  });

  test('fails when the object is not a JWT, without echoing it', async () => {
    // GIVEN
    await put('j/ownership-challenge.txt', '<html>not a token</html>');
    // WHEN
    const error = await run(event({ prefix: 'j', filename: 'j/ownership-challenge.txt' })).catch(
      (e: Error) => e,
    );
    // THEN
    expect((error as Error).message).toBe(
      'ownership challenge: s3://challenge-bucket/j/ownership-challenge.txt (24 bytes) does not hold a JWT',
    );
    expect(await leftOf('j/ownership-challenge.txt')).toHaveLength(1);
  });
});

if (!available && required) {
  test('fails when moto is required and missing', () => {
    throw new Error('REQUIRE_TERRAFORM_TIER=1 and CI=true, but python3 cannot import moto.server');
  });
}
