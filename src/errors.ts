/** One problem found in a construct's props. */
export interface PropIssue {
  /** Dotted path of the prop, e.g. `fields.3`; empty for a rule about several props. */
  readonly path: string;
  /** What is wrong and what is allowed, in the user's terms. */
  readonly message: string;
  /** The offending value as the user wrote it (omitted for a rule about several props). */
  readonly value?: unknown;
  readonly hasValue: boolean;
  /**
   * A stable, upper-snake-case code for the problem (for example `TERRAFORM_TEMPLATE_IN_DATA`), for
   * programs and tests to act on instead of the prose. Every code is documented in docs/errors.md
   * (src/error-codes.ts), and kept once it has been published: programs may act on it.
   */
  readonly code: string;
}

/**
 * The code of a zod issue of a kind no other code describes (a generic refusal); kept because
 * programs may already act on it.
 */
export const DEFAULT_ISSUE_CODE = 'INVALID_PROP';

import { brandLogpushError, hasLogpushErrorBrand } from './ownership/error-brand';

/**
 * The base of every error cdktf-logpush throws for a program to act on: the constructs' and the
 * fleet's validation errors, the CLI's refusals, the review's and the ownership handler's failures.
 * Each has a stable upper-snake-case {@link LogpushError.code}; {@link LogpushError.isLogpushError}
 * recognises one from any installed copy of the package (where `instanceof` fails).
 */
export class LogpushError extends Error {
  /**
   * Whether `x` is a cdktf-logpush error, also when it comes from another installed copy of this
   * package or from the ownership handler's bundle.
   */
  public static isLogpushError(x: unknown): x is LogpushError {
    return hasLogpushErrorBrand(x);
  }

  /** A stable, upper-snake-case code for the failure, for programs and tests to act on. */
  public readonly code: string;

  constructor(message: string, code: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LogpushError';
    this.code = code;
    brandLogpushError(this);
  }
}

/** The code of a {@link LogpushValidationError} itself (each issue has its own). */
export const VALIDATION_ERROR_CODE = 'INVALID_PROPS';

const VALIDATION_ERROR_BRAND = Symbol.for('cdktf-logpush.LogpushValidationError');

const MAX_VALUE_CHARS = 120;

/** Renders a user value for an error message: JSON, shortened; constructs by their path. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  if (value && typeof value === 'object') {
    const node = (value as { node?: { path?: unknown } }).node;
    if (node && typeof node.path === 'string') return `construct ${node.path}`;
  }
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 3)}...` : text;
}

/** Where a {@link LogpushValidationError} was raised. */
export interface LogpushValidationErrorOptions {
  /** The construct path of the construct whose props are invalid. */
  readonly constructPath?: string;
}

/**
 * Thrown when props are invalid: one error that lists every problem, each with the prop path, the
 * bad value and what is allowed. Nothing has been added to the construct tree when it is thrown.
 */
export class LogpushValidationError extends LogpushError {
  /**
   * Whether `x` is a `LogpushValidationError`, also when it comes from another installed copy of
   * this package (where `instanceof` fails).
   */
  public static isLogpushValidationError(x: unknown): x is LogpushValidationError {
    return typeof x === 'object' && x !== null && VALIDATION_ERROR_BRAND in x;
  }

  public readonly issues: readonly PropIssue[];

  /**
   * The path in the construct tree of the construct whose props are invalid (for example
   * `app/stack/logs`), when a construct raised the error; `undefined` for the fleet file or a
   * standalone function.
   */
  public readonly constructPath?: string;

  constructor(subject: string, issues: readonly PropIssue[], options?: LogpushValidationErrorOptions) {
    const lines = issues.map((i) => {
      const where = i.path === '' ? '' : `${i.path}: `;
      const got = i.hasValue ? ` (got ${describeValue(i.value)})` : '';
      return `  - ${where}${i.message}${got}`;
    });
    super(`invalid props for ${subject}:\n${lines.join('\n')}`, VALIDATION_ERROR_CODE);
    this.name = 'LogpushValidationError';
    this.issues = issues;
    if (options?.constructPath !== undefined) this.constructPath = options.constructPath;
    Object.defineProperty(this, VALIDATION_ERROR_BRAND, { value: true });
  }

  /** The stable codes of the issues, in order. */
  public get codes(): readonly string[] {
    return this.issues.map((i) => i.code);
  }
}
