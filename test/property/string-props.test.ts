/**
 * The helpers of the "every string" properties (test/support/string-props.ts): the list of strings
 * a schema takes, and the strings of a synthesized stack as a throwaway configuration evaluates them.
 */
import { z } from 'zod';
import { evaluableTemplate, leavesByPath, stringPaths } from '../support/string-props';
import type { SynthJson } from '../support/synth';

describe('stringPaths', () => {
  test('lists strings and enums through optional, arrays, records, unions and nested objects', () => {
    const schema = z.strictObject({
      a: z.string(),
      b: z.enum(['x', 'y']).optional(),
      c: z.array(z.string()),
      d: z.record(z.string(), z.strictObject({ e: z.string(), f: z.number() })),
      g: z.union([z.literal('all'), z.array(z.string())]),
      h: z.boolean(),
      i: z.string().refine((v) => v !== ''),
    });
    expect(stringPaths(schema)).toEqual(['a', 'b', 'c[]', 'd{key}', 'd{}.e', 'g[]', 'i']);
  });

  test('fails on a schema kind it does not know, rather than miss its strings', () => {
    expect(() => stringPaths(z.strictObject({ t: z.tuple([z.string()]) }))).toThrow(
      /unknown zod type tuple at t/,
    );
  });
});

describe('evaluableTemplate', () => {
  test.each([
    ['plain', 'plain'],
    ['${aws_s3_bucket.logs_1A2B.arn}/p/*', '<ref>/p/*'],
    ['${data.aws_iam_policy_document.x.json}', '<ref>'],
    ['$${file("x")} and %%{ if }', '$${file("x")} and %%{ if }'],
    ['$$${var.x}', '$$${var.x}'],
    ['${jsonencode({"a" = "b.c"})}', '${jsonencode({"a" = "b.c"})}'],
    ['%{ if true }x%{ endif }', '%{ if true }x%{ endif }'],
  ])('%s', (text, out) => {
    expect(evaluableTemplate(text)).toBe(out);
  });

  test('fails (undefined) for an interpolation that mixes a reference with a call, or is not closed', () => {
    expect(evaluableTemplate('${element(split(":", var.cos_crn), 7)}')).toBeUndefined();
    expect(evaluableTemplate('a${b')).toBeUndefined();
  });
});

describe('leavesByPath', () => {
  test('groups the strings of resources and data sources (keys too) by construct path', () => {
    const json = {
      resource: {
        t: {
          a: { '//': { metadata: { path: 's/c1/R' } }, name: 'x', tags: { k: 'v' } },
          b: { '//': { metadata: { path: 's/c2/R' } }, ref: '${t.a.id}' },
        },
      },
      data: { d: { e: { '//': { metadata: { path: 's/c1/D' } }, n: 'y' } } },
    } as unknown as SynthJson;
    const byPath = leavesByPath(json);
    expect(byPath.get('s/c1/R')?.synthesized).toEqual(['name', 'x', 'tags', 'k', 'v']);
    expect(byPath.get('s/c2/R')?.evaluable).toEqual(['ref', '<ref>']);
    expect(byPath.get('s/c1/D')?.synthesized).toEqual(['n', 'y']);
  });

  test('fails for a resource without its construct path', () => {
    expect(() => leavesByPath({ resource: { t: { a: { name: 'x' } } } } as unknown as SynthJson)).toThrow(
      /without \/\/.metadata.path/,
    );
  });
});
