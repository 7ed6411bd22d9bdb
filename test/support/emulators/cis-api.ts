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
 * instance id, region, path). Auth: `X-Auth-User-Token: Bearer <token>`. The COS side (where the
 * challenge file lands) is kept in memory: `challenges`.
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

export interface CisApiEmulator {
  readonly url: string;
  readonly challenges: { crn: string; zone: string; cos: string; filename: string; token: string }[];
  readonly jobs: Map<number, CisJob>;
  stop(): Promise<void>;
}

/** The identity of a cos object: the fields that name the destination, in a fixed order. */
export const cosKey = (c: CisCos): string => JSON.stringify([c.bucket_name, c.id, c.region, c.path ?? '']);

export async function startCisApi(options: { token?: string } = {}): Promise<CisApiEmulator> {
  const token = options.token ?? 'cis-test-token';
  const challenges: CisApiEmulator['challenges'] = [];
  const jobs = new Map<number, CisJob>();
  let nextId = 1;

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
      const filename = `${cos.path ? `${cos.path.replace(/\/$/, '')}/` : ''}ownership-challenge-${randomBytes(4).toString('hex')}.txt`;
      const issued = {
        crn,
        zone,
        cos: cosKey(cos),
        filename,
        token: `cis.${randomBytes(16).toString('hex')}`,
      };
      challenges.push(issued);
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
      if (req.headers['x-auth-user-token'] !== `Bearer ${token}`) {
        reply(403, { success: false, errors: [{ code: 9109, message: 'Invalid access token' }] });
        return;
      }
      let body: Record<string, unknown> = {};
      try {
        body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      } catch {
        reply(400, { success: false, errors: [{ code: 6007, message: 'invalid JSON' }] });
        return;
      }
      const [status, out] = handle(req.method ?? 'GET', new URL(req.url ?? '/', 'http://x').pathname, body);
      reply(status, out);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    challenges,
    jobs,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
