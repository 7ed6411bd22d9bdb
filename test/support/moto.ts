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

/** Calls moto's own API (`/moto-api/...`); returns the status code and body. */
export function motoApi(
  endpoint: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: string }> {
  const url = new URL(path, endpoint);
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

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));

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
  const child = spawn('python3', args, {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited(child);
  };
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto exited with ${child.exitCode}:\n${stderr}`);
    try {
      const r = await motoApi(endpoint, '/moto-api/');
      if (r.status === 200) return { endpoint, port, stop };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`moto did not answer on ${endpoint} within 20 s:\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Client settings for any AWS SDK client talking to moto: test credentials, moto's certificate trusted. */
export function clientConfigFor(endpoint: string) {
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
