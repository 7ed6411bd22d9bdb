/** src/review/errors.ts: the review module's one error class, with a code a program can act on. */
import { LogpushError } from '../../../src/errors';
import { malformed, SynthOutputError } from '../../../src/review/errors';

describe('SynthOutputError', () => {
  test('is a branded LogpushError with its code and name', () => {
    const e = new SynthOutputError('no manifest', 'SYNTH_NOT_FOUND');
    expect(LogpushError.isLogpushError(e)).toBe(true);
    expect(e).toMatchObject({ name: 'SynthOutputError', code: 'SYNTH_NOT_FOUND', message: 'no manifest' });
  });

  test('fails to carry more than one line or 300 characters of a malformed input into its message', () => {
    const e = malformed(`stack a: ${'x'.repeat(400)}\nsecond line with "secret"`);
    expect(e.code).toBe('SYNTH_MALFORMED');
    expect(e.message).toHaveLength(300);
    expect(e.message).not.toContain('\n');
    expect(e.message).not.toContain('secret');
  });
});
