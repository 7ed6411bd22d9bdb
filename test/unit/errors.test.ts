/**
 * Errors a program can act on: one base class (`LogpushError`) with a stable upper-snake-case code
 * and a `Symbol.for` brand that survives a second installed copy of the package, the construct path
 * on a construct's validation error, and codes (never prose) in the assertions.
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  CisLogpushPipeline,
  CosLogBucket,
  LogBucket,
  LogpushPipeline,
  OwnershipTokenReader,
} from '../../constructs';
import { CisOwnershipError } from '../../src/ibm-cis/ownership-client';
import { CliError, EXIT } from '../../src/cli/io';
import { LogpushError, LogpushValidationError } from '../../src/errors';
import { FleetValidationError } from '../../src/fleet/issues';
import { ChallengeStoreError, readOwnershipToken, type ChallengeStore } from '../../src/ownership/challenge';
import { ERROR_CODE_PATTERN } from '../../src/ownership/error-brand';
import { SynthOutputError } from '../../src/review/errors';
import { newStack } from '../support/synth';

type ErrorsModule = typeof import('../../src/errors');

/** A second, separately evaluated copy of src/errors.ts: what a second installed package gives. */
function secondCopy(): ErrorsModule {
  let copy: ErrorsModule | undefined;
  jest.isolateModules(() => {
    copy = jest.requireActual<ErrorsModule>('../../src/errors');
  });
  return copy!;
}

/** What `fn` throws (fails the test if it returns). */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

const ISSUE = { path: 'bucket', message: 'must be a LogBucket', hasValue: false, code: 'NOT_A_BUCKET' };

describe('LogpushError brand', () => {
  test('recognises errors from a second copy of the module, where instanceof fails', () => {
    const other = secondCopy();
    expect(other.LogpushError).not.toBe(LogpushError);
    const validation = new other.LogpushValidationError('LogBucket x', [ISSUE]);
    const plain = new other.LogpushError('boom', 'SOME_FAILURE');
    expect(validation instanceof LogpushValidationError).toBe(false);
    expect(plain instanceof LogpushError).toBe(false);
    expect(LogpushError.isLogpushError(validation)).toBe(true);
    expect(LogpushError.isLogpushError(plain)).toBe(true);
    expect(LogpushValidationError.isLogpushValidationError(validation)).toBe(true);
    expect(LogpushValidationError.isLogpushValidationError(plain)).toBe(false);
    // And the other way round.
    expect(other.LogpushError.isLogpushError(new LogpushValidationError('s', [ISSUE]))).toBe(true);
    expect(validation.codes).toEqual(['NOT_A_BUCKET']);
  });

  test('rejects lookalikes: same name, same fields, an unregistered symbol of the same description', () => {
    const lookalike = Object.assign(new Error('invalid props for LogBucket x'), {
      name: 'LogpushValidationError',
      code: 'INVALID_PROPS',
      issues: [ISSUE],
      codes: ['NOT_A_BUCKET'],
    });
    const unregistered = { [Symbol('cdktf-logpush.LogpushError')]: true, code: 'X' };
    const stringKey = { 'cdktf-logpush.LogpushError': true, 'cdktf-logpush.LogpushValidationError': true };
    for (const x of [lookalike, unregistered, stringKey, null, undefined, 'LogpushError', 42]) {
      expect(LogpushError.isLogpushError(x)).toBe(false);
      expect(LogpushValidationError.isLogpushValidationError(x)).toBe(false);
    }
  });

  test('every error class of the CLI, the review, IBM, the fleet and the handler is a LogpushError with a code', () => {
    const errors: [unknown, string][] = [
      [new CliError('bad flag', EXIT.usage), 'CLI_USAGE'],
      [new CliError('check failed'), 'CLI_FAILURE'],
      [new CliError('not allowed', EXIT.usage, 'ENDPOINT_NOT_ALLOWED'), 'ENDPOINT_NOT_ALLOWED'],
      [new CisOwnershipError('no token', 'usage', 'IAM_TOKEN_MALFORMED'), 'IAM_TOKEN_MALFORMED'],
      [new CisOwnershipError('request failed'), 'CIS_OWNERSHIP_FAILED'],
      [new SynthOutputError('no manifest.json', 'SYNTH_NOT_FOUND'), 'SYNTH_NOT_FOUND'],
      [new FleetValidationError('logpush.yaml', []), 'INVALID_FLEET_FILE'],
      [new LogpushValidationError('LogBucket x', [ISSUE]), 'INVALID_PROPS'],
      // The handler cannot import src/errors.ts; it carries the brand itself.
      [new ChallengeStoreError('SlowDown (503)', true), 'OWNERSHIP_STORE_RETRYABLE'],
      [new ChallengeStoreError('AccessDenied (403)', false), 'OWNERSHIP_STORE_FAILED'],
    ];
    for (const [e, code] of errors) {
      expect(LogpushError.isLogpushError(e)).toBe(true);
      expect((e as LogpushError).code).toBe(code);
    }
    expect(new FleetValidationError('f', [])).toBeInstanceOf(LogpushValidationError);
    expect(new CliError('x')).toBeInstanceOf(LogpushError);
    expect(new CliError('x').hasOwnCode).toBe(false);
  });

  test('fails with OWNERSHIP_CHALLENGE_FAILED, a branded error, when the handler cannot read the challenge', async () => {
    const denied: ChallengeStore = {
      get: () => Promise.reject(new ChallengeStoreError('AccessDenied (403)', false)),
      list: () => Promise.resolve([]),
      delete: () => Promise.resolve(),
    };
    const e: unknown = await readOwnershipToken({ bucket: 'b', prefix: 'logs', filename: '' }, denied, {
      maxAttempts: 1,
      sleep: () => Promise.resolve(),
    }).catch((x: unknown) => x);
    expect(LogpushError.isLogpushError(e)).toBe(true);
    expect((e as LogpushError).code).toBe('OWNERSHIP_CHALLENGE_FAILED');
    expect((e as Error).name).toBe('OwnershipChallengeError');
  });

  test('the compiled handler bundle brands its errors with the same symbol', () => {
    const compiled = path.join(__dirname, '../../lib/ownership-handler/challenge.js');
    if (!fs.existsSync(compiled)) throw new Error('run "npm run build:handler" first');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const handler = require(compiled) as { ChallengeStoreError: typeof ChallengeStoreError };
    const e = new handler.ChallengeStoreError('Throttling (400)', true);
    expect(e instanceof ChallengeStoreError).toBe(false);
    expect(LogpushError.isLogpushError(e)).toBe(true);
    expect(e.code).toBe('OWNERSHIP_STORE_RETRYABLE');
  });
});

describe('construct path', () => {
  test('fails with the construct path on a LogBucket with invalid props', () => {
    const stack = newStack('paths');
    const e = thrown(() => new LogBucket(stack, 'logs', { bucketName: 'Not A Bucket' }));
    expect(LogpushValidationError.isLogpushValidationError(e)).toBe(true);
    expect((e as LogpushValidationError).constructPath).toBe('paths/logs');
  });

  test('fails with the construct path on a LogpushPipeline whose prefix rules refuse', () => {
    const stack = newStack('paths');
    const bucket = new LogBucket(stack, 'logs', {});
    const e = thrown(
      () =>
        new LogpushPipeline(stack, 'http', {
          zoneId: 'z'.repeat(32),
          dataset: 'no_such_dataset',
          bucket,
        } as never),
    );
    expect((e as LogpushValidationError).constructPath).toBe('paths/http');
    expect((e as LogpushValidationError).code).toBe('INVALID_PROPS');
  });

  test('fails with the construct path when the scope check refuses the id', () => {
    const stack = newStack('paths');
    new LogBucket(stack, 'logs', {});
    const e = thrown(() => new LogBucket(stack, 'logs', {}));
    expect((e as LogpushValidationError).codes).toEqual(['ID_TAKEN']);
    expect((e as LogpushValidationError).constructPath).toBe('paths/logs');
  });

  test('fails with the construct path on the IBM constructs and the token reader', () => {
    const stack = newStack('paths');
    const make = [
      () => new CosLogBucket(stack, 'cos', {} as never),
      () => new CisLogpushPipeline(stack, 'cis', {} as never),
      () => new OwnershipTokenReader(stack, 'reader', {} as never),
    ];
    const paths = make.map((fn) => {
      const e = thrown(fn);
      expect(LogpushValidationError.isLogpushValidationError(e)).toBe(true);
      return (e as LogpushValidationError).constructPath;
    });
    expect(paths).toEqual(['paths/cos', 'paths/cis', 'paths/reader']);
  });

  test('a validation error raised outside a construct has no construct path', () => {
    expect(new LogpushValidationError('fleet', [ISSUE]).constructPath).toBeUndefined();
  });
});

describe('codes in the codebase', () => {
  /** Every `.ts` file under `dir`. */
  function sources(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
      const p = path.join(dir, d.name);
      if (d.isDirectory()) return sources(p);
      return d.name.endsWith('.ts') ? [p] : [];
    });
  }
  const root = path.join(__dirname, '../..');
  const files = [...sources(path.join(root, 'src')), ...sources(path.join(root, 'constructs'))];

  test('every issue and error code written in src/ and constructs/ is upper snake case', () => {
    const found: { file: string; code: string }[] = [];
    const patterns = [
      // `code: 'X'` in an issue or error, but not zod's own `ctx.addIssue({ code: 'custom' })`.
      /(?<!addIssue\(\{\s*)\bcode: '([^']*)'/g,
      /_CODE = '([^']*)'/g,
      /EXIT\.(?:usage|finding), '([^']*)'/g,
      /new LogpushError\(\s*(?:`[^`]*`|'[^']*'),\s*'([^']*)'/g,
    ];
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      for (const re of patterns) {
        for (const m of text.matchAll(re)) found.push({ file: path.relative(root, file), code: m[1]! });
      }
    }
    // The scan sees the codes it is meant to (a regex that matched nothing would pass vacuously).
    const codes = new Set(found.map((f) => f.code));
    for (const known of [
      'PREFIX_OVERLAP',
      'INVALID_TERRAFORM_NAME',
      'ENDPOINT_NOT_ALLOWED',
      'OWNERSHIP_HANDLER_NOT_BUILT',
    ]) {
      expect(codes).toContain(known);
    }
    expect(found.filter((f) => !ERROR_CODE_PATTERN.test(f.code))).toEqual([]);
  });

  test('fails a code that is not upper snake case', () => {
    for (const bad of ['prefixOverlap', 'PREFIX-OVERLAP', 'Prefix_Overlap', '_PREFIX', 'PREFIX_', '']) {
      expect(ERROR_CODE_PATTERN.test(bad)).toBe(false);
    }
  });
});
