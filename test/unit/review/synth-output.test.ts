/**
 * src/review/synth-output.ts (and its private JSON helpers): reading a `cdktf synth` output
 * directory for the diff, refusing anything that is not one with a SynthOutputError and a code.
 * The CLI's exit codes for these are tested in test/cli/diff-malformed.test.ts.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SynthOutputError } from '../../../src/review/errors';
import { canonical, dedupe, list, references } from '../../../src/review/private/json';
import { checkStackJson, MAX_SYNTH_DEPTH, readSynthOutput } from '../../../src/review/synth-output';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-output-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(rel: string, value: unknown): void {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), typeof value === 'string' ? value : JSON.stringify(value));
}

async function refusal(work: Promise<unknown>): Promise<SynthOutputError> {
  try {
    await work;
  } catch (e) {
    expect(e).toBeInstanceOf(SynthOutputError);
    return e as SynthOutputError;
  }
  throw new Error('expected a SynthOutputError');
}

const STACK = { resource: { aws_s3_bucket: { logs_0B6081B1: { bucket: 'acme-logs' } } } };

describe('readSynthOutput', () => {
  test('reads every stack the manifest names, at its path or the default one', async () => {
    write('manifest.json', { stacks: { a: { synthesizedStackPath: 'stacks/a/cdk.tf.json' }, b: {} } });
    write('stacks/a/cdk.tf.json', STACK);
    write('stacks/b/cdk.tf.json', { moved: [{ from: 'a.b', to: 'a.c' }] });
    const out = await readSynthOutput(dir);
    expect([...out.keys()]).toEqual(['a', 'b']);
    expect(out.get('a')).toEqual(STACK);
  });

  test('fails with SYNTH_NOT_FOUND for a directory without manifest.json', async () => {
    const e = await refusal(readSynthOutput(dir));
    expect(e.code).toBe('SYNTH_NOT_FOUND');
    expect(e.message).toContain('run cdktf synth');
  });

  test('fails with SYNTH_OUTSIDE for a stack path that leaves the output', async () => {
    write('manifest.json', { stacks: { a: { synthesizedStackPath: '../elsewhere/cdk.tf.json' } } });
    expect((await refusal(readSynthOutput(dir))).code).toBe('SYNTH_OUTSIDE');
  });

  test.each([
    ['a manifest that is not JSON', '{', /is not JSON/],
    ['a manifest without stacks', {}, /has no "stacks" object/],
    ['a prototype key as a stack name', '{"stacks":{"__proto__":{}}}', /is not a stack entry/],
    ['a stack path that is not a string', { stacks: { a: { synthesizedStackPath: 3 } } }, /is not a string/],
    ['a stack file that is missing', { stacks: { a: {} } }, /cannot read/],
  ])('fails with SYNTH_MALFORMED for %s', async (_name, manifest, message) => {
    write('manifest.json', manifest);
    const e = await refusal(readSynthOutput(dir));
    expect(e.code).toBe('SYNTH_MALFORMED');
    expect(e.message).toMatch(message);
  });

  test(`fails for a stack nested deeper than ${MAX_SYNTH_DEPTH} levels, without overflowing`, async () => {
    write('manifest.json', { stacks: { a: {} } });
    write('stacks/a/cdk.tf.json', '['.repeat(MAX_SYNTH_DEPTH + 5) + ']'.repeat(MAX_SYNTH_DEPTH + 5));
    expect((await refusal(readSynthOutput(dir))).message).toContain(`nests deeper than ${MAX_SYNTH_DEPTH}`);
  });
});

describe('checkStackJson', () => {
  test('accepts what the diff reads', () => {
    expect(checkStackJson('s', { ...STACK, data: {}, terraform: {}, moved: [] })).toMatchObject(STACK);
  });

  test.each([
    ['a list', [], /is not a Terraform JSON object/],
    [
      'a type that is not a Terraform type name',
      { resource: { 'AWS-Bucket': {} } },
      /is not a Terraform type name/,
    ],
    [
      'a prototype key as an id',
      { resource: { aws_s3_bucket: JSON.parse('{"__proto__":{}}') } },
      /identifier/,
    ],
    [
      'a block that is not an object',
      { data: { aws_region: { r: 1 } } },
      /data.aws_region.r is not an object/,
    ],
    ['a moved entry without to', { moved: [{ from: 'a.b' }] }, /moved\[0\]/],
    ['terraform that is not an object', { terraform: 'x' }, /"terraform" is not an object/],
  ])('fails for %s', (_name, value, message) => {
    expect(() => checkStackJson('stack a', value)).toThrow(message);
  });
});

describe('review JSON helpers', () => {
  test('canonical sorts keys at every level and drops cdktf metadata; list, dedupe and references read what they say', () => {
    expect(canonical({ b: 1, a: { d: [2, 1], c: null } })).toBe(
      canonical({ a: { c: null, d: [2, 1] }, b: 1 }),
    );
    expect(canonical({ a: [1, 2] })).not.toBe(canonical({ a: [2, 1] }));
    expect(list('x')).toEqual(['x']);
    expect(list(['x', 'y'])).toEqual(['x', 'y']);
    expect(dedupe([1, 2, 1, 3, 2])).toEqual([1, 2, 3]);
    expect(canonical({ '//': { metadata: 1 }, a: 1 })).toBe('{"a":1}');
    expect(references({ Resource: '${aws_s3_bucket.logs.arn}/*' }, 'aws_s3_bucket.logs')).toBe(true);
    expect(references({ depends_on: ['aws_s3_bucket.logs'] }, 'aws_s3_bucket.logs')).toBe(false);
    expect(references({ bucket: '${aws_s3_bucket.logs_2.id}' }, 'aws_s3_bucket.logs')).toBe(false);
  });
});
