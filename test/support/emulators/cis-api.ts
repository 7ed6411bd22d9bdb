/**
 * An IBM CIS Logpush API emulator on loopback: the calls of IBM/networking-go-sdk `logpushjobsapiv1`
 * (DOMAIN.md §6) that `ibm_cis_logpush_job` and the ownership step make:
 *
 * | Method | Path | Body / result |
 * |---|---|---|
 * | POST | `/v2/{crn}/zones/{zone}/logpush/ownership` | `{cos}` -> `{filename, valid, messages}` |
 * | POST | `/v2/{crn}/zones/{zone}/logpush/jobs` | `{cos, ownership_challenge, dataset, ...}` -> the job |
 * | GET / PUT / DELETE | `/v2/{crn}/zones/{zone}/logpush/jobs/{id}` | the job |
 *
 * A job is created only with the token of a challenge issued for exactly its `cos` object (bucket,
 * instance id, region, path). Auth: `X-Auth-User-Token: Bearer <token>`.
 *
 * Behind the same loopback server, the other IBM Cloud APIs the library's IBM resources call, each
 * kept in memory (auth `Authorization: Bearer <token>`):
 *
 * | Method | Path | Stands in for |
 * |---|---|---|
 * | PUT / GET / DELETE | `/cos/b/{bucket}` | a COS bucket (`ibm_cos_bucket`): `{resource_instance_id, region_location}` |
 * | POST / GET | `/v2/accounts/{account}/users` | user-management invite / list (`ibm_iam_user_invite`) |
 * | DELETE | `/v2/accounts/{account}/users/{iam_id}` | removing a user |
 * | POST | `/v1/policies`; GET / DELETE `/v1/policies/{id}` | IAM access policies (`ibm_iam_user_policy`) |
 *
 * What CIS does with them, as the real service does (ibm-cloud-docs/cis `logpush.md`: the bucket
 * must grant `cislogp@us.ibm.com` Object Writer): an ownership challenge is written into the COS
 * bucket as that user, so it fails unless the bucket exists in the `cos` object's instance and
 * region, the user is a member of the account, and an access policy gives it a role that writes
 * objects (Object Writer, Writer or Manager) on cloud-object-storage, that instance and that bucket
 * (or the whole instance); the file then lies in the bucket (`buckets.get(name).objects`) until
 * someone deletes it. A job is created only when the same holds (CIS writes its logs the same way).
 */
import { randomBytes } from 'crypto';
import * as http from 'http';
import type { AddressInfo } from 'net';

export interface CisCos {
  bucket_name?: string;
  id?: string;
  region?: string;
  path?: string;
}

export interface CisJob {
  id: number;
  crn: string;
  zone: string;
  dataset: string;
  name?: string;
  enabled?: boolean;
  logpull_options?: string;
  frequency?: string;
  destination_conf: string;
  last_complete: string | null;
  last_error: string | null;
  error_message: string | null;
}

/** CIS's writer identity (ibm-cloud-docs/cis `logpush.md`; DOMAIN.md §6). */
export const CIS_WRITER = 'cislogp@us.ibm.com';
/** IAM role CRNs that let a user write objects into a COS bucket. */
export const COS_WRITER_ROLES = [
  'crn:v1:bluemix:public:cloud-object-storage::::serviceRole:ObjectWriter',
  'crn:v1:bluemix:public:iam::::serviceRole:Writer',
  'crn:v1:bluemix:public:iam::::serviceRole:Manager',
];

export interface CosBucket {
  name: string;
  /** The COS instance CRN the bucket was created in. */
  resourceInstanceId: string;
  /** The instance GUID (the CRN's eighth segment): what a CIS `cos.id` names. */
  instanceId: string;
  region: string;
  objects: Map<string, string>;
}

export interface IamPolicy {
  id: string;
  type: string;
  subjects: { attributes: { name: string; value: string }[] }[];
  roles: { role_id: string }[];
  resources: { attributes: { name: string; value: string; operator?: string }[] }[];
  description?: string;
}

export interface CisApiEmulator {
  readonly url: string;
  /** The account the token belongs to (users are invited into it). */
  readonly account: string;
  readonly challenges: { crn: string; zone: string; cos: string; filename: string; token: string }[];
  readonly jobs: Map<number, CisJob>;
  readonly buckets: Map<string, CosBucket>;
  /** email -> IAM id of the account's users. */
  readonly users: Map<string, string>;
  readonly policies: Map<string, IamPolicy>;
  /** Why CIS's writer could not write into the `cos` object's bucket, or undefined when it can. */
  writerProblem(cos: CisCos): string | undefined;
  stop(): Promise<void>;
}

/** The identity of a cos object: the fields that name the destination, in a fixed order. */
export const cosKey = (c: CisCos): string => JSON.stringify([c.bucket_name, c.id, c.region, c.path ?? '']);

export async function startCisApi(
  options: { token?: string; account?: string } = {},
): Promise<CisApiEmulator> {
  const token = options.token ?? 'cis-test-token';
  const account = options.account ?? '4ea1882a2d3401ed1e459979941966ea';
  const challenges: CisApiEmulator['challenges'] = [];
  const jobs = new Map<number, CisJob>();
  const buckets = new Map<string, CosBucket>();
  const users = new Map<string, string>();
  const policies = new Map<string, IamPolicy>();
  let nextId = 1;

  const writerProblem = (cos: CisCos): string | undefined => {
    const bucket = buckets.get(cos.bucket_name ?? '');
    if (!bucket) return `COS bucket ${String(cos.bucket_name)} does not exist`;
    if (bucket.instanceId !== cos.id) {
      return `COS bucket ${bucket.name} is not in COS instance ${String(cos.id)}`;
    }
    if (cos.region && bucket.region !== cos.region) return `COS bucket ${bucket.name} is in ${bucket.region}`;
    const iamId = users.get(CIS_WRITER);
    if (!iamId) return `${CIS_WRITER} is not a member of account ${account}`;
    const attr = (xs: { name: string; value: string }[], name: string) =>
      xs.find((a) => a.name === name)?.value;
    const grants = [...policies.values()].some(
      (p) =>
        p.subjects.some((s) => attr(s.attributes, 'iam_id') === iamId) &&
        p.roles.some((r) => COS_WRITER_ROLES.includes(r.role_id)) &&
        p.resources.some((r) => {
          const a = r.attributes;
          if (attr(a, 'serviceName') !== 'cloud-object-storage') return false;
          if (attr(a, 'serviceInstance') !== bucket.instanceId) return false;
          const type = attr(a, 'resourceType');
          return type === undefined || (type === 'bucket' && attr(a, 'resource') === bucket.name);
        }),
    );
    return grants
      ? undefined
      : `AccessDenied: ${CIS_WRITER} has no policy that lets it write objects into COS bucket ${bucket.name}`;
  };

  const handleIbm = (method: string, p: string, body: Record<string, unknown>): [number, unknown] => {
    const bucketPath = /^\/cos\/b\/([a-z0-9.-]+)$/.exec(p);
    if (bucketPath) {
      const name = bucketPath[1]!;
      const found = buckets.get(name);
      if (method === 'PUT') {
        if (found) {
          return [409, { errors: [{ code: 'BucketAlreadyExists', message: `bucket ${name} exists` }] }];
        }
        const crn = String(body.resource_instance_id ?? '');
        const guid = crn.split(':')[7];
        if (!/^crn:v1:bluemix:public:cloud-object-storage:global:a\/[0-9a-f]{32}:/.test(crn) || !guid) {
          return [400, { errors: [{ code: 'InvalidArgument', message: `not a COS instance CRN: ${crn}` }] }];
        }
        const bucket: CosBucket = {
          name,
          resourceInstanceId: crn,
          instanceId: guid,
          region: String(body.region_location ?? ''),
          objects: new Map(),
        };
        buckets.set(name, bucket);
        return [200, { name, resource_instance_id: crn, region_location: bucket.region }];
      }
      if (!found) return [404, { errors: [{ code: 'NoSuchBucket', message: `bucket ${name} not found` }] }];
      if (method === 'GET') {
        return [
          200,
          {
            name,
            resource_instance_id: found.resourceInstanceId,
            region_location: found.region,
            object_count: found.objects.size,
          },
        ];
      }
      if (method === 'DELETE') {
        if (found.objects.size) {
          return [409, { errors: [{ code: 'BucketNotEmpty', message: `bucket ${name} is not empty` }] }];
        }
        buckets.delete(name);
        return [204, {}];
      }
    }
    const usersPath = /^\/v2\/accounts\/([0-9a-f]{32})\/users(?:\/([^/]+))?$/.exec(p);
    if (usersPath) {
      if (usersPath[1] !== account) {
        return [403, { errors: [{ code: 'forbidden', message: 'not your account' }] }];
      }
      if (method === 'POST' && !usersPath[2]) {
        const invited = ((body.users as { email?: string }[] | undefined) ?? []).map((u) => String(u.email));
        for (const email of invited) {
          if (!users.has(email)) users.set(email, `IBMid-${randomBytes(5).toString('hex')}`);
        }
        return [202, { resources: invited.map((email) => ({ email, id: users.get(email) })) }];
      }
      if (method === 'GET' && !usersPath[2]) {
        return [
          200,
          { resources: [...users].map(([email, id]) => ({ email, iam_id: id, state: 'PENDING' })) },
        ];
      }
      if (method === 'DELETE' && usersPath[2]) {
        const email = [...users].find(([, id]) => id === decodeURIComponent(usersPath[2]!))?.[0];
        if (!email) return [404, { errors: [{ code: 'not_found', message: 'user not found' }] }];
        users.delete(email);
        return [204, {}];
      }
    }
    const policyPath = /^\/v1\/policies(?:\/([0-9a-f-]+))?$/.exec(p);
    if (policyPath) {
      if (method === 'POST' && !policyPath[1]) {
        const policy = { ...(body as unknown as IamPolicy), id: randomBytes(16).toString('hex') };
        const subjects = policy.subjects ?? [];
        const known = new Set(users.values());
        const who = subjects.flatMap((s) => s.attributes ?? []).find((a) => a.name === 'iam_id')?.value;
        if (!who || !known.has(who)) {
          return [
            400,
            {
              errors: [{ code: 'invalid_subject', message: `subject ${String(who)} is not in the account` }],
            },
          ];
        }
        policies.set(policy.id, policy);
        return [201, policy];
      }
      const found = policyPath[1] ? policies.get(policyPath[1]) : undefined;
      if (policyPath[1] && !found) {
        return [404, { errors: [{ code: 'not_found', message: 'policy not found' }] }];
      }
      if (method === 'GET' && found) return [200, found];
      if (method === 'DELETE' && found) {
        policies.delete(found.id);
        return [204, {}];
      }
    }
    return [404, { errors: [{ code: 'not_found', message: `no route ${method} ${p}` }] }];
  };

  const handle = (method: string, p: string, body: Record<string, unknown>): [number, unknown] => {
    const m = /^\/v2\/([^/]+)\/zones\/([^/]+)\/logpush\/(ownership|jobs)(?:\/(\d+))?$/.exec(p);
    if (!m) return [404, { success: false, errors: [{ code: 7000, message: `no route ${method} ${p}` }] }];
    const crn = decodeURIComponent(m[1]!);
    const zone = m[2]!;
    const cos = (body.cos ?? {}) as CisCos;
    if (m[3] === 'ownership' && method === 'POST') {
      if (!cos.bucket_name || !cos.id) {
        return [
          400,
          { success: false, errors: [{ code: 1002, message: 'cos.bucket_name and cos.id are required' }] },
        ];
      }
      const problem = writerProblem(cos);
      if (problem) {
        return [
          400,
          {
            success: false,
            errors: [{ code: 1002, message: `error writing the challenge file: ${problem}` }],
          },
        ];
      }
      const filename = `${cos.path ? `${cos.path.replace(/\/$/, '')}/` : ''}ownership-challenge-${randomBytes(4).toString('hex')}.txt`;
      const issued = {
        crn,
        zone,
        cos: cosKey(cos),
        filename,
        token: `cis.${randomBytes(16).toString('hex')}`,
      };
      challenges.push(issued);
      buckets.get(cos.bucket_name!)!.objects.set(filename, issued.token);
      return [200, { success: true, result: { filename, valid: true, messages: [] } }];
    }
    if (m[3] === 'jobs' && !m[4] && method === 'POST') {
      const valid = challenges.some(
        (c) =>
          c.crn === crn && c.zone === zone && c.cos === cosKey(cos) && c.token === body.ownership_challenge,
      );
      if (!valid) {
        return [
          400,
          {
            success: false,
            errors: [
              { code: 1002, message: 'missing or invalid ownership challenge for this cos destination' },
            ],
          },
        ];
      }
      const problem = writerProblem(cos);
      if (problem) {
        return [400, { success: false, errors: [{ code: 1002, message: `cannot push to cos: ${problem}` }] }];
      }
      const job: CisJob = {
        id: nextId++,
        crn,
        zone,
        dataset: String(body.dataset),
        ...(body.name !== undefined ? { name: String(body.name) } : {}),
        ...(body.enabled !== undefined ? { enabled: body.enabled === true } : {}),
        ...(body.logpull_options !== undefined ? { logpull_options: String(body.logpull_options) } : {}),
        ...(body.frequency !== undefined ? { frequency: String(body.frequency) } : {}),
        destination_conf: `cos://${cos.bucket_name}${cos.path ? `/${cos.path}` : ''}?region=${cos.region}&instance-id=${cos.id}`,
        last_complete: null,
        last_error: null,
        error_message: null,
      };
      jobs.set(job.id, job);
      return [200, { success: true, result: job }];
    }
    if (m[3] === 'jobs' && m[4]) {
      const job = jobs.get(Number(m[4]));
      if (!job || job.crn !== crn || job.zone !== zone) {
        return [404, { success: false, errors: [{ code: 1000, message: 'job not found' }] }];
      }
      if (method === 'GET') return [200, { success: true, result: job }];
      if (method === 'DELETE') {
        jobs.delete(job.id);
        return [200, { success: true, result: { id: job.id } }];
      }
      if (method === 'PUT') {
        for (const f of ['name', 'enabled', 'logpull_options', 'frequency'] as const) {
          if (body[f] !== undefined) (job as unknown as Record<string, unknown>)[f] = body[f];
        }
        return [200, { success: true, result: job }];
      }
    }
    return [405, { success: false, errors: [{ code: 7001, message: `method ${method} not allowed` }] }];
  };

  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString()));
    req.on('end', () => {
      const reply = (status: number, out: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(out));
      };
      const pathname = new URL(req.url ?? '/', 'http://x').pathname;
      const cis = pathname.startsWith('/v2/crn');
      const given = cis ? req.headers['x-auth-user-token'] : req.headers.authorization;
      if (given !== `Bearer ${token}`) {
        reply(cis ? 403 : 401, { success: false, errors: [{ code: 9109, message: 'Invalid access token' }] });
        return;
      }
      let body: Record<string, unknown> = {};
      try {
        body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      } catch {
        reply(400, { success: false, errors: [{ code: 6007, message: 'invalid JSON' }] });
        return;
      }
      const [status, out] = (cis ? handle : handleIbm)(req.method ?? 'GET', pathname, body);
      reply(status, out);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    account,
    challenges,
    jobs,
    buckets,
    users,
    policies,
    writerProblem,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
