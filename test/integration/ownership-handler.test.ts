/**
 * The ownership handler against a real S3 API (moto on a free loopback port): challenge objects
 * written the way Cloudflare writes them, read through the real S3 adapter and handler logic.
 */
import {
  CreateBucketCommand,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3ServiceException,
  type S3Client,
} from '@aws-sdk/client-s3';
import { gzipSync } from 'zlib';
import { tierRequired } from '../terraform/harness';
import { handleOwnershipEvent, type OwnershipEvent } from '../../src/ownership/lambda';
import { s3ChallengeStore } from '../../src/ownership/s3-store';
import { fakeChallengeToken } from '../support/jwt';
import { motoAvailable, s3ClientFor, startMoto, type MotoServer } from '../support/moto';

const available = motoAvailable();
if (!available) console.log('ownership handler integration tests skipped: missing python3 -m moto.server');

const BUCKET = 'challenge-bucket';
const TOKEN = fakeChallengeToken();
const fast = { initialDelayMs: 100, maxDelayMs: 400, maxAttempts: 20 };

(available ? describe : describe.skip)('ownership handler against S3 (moto)', () => {
  let moto: MotoServer;
  let s3: S3Client;
  const event = (over: Partial<OwnershipEvent>): OwnershipEvent => ({
    bucket: BUCKET,
    region: 'us-east-1',
    prefix: 'logs',
    tf: { action: 'create' },
    ...over,
  });
  const run = (e: OwnershipEvent, retry = fast) => handleOwnershipEvent(e, s3ChallengeStore(s3), retry);
  const put = (Key: string, Body: string | Uint8Array, ContentEncoding?: string) =>
    s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body, ContentEncoding, ContentType: 'text/plain' }));
  const versionsOf = async (key: string) =>
    (await s3.send(new ListObjectVersionsCommand({ Bucket: BUCKET, Prefix: key }))).Versions ?? [];

  beforeEach(() => jest.spyOn(console, 'log').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  beforeAll(async () => {
    moto = await startMoto();
    s3 = s3ClientFor(moto.endpoint);
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await s3.send(
      new PutBucketVersioningCommand({ Bucket: BUCKET, VersioningConfiguration: { Status: 'Enabled' } }),
    );
  }, 30_000);

  afterAll(async () => {
    await moto?.stop();
  });

  test.each([
    ['plain text', 'a/ownership-challenge.txt', `${TOKEN}\n`, undefined],
    ['gzip bytes', 'b/ownership-challenge.txt', gzipSync(TOKEN), 'gzip'],
    ['plain text labelled Content-Encoding: compress', 'c/ownership-challenge.txt', TOKEN, 'compress'],
    [
      'gzip bytes labelled Content-Encoding: compress',
      'd/ownership-challenge.txt',
      gzipSync(`${TOKEN}\n`),
      'compress',
    ],
  ])('reads %s, then removes every version of the file', async (_name, key, body, encoding) => {
    // GIVEN a challenge as Cloudflare writes it
    await put(key, body, encoding);
    // WHEN
    const result = await run(event({ prefix: key.split('/')[0], filename: key }));
    // THEN
    expect(result).toEqual({ token: TOKEN });
    expect(await versionsOf(key)).toEqual([]);
  });

  test('accepts a filename with a leading <bucket>/', async () => {
    await put('e/ownership-challenge.txt', TOKEN);
    expect(await run(event({ prefix: 'e', filename: `${BUCKET}/e/ownership-challenge.txt` }))).toEqual({
      token: TOKEN,
    });
  });

  test('without a filename, finds the newest challenge under the prefix (daily subfolder)', async () => {
    await put('f/20261121/ownership-challenge-0001.txt', 'an old, invalid one');
    await new Promise((r) => setTimeout(r, 1100)); // S3 LastModified has second precision
    await put('f/20261122/ownership-challenge-1a2b.txt', TOKEN);
    await put('f/20261122/20261122T000000Z_20261122T000030Z_x.log.gz', gzipSync('{}'));
    expect(await run(event({ prefix: 'f', filename: '' }))).toEqual({ token: TOKEN });
  });

  test('waits for a late file', async () => {
    const key = 'g/ownership-challenge.txt';
    const late = new Promise((r) => setTimeout(r, 1500)).then(() => put(key, TOKEN));
    const started = Date.now();
    const result = await run(event({ prefix: 'g', filename: key }));
    await late;
    expect(result).toEqual({ token: TOKEN });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
  });

  test('keeps the file when asked', async () => {
    await put('h/ownership-challenge.txt', TOKEN);
    await run(event({ prefix: 'h', filename: 'h/ownership-challenge.txt', keepChallengeFile: true }));
    expect(await versionsOf('h/ownership-challenge.txt')).toHaveLength(1);
  });

  test('delete succeeds and touches nothing, twice', async () => {
    await put('i/ownership-challenge.txt', TOKEN);
    const e = event({ prefix: 'i', filename: 'i/ownership-challenge.txt', tf: { action: 'delete' } });
    expect(await run(e)).toEqual({});
    expect(await run(e)).toEqual({});
    expect(await versionsOf('i/ownership-challenge.txt')).toHaveLength(1);
  });

  test('fails after the bound when the file never arrives', async () => {
    await expect(
      run(event({ prefix: 'missing', filename: 'missing/ownership-challenge.txt' }), {
        initialDelayMs: 50,
        maxDelayMs: 50,
        maxAttempts: 4,
      }),
    ).rejects.toThrow(/no challenge file in bucket challenge-bucket .* after 4 attempts over 150 ms/);
  });

  test('fails at once, naming the error, when the bucket cannot be read', async () => {
    const started = Date.now();
    await expect(
      run(event({ bucket: 'no-such-bucket', prefix: 'x', filename: 'x/ownership-challenge.txt' })),
    ).rejects.toThrow(
      'ownership challenge: reading x/ownership-challenge.txt in bucket no-such-bucket failed: NoSuchBucket',
    );
    expect(Date.now() - started).toBeLessThan(1000);
  });

  test('fails at once on access denied (a 403 from S3 is not "not there yet")', async () => {
    // An S3 client whose every call is refused as S3 refuses a role without s3:GetObject.
    const denied = s3ClientFor(moto.endpoint);
    denied.middlewareStack.add(
      () => async () => {
        throw new S3ServiceException({
          name: 'AccessDenied',
          message: 'Access Denied',
          $fault: 'client',
          $metadata: { httpStatusCode: 403 },
        });
      },
      { step: 'finalizeRequest' },
    );
    await put('k/ownership-challenge.txt', TOKEN);
    await expect(
      handleOwnershipEvent(
        event({ prefix: 'k', filename: 'k/ownership-challenge.txt' }),
        s3ChallengeStore(denied),
        fast,
      ),
    ).rejects.toThrow(
      'ownership challenge: reading k/ownership-challenge.txt in bucket challenge-bucket failed: AccessDenied: Access Denied',
    );
    expect(await versionsOf('k/ownership-challenge.txt')).toHaveLength(1);
  });

  test('fails when the object is not a JWT', async () => {
    await put('j/ownership-challenge.txt', '<html>not a token</html>');
    await expect(run(event({ prefix: 'j', filename: 'j/ownership-challenge.txt' }))).rejects.toThrow(
      'ownership challenge: s3://challenge-bucket/j/ownership-challenge.txt (24 bytes) does not hold a JWT',
    );
  });
});

if (!available && tierRequired()) {
  test('fails when moto is required and missing', () => {
    throw new Error('REQUIRE_TERRAFORM_TIER=1 but python3 -m moto.server is missing');
  });
}
