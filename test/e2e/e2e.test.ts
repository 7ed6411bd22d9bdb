/**
 * The end-to-end runner (./runner.ts) on examples/basic: it fails, for the reason the real services
 * would give, on a broken writer grant (Cloudflare cannot put the challenge file), a misspelt
 * attribute (the provider schema refuses it) and a token of another destination's challenge (the
 * job is refused); and it succeeds end to end when the local Lambda Invoke endpoint
 * (test/support/lambda-invoke.ts, branch i20b) is there to run the packaged handler inside the apply.
 * Skipped with one line when terraform, the AWS mirror or moto is missing.
 */
import * as fs from 'fs';
import * as path from 'path';
import { motoAvailable } from '../support/moto';
import { REPO } from '../support/tfplugin/examples';
import { findTools } from '../terraform/harness';
import { runE2E, type E2EOptions } from './runner';

const tools = findTools();
const missing = [
  ...(tools.terraform ? [] : ['terraform on PATH']),
  ...(tools.mirror ? [] : ['a hashicorp/aws mirror']),
  ...(motoAvailable() ? [] : ['python3 -m moto.server']),
];
if (missing.length) console.log(`e2e tests skipped: missing ${missing.join(', ')}`);
const invokeEndpoint = fs.existsSync(path.join(REPO, 'test', 'support', 'lambda-invoke.ts'));
if (!invokeEndpoint) {
  console.log(
    'e2e success case skipped: no local Lambda Invoke endpoint (test/support/lambda-invoke.ts, branch i20b)',
  );
}

const BASIC = path.join(REPO, 'examples', 'basic');
type Json = Record<string, Record<string, Record<string, Record<string, unknown>>>>;
const only = (json: Json, type: string) => Object.values(json.resource![type]!)[0]!;

/** Runs examples/basic with the changes; returns the result and Terraform's output. */
async function run(options: E2EOptions) {
  let output = '';
  const result = await runE2E(BASIC, { ...options, log: (t) => (output += t) });
  return { result, output };
}

(missing.length === 0 ? describe : describe.skip)('npm run e2e -- examples/basic', () => {
  jest.setTimeout(20 * 60_000);

  test('fails when the writer grant does not cover the challenge: Cloudflare cannot put the file', async () => {
    const { result, output } = await run({
      tamper: (_stack, json) => {
        const policy = only(json as Json, 'aws_s3_bucket_policy');
        // The grant moved to another prefix: the challenge under cloudflare/http_requests/ is not covered.
        policy.policy = String(policy.policy).replace(
          'arn:aws:s3:::acme-cloudflare-logs/cloudflare/http_requests/*',
          'arn:aws:s3:::acme-cloudflare-logs/elsewhere/*',
        );
      },
    });
    expect(result).toMatchObject({ ok: false, failure: 'apply of cdktf-logpush-basic' });
    expect(output).toContain('error writing the challenge file: AccessDenied');
    expect(output).not.toContain('cloudflare_logpush_job.http_D8F39B44: Creation complete');
  });

  test('fails for a misspelt attribute: the stand-in schema refuses it at plan', async () => {
    const { result, output } = await run({
      tamper: (_stack, json) => {
        const job = only(json as Json, 'cloudflare_logpush_job');
        job.destination_config = job.destination_conf;
        delete job.destination_conf;
      },
    });
    expect(result).toMatchObject({ ok: false, failure: 'apply of cdktf-logpush-basic' });
    expect(output).toContain('destination_config');
    expect(output).not.toContain('Creation complete');
  });

  test("fails with the token of another destination's challenge: the job is refused", async () => {
    const { result, output } = await run({
      tamper: (_stack, json, env) => {
        const job = only(json as Json, 'cloudflare_logpush_job');
        const other = String(job.destination_conf).replace('cloudflare/http_requests', 'cloudflare/other');
        // A genuine challenge, issued for another destination of the same zone.
        env.cloudflare.store.challenges.push({
          scope: 'zones',
          scopeId: String(job.zone_id),
          destinationConf: other,
          filename: 'acme-cloudflare-logs/cloudflare/other/ownership-challenge-0.txt',
          token: 'eyJhbGciOiJIUzI1NiJ9.b3RoZXI.c2lnbmF0dXJl',
        });
        job.ownership_challenge = 'eyJhbGciOiJIUzI1NiJ9.b3RoZXI.c2lnbmF0dXJl';
      },
    });
    expect(result).toMatchObject({ ok: false, failure: 'apply of cdktf-logpush-basic' });
    expect(output).toContain('missing or invalid ownership challenge');
    expect(output).toContain(
      'cloudflare_logpush_ownership_challenge.http_Challenge_6E1DE418: Creation complete',
    );
  });

  (invokeEndpoint ? test : test.skip)(
    'applies, plans no changes, checks the results and destroys (handler run inside the apply)',
    async () => {
      const { result, output } = await run({});
      expect([result, output.slice(-3000)]).toEqual([
        { ok: true, stacks: ['cdktf-logpush-basic'] },
        expect.any(String),
      ]);
      expect(output).toContain('aws_lambda_invocation.http_Verification_6390ABE6: Creation complete');
      expect(output).toContain('No changes. Your infrastructure matches the configuration.');
      expect(output).toContain('1 Cloudflare job(s) hold the token of their own challenge');
      expect(output).toContain('1 Panther source(s) read');
      expect(output).toMatch(/Destroy complete! Resources: \d+ destroyed/);
    },
  );
});

(missing.length === 0 ? describe : describe.skip)('npm run e2e -- examples/ibm-cis', () => {
  jest.setTimeout(10 * 60_000);
  const IBM = path.join(REPO, 'examples', 'ibm-cis');

  test('applies with the token of each job’s own cos challenge, plans no changes and destroys', async () => {
    let output = '';
    const result = await runE2E(IBM, { log: (t) => (output += t) });
    expect([result, output.slice(-2000)]).toEqual([
      { ok: true, stacks: ['cdktf-logpush-ibm-cis'] },
      expect.any(String),
    ]);
    expect(output).toContain('2 CIS job(s) created with the token of a challenge for their own cos object');
    expect(output).toContain('No changes. Your infrastructure matches the configuration.');
  });

  test('fails without a valid ownership token for the job’s cos object: the CIS job is refused', async () => {
    let output = '';
    const result = await runE2E(IBM, {
      log: (t) => (output += t),
      tamper: (_stack, json) => {
        const job = only(json as Json, 'ibm_cis_logpush_job');
        job.ownership_challenge = 'cis.0123456789abcdef0123456789abcdef';
      },
    });
    expect(result).toMatchObject({ ok: false, failure: 'apply of cdktf-logpush-ibm-cis' });
    expect(output).toContain('missing or invalid ownership challenge for this cos destination');
  });
});
