import { LogpushError } from '../errors';

/**
 * The review module's one error: a directory that is not a synthesized cdktf output, or one whose
 * content the review cannot read. The CLI maps it to an exit code (src/cli/review-errors.ts).
 */

/**
 * - `SYNTH_NOT_FOUND`: the directory has no `manifest.json` (not a cdktf output).
 * - `SYNTH_OUTSIDE`: the manifest points a stack outside the output directory.
 * - `SYNTH_MALFORMED`: a file cannot be read, is not JSON, nests too deep or has the wrong shape.
 */
export type SynthOutputErrorCode = 'SYNTH_NOT_FOUND' | 'SYNTH_OUTSIDE' | 'SYNTH_MALFORMED';

/** A synthesized output the review cannot read; the message is one line. */
export class SynthOutputError extends LogpushError {
  public constructor(
    message: string,
    public override readonly code: SynthOutputErrorCode,
  ) {
    super(message, code);
    this.name = 'SynthOutputError';
  }
}

/** A malformed synthesized output: one line (at most 300 characters), code SYNTH_MALFORMED. */
export const malformed = (message: string): SynthOutputError =>
  new SynthOutputError(message.split('\n')[0]!.slice(0, 300), 'SYNTH_MALFORMED');
