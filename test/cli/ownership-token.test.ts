/**
 * `cdktf-logpush ownership-token` through the real bin against a real S3 API (moto on loopback):
 * gzip and plain challenge files, --delete, a missing file, a file that is no JWT, bad arguments.
 */
import { CreateBucketCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { gzipSync } from 'zlib';
import { runCli } from '../support/cli';
import { fakeChallengeToken } from '../support/jwt';
import { motoAvailable, s3ClientFor, startMoto, type MotoServer } from '../support/moto';

const available = motoAvailable();
if (!available) console.log('ownership-token CLI tests skipped: python3 cannot import moto.server');

const BUCKET = 'acme-challenges';
const TOKEN = fakeChallengeToken(`s3://${BUCKET}/logs/{DATE}?region=us-east-1`);
/** Credentials and region for the SDK in the child; no profile or instance metadata is consulted. */
const AWS_ENV = {
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_REGION: 'us-east-1',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_PROFILE: '',
  AWS_ENDPOINT_URL: '',
  AWS_ENDPOINT_URL_S3: '',
  // The SDK warns on Node < 22 about its releases after January 2027; the stderr checks below are exact.
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

(available ? describe : describe.skip)('cdktf-logpush ownership-token (moto S3)', () => {
  let moto: MotoServer | undefined;
  let s3: S3Client;
  const put = (Key: string, Body: string | Uint8Array, ContentEncoding?: string) =>
    s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body, ContentEncoding, ContentType: 'text/plain' }));
  const exists = (Key: string) =>
    s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key })).then(
      () => true,
      () => false,
    );
  const token = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    runCli(['ownership-token', '--bucket', BUCKET, ...args], { env: { ...AWS_ENV, ...env } });
  const endpoint = () => ['--endpoint', moto!.endpoint];

  beforeAll(async () => {
    moto = await startMoto();
    s3 = s3ClientFor(moto.endpoint);
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await put('plain/ownership-challenge.txt', `${TOKEN}\n`);
    // As S3 has served it: gzip bytes labelled Content-Encoding: compress (DOMAIN.md §1, #1019).
    await put('gz/ownership-challenge-1234.txt', gzipSync(TOKEN), 'compress');
    await put('other/ownership-challenge.txt', gzipSync(TOKEN), 'gzip');
    await put('bad/ownership-challenge.txt', 'not a token, a secret-ish text');
  }, 30_000);

  afterAll(async () => {
    s3?.destroy();
    await moto?.stop();
  });

  test('--key: a plain challenge file; prints only the token on stdout and keeps the file', async () => {
    const r = await token(['--key', 'plain/ownership-challenge.txt', ...endpoint()]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${TOKEN}\n`);
    expect(r.stderr).toBe(`read s3://${BUCKET}/plain/ownership-challenge.txt (kept; --delete removes it)\n`);
    expect(r.stderr).not.toContain(TOKEN);
    expect(await exists('plain/ownership-challenge.txt')).toBe(true);
  });

  test('--key with a leading <bucket>/ (as Cloudflare sometimes names it) reads the same object', async () => {
    const r = await token(['--key', `${BUCKET}/plain/ownership-challenge.txt`, ...endpoint()]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${TOKEN}\n`);
  });

  test('--prefix: the gzip file (labelled compress) under the prefix, deleted with --delete', async () => {
    const r = await token(['--prefix', 'gz', '--delete', ...endpoint()]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${TOKEN}\n`);
    expect(r.stderr).toBe(`read s3://${BUCKET}/gz/ownership-challenge-1234.txt and deleted it\n`);
    expect(await exists('gz/ownership-challenge-1234.txt')).toBe(false);
  });

  test('--json, and the endpoint from AWS_ENDPOINT_URL_S3 (which the SDK honours) instead of --endpoint', async () => {
    const r = await token(['--key', 'other/ownership-challenge.txt', '--json'], {
      AWS_ENDPOINT_URL_S3: moto!.endpoint,
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      bucket: BUCKET,
      key: 'other/ownership-challenge.txt',
      token: TOKEN,
      deleted: false,
    });
  });

  test('--wait: a file Cloudflare writes a moment later is read once it appears', async () => {
    const pending = token(['--key', 'late/ownership-challenge.txt', '--wait', '5', ...endpoint()]);
    await new Promise((resolve) => setTimeout(resolve, 800));
    await put('late/ownership-challenge.txt', gzipSync(TOKEN));
    const r = await pending;
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${TOKEN}\n`);
  });

  test('fails with exit 1 and a clear message when the challenge file is missing', async () => {
    const r = await token(['--key', 'missing/ownership-challenge.txt', ...endpoint()]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(
      `no challenge file in bucket ${BUCKET} (looked for missing/ownership-challenge.txt`,
    );
  });

  test('fails with exit 1 when nothing matches under a prefix', async () => {
    const r = await token(['--prefix', 'nothing-here', ...endpoint()]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('under nothing-here/');
  });

  test('fails with exit 1 on a file that holds no JWT, without echoing its content', async () => {
    const r = await token(['--key', 'bad/ownership-challenge.txt', ...endpoint()]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('does not hold a JWT');
    expect(r.stderr).not.toContain('secret-ish');
    expect(await exists('bad/ownership-challenge.txt')).toBe(true);
  });

  test('fails with exit 1 on a bucket that does not exist (the S3 error is named)', async () => {
    const r = await runCli(
      [
        'ownership-token',
        '--bucket',
        'no-such-bucket-here',
        '--key',
        'k/ownership-challenge.txt',
        ...endpoint(),
      ],
      { env: AWS_ENV },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('NoSuchBucket');
  });
});

describe('cdktf-logpush ownership-token: usage (no S3 reached)', () => {
  const usage = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
    const r = await runCli(['ownership-token', ...args], { env: { ...AWS_ENV, ...env } });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    return r.stderr;
  };

  test('fails with exit 2 without --bucket', async () => {
    expect(await usage(['--key', 'a'])).toContain("required option '--bucket <bucket>' not specified");
  });

  test('fails with exit 2 with both or neither of --key and --prefix', async () => {
    expect(await usage(['--bucket', BUCKET, '--key', 'a', '--prefix', 'b'])).toContain(
      'exactly one of --key',
    );
    expect(await usage(['--bucket', BUCKET])).toContain('exactly one of --key');
  });

  test('fails with exit 2 on a --wait that is not 0-90 whole seconds', async () => {
    expect(await usage(['--bucket', BUCKET, '--key', 'a', '--wait', '100'])).toContain('from 0 to 90');
    expect(await usage(['--bucket', BUCKET, '--key', 'a', '--wait', '1.5'])).toContain('from 0 to 90');
  });

  test('fails with exit 2 on a bad bucket name or region', async () => {
    expect(await usage(['--bucket', 'Bad_Bucket', '--key', 'a'])).toContain('is not an S3 bucket name');
    expect(await usage(['--bucket', BUCKET, '--key', 'a', '--region', 'mars'])).toContain(
      'not an AWS region',
    );
  });

  test('fails with exit 2 on an endpoint outside the allow-list (http off loopback, credentials in the URL)', async () => {
    expect(await usage(['--bucket', BUCKET, '--key', 'a', '--endpoint', 'http://s3.example.com'])).toContain(
      'http:// only on a loopback host',
    );
    expect(
      await usage(['--bucket', BUCKET, '--key', 'a', '--endpoint', 'https://u:p@s3.example.com']),
    ).toContain('scheme, host and port only');
    expect(
      await usage(['--bucket', BUCKET, '--key', 'a'], { AWS_ENDPOINT_URL_S3: 'http://10.0.0.1:9000' }),
    ).toContain('AWS_ENDPOINT_URL_S3 "http://10.0.0.1:9000" is not allowed');
  });

  test('--help names the exit codes and where the token goes', async () => {
    const r = await runCli(['ownership-token', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('The token is printed on stdout only');
  });
});
