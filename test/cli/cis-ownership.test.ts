/**
 * `cdktf-logpush cis-ownership` end to end through the real bin, against an emulation of the two
 * APIs it talks to: CIS's ownership endpoint (and IAM's token endpoint) as a small HTTP server on
 * 127.0.0.1 that writes the challenge file into the bucket as CIS would, and COS as moto's S3.
 */
import {
  CreateBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import * as http from 'http';
import type { AddressInfo } from 'net';
import { gzipSync } from 'zlib';
import { cosDestination } from '../../src/destination';
import { runCli } from '../support/cli';
import { fakeChallengeToken } from '../support/jwt';
import { motoAvailable, s3ClientFor, startMoto, type MotoServer } from '../support/moto';

const CRN =
  'crn:v1:bluemix:public:internet-svcs:global:a/4ea1882a2d3401ed1e459979941966ea:31fa970d-51d0-4b05-893e-251cba75a7b3::';
const DOMAIN = '9caf68812ae9b3f0377fdf986751a78f';
const INSTANCE = 'c84e2a79-ce6d-3c79-a7e4-7e7ab3054cfe';
const BUCKET = 'acme-cis-logs';
const IAM_TOKEN = 'iam-access-token-for-tests';
const API_KEY = 'api-key-for-tests';

/** How the emulated CIS behaves for the next request. */
interface CisBehaviour {
  gzip: boolean;
  delayMs: number;
}

interface Received {
  url: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

/** CIS's ownership endpoint and IAM's token endpoint, writing the challenge into moto like CIS. */
function startCisEmulator(s3: S3Client, behaviour: CisBehaviour) {
  const received: Received[] = [];
  const pending: Promise<unknown>[] = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (d: Buffer) => (text += d.toString()));
    req.on('end', () => {
      void (async () => {
        const reply = (status: number, body: unknown) => {
          res.writeHead(status, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify(body));
        };
        if (req.method === 'POST' && req.url === '/identity/token') {
          const form = new URLSearchParams(text);
          received.push({ url: req.url, headers: req.headers, body: Object.fromEntries(form) });
          if (
            form.get('apikey') === API_KEY &&
            form.get('grant_type') === 'urn:ibm:params:oauth:grant-type:apikey'
          ) {
            return reply(200, { access_token: IAM_TOKEN, token_type: 'Bearer', expires_in: 3600 });
          }
          return reply(400, { errorCode: 'BXNIM0415E', errorMessage: 'Provided API key could not be found' });
        }
        const m = /^\/v2\/([^/]+)\/zones\/([^/]+)\/logpush\/ownership$/.exec(req.url ?? '');
        const body = JSON.parse(text || '{}') as { cos?: { bucket_name: string; path: string } };
        received.push({ url: req.url ?? '', headers: req.headers, body });
        if (req.method !== 'POST' || !m) {
          return reply(404, { success: false, errors: [['404', 'not found']] });
        }
        if (req.headers['x-auth-user-token'] !== `Bearer ${IAM_TOKEN}`) {
          return reply(401, { success: false, errors: [['10000', 'Authentication error']], messages: [] });
        }
        const cos = body.cos!;
        const key = `${cos.path ? `${cos.path}/` : ''}ownership-challenge-${Math.random().toString(16).slice(2, 10)}.txt`;
        const token = fakeChallengeToken(`cos://${cos.bucket_name}/${cos.path}`);
        const content = behaviour.gzip ? gzipSync(Buffer.from(token)) : Buffer.from(`${token}\n`);
        const write = () =>
          s3.send(
            new PutObjectCommand({
              Bucket: cos.bucket_name,
              Key: key,
              Body: content,
              ContentType: 'text/plain',
            }),
          );
        if (behaviour.delayMs === 0) {
          try {
            await write();
          } catch {
            return reply(400, {
              success: false,
              errors: [['1002', `bucket ${cos.bucket_name} not found or not writable by cislogp@us.ibm.com`]],
              messages: [],
            });
          }
        } else {
          // CIS writes the file after answering; the command must wait for it.
          pending.push(new Promise((r) => setTimeout(r, behaviour.delayMs)).then(write));
        }
        return reply(200, {
          success: true,
          errors: [],
          messages: [],
          result: { filename: key, valid: true, messages: '' },
        });
      })();
    });
  });
  return new Promise<{ endpoint: string; received: Received[]; stop: () => Promise<void> }>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        endpoint: `http://127.0.0.1:${port}`,
        received,
        stop: async () => {
          await Promise.allSettled(pending);
          await new Promise<void>((r) => server.close(() => r()));
        },
      });
    });
  });
}

const describeWithMoto = motoAvailable() ? describe : describe.skip;

describeWithMoto('cdktf-logpush cis-ownership (emulated CIS + moto COS)', () => {
  let moto: MotoServer;
  let s3: S3Client;
  const behaviour: CisBehaviour = { gzip: false, delayMs: 0 };
  let cis: Awaited<ReturnType<typeof startCisEmulator>>;

  beforeAll(async () => {
    moto = await startMoto();
    s3 = s3ClientFor(moto.endpoint);
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    cis = await startCisEmulator(s3, behaviour);
  }, 60_000);

  afterAll(async () => {
    await cis?.stop();
    s3?.destroy();
    await moto?.stop();
  });

  beforeEach(() => {
    behaviour.gzip = false;
    behaviour.delayMs = 0;
    cis.received.length = 0;
  });

  const args = (path: string, extra: string[] = []) => [
    'cis-ownership',
    '--cis-crn',
    CRN,
    '--domain-id',
    DOMAIN,
    '--bucket',
    BUCKET,
    '--region',
    'us-south',
    '--instance-id',
    INSTANCE,
    '--path',
    path,
    '--cis-endpoint',
    cis.endpoint,
    '--iam-endpoint',
    `${cis.endpoint}/identity/token`,
    '--cos-endpoint',
    moto.endpoint,
    ...extra,
  ];
  const env = (over: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    IBMCLOUD_IAM_TOKEN: IAM_TOKEN,
    IBMCLOUD_API_KEY: '',
    COS_HMAC_ACCESS_KEY_ID: 'test',
    COS_HMAC_SECRET_ACCESS_KEY: 'test',
    ...over,
  });
  const keysUnder = async (prefix: string) =>
    ((await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }))).Contents ?? []).map(
      (o) => o.Key,
    );

  test("plain challenge file: prints only the token, sends the job's exact cos object, deletes the file", async () => {
    const run = await runCli(args('cis/http_requests'), { env: env() });
    expect(run.stderr).not.toMatch(/internal error/);
    expect(run.code).toBe(0);
    const token = run.stdout.trim();
    expect(run.stdout).toBe(`${token}\n`);
    expect(token.split('.')).toHaveLength(3);
    expect(run.stderr).not.toContain(token);
    expect(run.stderr).not.toContain(IAM_TOKEN);
    const request = cis.received.find((r) => r.url.endsWith('/logpush/ownership'))!;
    expect(request.url).toBe(`/v2/${encodeURIComponent(CRN)}/zones/${DOMAIN}/logpush/ownership`);
    expect(request.headers['x-auth-user-token']).toBe(`Bearer ${IAM_TOKEN}`);
    // The same function builds the job's `cos`: the challenge is for exactly the job's destination.
    expect(request.body).toEqual({
      cos: cosDestination({
        bucket: BUCKET,
        prefix: 'cis/http_requests',
        region: 'us-south',
        instanceId: INSTANCE,
        dailySubfolders: true,
      }).cos,
    });
    expect(await keysUnder('cis/http_requests/')).toEqual([]);
  }, 60_000);

  test('gzip challenge file, IAM token from an API key exchange', async () => {
    behaviour.gzip = true;
    const run = await runCli(args('cis/range_events', ['--no-daily-subfolders']), {
      env: env({ IBMCLOUD_IAM_TOKEN: '', IBMCLOUD_API_KEY: API_KEY }),
    });
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('.')).toHaveLength(3);
    expect(cis.received[0]!.url).toBe('/identity/token');
    const request = cis.received.find((r) => r.url.endsWith('/logpush/ownership'))!;
    expect((request.body as { cos: { use_daily_subfolder: boolean } }).cos.use_daily_subfolder).toBe(false);
    expect(await keysUnder('cis/range_events/')).toEqual([]);
  }, 60_000);

  test('the file appears late: waits for it', async () => {
    behaviour.delayMs = 1500;
    const run = await runCli(args('cis/late', ['--json', '--timeout', '20']), { env: env() });
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { token: string; key: string; attempts: number };
    expect(out.attempts).toBeGreaterThan(1);
    expect(out.key).toMatch(/^cis\/late\/ownership-challenge-/);
    expect(await keysUnder('cis/late/')).toEqual([]);
  }, 60_000);

  test('fails with a clear message and exit 1 for a wrong bucket', async () => {
    const a = args('cis/http_requests');
    a[a.indexOf('--bucket') + 1] = 'acme-no-such-bucket';
    const run = await runCli(a, { env: env() });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /CIS refused the ownership challenge for cos:\/\/acme-no-such-bucket\/cis\/http_requests/,
    );
    expect(run.stderr).toMatch(/not found or not writable/);
  }, 60_000);

  test('fails with exit 1 when the file never appears in time', async () => {
    behaviour.delayMs = 3000;
    const run = await runCli(args('cis/never', ['--timeout', '1']), { env: env() });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/no challenge file in bucket acme-cis-logs/);
    expect(run.stderr).toMatch(/cislogp@us\.ibm\.com needs Object Writer/);
  }, 60_000);

  test('fails with exit 2 and a clear message without IBM Cloud credentials', async () => {
    const run = await runCli(args('cis/http_requests'), { env: env({ IBMCLOUD_IAM_TOKEN: '' }) });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/set IBMCLOUD_IAM_TOKEN .* or IBMCLOUD_API_KEY/);
    expect(cis.received).toEqual([]);
  }, 60_000);

  test('fails with exit 2 and a clear message without COS HMAC keys', async () => {
    const run = await runCli(args('cis/http_requests'), { env: env({ COS_HMAC_SECRET_ACCESS_KEY: '' }) });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/set COS_HMAC_ACCESS_KEY_ID and COS_HMAC_SECRET_ACCESS_KEY/);
  }, 60_000);

  test('fails with exit 1 when IAM refuses the API key', async () => {
    const run = await runCli(args('cis/http_requests'), {
      env: env({ IBMCLOUD_IAM_TOKEN: '', IBMCLOUD_API_KEY: 'wrong-key' }),
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/IAM refused the API key exchange/);
    expect(run.stderr).not.toContain('wrong-key');
  }, 60_000);

  test('fails with exit 2 for an endpoint outside the allow-list, before sending anything', async () => {
    const a = args('cis/http_requests');
    a[a.indexOf('--cis-endpoint') + 1] = 'https://api.cis.example.com';
    const run = await runCli(a, { env: env() });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/CIS endpoint https:\/\/api\.cis\.example\.com is not allowed/);
    expect(cis.received).toEqual([]);
  }, 60_000);
});
