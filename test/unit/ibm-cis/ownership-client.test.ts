/** src/ibm-cis/ownership-client.ts: the IBM CIS ownership client (endpoints, IAM token, challenge, answer). */
import { gzipSync } from 'zlib';
import {
  allowedEndpoint,
  answerCisOwnership,
  CisOwnershipError,
  iamAccessToken,
  requestCisChallenge,
  type CisChallengeInput,
  type HttpRequest,
  type HttpSend,
} from '../../../src/ibm-cis/ownership-client';
import { cosDestination } from '../../../src/destination';
import type { ChallengeStore } from '../../../src/ownership/challenge';
import { fakeChallengeToken } from '../../support/jwt';

describe('allowedEndpoint', () => {
  test.each([
    ['CIS', 'https://api.cis.cloud.ibm.com'],
    ['IAM', 'https://iam.cloud.ibm.com/identity/token'],
    ['COS', 'https://s3.us-south.cloud-object-storage.appdomain.cloud'],
    ['COS', 'https://s3.private.eu-de.cloud-object-storage.appdomain.cloud'],
    ['COS', 'https://s3.direct.us.cloud-object-storage.appdomain.cloud'],
    ['CIS', 'http://127.0.0.1:4566'],
    ['IAM', 'http://localhost:8080'],
  ] as const)('allows %s %s', (kind, url) => {
    expect(allowedEndpoint(url, kind).href).toContain(new URL(url).host);
  });

  // Issue 17 item 3: IBM's shared app domains host other tenants; only IBM's own service hosts pass.
  test.each([
    ['IAM', 'https://x.codeengine.appdomain.cloud/identity/token'],
    ['IAM', 'https://myapp.us-south.containers.appdomain.cloud/identity/token'],
    ['CIS', 'https://tenant.eu-de.codeengine.appdomain.cloud'],
    ['COS', 'https://evil.cloud-object-storage.appdomain.cloud'],
    ['COS', 'https://s3.x.y.cloud-object-storage.appdomain.cloud'],
    ['IAM', 'https://api.cis.cloud.ibm.com/identity/token'],
    ['CIS', 'https://iam.cloud.ibm.com'],
    ['CIS', 'https://myapp.cloud.ibm.com'],
    ['COS', 'https://iam.cloud.ibm.com'],
  ] as const)('fails for a %s endpoint on a tenant or other-service host: %s', (kind, url) => {
    expect(() => allowedEndpoint(url, kind)).toThrow(
      expect.objectContaining({ code: 'IBM_ENDPOINT_NOT_ALLOWED' }) as Error,
    );
  });

  test.each([
    ['fails for plain http to IBM', 'http://api.cis.cloud.ibm.com'],
    ['fails for a look-alike domain', 'https://api.cis.cloud.ibm.com.evil.example'],
    ['fails for a suffix without a dot', 'https://evilcloud.ibm.com'],
    ['fails for another host', 'https://example.com'],
    ['fails for credentials in the URL', 'https://user:pw@api.cis.cloud.ibm.com'],
    ['fails for a non-URL', 'api.cis.cloud.ibm.com'],
    ['fails for a file URL', 'file:///etc/passwd'],
  ])('%s', (_name, url) => {
    expect(() => allowedEndpoint(url, 'CIS')).toThrow(CisOwnershipError);
  });
});

/** An HTTP double that records requests and answers from a table. */
function recorder(answer: (req: HttpRequest) => { status: number; body: unknown }) {
  const sent: HttpRequest[] = [];
  const send: HttpSend = async (req) => {
    sent.push(req);
    const a = answer(req);
    return { status: a.status, body: typeof a.body === 'string' ? a.body : JSON.stringify(a.body) };
  };
  return { sent, send };
}

describe('iamAccessToken', () => {
  test('uses IBMCLOUD_IAM_TOKEN as given, without Bearer, sending nothing', async () => {
    const { sent, send } = recorder(() => ({ status: 500, body: '' }));
    expect(await iamAccessToken({ token: 'Bearer abc' }, send)).toBe('abc');
    expect(sent).toEqual([]);
  });

  test('exchanges an API key at the IAM endpoint', async () => {
    const { sent, send } = recorder(() => ({ status: 200, body: { access_token: 'xyz' } }));
    expect(await iamAccessToken({ apiKey: 'k' }, send)).toBe('xyz');
    expect(sent[0]).toMatchObject({ method: 'POST', url: 'https://iam.cloud.ibm.com/identity/token' });
    expect(new URLSearchParams(sent[0]!.body).get('grant_type')).toBe(
      'urn:ibm:params:oauth:grant-type:apikey',
    );
  });

  test('fails with a usage error without credentials', async () => {
    await expect(iamAccessToken({}, recorder(() => ({ status: 200, body: {} })).send)).rejects.toMatchObject({
      kind: 'usage',
    });
  });

  test('fails when IAM refuses, without echoing the key', async () => {
    const { send } = recorder(() => ({ status: 400, body: { errorMessage: 'bad key' } }));
    await expect(iamAccessToken({ apiKey: 'secret-key' }, send)).rejects.toThrow(/HTTP 400/);
    await expect(iamAccessToken({ apiKey: 'secret-key' }, send)).rejects.not.toThrow(/secret-key/);
  });
});

const INPUT: CisChallengeInput = {
  cisCrn:
    'crn:v1:bluemix:public:internet-svcs:global:a/4ea1882a2d3401ed1e459979941966ea:31fa970d-51d0-4b05-893e-251cba75a7b3::',
  domainId: '9caf68812ae9b3f0377fdf986751a78f',
  bucket: 'acme-cis-logs',
  region: 'us-south',
  instanceId: 'c84e2a79-ce6d-3c79-a7e4-7e7ab3054cfe',
  path: 'cis/http_requests',
  dailySubfolders: true,
};

describe('requestCisChallenge', () => {
  test("posts the job's cos object with the IAM token header", async () => {
    const { sent, send } = recorder(() => ({
      status: 200,
      body: {
        success: true,
        errors: [],
        messages: [],
        result: { filename: 'cis/http_requests/ownership-challenge-1.txt', valid: true },
      },
    }));
    expect(await requestCisChallenge(INPUT, 'tok', send)).toBe('cis/http_requests/ownership-challenge-1.txt');
    expect(sent[0]!.url).toBe(
      `https://api.cis.cloud.ibm.com/v2/${encodeURIComponent(INPUT.cisCrn)}/zones/${INPUT.domainId}/logpush/ownership`,
    );
    expect(sent[0]!.headers['X-Auth-User-Token']).toBe('Bearer tok');
    expect(JSON.parse(sent[0]!.body)).toEqual({
      cos: cosDestination({ ...INPUT, bucket: INPUT.bucket, prefix: INPUT.path }).cos,
    });
  });

  test.each([
    ['fails on an HTTP error', 403, { success: false, errors: [['10000', 'forbidden']] }],
    ['fails when CIS says not valid', 200, { success: true, result: { filename: '', valid: false } }],
    ['fails on a non-JSON answer', 502, 'bad gateway'],
  ])('%s', async (_name, status, body) => {
    await expect(requestCisChallenge(INPUT, 'tok', recorder(() => ({ status, body })).send)).rejects.toThrow(
      /CIS refused the ownership challenge for cos:\/\/acme-cis-logs\/cis\/http_requests/,
    );
  });
});

describe('answerCisOwnership', () => {
  function memoryStore(objects: Map<string, Uint8Array>): ChallengeStore {
    return {
      get: async (_b, key) => (objects.has(key) ? { body: objects.get(key)! } : undefined),
      list: async (_b, prefix) =>
        [...objects.keys()]
          .filter((k) => k.startsWith(prefix))
          .map((key) => ({ key, lastModified: new Date() })),
      delete: async (_b, key) => void objects.delete(key),
    };
  }

  test('reads a gzip challenge, deletes it and returns the token; logs never hold it', async () => {
    const token = fakeChallengeToken('cos://acme-cis-logs/cis/http_requests');
    const objects = new Map([['cis/http_requests/ownership-challenge-1.txt', gzipSync(token)]]);
    const { send } = recorder(() => ({
      status: 200,
      body: {
        success: true,
        result: { filename: 'cis/http_requests/ownership-challenge-1.txt', valid: true },
      },
    }));
    const lines: string[] = [];
    const result = await answerCisOwnership(INPUT, {
      send,
      store: memoryStore(objects),
      iam: { token: 'iam' },
      log: (l) => lines.push(l),
    });
    expect(result.token).toBe(token);
    expect(objects.size).toBe(0);
    expect(lines.join('\n')).not.toContain(token);
  });

  test('fails with a usage error for bad input before sending anything', async () => {
    const { sent, send } = recorder(() => ({ status: 200, body: {} }));
    await expect(
      answerCisOwnership(
        { ...INPUT, instanceId: 'x', path: '/abs' },
        { send, store: memoryStore(new Map()), iam: { token: 't' } },
      ),
    ).rejects.toMatchObject({ kind: 'usage', message: expect.stringMatching(/--instance-id.*--path/) });
    expect(sent).toEqual([]);
  });
});
