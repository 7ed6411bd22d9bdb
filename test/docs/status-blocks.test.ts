/**
 * Every ```sh block of README.md and of every page under docs/ that runs `cdktf-logpush status` runs here,
 * as written, with bash in a directory holding the example fleet file (examples/fleet/logpush.yaml),
 * `cdktf-logpush` on PATH (the built bin), and the Cloudflare API emulator as the API
 * (`CLOUDFLARE_BASE_URL`), serving a healthy job for every pipeline of that fleet.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { CliIo } from '../../src/cli/io';
import { readDeclaredPipelines } from '../../src/cli/status-pipelines';
import { BIN } from '../support/cli';
import { docPages } from '../support/readme';
import { startCloudflareApi, type CloudflareApiEmulator } from '../support/emulators/cloudflare-api';

jest.setTimeout(120_000);

const REPO = path.resolve(__dirname, '..', '..');
const TOKEN = 'docs-token-never-printed-91c2';

/** The ```sh blocks of a markdown file that run `cdktf-logpush status`. */
function statusBlocks(file: string): { where: string; code: string }[] {
  const lines = fs.readFileSync(path.join(REPO, file), 'utf8').split('\n');
  const blocks: { where: string; code: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(sh|bash|shell)\s*$/.test(lines[i]!)) continue;
    const end = lines.indexOf('```', i + 1);
    const code = lines.slice(i + 1, end).join('\n');
    if (/\bcdktf-logpush status\b/.test(code)) blocks.push({ where: `${file}:${i + 1}`, code });
    i = end;
  }
  return blocks;
}

const BLOCKS = docPages(REPO).flatMap(statusBlocks);

let api: CloudflareApiEmulator;
let work: string;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'status-docs-'));
  fs.copyFileSync(path.join(REPO, 'examples', 'fleet', 'logpush.yaml'), path.join(work, 'logpush.yaml'));
  const bin = path.join(work, 'bin');
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, 'cdktf-logpush'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`, {
    mode: 0o755,
  });
  api = await startCloudflareApi({ tokens: [TOKEN] });
  const io: CliIo = { stdout: () => undefined, stderr: () => undefined, isTTY: false, env: {}, cwd: work };
  for (const p of await readDeclaredPipelines(io, path.join(work, 'logpush.yaml'))) {
    api.store.addJob(p.scope === 'zone' ? 'zones' : 'accounts', p.scopeId, {
      dataset: p.dataset,
      destination_conf: p.destination!,
      last_complete: new Date(Date.now() - 60_000).toISOString(),
    });
  }
});

afterAll(async () => {
  await api?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test('docs/cli.md and docs/operations.md show cdktf-logpush status', () => {
  expect(BLOCKS.map((b) => b.where.split(':')[0])).toEqual(
    expect.arrayContaining(['docs/cli.md', 'docs/operations.md']),
  );
});

/** Runs bash asynchronously: the emulator answers from this process. */
function bash(
  code: string,
  env: NodeJS.ProcessEnv,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-e', '-c', code], { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

test.each(BLOCKS.map((b) => [b.where, b.code] as const))(
  '%s runs and exits 0 on a healthy fleet',
  async (_where, code) => {
    const r = await bash(code, {
      ...process.env,
      PATH: `${path.join(work, 'bin')}:${process.env.PATH}`,
      CLOUDFLARE_API_TOKEN: TOKEN,
      CLOUDFLARE_BASE_URL: api.url,
      NO_COLOR: '1',
    });
    expect([r.status, r.stderr]).toEqual([0, expect.any(String)]);
    expect(r.stdout).toMatch(/"state": "ok"|\bok\b/);
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
  },
);
