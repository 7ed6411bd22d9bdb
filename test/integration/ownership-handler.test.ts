/**
 * The ownership handler against a real S3 and SSM API (moto on a free loopback port): challenge
 * objects written the way Cloudflare writes them, read through the real S3 adapter and handler
 * logic; tokens kept through the real SSM adapter (issue 17, finding 6: never in the result).
 */
import {
  CreateBucketCommand,
  ListObjectVersionsCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import {
  DescribeParametersCommand,
  GetParameterCommand,
  PutParameterCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import * as net from 'net';
import { gzipSync } from 'zlib';
import { ownershipParameterName } from '../../src/ownership/contract';
import { handleOwnershipEvent, type OwnershipEvent } from '../../src/ownership/lambda';
import { s3ChallengeStore } from '../../src/ownership/s3-store';
import { ownershipSsmClient, ssmTokenStore } from '../../src/ownership/ssm-store';
import { fakeChallengeToken } from '../support/jwt';
import { clientConfigFor, motoAvailable, s3ClientFor, startMoto, type MotoServer } from '../support/moto';

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
  let ssm: SSMClient;
  const event = (over: Partial<OwnershipEvent>): OwnershipEvent => ({
    bucket: BUCKET,
    region: 'us-east-1',
    prefix: 'logs',
    tf: { action: 'create' },
    ...over,
  });
  const stores = (client = s3, tokens = ssm) => ({
    challenges: s3ChallengeStore(client),
    tokens: ssmTokenStore(tokens),
  });
  const run = (e: OwnershipEvent, client = s3) => handleOwnershipEvent(e, stores(client), fast);
  const parameterOf = (prefix: string) => ownershipParameterName(BUCKET, prefix)!;
  /** The parameter as SSM holds it (decrypted), or undefined when there is none. */
  const stored = async (name: string) =>
    ssm
      .send(new GetParameterCommand({ Name: name, WithDecryption: true }))
      .then((r) => r.Parameter)
      .catch((e: Error) => {
        if (e.name === 'ParameterNotFound') return undefined;
        throw e;
      });
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
    ssm = ownershipSsmClient(clientConfigFor(moto.endpoint));
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await s3.send(
      new PutBucketVersioningCommand({ Bucket: BUCKET, VersioningConfiguration: { Status: 'Enabled' } }),
    );
  }, 30_000);

  afterAll(async () => {
    s3?.destroy();
    ssm?.destroy();
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
    // THEN the token is in the pipeline's SecureString, the result names it only; no version and
    // no delete marker of the file is left
    expect(result).toEqual({ parameter: parameterOf(prefix), version: expect.any(Number) });
    expect(JSON.stringify(result)).not.toContain(TOKEN.split('.')[1]);
    expect(await stored(parameterOf(prefix))).toMatchObject({ Type: 'SecureString', Value: TOKEN });
    expect(await leftOf(key)).toEqual([]);
  });

  test('writes the parameter as a SecureString with the default aws/ssm key', async () => {
    // GIVEN
    await put('k1/ownership-challenge.txt', TOKEN);
    // WHEN
    await run(event({ prefix: 'k1', filename: 'k1/ownership-challenge.txt' }));
    // THEN
    const described = await ssm.send(
      new DescribeParametersCommand({
        ParameterFilters: [{ Key: 'Name', Values: [parameterOf('k1')] }],
      }),
    );
    expect(described.Parameters).toEqual([
      expect.objectContaining({ Name: parameterOf('k1'), Type: 'SecureString', KeyId: 'alias/aws/ssm' }),
    ]);
  });

  test('an update (a new challenge) overwrites the parameter with the new token: a new version', async () => {
    // GIVEN a first token kept
    const key = 'k2/ownership-challenge.txt';
    await put(key, TOKEN);
    const first = await run(event({ prefix: 'k2', filename: key }));
    const newer = fakeChallengeToken(`s3://${BUCKET}/k2/{DATE}?region=us-east-1&v=2`);
    await put(key, newer);
    // WHEN
    const second = await run(
      event({ prefix: 'k2', filename: key, tf: { action: 'update', prev_input: event({ prefix: 'k2' }) } }),
    );
    // THEN
    expect(second).toEqual({
      parameter: parameterOf('k2'),
      version: (first as { version: number }).version + 1,
    });
    expect((await stored(parameterOf('k2')))?.Value).toBe(newer);
  });

  test('delete deletes the parameter and touches no object, twice', async () => {
    // GIVEN a kept token, and a challenge file
    await put('i2/ownership-challenge.txt', TOKEN);
    await run(event({ prefix: 'i2', filename: 'i2/ownership-challenge.txt', keepChallengeFile: true }));
    expect(await stored(parameterOf('i2'))).toBeDefined();
    const e = event({ prefix: 'i2', filename: 'i2/ownership-challenge.txt', tf: { action: 'delete' } });
    // WHEN / THEN
    expect(await run(e)).toEqual({});
    expect(await run(e)).toEqual({});
    expect(await stored(parameterOf('i2'))).toBeUndefined();
    expect(await leftOf('i2/ownership-challenge.txt')).toHaveLength(1);
  });

  test('fails with a redacted message when SSM is down, and leaves the challenge file', async () => {
    // GIVEN an SSM endpoint on a loopback port nobody listens on
    const port = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (server.address() as net.AddressInfo).port;
        server.close(() => resolve(p));
      });
    });
    const down = ownershipSsmClient(clientConfigFor(`http://127.0.0.1:${port}`));
    const key = 'down/ownership-challenge.txt';
    await put(key, TOKEN);
    // WHEN
    const error = await handleOwnershipEvent(
      event({ prefix: 'down', filename: key }),
      stores(s3, down),
      fast,
    ).catch((e: Error) => e);
    down.destroy();
    // THEN one line naming the parameter and the failure, never the token; the file is still there
    expect((error as Error).message).toMatch(
      new RegExp(
        `^ownership challenge: writing SSM parameter ${parameterOf('down')} failed: [A-Za-z]+.*ECONNREFUSED`,
      ),
    );
    expect((error as Error).message).not.toContain(TOKEN.split('.')[1]);
    expect(JSON.stringify(error)).not.toContain(TOKEN.split('.')[1]);
    expect((error as Error).cause).toBeUndefined();
    expect(await leftOf(key)).toHaveLength(1);
  });

  test('an update for another prefix deletes the parameter of the old one', async () => {
    // GIVEN the old pipeline's parameter
    await ssm.send(new PutParameterCommand({ Name: parameterOf('old1'), Value: 'x', Type: 'SecureString' }));
    await put('new1/ownership-challenge.txt', TOKEN);
    // WHEN
    await run(
      event({
        prefix: 'new1',
        filename: 'new1/ownership-challenge.txt',
        tf: { action: 'update', prev_input: event({ prefix: 'old1' }) },
      }),
    );
    // THEN
    expect(await stored(parameterOf('old1'))).toBeUndefined();
    expect((await stored(parameterOf('new1')))?.Value).toBe(TOKEN);
  });

  test('accepts a filename with a leading <bucket>/', async () => {
    // GIVEN
    await put('e/ownership-challenge.txt', TOKEN);
    // WHEN
    const result = await run(event({ prefix: 'e', filename: `${BUCKET}/e/ownership-challenge.txt` }));
    // THEN
    expect(result).toEqual({ parameter: parameterOf('e'), version: 1 });
    expect((await stored(parameterOf('e')))?.Value).toBe(TOKEN);
  });

  test('without a filename, reads <prefix>/ownership-challenge.txt only, never a newer challenge', async () => {
    // GIVEN the documented name, and a newer challenge in a daily folder
    await put('f/ownership-challenge.txt', TOKEN);
    await put('f/20261122/ownership-challenge-1a2b.txt', 'a newer one');
    // WHEN
    const result = await run(event({ prefix: 'f', filename: '' }));
    // THEN
    expect(result).toEqual({ parameter: parameterOf('f'), version: 1 });
    expect((await stored(parameterOf('f')))?.Value).toBe(TOKEN);
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
      stores(),
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
    expect(result).toEqual({ parameter: parameterOf('g'), version: 1 });
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

  test('fails after the bound when the file never arrives', async () => {
    // GIVEN nothing under missing/ and a small bound
    const e = event({ prefix: 'missing', filename: 'missing/ownership-challenge.txt' });
    // WHEN / THEN
    await expect(
      handleOwnershipEvent(e, stores(), { initialDelayMs: 50, maxDelayMs: 50, maxAttempts: 4 }),
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
