/**
 * A fault-injecting HTTP proxy for S3 tests: it listens on a free 127.0.0.1 port, forwards
 * path-style S3 requests to a loopback target (moto), and injects the faults a test asks for on
 * the next matching requests: an S3 error response, a reset connection, a delay, a truncated body,
 * a reply lost after the target acted. Bounded: bodies up to 8 MiB, 64 connections, every upstream
 * call times out, and `close()` ends every socket and timer it holds.
 */
import * as http from 'http';
import type { AddressInfo, Socket } from 'net';

/** What the proxy does instead of (or to) a plain forward. */
export type Fault =
  /** Answers with an S3 XML error; the target never sees the request. */
  | { readonly kind: 'status'; readonly status: number; readonly code: string; readonly message?: string }
  /** Destroys the connection before answering (the client sees ECONNRESET / socket hang up). */
  | { readonly kind: 'reset' }
  /** Waits, then forwards (slow first byte). */
  | { readonly kind: 'delay'; readonly ms: number }
  /** Forwards, then sends the headers (full Content-Length) and half the body, and cuts the connection. */
  | { readonly kind: 'truncate' }
  /** Forwards (the target acts), then cuts the connection without an answer: a lost reply. */
  | { readonly kind: 'lose-reply' };

/** The S3 operation of a request, as the proxy sees it. */
export type S3Op = 'get' | 'list' | 'delete' | 'put' | 'other';

/** Which requests a fault applies to, and how many times. */
export interface FaultRule {
  readonly op: S3Op;
  /** Only this object key (for get / delete / put). @default - any key */
  readonly key?: string;
  /** Applies to this many matching requests, then the rule is spent. @default Infinity */
  readonly times?: number;
  readonly fault: Fault;
}

/** One request that reached the proxy. */
export interface ProxyRecord {
  readonly op: S3Op;
  readonly key?: string;
  /** The fault applied, if any. */
  readonly fault?: Fault['kind'];
  /** The status sent to the client (undefined when the connection was cut or not answered yet). */
  status?: number;
}

const MAX_BODY_BYTES = 8 * 1024 * 1024;
const UPSTREAM_TIMEOUT_MS = 10_000;

/** The op and key of a path-style S3 request (`/<bucket>/<key>?...`). */
export function s3OpOf(method: string, url: string): { op: S3Op; key?: string } {
  const u = new URL(url, 'http://127.0.0.1');
  const [, , ...rest] = u.pathname.split('/');
  const key = rest.length > 0 && rest.join('/') !== '' ? decodeURIComponent(rest.join('/')) : undefined;
  if (method === 'GET' && key !== undefined) return { op: 'get', key };
  if (method === 'GET' && u.searchParams.has('list-type')) return { op: 'list' };
  if (method === 'DELETE' && key !== undefined) return { op: 'delete', key };
  if (method === 'PUT' && key !== undefined) return { op: 'put', key };
  return { op: 'other', ...(key !== undefined ? { key } : {}) };
}

/** Reads a stream to its end, refusing more than {@link MAX_BODY_BYTES}. */
function readAll(stream: NodeJS.ReadableStream & { destroy(): void }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (d: Buffer) => {
      size += d.length;
      if (size > MAX_BODY_BYTES) {
        stream.destroy();
        reject(new Error(`fault proxy: body over ${MAX_BODY_BYTES} bytes`));
        return;
      }
      chunks.push(d);
    });
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

export class FaultProxy {
  /** Starts a proxy in front of `target` (must be `http://127.0.0.1:<port>`). */
  public static async start(target: string): Promise<FaultProxy> {
    const url = new URL(target);
    if (url.hostname !== '127.0.0.1' || url.protocol !== 'http:') {
      throw new Error(`fault proxy: target must be http://127.0.0.1:<port>, got ${target}`);
    }
    const proxy = new FaultProxy(url);
    await new Promise<void>((resolve, reject) => {
      proxy.server.once('error', reject);
      proxy.server.listen(0, '127.0.0.1', () => resolve());
    });
    return proxy;
  }

  /** Every request seen, in order. */
  public readonly records: ProxyRecord[] = [];
  private readonly rules: Array<FaultRule & { left: number }> = [];
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly server: http.Server;

  private constructor(private readonly target: URL) {
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(502).end();
        else res.destroy();
      });
    });
    this.server.maxConnections = 64;
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  /** `http://127.0.0.1:<port>` */
  public get endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Applies `rule.fault` to the next `rule.times` matching requests (rules are tried in order). */
  public inject(rule: FaultRule): void {
    this.rules.push({ ...rule, left: rule.times ?? Number.POSITIVE_INFINITY });
  }

  /** Forgets every rule and record. */
  public reset(): void {
    this.rules.length = 0;
    this.records.length = 0;
  }

  /** How many requests of `op` (for `key`, when given) reached the proxy. */
  public count(op: S3Op, key?: string): number {
    return this.records.filter((r) => r.op === op && (key === undefined || r.key === key)).length;
  }

  /** Stops listening and ends every connection and pending delay. */
  public async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private take(op: S3Op, key: string | undefined): Fault | undefined {
    const rule = this.rules.find((r) => r.left > 0 && r.op === op && (r.key === undefined || r.key === key));
    if (!rule) return undefined;
    rule.left--;
    return rule.fault;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const { op, key } = s3OpOf(req.method ?? 'GET', req.url ?? '/');
    const fault = this.take(op, key);
    // Recorded on arrival: a delayed request counts although the client may give up on it.
    const entry: ProxyRecord = {
      op,
      ...(key !== undefined ? { key } : {}),
      ...(fault ? { fault: fault.kind } : {}),
    };
    this.records.push(entry);
    const record = (status?: number) => {
      entry.status = status;
    };
    const body = await readAll(req);

    if (fault?.kind === 'status') {
      const xml =
        '<?xml version="1.0" encoding="UTF-8"?>\n' +
        `<Error><Code>${fault.code}</Code><Message>${fault.message ?? fault.code}</Message>` +
        '<RequestId>FAULTPROXY</RequestId></Error>';
      record(fault.status);
      res.writeHead(fault.status, {
        'content-type': 'application/xml',
        'content-length': Buffer.byteLength(xml),
      });
      res.end(xml);
      return;
    }
    if (fault?.kind === 'reset') {
      record();
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'delay') await this.sleep(fault.ms);
    if (req.socket.destroyed) {
      record(); // the client gave up while we waited
      return;
    }

    const upstream = await this.forward(req, body);
    if (fault?.kind === 'lose-reply') {
      record();
      req.socket.destroy();
      return;
    }
    const headers = { ...upstream.headers, 'content-length': String(upstream.body.length) };
    delete headers['transfer-encoding'];
    if (fault?.kind === 'truncate' && upstream.body.length > 1) {
      record(upstream.status);
      res.writeHead(upstream.status, headers);
      res.write(upstream.body.subarray(0, Math.floor(upstream.body.length / 2)), () => req.socket.destroy());
      return;
    }
    record(upstream.status);
    res.writeHead(upstream.status, headers);
    res.end(upstream.body);
  }

  private forward(
    req: http.IncomingMessage,
    body: Buffer,
  ): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const up = http.request(
        {
          host: '127.0.0.1',
          port: this.target.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, 'content-length': String(body.length) },
        },
        (r) => {
          readAll(r)
            .then((b) => resolve({ status: r.statusCode ?? 502, headers: r.headers, body: b }))
            .catch(reject);
        },
      );
      up.setTimeout(UPSTREAM_TIMEOUT_MS, () => up.destroy(new Error('fault proxy: upstream timeout')));
      up.on('error', reject);
      up.end(body);
    });
  }
}
