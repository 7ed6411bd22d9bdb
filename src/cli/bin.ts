#!/usr/bin/env node
/** The `cdktf-logpush` bin (package.json `bin`). */
import { EXIT, internalErrorLine, processIo } from './io';
import { run } from './main';

/** The last resort: one redacted line, exit 1, never a stack trace (see {@link internalErrorLine}). */
const lastResort = (e: unknown) => {
  process.stderr.write(internalErrorLine(e, process.env));
  process.exitCode = EXIT.finding;
};
// An exception outside the command's promise (a timer, a stream): the state is unknown, so exit.
const lastResortExit = (e: unknown) => {
  lastResort(e);
  process.exit(EXIT.finding);
};
process.on('uncaughtException', lastResortExit);
process.on('unhandledRejection', lastResortExit);

run(process.argv.slice(2), processIo()).then((code) => {
  process.exitCode = code;
}, lastResort);
