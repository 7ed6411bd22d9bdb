/**
 * Theme: emulator fidelity. The Cloudflare API emulator (test/support/emulators/cloudflare-api.ts) answers with the shapes the
 * real API has: these tests pin them, so a client tested against it is tested against those shapes.
 */
import { startCloudflareApi, type CloudflareApiEmulator } from '../support/emulators/cloudflare-api';

const ZONE = '023e105f4ecef8ad9ca31a8372d0c353';
const ACCOUNT = '01a7362d577a6c3019a474fd6f485823';
const AUTH = { authorization: 'Bearer test-token', 'content-type': 'application/json' };

let api: CloudflareApiEmulator;
afterEach(async () => api?.stop());

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = AUTH) {
  const res = await fetch(`${api.url}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, any> };
}

test('jobs: create after an ownership challenge, list, get, update, delete, in the envelope', async () => {
  const delivered: [string, string, string][] = [];
  api = await startCloudflareApi({ deliverChallenge: (d, f, c) => void delivered.push([d, f, c]) });
  const conf = 's3://bucket/cloudflare/http_requests/{DATE}?region=us-west-2';
  const ch = await call('POST', `/zones/${ZONE}/logpush/ownership`, { destination_conf: conf });
  expect(ch.status).toBe(200);
  expect(ch.json).toMatchObject({
    success: true,
    errors: [],
    messages: [],
    result: { valid: true, message: '' },
  });
  expect(ch.json.result.filename).toMatch(/^bucket\/cloudflare\/http_requests\/\d{8}\/ownership-challenge-/);
  expect(delivered).toHaveLength(1);
  expect(delivered[0]![0]).toBe(conf);
  const token = delivered[0]![2];
  expect(
    (
      await call('POST', `/zones/${ZONE}/logpush/ownership/validate`, {
        destination_conf: conf,
        ownership_challenge: token,
      })
    ).json.result,
  ).toEqual({ valid: true });
  expect(
    (
      await call('POST', `/zones/${ZONE}/logpush/ownership/validate`, {
        destination_conf: conf,
        ownership_challenge: 'x',
      })
    ).json.result,
  ).toEqual({ valid: false });

  const refused = await call('POST', `/zones/${ZONE}/logpush/jobs`, {
    dataset: 'http_requests',
    destination_conf: conf,
    ownership_challenge: 'wrong',
  });
  expect(refused.status).toBe(400);
  expect(refused.json).toMatchObject({ success: false, result: null });

  const created = await call('POST', `/zones/${ZONE}/logpush/jobs`, {
    dataset: 'http_requests',
    destination_conf: conf,
    ownership_challenge: token,
    enabled: true,
  });
  expect(created.json.result).toMatchObject({
    dataset: 'http_requests',
    enabled: true,
    last_complete: null,
    last_error: null,
    error_message: null,
  });
  const id = created.json.result.id as number;
  const list = await call('GET', `/zones/${ZONE}/logpush/jobs`);
  expect(list.json.result).toHaveLength(1);
  expect(list.json).not.toHaveProperty('result_info');
  expect(
    (await call('PUT', `/zones/${ZONE}/logpush/jobs/${id}`, { enabled: false })).json.result.enabled,
  ).toBe(false);
  expect((await call('GET', `/zones/${ZONE}/logpush/jobs/${id}`)).json.result.enabled).toBe(false);
  expect((await call('DELETE', `/zones/${ZONE}/logpush/jobs/${id}`)).json.result).toEqual({ id });
  expect((await call('GET', `/zones/${ZONE}/logpush/jobs/${id}`)).status).toBe(404);
});

test('fails without a bearer token, or with a wrong one', async () => {
  api = await startCloudflareApi();
  expect((await call('GET', `/zones/${ZONE}/logpush/jobs`, undefined, {})).json.errors[0].code).toBe(6003);
  const wrong = await call('GET', `/zones/${ZONE}/logpush/jobs`, undefined, { authorization: 'Bearer nope' });
  expect(wrong.status).toBe(403);
  expect(wrong.json.errors[0].code).toBe(9109);
});

test('paging is off by default (as the real list) and follows result_info when turned on', async () => {
  api = await startCloudflareApi({ pageSize: 2 });
  for (let i = 0; i < 5; i++) {
    api.store.addJob('accounts', ACCOUNT, {
      dataset: 'audit_logs',
      destination_conf: `s3://b/p${i}?region=us-east-1`,
    });
  }
  const p3 = await call('GET', `/accounts/${ACCOUNT}/logpush/jobs?page=3`);
  expect(p3.json.result).toHaveLength(1);
  expect(p3.json.result_info).toEqual({ page: 3, per_page: 2, count: 1, total_count: 5, total_pages: 3 });
});

test('notification policies: create, list, get, update, delete', async () => {
  api = await startCloudflareApi();
  const created = await call('POST', `/accounts/${ACCOUNT}/alerting/v3/policies`, {
    name: 'logpush',
    alert_type: 'failing_logpush_job_disabled_alert',
    enabled: true,
    mechanisms: { email: [{ id: 'ops@example.com' }] },
  });
  const id = created.json.result.id as string;
  expect(id).toMatch(/^[0-9a-f]{32}$/);
  expect((await call('GET', `/accounts/${ACCOUNT}/alerting/v3/policies`)).json.result).toHaveLength(1);
  await call('PUT', `/accounts/${ACCOUNT}/alerting/v3/policies/${id}`, { enabled: false });
  expect((await call('GET', `/accounts/${ACCOUNT}/alerting/v3/policies/${id}`)).json.result).toMatchObject({
    enabled: false,
    alert_type: 'failing_logpush_job_disabled_alert',
  });
  await call('DELETE', `/accounts/${ACCOUNT}/alerting/v3/policies/${id}`);
  expect((await call('GET', `/accounts/${ACCOUNT}/alerting/v3/policies`)).json.result).toEqual([]);
});

test('faults: 429 with Retry-After, 5xx, timeouts, each for a number of requests', async () => {
  api = await startCloudflareApi();
  api.inject({ kind: 'rate-limit', retryAfterSeconds: 7, times: 1 });
  const limited = await call('GET', `/zones/${ZONE}/logpush/jobs`);
  expect(limited.status).toBe(429);
  expect(limited.headers.get('retry-after')).toBe('7');
  api.inject({ kind: 'status', status: 503, times: 1, path: /logpush/ });
  expect((await call('GET', `/zones/${ZONE}/logpush/jobs`)).status).toBe(503);
  expect((await call('GET', `/zones/${ZONE}/logpush/jobs`)).status).toBe(200);
  api.inject({ kind: 'timeout', times: 1 });
  await expect(
    fetch(`${api.url}/zones/${ZONE}/logpush/jobs`, { headers: AUTH, signal: AbortSignal.timeout(300) }),
  ).rejects.toThrow();
  expect(api.requests.map((r) => r.status)).toEqual([429, 503, 200, 0]);
});

test('the rate limiter answers 429 past its limit', async () => {
  api = await startCloudflareApi({ rateLimit: { limit: 3, windowMs: 60_000 } });
  const statuses = [];
  for (let i = 0; i < 4; i++) statuses.push((await call('GET', `/zones/${ZONE}/logpush/jobs`)).status);
  expect(statuses).toEqual([200, 200, 200, 429]);
});

test('GraphQL: logpushHealthAdaptiveGroups grouped by the selected dimensions, at zone and account level', async () => {
  api = await startCloudflareApi();
  const job = api.store.addJob('zones', ZONE, {
    dataset: 'http_requests',
    destination_conf: 's3://b/p?region=us-east-1',
  });
  api.store.addHealth(
    'zones',
    ZONE,
    { jobId: job.id, status: 200, destinationType: 's3', datetime: '2026-11-29T08:00:10Z', bytes: 10 },
    { jobId: job.id, status: 200, destinationType: 's3', datetime: '2026-11-29T08:00:40Z', bytes: 5 },
    { jobId: job.id, status: 403, destinationType: 's3', datetime: '2026-11-29T08:01:10Z' },
  );
  const query = `query ($zones: [String!], $since: Time!) { viewer { zones(filter: {zoneTag_in: $zones}) { zoneTag
    logpushHealthAdaptiveGroups(filter: {datetime_geq: $since}, limit: 100, orderBy: [datetimeMinute_DESC]) {
      count dimensions { jobId status datetimeMinute } sum { bytes uploads } } } } }`;
  const r = await call('POST', '/graphql', {
    query,
    variables: { zones: [ZONE], since: '2026-11-29T07:00:00Z' },
  });
  expect(r.json.errors).toBeNull();
  expect(r.json.data.viewer.zones[0].logpushHealthAdaptiveGroups).toEqual([
    {
      count: 1,
      dimensions: { jobId: job.id, status: 403, datetimeMinute: '2026-11-29T08:01:00Z' },
      sum: { bytes: 0, uploads: 0 },
    },
    {
      count: 2,
      dimensions: { jobId: job.id, status: 200, datetimeMinute: '2026-11-29T08:00:00Z' },
      sum: { bytes: 15, uploads: 2 },
    },
  ]);
  const eleven = Array.from({ length: 11 }, (_, i) => i.toString(16).padStart(32, '0'));
  const tooMany = await call('POST', '/graphql', {
    query,
    variables: { zones: eleven, since: '2026-11-29T07:00:00Z' },
  });
  expect(tooMany.json.errors[0].message).toMatch(/up to 10 zones/);
  api.store.graphqlRefused.add(ACCOUNT);
  const acct = await call('POST', '/graphql', {
    query: `{ viewer { accounts(filter: {accountTag: "${ACCOUNT}"}) { logpushHealthAdaptiveGroups(limit: 10) { count } } } }`,
  });
  expect(acct.json.errors[0].extensions.code).toBe('authz');
});
