#!/usr/bin/env node
/** The `cdktf-logpush` bin (package.json `bin`). */
import { EXIT, internalErrorLine, processIo } from './io';
import { run } from './main';

/** The last resort: one redacted line, exit 1, never a stack trace (see {@link internalErrorLine}). */
const lastResort = (e: unknown) => {
  process.stderr.write(internalErrorLine(e, process.env));
  process.exitCode = EXIT.finding;
};
process.on('uncaughtException', lastResort);
process.on('unhandledRejection', lastResort);

run(process.argv.slice(2), processIo()).then((code) => {
  process.exitCode = code;
}, lastResort);
