/** src/cli/review-errors.ts: the review module's errors as the CLI reports them (usage errors, exit 2). */
import { reviewErrorToCli, withReviewErrors } from '../../../src/cli/review-errors';
import { CliError, EXIT } from '../../../src/cli/io';
import { malformed, SynthOutputError } from '../../../src/review/errors';

describe('review errors in the CLI', () => {
  test('a malformed output is a usage error with the code SYNTH_MALFORMED; a missing one a usage error', () => {
    const m = reviewErrorToCli(malformed('stack a is not a Terraform JSON object'));
    expect(m).toBeInstanceOf(CliError);
    expect(m).toMatchObject({ exitCode: EXIT.usage, code: 'SYNTH_MALFORMED', hasOwnCode: true });
    const n = reviewErrorToCli(
      new SynthOutputError('out is not a synthesized cdktf output', 'SYNTH_NOT_FOUND'),
    );
    expect(n).toMatchObject({
      exitCode: EXIT.usage,
      hasOwnCode: false,
      message: 'out is not a synthesized cdktf output',
    });
    // Never exit 1: `diff --fail-on-recreate` reads 1 as a finding.
    expect(EXIT.usage).toBe(2);
  });

  test('any other error passes through as it is', async () => {
    const other = new TypeError('x');
    expect(reviewErrorToCli(other)).toBe(other);
    await expect(withReviewErrors(() => Promise.reject(other))).rejects.toBe(other);
    await expect(withReviewErrors(() => Promise.resolve(42))).resolves.toBe(42);
  });

  test('fails with a CliError for the review error thrown inside the work', async () => {
    await expect(
      withReviewErrors(() => Promise.reject(new SynthOutputError('outside', 'SYNTH_OUTSIDE'))),
    ).rejects.toMatchObject({ exitCode: EXIT.usage, message: 'outside' });
  });
});
