/**
 * The `cdktf-logpush` command: one commander program; each command lives in `commands/<name>.ts`
 * and exports `register(program, io, result)`. Framework-free: it reads files and synthesized
 * JSON and never needs cdktf.
 */
import { Command, CommanderError } from 'commander';
import * as fs from 'fs';
import * as path from 'path';
import type { CommandResult, RegisterCommand } from './command';
import { register as cisOwnership } from './commands/cis-ownership';
import { registerDatasets } from './commands/datasets';
import { registerDiff } from './commands/diff';
import { registerFields } from './commands/fields';
import { registerGraph } from './commands/graph';
import { registerOwnershipToken } from './commands/ownership-token';
import { registerPlanSummary } from './commands/plan-summary';
import { registerStatus } from './commands/status';
import { registerValidate } from './commands/validate';
import { CliError, EXIT, redactingIo, type CliIo, type ExitCode } from './io';

export type { CommandResult, RegisterCommand } from './command';
import { terminalText } from '../output-text';

/** Every command, in the order `--help` lists them. */
export const COMMANDS: readonly RegisterCommand[] = [
  registerValidate,
  registerPlanSummary,
  registerGraph,
  registerDatasets,
  registerFields,
  registerDiff,
  registerOwnershipToken,
  cisOwnership,
  registerStatus,
];

/** The version in this package's package.json (found upward: `src/cli` in the repository, `lib/src/cli` installed). */
function packageVersion(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
    }
    if (path.dirname(dir) === dir) return 'unknown';
  }
}

/** Builds the program with every command registered, writing through `io`. */
export function buildProgram(io: CliIo, result: CommandResult, commands = COMMANDS): Command {
  const program = new Command('cdktf-logpush')
    .description('Cloudflare Logpush pipelines as cdktf: validate, explore, review, draw, verify')
    .version(packageVersion())
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  for (const register of commands) register(program, io, result);
  return program;
}

/**
 * Runs the CLI on `argv` (without the node and script entries) and returns the exit code: 0 ok,
 * 1 a finding, 2 usage. Never exits the process.
 */
export async function run(argv: readonly string[], given: CliIo, commands = COMMANDS): Promise<ExitCode> {
  // No credential from the environment reaches either stream, whatever a command or library prints.
  const io = redactingIo(given);
  const result: CommandResult = { exitCode: EXIT.ok };
  const program = buildProgram(io, result, commands);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return result.exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (e instanceof CliError) {
      // One line: whatever of the user's input the message quotes reaches the terminal escaped.
      io.stderr(`cdktf-logpush: ${terminalText(e.message)}${e.hasOwnCode ? ` [${e.code}]` : ''}\n`);
      return e.exitCode;
    }
    throw e;
  }
}
