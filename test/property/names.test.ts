/**
 * The allow-lists of src/names.ts against an independent model, over generated strings (valid
 * prefixes, near-misses with one bad character or segment, and arbitrary unicode).
 */
import fc from 'fast-check';
import { isSafePrefix, MAX_PREFIX_LENGTH, NAMES, prefixProblem } from '../../src/names';
import { cloudflareWriteStatement } from '../../src/policy';
import { pantherReadStatements } from '../../src/panther';
import { FC_PARAMS, prefixArb } from './arbitraries';

/** The model: written from the rules in docs/validation.md, not from the implementation. */
function modelAllows(p: string): boolean {
  if (p.length === 0 || p.length > MAX_PREFIX_LENGTH) return false;
  return p.split('/').every((seg) => {
    if (seg === '' || seg === '.' || seg === '..') return false;
    return [...seg].every((c) =>
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!_.'()=-".includes(c),
    );
  });
}

const nearMiss = fc
  .tuple(
    prefixArb,
    fc.oneof(
      fc.string({ unit: 'binary', maxLength: 3 }),
      fc.constantFrom('*', '?', '${', '/', '.', '..', '//'),
    ),
    fc.nat(),
  )
  .map(([p, x, at]) => p.slice(0, at % (p.length + 1)) + x + p.slice(at % (p.length + 1)));

describe('key prefix allow-list', () => {
  test('accepts exactly what the model accepts', () => {
    fc.assert(
      fc.property(fc.oneof(prefixArb, nearMiss, fc.string({ unit: 'binary', maxLength: 20 })), (p) => {
        expect(isSafePrefix(p)).toBe(modelAllows(p));
        expect(prefixProblem(p) === undefined).toBe(modelAllows(p));
      }),
      FC_PARAMS,
    );
  });

  test('an accepted prefix puts no IAM wildcard or policy variable into a grant but the trailing /*', () => {
    fc.assert(
      fc.property(prefixArb, (p) => {
        expect(isSafePrefix(p)).toBe(true);
        const arns = [
          cloudflareWriteStatement('b', p).Resource,
          pantherReadStatements('b', p).get.Resource,
          ...(pantherReadStatements('b', p).list.Condition!.StringLike!['s3:prefix'] as string[]),
        ];
        for (const arn of arns) {
          expect(String(arn).endsWith(`${p}/*`)).toBe(true);
          expect(String(arn).slice(0, -2)).not.toMatch(/[*?]|\$\{/);
        }
      }),
      FC_PARAMS,
    );
  });

  test('names that reach an ARN never hold a wildcard, a policy variable, a control or non-ASCII character', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...(Object.keys(NAMES) as (keyof typeof NAMES)[])),
        fc.string({ unit: 'binary', maxLength: 70 }),
        (kind, v) => {
          if (NAMES[kind].test(v)) expect(v).toMatch(/^[A-Za-z0-9+=,.@_ -]*$/);
          if (/[*?$\u0000-\u001f\u007f-\uffff]/.test(v)) expect(NAMES[kind].test(v)).toBe(false);
        },
      ),
      FC_PARAMS,
    );
  });
});
