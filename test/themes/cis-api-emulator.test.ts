/**
 * Theme: emulator fidelity. The IBM Cloud emulator of the e2e run (test/support/emulators/cis-api.ts): CIS writes an ownership
 * challenge into the COS bucket as `cislogp@us.ibm.com`, so it needs the bucket, the user in the
 * account and a policy that lets the user write objects into that bucket; a job needs the token of a
 * challenge for exactly its `cos` object and the same grant.
 */
import { startCisApi, type CisApiEmulator } from '../support/emulators/cis-api';

const TOKEN = 't';
const ACCOUNT = '4ea1882a2d3401ed1e459979941966ea';
const COS_CRN = `crn:v1:bluemix:public:cloud-object-storage:global:a/${ACCOUNT}:c84e2a79-ce6d-3c79-a7e4-7e7ab3054cfe::`;
const GUID = 'c84e2a79-ce6d-3c79-a7e4-7e7ab3054cfe';
const CIS = `/v2/${encodeURIComponent('crn:v1:bluemix:public:internet-svcs:global:a/x:y::')}/zones/9caf68812ae9b3f0377fdf986751a78f/logpush`;
const cos = (path: string, bucket = 'acme-cis-logs') => ({
  bucket_name: bucket,
  id: GUID,
  region: 'us-south',
  path,
});

let api: CisApiEmulator;
beforeEach(async () => {
  api = await startCisApi({ token: TOKEN, account: ACCOUNT });
});
afterEach(async () => api.stop());

async function call(method: string, path: string, body?: unknown) {
  const cis = path.startsWith('/v2/crn');
  const r = await fetch(`${api.url}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(cis ? { 'x-auth-user-token': `Bearer ${TOKEN}` } : { authorization: `Bearer ${TOKEN}` }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await r.text();
  return { status: r.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
}

const errorOf = (r: { body: Record<string, unknown> }) =>
  ((r.body.errors as { message: string }[] | undefined) ?? []).map((e) => e.message).join('; ');

/** The bucket, the invite (once) and a policy with these roles on that resource. */
async function grant(roleIds: string[], resource: Record<string, string>) {
  if (!api.buckets.has('acme-cis-logs')) {
    expect(
      (
        await call('PUT', '/cos/b/acme-cis-logs', {
          resource_instance_id: COS_CRN,
          region_location: 'us-south',
        })
      ).status,
    ).toBe(200);
    expect(
      (await call('POST', `/v2/accounts/${ACCOUNT}/users`, { users: [{ email: 'cislogp@us.ibm.com' }] }))
        .status,
    ).toBe(202);
  }
  const iamId = api.users.get('cislogp@us.ibm.com')!;
  const r = await call('POST', '/v1/policies', {
    type: 'access',
    subjects: [{ attributes: [{ name: 'iam_id', value: iamId }] }],
    roles: roleIds.map((role_id) => ({ role_id })),
    resources: [
      {
        attributes: [
          { name: 'accountId', value: ACCOUNT },
          { name: 'serviceName', value: 'cloud-object-storage' },
          ...Object.entries(resource).map(([name, value]) => ({ name, value })),
        ],
      },
    ],
  });
  expect(r.status).toBe(201);
}
const OBJECT_WRITER = 'crn:v1:bluemix:public:cloud-object-storage::::serviceRole:ObjectWriter';
const OBJECT_READER = 'crn:v1:bluemix:public:cloud-object-storage::::serviceRole:ObjectReader';

test('with the bucket, the invite and Object Writer on the bucket, the challenge lands in the bucket and the job is created', async () => {
  await grant([OBJECT_WRITER], { serviceInstance: GUID, resourceType: 'bucket', resource: 'acme-cis-logs' });
  const r = await call('POST', `${CIS}/ownership`, { cos: cos('cis/http') });
  expect(r.status).toBe(200);
  const filename = (r.body.result as { filename: string }).filename;
  expect(filename).toMatch(/^cis\/http\/ownership-challenge-[0-9a-f]{8}\.txt$/);
  const token = api.buckets.get('acme-cis-logs')!.objects.get(filename)!;
  expect(token).toBe(api.challenges[0]!.token);
  const job = await call('POST', `${CIS}/jobs`, {
    cos: cos('cis/http'),
    ownership_challenge: token,
    dataset: 'http_requests',
  });
  expect(job.status).toBe(200);
});

test('fails the challenge without the bucket', async () => {
  const r = await call('POST', `${CIS}/ownership`, { cos: cos('cis/http') });
  expect([r.status, errorOf(r)]).toEqual([
    400,
    'error writing the challenge file: COS bucket acme-cis-logs does not exist',
  ]);
});

test('fails the challenge when the policy is on another bucket, or only reads', async () => {
  await grant([OBJECT_WRITER], { serviceInstance: GUID, resourceType: 'bucket', resource: 'acme-other' });
  await grant([OBJECT_READER], {
    serviceInstance: GUID,
    resourceType: 'bucket',
    resource: 'acme-cis-logs',
  }).catch(() => undefined);
  const r = await call('POST', `${CIS}/ownership`, { cos: cos('cis/http') });
  expect([r.status, errorOf(r)]).toEqual([
    400,
    'error writing the challenge file: AccessDenied: cislogp@us.ibm.com has no policy that lets it write objects into COS bucket acme-cis-logs',
  ]);
});

test('fails a policy for a user who is not in the account', async () => {
  const r = await call('POST', '/v1/policies', {
    type: 'access',
    subjects: [{ attributes: [{ name: 'iam_id', value: 'IBMid-nobody' }] }],
    roles: [{ role_id: OBJECT_WRITER }],
    resources: [{ attributes: [{ name: 'serviceName', value: 'cloud-object-storage' }] }],
  });
  expect([r.status, errorOf(r)]).toEqual([400, 'subject IBMid-nobody is not in the account']);
});

test("fails a job with the token of another path's challenge, and a job once the grant is gone", async () => {
  await grant([OBJECT_WRITER], { serviceInstance: GUID });
  await call('POST', `${CIS}/ownership`, { cos: cos('cis/range') });
  const other = api.challenges[0]!.token;
  const r = await call('POST', `${CIS}/jobs`, {
    cos: cos('cis/http'),
    ownership_challenge: other,
    dataset: 'http_requests',
  });
  expect([r.status, errorOf(r)]).toEqual([
    400,
    'missing or invalid ownership challenge for this cos destination',
  ]);
  // The right token, but the policy was deleted since: CIS cannot push.
  await call('POST', `${CIS}/ownership`, { cos: cos('cis/http') });
  const own = api.challenges[1]!.token;
  for (const id of [...api.policies.keys()]) {
    expect((await call('DELETE', `/v1/policies/${id}`)).status).toBe(204);
  }
  const late = await call('POST', `${CIS}/jobs`, {
    cos: cos('cis/http'),
    ownership_challenge: own,
    dataset: 'http_requests',
  });
  expect([late.status, errorOf(late)]).toEqual([
    400,
    'cannot push to cos: AccessDenied: cislogp@us.ibm.com has no policy that lets it write objects into COS bucket acme-cis-logs',
  ]);
});

test('fails every call without the token', async () => {
  const r = await fetch(`${api.url}/cos/b/acme-cis-logs`, { method: 'GET' });
  expect(r.status).toBe(401);
});
