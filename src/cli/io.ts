/**
 * What a command of the `cdktf-logpush` CLI may touch: its output streams, the environment and the
 * working directory. Commands never call `process.exit` or write to `process.stdout` themselves, so
 * tests can run them in-process and the bin stays the only place that exits.
 */

/** Exit codes: 0 ok, 1 a finding (invalid file, a failed check), 2 usage (bad arguments). */
import { LogpushError } from '../errors';

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
export class CliError extends LogpushError {
  /**
   * Whether the thrower named a code of its own (then it is printed after the message); otherwise
   * {@link LogpushError.code} is `CLI_USAGE` or `CLI_FAILURE`, after the exit code.
   */
  public readonly hasOwnCode: boolean;

  constructor(
    message: string,
    public readonly exitCode: ExitCode = EXIT.finding,
    /** A stable, upper-snake-case code for the refusal, printed after the message. */
    code?: string,
  ) {
    super(message, code ?? (exitCode === EXIT.usage ? 'CLI_USAGE' : 'CLI_FAILURE'));
    this.name = 'CliError';
    this.hasOwnCode = code !== undefined;
  }
}

/**
 * Environment variables that hold credentials: the ones the commands read (IBM Cloud, COS HMAC,
 * the AWS SDK's), and any other whose name says it is a secret.
 */
const SECRET_VARIABLES = new Set([
  'IBMCLOUD_IAM_TOKEN',
  'IBMCLOUD_API_KEY',
  'COS_HMAC_ACCESS_KEY_ID',
  'COS_HMAC_SECRET_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'CLOUDFLARE_API_TOKEN',
  'CLOUDFLARE_API_KEY',
]);
const SECRET_NAME = /(TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|ACCESS_KEY|PRIVATE_KEY|CREDENTIAL)/i;
/** Shorter values (and words of multi-line values) are not looked for: they would match ordinary text. */
const MIN_SECRET_CHARS = 6;
/** Words of a multi-word value ("IAM token:  Bearer <token>") are looked for from this length. */
const MIN_SECRET_WORD_CHARS = 8;

/**
 * The secret values of an environment, longest first: each whole value, each of its lines and
 * whitespace-separated words (a token pasted with its `Bearer ` or over two lines), and the forms
 * an error message may quote it in (JSON-escaped, URL-encoded).
 */
export function secretsOf(env: NodeJS.ProcessEnv): string[] {
  const out = new Set<string>();
  for (const [name, value] of Object.entries(env)) {
    if (!value || !(SECRET_VARIABLES.has(name) || SECRET_NAME.test(name))) continue;
    const words = value.split(/[\s\u0000-\u001f\u007f]+/).filter((w) => w.length >= MIN_SECRET_WORD_CHARS);
    for (const piece of [value, ...words]) {
      if (piece.length < MIN_SECRET_CHARS) continue;
      out.add(piece);
      out.add(JSON.stringify(piece).slice(1, -1));
      out.add(encodeURIComponent(piece));
    }
  }
  return [...out].sort((a, b) => b.length - a.length);
}

/** `text` with every secret replaced by `[redacted]`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join('[redacted]');
  return out;
}

/** The same streams, with the environment's secrets (and any added later) redacted from both. */
export function redactingIo(io: CliIo): CliIo & { addSecret(value: string): void } {
  const secrets = secretsOf(io.env);
  return {
    ...io,
    stdout: (text) => io.stdout(redact(text, secrets)),
    stderr: (text) => io.stderr(redact(text, secrets)),
    addSecret(value: string) {
      for (const s of secretsOf({ SECRET: value })) if (!secrets.includes(s)) secrets.push(s);
      secrets.sort((a, b) => b.length - a.length);
    },
  };
}

/** Longest message of an unexpected error the bin prints. */
const MAX_INTERNAL_MESSAGE = 300;

/**
 * The bin's last resort for an error no command expected: ONE line, the error's name and the first
 * line of its message with the environment's secrets redacted and control characters dropped,
 * never a stack trace (its frames and the message's later lines may carry values).
 */
export function internalErrorLine(e: unknown, env: NodeJS.ProcessEnv): string {
  const name = e instanceof Error ? e.name : typeof e;
  const raw = e instanceof Error ? e.message : String(e);
  let message = redact(raw, secretsOf(env)).split(/\r?\n/)[0]!;
  message = message.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  if (message.length > MAX_INTERNAL_MESSAGE) message = `${message.slice(0, MAX_INTERNAL_MESSAGE)}...`;
  return `cdktf-logpush: internal error (${name}): ${message} [INTERNAL_ERROR]\n`;
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

/** `text` with every credential of `env` (see {@link secretsOf}) redacted. */
export function redactSecrets(text: string, env: NodeJS.ProcessEnv): string {
  return redact(text, secretsOf(env));
}
