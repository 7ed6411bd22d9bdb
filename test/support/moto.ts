/**
 * moto (a real AWS API emulator) for tests: each server is started on a free 127.0.0.1 port and
 * stopped by the test, also when it fails. Nothing here talks to any other address.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import * as http from 'http';
import * as https from 'https';
import * as net from 'net';

export interface MotoServer {
  /** `http(s)://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
}

export interface MotoOptions {
  /**
   * Serve HTTPS with a self-signed certificate. Bucket policies are enforced by moto, so a bucket
   * that denies requests without TLS (`aws:SecureTransport`) can only be written over HTTPS.
   *
   * @default false
   */
  readonly tls?: boolean;
}

/** Trusts moto's self-signed certificate: loopback test traffic only. */
const insecureAgent = new https.Agent({ rejectUnauthorized: false });

/** The endpoint as a URL; refuses any host but 127.0.0.1, so that no test reaches the network. */
function loopback(endpoint: string): URL {
  const url = new URL(endpoint);
  if (url.hostname !== '127.0.0.1') throw new Error(`not a loopback endpoint: ${endpoint}`);
  return url;
}

/** Calls moto's own API (`/moto-api/...`); returns the status code and body. */
export function motoApi(
  endpoint: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: string }> {
  const url = new URL(path, loopback(endpoint));
  const client = url.protocol === 'https:' ? https : http;
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = client.request(
      url,
      {
        method: payload === undefined ? 'GET' : 'POST',
        agent: url.protocol === 'https:' ? insecureAgent : undefined,
      },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.setTimeout(5_000, () => req.destroy(new Error(`moto did not answer ${url.href} within 5 s`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** Whether `python3 -m moto.server` can run here. */
export function motoAvailable(): boolean {
  return spawnSync('python3', ['-c', 'import moto.server'], { stdio: 'ignore' }).status === 0;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Stops the process: SIGTERM, SIGKILL after 5 s; resolves once it has exited. Safe to call twice. */
async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exit;
  clearTimeout(force);
}

/** Starts moto on a free loopback port and waits until it answers (at most 20 s). */
export async function startMoto(options: MotoOptions = {}): Promise<MotoServer> {
  const port = await freePort();
  const endpoint = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  const args = [
    '-m',
    'moto.server',
    '-H',
    '127.0.0.1',
    '-p',
    String(port),
    ...(options.tls ? ['--ssl'] : []),
  ];
  const child = spawn('python3', args, { detached: false, stdio: ['ignore', 'pipe', 'pipe'] });
  // Both streams are drained (a full pipe would block moto); the tail explains a failed start.
  let output = '';
  const keep = (d: Buffer) => (output = (output + d.toString()).slice(-4000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let spawnError: Error | undefined;
  child.on('error', (e) => (spawnError = e));
  const stop = () => terminate(child);
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (spawnError) throw new Error(`moto could not be started: ${spawnError.message}`);
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`moto exited with ${child.exitCode ?? child.signalCode}:\n${output}`);
    }
    try {
      const r = await motoApi(endpoint, '/moto-api/');
      if (r.status === 200) return { endpoint, port, stop };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`moto did not answer on ${endpoint} within 20 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Client settings for any AWS SDK client talking to moto: test credentials, moto's certificate trusted. */
export function clientConfigFor(endpoint: string) {
  loopback(endpoint);
  return {
    region: 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    requestHandler: new NodeHttpHandler({ httpsAgent: insecureAgent }),
  };
}

/** An S3 client for moto: path-style. */
export function s3ClientFor(endpoint: string): S3Client {
  return new S3Client({ ...clientConfigFor(endpoint), forcePathStyle: true });
}
