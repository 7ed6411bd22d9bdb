/**
 * Issue 17 item 4: `ownership-token` checks EVERY endpoint the AWS SDK could be pointed at, not only
 * `--endpoint` and the two environment variables: `endpoint_url` in the selected profile of the AWS
 * config file, and in a `[services]` section the profile names. A disallowed one is refused before
 * any request; an allowed one is pinned (the SDK cannot pick another). The disallowed host is
 * 127.0.0.2: on loopback (nothing leaves the machine) but outside the allow-list (127.0.0.1, ::1,
 * localhost), with a recorder listening there that must see no request.
 */
import { CreateBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../support/cli';
import { fakeChallengeToken } from '../support/jwt';
import { motoAvailable, s3ClientFor, startMoto, type MotoServer } from '../support/moto';

const available = motoAvailable();
if (!available) console.log('ownership-token endpoint tests skipped: python3 cannot import moto.server');

const BUCKET = 'acme-endpoints';
const KEY = 'logs/ownership-challenge.txt';
const TOKEN = fakeChallengeToken(`s3://${BUCKET}/logs/{DATE}?region=us-east-1`);

(available ? describe : describe.skip)(
  'ownership-token: endpoints from the AWS config file (moto S3)',
  () => {
    let moto: MotoServer | undefined;
    let s3: S3Client;
    let recorder: http.Server;
    let seen: string[];
    let disallowed = '';
    let dir: string;

    beforeAll(async () => {
      moto = await startMoto();
      s3 = s3ClientFor(moto.endpoint);
      await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: KEY, Body: `${TOKEN}\n` }));
      seen = [];
      recorder = http.createServer((req, res) => {
        seen.push(`${req.method} ${req.url}`);
        res.writeHead(404).end();
      });
      await new Promise<void>((r) => recorder.listen(0, '127.0.0.2', () => r()));
      disallowed = `http://127.0.0.2:${(recorder.address() as AddressInfo).port}`;
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-config-'));
    }, 30_000);

    afterAll(async () => {
      s3?.destroy();
      await moto?.stop();
      await new Promise<void>((r) => (recorder ? recorder.close(() => r()) : r()));
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    beforeEach(() => {
      seen.length = 0;
    });

    /** Runs the bin with this AWS config file and no other endpoint source. */
    const withConfig = (name: string, config: string, env: NodeJS.ProcessEnv = {}, args: string[] = []) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, config);
      const credentials = path.join(dir, `${name}.credentials`);
      fs.writeFileSync(credentials, '');
      return runCli(['ownership-token', '--bucket', BUCKET, '--key', KEY, ...args], {
        env: {
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
          AWS_REGION: 'us-east-1',
          AWS_EC2_METADATA_DISABLED: 'true',
          AWS_PROFILE: '',
          AWS_ENDPOINT_URL: '',
          AWS_ENDPOINT_URL_S3: '',
          AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: '',
          AWS_CONFIG_FILE: file,
          AWS_SHARED_CREDENTIALS_FILE: credentials,
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
          ...env,
        },
        timeoutMs: 30_000,
      });
    };

    test.each([
      [
        'endpoint_url in the default profile',
        (): string => `[default]\nendpoint_url = ${disallowed}\n`,
        () => ({}),
      ],
      [
        'endpoint_url in a [services] section the default profile names',
        (): string =>
          `[default]\nservices = pinned\n\n[services pinned]\ns3 =\n  endpoint_url = ${disallowed}\n`,
        () => ({}),
      ],
      [
        'endpoint_url in the profile AWS_PROFILE selects',
        (): string => `[default]\n\n[profile other]\nendpoint_url = ${disallowed}\n`,
        (): NodeJS.ProcessEnv => ({ AWS_PROFILE: 'other' }),
      ],
      [
        'AWS_ENDPOINT_URL_S3 disallowed while the config file names an allowed one',
        (): string => `[default]\nendpoint_url = ${moto!.endpoint}\n`,
        (): NodeJS.ProcessEnv => ({ AWS_ENDPOINT_URL_S3: disallowed }),
      ],
      [
        'AWS_ENDPOINT_URL (all services)',
        (): string => '[default]\n',
        (): NodeJS.ProcessEnv => ({ AWS_ENDPOINT_URL: disallowed }),
      ],
    ] as [string, () => string, () => NodeJS.ProcessEnv][])(
      'fails with exit 2 before any request: %s',
      async (_name, config, env) => {
        const r = await withConfig('refused', config(), env());
        expect(r.stderr).toContain('is not allowed');
        expect(r.stderr).toContain('[ENDPOINT_NOT_ALLOWED]');
        expect(r.code).toBe(2);
        expect(r.stdout).toBe('');
        expect(seen).toEqual([]);
      },
    );

    test('an allowed endpoint_url in a [services] section is honoured and pinned: the token comes from moto', async () => {
      const r = await withConfig(
        'allowed',
        `[default]\nservices = local\n\n[services local]\ns3 =\n  endpoint_url = ${moto!.endpoint}\n`,
      );
      expect(r.stderr).toContain(`read s3://${BUCKET}/${KEY}`);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`${TOKEN}\n`);
    });

    test('--endpoint wins over a disallowed config file endpoint, which is still refused (no silent mix)', async () => {
      const r = await withConfig('both', `[default]\nendpoint_url = ${disallowed}\n`, {}, [
        '--endpoint',
        moto!.endpoint,
      ]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('[ENDPOINT_NOT_ALLOWED]');
      expect(seen).toEqual([]);
    });

    test('AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true: the SDK ignores the file, so the check does too', async () => {
      const r = await withConfig(
        'ignored',
        `[default]\nendpoint_url = ${disallowed}\n`,
        {
          AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true',
        },
        ['--endpoint', moto!.endpoint],
      );
      expect(r.stderr).not.toContain('ENDPOINT_NOT_ALLOWED');
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`${TOKEN}\n`);
      expect(seen).toEqual([]);
    });
  },
);
