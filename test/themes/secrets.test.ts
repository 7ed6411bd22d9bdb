/**
 * Theme: secret hygiene. No synthesized example holds a secret-shaped value or an insensitive
 * output of a token; the ownership token stays a Terraform expression (test/support/secrets.ts scans).
 */
import * as fs from 'fs';
import * as path from 'path';
import { TerraformOutput, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { LogBucket, LogpushPipeline, OwnershipVerification } from 'cdktf-logpush';
import { insensitiveTokenOutputs, scanForSecrets } from '../support/secrets';
import { newStack, type SynthJson } from '../support/synth';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');

/** Every TerraformStack class exported by examples/<name>/main.ts. */
function exampleStacks(): [string, new (scope: never, id: string) => TerraformStack][] {
  const found: [string, new (scope: never, id: string) => TerraformStack][] = [];
  for (const dir of fs.readdirSync(EXAMPLES).sort()) {
    const main = path.join(EXAMPLES, dir, 'main.ts');
    if (!fs.existsSync(main)) continue;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(main) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) {
      if (typeof value === 'function' && value.prototype instanceof TerraformStack && value.length <= 2) {
        found.push([`${dir}/${name}`, value as new (scope: never, id: string) => TerraformStack]);
      }
    }
  }
  return found;
}

describe('secret hygiene', () => {
  const stacks = exampleStacks();

  test('finds the examples', () => {
    expect(stacks.map(([n]) => n)).toEqual(
      expect.arrayContaining(['basic/BasicStack', 'multi-dataset/MultiDatasetStack']),
    );
  });

  test.each(stacks)(
    'example %s synthesizes no secret-shaped value and no insensitive token output',
    (_, Stack) => {
      const app = Testing.app();
      const text = Testing.synth(new Stack(app as never, 'example'), true);
      expect(scanForSecrets(text)).toEqual([]);
      expect(insensitiveTokenOutputs(JSON.parse(text) as SynthJson)).toEqual([]);
    },
  );

  test('the ownership token stays an expression: no output, no literal, the variable stays sensitive', () => {
    const stack = newStack();
    const bucket = new LogBucket(stack, 'logs', { bucketName: 'acme-logs' });
    const token = new TerraformVariable(stack, 'token', { type: 'string', sensitive: true });
    new LogpushPipeline(stack, 'a', {
      zoneId: '023e105f4ecef8ad9ca31a8372d0c353',
      dataset: 'http_requests',
      bucket,
    });
    new LogpushPipeline(stack, 'b', {
      zoneId: '023e105f4ecef8ad9ca31a8372d0c353',
      dataset: 'dns_logs',
      bucket,
      ownership: OwnershipVerification.fromToken(token.stringValue),
    });
    const text = Testing.synth(stack, true);
    const json = JSON.parse(text) as SynthJson & { variable: Record<string, { sensitive?: boolean }> };
    expect(scanForSecrets(text)).toEqual([]);
    expect(json.output).toBeUndefined();
    expect(json.variable.token!.sensitive).toBe(true);
    const jobs = Object.values(json.resource!.cloudflare_logpush_job!);
    expect(jobs.map((j) => j.ownership_challenge).sort()).toEqual([
      expect.stringMatching(
        /^\$\{sensitive\(data\.aws_ssm_parameter\.a_Verification_Token_[0-9A-F]+\.value\)\}$/,
      ),
      '${var.token}',
    ]);
  });

  test('fails to pass the scan when a secret-shaped value or an insensitive token output is synthesized', () => {
    const stack = newStack();
    const token = new TerraformVariable(stack, 'token', { type: 'string', sensitive: true });
    new TerraformOutput(stack, 'leak', { value: token.stringValue, sensitive: false });
    new TerraformOutput(stack, 'jwt', { value: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln' });
    new TerraformOutput(stack, 'key', { value: 'AKIAIOSFODNN7EXAMPLE' });
    new TerraformOutput(stack, 'cf', { value: 'Zq3vX9kLmN2pQrS8tUvW4xYz1aBcDeFgHiJkLmNo' });
    const text = Testing.synth(stack);
    expect(
      scanForSecrets(text)
        .map((f) => f.kind)
        .sort(),
    ).toEqual(['AWS access key id', 'Cloudflare API token', 'JWT']);
    expect(insensitiveTokenOutputs(JSON.parse(text) as SynthJson)).toEqual(['leak']);
  });
});
