/**
 * Issue 17 item 7: `diff` on malformed synthesized outputs exits 2 with ONE line naming what is
 * wrong (code `SYNTH_MALFORMED`), never a stack trace and never exit 1 (which `--fail-on-recreate`
 * reads as a finding). Table-driven, through the real bin.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../support/cli';

const GOOD_STACK = {
  resource: {
    cloudflare_logpush_job: {
      http: {
        zone_id: '023e105f4ecef8ad9ca31a8372d0c353',
        dataset: 'http_requests',
        destination_conf: 's3://b/p',
      },
    },
  },
};

/** A malformed case: the manifest's stacks entry and the stack file's text. */
interface Case {
  readonly name: string;
  readonly manifest?: string;
  readonly stack?: string;
}
const deep = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;

const CASES: Case[] = [
  { name: 'manifest is null', manifest: 'null' },
  { name: 'manifest stacks is an array', manifest: '{"stacks":[1,2]}' },
  { name: 'manifest stacks entry is null', manifest: '{"stacks":{"s":null}}' },
  { name: 'manifest stacks entry path is a number', manifest: '{"stacks":{"s":{"synthesizedStackPath":5}}}' },
  { name: 'manifest is not JSON', manifest: '{"stacks":' },
  { name: 'stack is null', stack: 'null' },
  { name: 'stack is an array', stack: '[]' },
  { name: 'stack is a string', stack: '"x"' },
  { name: 'resource is null', stack: '{"resource":null}' },
  { name: 'resource is an array', stack: '{"resource":[1]}' },
  { name: 'a resource type is null', stack: '{"resource":{"aws_s3_bucket":null}}' },
  { name: 'a resource block is null', stack: '{"resource":{"aws_s3_bucket":{"b":null}}}' },
  { name: 'a resource block is a number', stack: '{"resource":{"aws_s3_bucket":{"b":7}}}' },
  { name: 'a resource type named __proto__', stack: '{"resource":{"__proto__":{"b":{}}}}' },
  { name: 'a resource type that is no Terraform name', stack: '{"resource":{"Bad Type!":{"b":{}}}}' },
  {
    name: 'a resource id named constructor with a job type',
    stack: '{"resource":{"cloudflare_logpush_job":{"__proto__":{}}}}',
  },
  { name: 'moved is a number', stack: '{"moved":5}' },
  { name: 'moved holds null', stack: '{"moved":[null]}' },
  { name: 'moved entry with a numeric from', stack: '{"moved":[{"from":1,"to":"x"}]}' },
  { name: 'data is an array', stack: '{"data":[1]}' },
  { name: 'nesting 100,000 levels deep', stack: deep(100_000) },
  { name: 'stack is not JSON', stack: '{"resource":' },
];

describe('diff: malformed outputs exit 2 with one line', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diff-malformed-'));
    write('good', undefined, JSON.stringify(GOOD_STACK));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  function write(name: string, manifest: string | undefined, stack: string): string {
    const out = path.join(dir, name);
    fs.mkdirSync(path.join(out, 'stacks', 's'), { recursive: true });
    fs.writeFileSync(
      path.join(out, 'manifest.json'),
      manifest ?? JSON.stringify({ stacks: { s: { synthesizedStackPath: 'stacks/s/cdk.tf.json' } } }),
    );
    fs.writeFileSync(path.join(out, 'stacks', 's', 'cdk.tf.json'), stack);
    return out;
  }

  test('has at least 17 cases', () => expect(CASES.length).toBeGreaterThanOrEqual(17));

  test.each(CASES.map((c, i) => ({ ...c, i })))(
    'fails with exit 2 and one line: $name',
    async (c) => {
      const bad = write(`bad${c.i}`, c.manifest, c.stack ?? JSON.stringify(GOOD_STACK));
      for (const args of [
        [path.join(dir, 'good'), bad],
        [bad, path.join(dir, 'good'), '--fail-on-recreate'],
      ]) {
        const r = await runCli(['diff', ...args], { timeoutMs: 30_000 });
        expect({ code: r.code, stderr: r.stderr }).toEqual({
          code: 2,
          stderr: expect.stringContaining('[SYNTH_MALFORMED]') as string,
        });
        expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
        expect(r.stderr).not.toContain('internal error');
        expect(r.stdout).toBe('');
      }
    },
    60_000,
  );
});
