/**
 * What a command of the `cdktf-logpush` CLI may touch: its output streams, the environment and the
 * working directory. Commands never call `process.exit` or write to `process.stdout` themselves, so
 * tests can run them in-process and the bin stays the only place that exits.
 */

/** Exit codes: 0 ok, 1 a finding (invalid file, a failed check), 2 usage (bad arguments). */
export const EXIT = { ok: 0, finding: 1, usage: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export interface CliIo {
  /** The result, and nothing else: scripts read it. */
  readonly stdout: (text: string) => void;
  /** Messages for a person: errors, warnings, progress. */
  readonly stderr: (text: string) => void;
  /** Whether stderr is a terminal: colour and progress only then. */
  readonly isTTY: boolean;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

/**
 * A failure a command reports to its user: the message goes to stderr, the code is the exit code.
 * Throw it instead of exiting.
 */
export class CliError extends Error {
  constructor(
    message: string,
    public readonly exitCode: ExitCode = EXIT.finding,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** The process's own streams. */
export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTTY: process.stderr.isTTY === true,
    env: process.env,
    cwd: process.cwd(),
  };
}

/** The environment variables that hold credentials: never printed. */
export const SECRET_VARIABLES = [
  'CLOUDFLARE_API_TOKEN',
  'IBMCLOUD_IAM_TOKEN',
  'IBMCLOUD_API_KEY',
  'COS_HMAC_SECRET_ACCESS_KEY',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
] as const;

/** `text` with every credential of `env` (see {@link SECRET_VARIABLES}) replaced by `***`. */
export function redactSecrets(text: string, env: NodeJS.ProcessEnv): string {
  let out = text;
  for (const name of SECRET_VARIABLES) {
    const value = env[name]?.trim();
    if (value && value.length >= 4) out = out.split(value).join('***');
  }
  return out;
}
