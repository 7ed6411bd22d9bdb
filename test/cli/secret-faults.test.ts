/**
 * No credential leaves the CLI (issue 17, items 2 and "no credential leaves"): every command that
 * takes a secret (`cis-ownership`: IBMCLOUD_IAM_TOKEN / IBMCLOUD_API_KEY / COS HMAC keys;
 * `ownership-token`: AWS keys and session token) runs through the real bin under a matrix of faults:
 * malformed secrets, refused and unreachable endpoints, and a hostile endpoint that echoes every
 * header and body it receives back in its error answers. No captured output may contain a secret
 * (nor any line or word of a multi-line one), and no failure prints a stack trace.
 */
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { runCli, type CliRun } from '../support/cli';

const CRN =
  'crn:v1:bluemix:public:internet-svcs:global:a/4ea1882a2d3401ed1e459979941966ea:31fa970d-51d0-4b05-893e-251cba75a7b3::';
const DOMAIN = '9caf68812ae9b3f0377fdf986751a78f';
const INSTANCE = 'c84e2a79-ce6d-3c79-a7e4-7e7ab3054cfe';

/** Secrets, each distinctive so that any fragment of one is found in the output. */
const S = {
  iamToken: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJJQU1UT0tFTlNFQ1JFVCJ9.SigIAMsecretQ7',
  apiKey: 'ApiKeySecretValue0123456789abcdefXYZ',
  exchanged: 'ExchangedIamAccessTokenSecret987654',
  hmacId: 'HmacAccessKeyIdSecret4455',
  hmacSecret: 'HmacSecretAccessKeyValue778899aabbcc',
  awsId: 'AKIAFAULTMATRIX12345',
  awsSecret: 'AwsSecretAccessKeyFaultMatrix/abcdef0123',
  awsSession: 'AwsSessionTokenFaultMatrixIQoJb3JpZ2luX2VjEXAMPLE',
};

/** Words of the secrets worth looking for (8+ characters), and the secrets themselves. */
function needles(secrets: readonly string[]): string[] {
  const out = new Set<string>();
  for (const s of secrets) {
    out.add(s);
    for (const w of s.split(/[\s]+/)) if (w.length >= 8) out.add(w);
    out.add(encodeURIComponent(s));
  }
  return [...out];
}

/** An HTTP server on 127.0.0.1 that answers as `answer` decides, seeing every header and body. */
interface Echo {
  readonly endpoint: string;
  readonly requests: string[];
  close(): Promise<void>;
}
type Answer = (
  req: http.IncomingMessage,
  body: string,
  echo: string,
) => { status: number; body: string; type?: string };

function startEcho(answer: Answer): Promise<Echo> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const echo = `${req.method} ${req.url} ${JSON.stringify(req.headers)} ${body}`;
      requests.push(echo);
      const a = answer(req, body, echo);
      res.writeHead(a.status, { 'Content-Type': a.type ?? 'application/json' });
      res.end(a.body);
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        requests,
        close: () => new Promise<void>((r) => server.close(() => r())),
      }),
    ),
  );
}

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** An S3 error whose message repeats the request (as a hostile or buggy endpoint might). */
const s3Echo =
  (status: number, code: string): Answer =>
  (_req, _body, echo) => ({
    status,
    type: 'application/xml',
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xmlEscape(echo)}</Message><RequestId>1</RequestId></Error>`,
  });

interface FaultCase {
  readonly name: string;
  readonly args: (e: Endpoints) => string[];
  readonly env: (e: Endpoints) => NodeJS.ProcessEnv;
  readonly secrets: readonly string[];
  /** The failure is one no command expects: the bin's last-resort handler must print it. */
  readonly internal?: boolean;
}
interface Endpoints {
  /** Echoes everything back in a JSON error (CIS, IAM) or S3 XML error. */
  readonly echo: string;
  /** Answers IAM with `S.exchanged` and CIS with a challenge filename; S3 with echoing errors. */
  readonly cooperative: string;
  /** A loopback port nobody listens on. */
  readonly closed: string;
  readonly awsConfig: string;
  /** A module preloaded into the bin (NODE_OPTIONS=--require) whose fetch throws an unexpected Error carrying the secrets. */
  readonly throwingFetch: string;
}

const cis = (_e: Endpoints, cisEp: string, iamEp: string, cosEp: string, extra: string[] = []) => [
  'cis-ownership',
  '--cis-crn',
  CRN,
  '--domain-id',
  DOMAIN,
  '--bucket',
  'acme-cis-logs',
  '--region',
  'us-south',
  '--instance-id',
  INSTANCE,
  '--path',
  'http_requests',
  '--timeout',
  '1',
  '--cis-endpoint',
  cisEp,
  '--iam-endpoint',
  `${iamEp}/identity/token`,
  '--cos-endpoint',
  cosEp,
  ...extra,
];
const ibmEnv = (over: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  IBMCLOUD_IAM_TOKEN: S.iamToken,
  IBMCLOUD_API_KEY: '',
  COS_HMAC_ACCESS_KEY_ID: S.hmacId,
  COS_HMAC_SECRET_ACCESS_KEY: S.hmacSecret,
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  ...over,
});
const IBM_SECRETS = [S.iamToken, S.apiKey, S.exchanged, S.hmacId, S.hmacSecret];

const awsEnv = (e: Endpoints, over: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  AWS_ACCESS_KEY_ID: S.awsId,
  AWS_SECRET_ACCESS_KEY: S.awsSecret,
  AWS_SESSION_TOKEN: S.awsSession,
  AWS_REGION: 'us-east-1',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_PROFILE: '',
  AWS_ENDPOINT_URL: '',
  AWS_ENDPOINT_URL_S3: '',
  AWS_CONFIG_FILE: e.awsConfig,
  AWS_SHARED_CREDENTIALS_FILE: e.awsConfig,
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  ...over,
});
const AWS_SECRETS = [S.awsId, S.awsSecret, S.awsSession];
const token = (endpoint: string, extra: string[] = []) => [
  'ownership-token',
  '--bucket',
  'acme-challenges',
  '--key',
  'logs/ownership-challenge.txt',
  '--endpoint',
  endpoint,
  ...extra,
];

const CASES: FaultCase[] = [
  // cis-ownership
  {
    name: 'cis-ownership: IBMCLOUD_IAM_TOKEN of two lines, as `ibmcloud iam oauth-tokens` prints it',
    args: (e) => cis(e, e.echo, e.echo, e.echo),
    env: () =>
      ibmEnv({ IBMCLOUD_IAM_TOKEN: `IAM token:  Bearer ${S.iamToken}\nUAA token:  bearer ${S.apiKey}` }),
    secrets: IBM_SECRETS,
  },
  {
    name: 'cis-ownership: IBMCLOUD_IAM_TOKEN with a line break inside',
    args: (e) => cis(e, e.echo, e.echo, e.echo),
    env: () => ibmEnv({ IBMCLOUD_IAM_TOKEN: `Bearer ${S.iamToken.slice(0, 30)}\n${S.iamToken.slice(30)}` }),
    secrets: [...IBM_SECRETS, S.iamToken.slice(0, 30), S.iamToken.slice(30)],
  },
  {
    name: 'cis-ownership: IBMCLOUD_IAM_TOKEN with a control character',
    args: (e) => cis(e, e.echo, e.echo, e.echo),
    env: () => ibmEnv({ IBMCLOUD_IAM_TOKEN: `${S.iamToken}\u0001` }),
    secrets: IBM_SECRETS,
  },
  {
    name: 'cis-ownership: CIS echoes the request (IAM token header) in its errors',
    args: (e) => cis(e, e.echo, e.echo, e.echo),
    env: () => ibmEnv(),
    secrets: IBM_SECRETS,
  },
  {
    name: 'cis-ownership: IAM echoes the API key in a refusal',
    args: (e) => cis(e, e.echo, e.echo, e.echo),
    env: () => ibmEnv({ IBMCLOUD_IAM_TOKEN: '', IBMCLOUD_API_KEY: S.apiKey }),
    secrets: IBM_SECRETS,
  },
  {
    name: 'cis-ownership: exchanged IAM token echoed back by CIS',
    args: (e) => cis(e, e.echo, e.cooperative, e.echo),
    env: () => ibmEnv({ IBMCLOUD_IAM_TOKEN: '', IBMCLOUD_API_KEY: S.apiKey }),
    secrets: IBM_SECRETS,
  },
  {
    name: 'cis-ownership: COS echoes the signed request (HMAC key id) in its S3 errors',
    args: (e) => cis(e, e.cooperative, e.cooperative, e.echo),
    env: () => ibmEnv(),
    secrets: IBM_SECRETS,
  },
  {
    name: 'cis-ownership: unreachable CIS and IAM endpoints',
    args: (e) => cis(e, e.closed, e.closed, e.closed),
    env: () => ibmEnv({ IBMCLOUD_IAM_TOKEN: '', IBMCLOUD_API_KEY: S.apiKey }),
    secrets: IBM_SECRETS,
  },
  {
    name: 'cis-ownership: an endpoint outside the allow-list',
    args: (e) => cis(e, 'https://evil.example.com', e.echo, e.echo),
    env: () => ibmEnv(),
    secrets: IBM_SECRETS,
  },
  {
    name: 'cis-ownership: an unbounded --timeout',
    args: (e) => cis(e, e.echo, e.echo, e.echo, ['--timeout', '1e15']),
    env: () => ibmEnv(),
    secrets: IBM_SECRETS,
  },
  {
    name: 'cis-ownership: an HMAC secret of two lines',
    args: (e) => cis(e, e.cooperative, e.cooperative, e.echo),
    env: () => ibmEnv({ COS_HMAC_SECRET_ACCESS_KEY: `${S.hmacSecret}\n${S.awsSecret}` }),
    secrets: [...IBM_SECRETS, S.awsSecret],
  },
  {
    name: 'cis-ownership: an unexpected exception whose message and stack carry the secrets (last-resort handler)',
    args: (e) => cis(e, e.echo, e.echo, e.echo),
    env: (e) => ibmEnv({ NODE_OPTIONS: `--require ${e.throwingFetch}` }),
    secrets: IBM_SECRETS,
    internal: true,
  },
  // ownership-token
  {
    name: 'ownership-token: S3 echoes the signed request (key id, session token) in a 403',
    args: (e) => token(e.echo),
    env: (e) => awsEnv(e),
    secrets: AWS_SECRETS,
  },
  {
    name: 'ownership-token: S3 echoes the request in a 500, with --wait retries',
    args: (e) => token(e.echo, ['--wait', '1']),
    env: (e) => awsEnv(e),
    secrets: AWS_SECRETS,
  },
  {
    name: 'ownership-token: S3 answers 200 with the request as the object body',
    args: (e) => token(e.cooperative),
    env: (e) => awsEnv(e),
    secrets: AWS_SECRETS,
  },
  {
    name: 'ownership-token: a session token of two lines',
    args: (e) => token(e.echo),
    env: (e) => awsEnv(e, { AWS_SESSION_TOKEN: `${S.awsSession}\n${S.hmacSecret}` }),
    secrets: [...AWS_SECRETS, S.hmacSecret],
  },
  {
    name: 'ownership-token: a secret key with a control character',
    args: (e) => token(e.echo),
    env: (e) => awsEnv(e, { AWS_SECRET_ACCESS_KEY: `${S.awsSecret}\u0007x` }),
    secrets: AWS_SECRETS,
  },
  {
    name: 'ownership-token: unreachable endpoint',
    args: (e) => token(e.closed),
    env: (e) => awsEnv(e),
    secrets: AWS_SECRETS,
  },
  {
    name: 'ownership-token: an endpoint outside the allow-list',
    args: () => token('http://10.1.2.3:9000'),
    env: (e) => awsEnv(e),
    secrets: AWS_SECRETS,
  },
];

describe('no credential leaves the CLI: fault matrix through the real bin', () => {
  let echo: Echo;
  let coop: Echo;
  let endpoints: Endpoints;
  let dir: string;

  beforeAll(async () => {
    echo = await startEcho((req, _body, text) => {
      if ((req.url ?? '').startsWith('/v2/') || req.url === '/identity/token') {
        return {
          status: 403,
          body: JSON.stringify({ success: false, errors: [[403, text]], errorMessage: text }),
        };
      }
      return s3Echo(req.url?.includes('wait') ? 500 : 403, 'AccessDenied')(req, _body, text);
    });
    coop = await startEcho((req, _body, text) => {
      if (req.url === '/identity/token') {
        return { status: 200, body: JSON.stringify({ access_token: S.exchanged }) };
      }
      if ((req.url ?? '').startsWith('/v2/')) {
        return {
          status: 200,
          body: JSON.stringify({
            success: true,
            result: { filename: 'http_requests/ownership-challenge-1.txt', valid: true },
          }),
        };
      }
      if (req.method === 'GET') return { status: 200, type: 'text/plain', body: text };
      return s3Echo(500, 'InternalError')(req, _body, text);
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secret-faults-'));
    const awsConfig = path.join(dir, 'aws-config');
    fs.writeFileSync(awsConfig, '');
    const closed = await startEcho(() => ({ status: 500, body: '' }));
    await closed.close();
    const throwingFetch = path.join(dir, 'throwing-fetch.js');
    fs.writeFileSync(
      throwingFetch,
      'globalThis.fetch = async () => { throw new Error(`unexpected: ${process.env.IBMCLOUD_IAM_TOKEN}\\nsecret ${process.env.COS_HMAC_SECRET_ACCESS_KEY}`); };\n',
    );
    endpoints = {
      echo: echo.endpoint,
      cooperative: coop.endpoint,
      closed: closed.endpoint,
      awsConfig,
      throwingFetch,
    };
  });

  afterAll(async () => {
    await echo?.close();
    await coop?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const results: { name: string; run: CliRun }[] = [];

  test.each(CASES)(
    'fails without printing a secret: $name',
    async (c) => {
      const run = await runCli(c.args(endpoints), { env: c.env(endpoints), timeoutMs: 30_000 });
      results.push({ name: c.name, run });
      expect(run.code === 1 || run.code === 2).toBe(true);
      const output = `${run.stdout}\n${run.stderr}`;
      for (const needle of needles(c.secrets)) {
        expect({ case: c.name, leaked: output.includes(needle) ? needle : undefined }).toEqual({
          case: c.name,
          leaked: undefined,
        });
      }
      // One clear message, never a stack trace (whose frames would carry values).
      expect(run.stderr).not.toMatch(/^\s+at .+\(.*:\d+:\d+\)$/m);
      expect(run.stderr).not.toContain('internal error: TypeError');
      if (c.internal) {
        expect(run.code).toBe(1);
        expect(run.stderr).toMatch(
          /^cdktf-logpush: internal error \(Error\): unexpected: \[redacted\] \[INTERNAL_ERROR\]$/m,
        );
        expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
      }
    },
    40_000,
  );

  test('the hostile endpoint did receive the secrets (so the matrix would see a leak)', () => {
    const seen = [...echo.requests, ...coop.requests].join('\n');
    expect(seen).toContain(S.awsSession);
    expect(seen).toContain(S.exchanged);
    expect(results.length).toBe(CASES.length);
  });
});
