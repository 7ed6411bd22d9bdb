/**
 * The brand every cdktf-logpush error carries: a registered symbol (`Symbol.for`), so an error from
 * another installed copy of the package, or from the ownership handler's own bundle, is recognised
 * where `instanceof` fails. It lives here, beside the handler, because the handler's bundle may
 * import nothing outside src/ownership (see tsconfig.json here); src/errors.ts builds
 * `LogpushError` on it.
 */
export const LOGPUSH_ERROR_BRAND: unique symbol = Symbol.for('cdktf-logpush.LogpushError');

/** A stable code is upper snake case: `OWNERSHIP_CHALLENGE_FAILED`, `SYNTH_NOT_FOUND`. */
export const ERROR_CODE_PATTERN = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/;

/** Marks `error` as a cdktf-logpush error (non-enumerable, so it never shows in logs or JSON). */
export function brandLogpushError(error: Error): void {
  Object.defineProperty(error, LOGPUSH_ERROR_BRAND, { value: true });
}

/** Whether `x` carries the brand, whichever copy of the package made it. */
export function hasLogpushErrorBrand(x: unknown): boolean {
  return typeof x === 'object' && x !== null && LOGPUSH_ERROR_BRAND in x;
}
