/**
 * The shape of a CLI command: each command lives in `commands/<name>.ts` and exports one
 * {@link RegisterCommand}; `main.ts` lists them. A module of its own so that commands depend on it
 * and never on `main.ts` (which imports every command).
 */
import type { Command } from 'commander';
import type { CliIo, ExitCode } from './io';

/** Where a command's action reports its exit code (0 unless it sets one). */
export interface CommandResult {
  exitCode: ExitCode;
}

/** Registers one command on the program. */
export type RegisterCommand = (program: Command, io: CliIo, result: CommandResult) => void;
