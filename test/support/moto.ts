/**
 * moto (a real AWS API emulator) for tests: each server is started on a free 127.0.0.1 port and
 * stopped by the test, also when it fails. Nothing here talks to any other address.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import * as net from 'net';

export interface MotoServer {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
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
export async function startMoto(): Promise<MotoServer> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
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
      const r = await fetch(`${endpoint}/moto-api/`);
      if (r.ok) return { endpoint, port, stop };
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

/** An S3 client for moto: path-style, test credentials. */
export function s3ClientFor(endpoint: string): S3Client {
  return new S3Client({
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
}
