/**
 * Runs the real `cdktf-logpush` bin (the compiled `lib/src/cli/bin.js` that package.json `bin`
 * names; `npm test` builds it first) in a child process, as a user's shell or CI step would.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export const BIN = path.resolve(__dirname, '..', '..', 'lib', 'src', 'cli', 'bin.js');

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  readonly cwd?: string;
  /** Added to the environment (colour is off unless a test asks: no TTY here). */
  readonly env?: NodeJS.ProcessEnv;
  readonly input?: string;
  /** @default 60_000 */
  readonly timeoutMs?: number;
}

/** Spawns the bin with `args`; resolves with its exit code and both streams. */
export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliRun> {
  if (!fs.existsSync(BIN)) throw new Error(`${BIN} is not built: run "npm run build"`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}
