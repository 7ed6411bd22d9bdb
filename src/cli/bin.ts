#!/usr/bin/env node
/** The `cdktf-logpush` bin (package.json `bin`). */
import { processIo, redactSecrets } from './io';
import { run } from './main';

run(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    // A crash message never shows a credential of the environment, whatever threw it.
    const text = e instanceof Error ? (e.stack ?? e.message) : String(e);
    process.stderr.write(`cdktf-logpush: internal error: ${redactSecrets(text, process.env)}\n`);
    process.exitCode = 1;
  },
);
