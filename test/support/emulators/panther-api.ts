/**
 * A Panther REST API emulator on loopback: the calls the panther-labs/panther 0.2.12 provider makes
 * for `panther_s3_source` (0.2.11 moved it from GraphQL to REST) and `panther_log_source_alarm`
 * (internal/provider/s3source_resource.go, log_source_alarm_resource.go, internal/client/types_s3.go):
 *
 * | Method | Path | Body / result |
 * |---|---|---|
 * | POST | `/log-sources/s3` | `S3SourceCreateInput` -> `S3Source` (`integrationId`) |
 * | GET / PUT / DELETE | `/log-sources/s3/{id}` | `S3Source` / `S3SourceUpdateInput` / - |
 * | PUT / GET / DELETE | `/log-source-alarms/{sourceId}/{type}` | `{minutesThreshold}` |
 *
 * Auth is the `X-API-Key` header. `checkSource` is where a test checks what Panther would check
 * when it assumes the role: that the role and the bucket exist (the e2e runner asks moto).
 */
import { randomUUID } from 'crypto';
import * as http from 'http';
import type { AddressInfo } from 'net';

export interface PantherS3Source {
  integrationId: string;
  integrationLabel: string;
  awsAccountId: string;
  s3Bucket: string;
  kmsKey: string;
  logProcessingRole: string;
  logStreamType: string;
  managedBucketNotifications: boolean;
  s3PrefixLogTypes: { prefix: string; logTypes: string[]; excludedPrefixes: string[] }[];
}

export interface PantherApiOptions {
  readonly token?: string;
  /** Refuses a source (returns the reason) whose role or bucket Panther could not use. */
  readonly checkSource?: (s: PantherS3Source) => Promise<string | undefined> | string | undefined;
}

export interface PantherApiEmulator {
  readonly url: string;
  readonly sources: Map<string, PantherS3Source>;
  readonly alarms: Map<string, { minutesThreshold: number }>;
  stop(): Promise<void>;
}

export async function startPantherApi(options: PantherApiOptions = {}): Promise<PantherApiEmulator> {
  const token = options.token ?? 'panther-test-token';
  const sources = new Map<string, PantherS3Source>();
  const alarms = new Map<string, { minutesThreshold: number }>();

  const handle = async (
    method: string,
    path: string,
    body: Record<string, unknown>,
  ): Promise<[number, unknown]> => {
    if (path === '/log-sources/s3' && method === 'POST') {
      const s: PantherS3Source = {
        integrationId: randomUUID(),
        integrationLabel: String(body.integrationLabel),
        awsAccountId: String(body.awsAccountId),
        s3Bucket: String(body.s3Bucket),
        kmsKey: (body.kmsKey as string) ?? '',
        logProcessingRole: String(body.logProcessingRole),
        logStreamType: String(body.logStreamType),
        managedBucketNotifications: body.managedBucketNotifications === true,
        s3PrefixLogTypes: (body.s3PrefixLogTypes as PantherS3Source['s3PrefixLogTypes']) ?? [],
      };
      const refused = await options.checkSource?.(s);
      if (refused) return [400, { message: refused }];
      sources.set(s.integrationId, s);
      return [200, s];
    }
    const one = /^\/log-sources\/s3\/([^/]+)$/.exec(path);
    if (one) {
      const s = sources.get(one[1]!);
      if (!s) return [404, { message: 'not found' }];
      if (method === 'GET') return [200, s];
      if (method === 'DELETE') {
        sources.delete(s.integrationId);
        return [204, undefined];
      }
      if (method === 'PUT') {
        const next: PantherS3Source = {
          ...s,
          integrationLabel: String(body.integrationLabel),
          kmsKey: (body.kmsKey as string) ?? '',
          logProcessingRole: String(body.logProcessingRole),
          logStreamType: String(body.logStreamType),
          managedBucketNotifications: body.managedBucketNotifications === true,
          s3PrefixLogTypes: (body.s3PrefixLogTypes as PantherS3Source['s3PrefixLogTypes']) ?? [],
        };
        const refused = await options.checkSource?.(next);
        if (refused) return [400, { message: refused }];
        sources.set(s.integrationId, next);
        return [200, next];
      }
    }
    const alarm = /^\/log-source-alarms\/([^/]+)\/([^/]+)$/.exec(path);
    if (alarm) {
      const key = `${alarm[1]}/${alarm[2]}`;
      if (method === 'PUT') {
        if (!sources.has(alarm[1]!)) return [404, { message: `source ${alarm[1]} not found` }];
        alarms.set(key, { minutesThreshold: Number(body.minutesThreshold) });
        return [200, { type: alarm[2], ...alarms.get(key) }];
      }
      if (method === 'GET') {
        return alarms.has(key) ? [200, { type: alarm[2], ...alarms.get(key) }] : [404, {}];
      }
      if (method === 'DELETE') {
        alarms.delete(key);
        return [204, undefined];
      }
    }
    return [404, { message: `no route ${method} ${path}` }];
  };

  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString()));
    req.on('end', () => {
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(body === undefined ? '' : JSON.stringify(body));
      };
      if (req.headers['x-api-key'] !== token) {
        reply(401, { message: 'Unauthorized' });
        return;
      }
      let body: Record<string, unknown> = {};
      try {
        body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      } catch {
        reply(400, { message: 'invalid JSON' });
        return;
      }
      handle(req.method ?? 'GET', new URL(req.url ?? '/', 'http://x').pathname, body).then(
        ([status, out]) => reply(status, out),
        (e: unknown) => reply(500, { message: e instanceof Error ? e.message : String(e) }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    sources,
    alarms,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
