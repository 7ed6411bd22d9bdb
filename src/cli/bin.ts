#!/usr/bin/env node
/** The `cdktf-logpush` bin (package.json `bin`). */
import { processIo } from './io';
import { run } from './main';

run(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(
      `cdktf-logpush: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
    );
    process.exitCode = 1;
  },
);
