/**
 * The review module's errors as the CLI reports them: every one is a usage error (exit 2, never 1,
 * which `diff --fail-on-recreate` reads as a finding); a malformed output carries the code
 * SYNTH_MALFORMED.
 */
import { SynthOutputError } from '../review';
import { CliError, EXIT } from './io';

/** `e` as the CLI error to report, or `e` itself when it is not the review module's. */
export function reviewErrorToCli(e: unknown): unknown {
  if (!(e instanceof SynthOutputError)) return e;
  return new CliError(e.message, EXIT.usage, e.code === 'SYNTH_MALFORMED' ? e.code : undefined);
}

/** Runs `work`, reporting the review module's errors as CLI errors. */
export async function withReviewErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    throw reviewErrorToCli(e);
  }
}
