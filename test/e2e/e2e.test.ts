/**
 * The end-to-end runner (./runner.ts), as CI runs it: `e2e` succeeds for EVERY example (each
 * examples/* folder with a main.ts, except ci: applies, plans no changes, checks, destroys), with the
 * packaged handler run inside the apply through the local Lambda Invoke endpoint
 * (test/support/lambda-invoke.ts); and on examples/basic it fails, for the reason the real services
 * would give, on a broken writer grant (Cloudflare cannot put the challenge file), a misspelt
 * attribute (the provider schema refuses it) and a token of another destination's challenge (the job
 * is refused); and on examples/ibm-cis the same three for IBM (CIS cannot write the challenge into
 * COS, the stand-in's schema refuses the attribute, CIS refuses the job) plus a token that is none. Each run prints its time. Skipped with one line when terraform, the AWS mirror or moto
 * is missing.
 */
import * as path from 'path';
import { motoAvailable } from '../support/moto';
import { exampleDirs, REPO } from '../support/tfplugin/examples';
import { findTools } from '../terraform/harness';
import { runE2E, type E2EOptions } from './runner';

const tools = findTools();
const missing = [
  ...(tools.terraform ? [] : ['terraform on PATH']),
  ...(tools.mirror ? [] : ['a hashicorp/aws mirror']),
  ...(motoAvailable() ? [] : ['python3 -m moto.server']),
];
if (missing.length) console.log(`e2e tests skipped: missing ${missing.join(', ')}`);

/** Every deployable example (ci holds workflow files, not a deployable app). */
const ALL_EXAMPLES = exampleDirs().filter((d) => path.basename(d) !== 'ci');
/**
 * What CI applies: every example, the fleet's foundation and all its shards included. (The fleet was
 * gated behind E2E_FLEET=1 while the runner's bucket-policy lift raced the challenges' PutObject:
 * fixed in PolicyLifts, regression test ./policy-lifts.test.ts.)
 */
const EXAMPLES = ALL_EXAMPLES;

const BASIC = path.join(REPO, 'examples', 'basic');
type Json = Record<string, Record<string, Record<string, Record<string, unknown>>>>;
const only = (json: Json, type: string) => Object.values(json.resource![type]!)[0]!;

/** Runs an example (examples/basic by default) with the changes; returns the result, output and time. */
async function run(options: E2EOptions, dir = BASIC) {
  let output = '';
  const started = Date.now();
  const result = await runE2E(dir, { ...options, log: (t) => (output += t) });
  const seconds = (Date.now() - started) / 1000;
  console.log(
    `e2e ${path.relative(REPO, dir)}${options.tamper ? ' (tampered)' : ''}: ${seconds.toFixed(1)} s`,
  );
  return { result, output };
}

(missing.length === 0 ? describe : describe.skip)('npm run e2e -- examples/<every example>', () => {
  jest.setTimeout(40 * 60_000);

  test('the examples found are the ones CI applies', () => {
    expect(ALL_EXAMPLES.map((d) => path.basename(d))).toEqual(
      expect.arrayContaining(['basic', 'fleet', 'ibm-cis', 'multi-dataset', 'split']),
    );
  });

  test.each(EXAMPLES.map((d) => [path.basename(d), d]))(
    'examples/%s: applies every stack, plans no changes, checks the results and destroys',
    async (name, dir) => {
      const { result, output } = await run({}, dir);
      expect([result.ok, result.ok ? '' : output.slice(-3000)]).toEqual([true, '']);
      expect(output).toContain('No changes. Your infrastructure matches the configuration.');
      expect(output).toMatch(/Destroy complete! Resources: \d+ destroyed/);
      if (name === 'basic') {
        expect(result.stacks).toEqual(['cdktf-logpush-basic']);
        expect(output).toContain('aws_lambda_invocation.http_Verification_6390ABE6: Creation complete');
        expect(output).toContain('1 Cloudflare job(s) hold the token of their own challenge');
        expect(output).toContain('1 Panther source(s) read');
      }
      if (name === 'ibm-cis') {
        expect(result.stacks).toEqual(['cdktf-logpush-ibm-cis']);
        expect(output).toContain(
          '2 CIS job(s) created with the token of a challenge for their own cos object, into 1 COS ' +
            "bucket(s) that grant CIS's writer Object Writer (invited, policy in IAM)",
        );
        // The bucket and the grant exist before any challenge is asked for (the README's first apply).
        expect(
          output.indexOf('ibm_iam_user_policy.logs_CisWriterPolicy_B33847D6: Creation complete'),
        ).toBeLessThan(output.search(/ibm_cis_logpush_job\.\S+: Creating\.\.\./));
      }
      if (name === 'fleet') expect(result.stacks.length).toBeGreaterThan(2);
    },
  );
});

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
});

(missing.length === 0 ? describe : describe.skip)('npm run e2e -- examples/ibm-cis', () => {
  jest.setTimeout(10 * 60_000);
  const IBM = path.join(REPO, 'examples', 'ibm-cis');
  const STACK = 'cdktf-logpush-ibm-cis';
  const jobsOf = (json: Json) => json.resource!.ibm_cis_logpush_job!;

  test('fails without a valid ownership token for the job’s cos object: the CIS job is refused', async () => {
    const { result, output } = await run(
      {
        tamper: (_stack, json) => {
          const job = only(json as Json, 'ibm_cis_logpush_job');
          job.ownership_challenge = 'cis.0123456789abcdef0123456789abcdef';
        },
      },
      IBM,
    );
    expect(result).toMatchObject({ ok: false, failure: `apply of ${STACK}` });
    expect(output).toContain('missing or invalid ownership challenge for this cos destination');
  });

  test('fails when the writer grant covers another bucket: CIS cannot write the challenge into COS', async () => {
    const { result, output } = await run(
      {
        tamper: (_stack, json) => {
          const policy = only(json as Json, 'ibm_iam_user_policy');
          const resources = (
            Array.isArray(policy.resources) ? policy.resources[0] : policy.resources
          ) as Record<string, unknown>;
          resources.resource = 'acme-other-logs';
        },
      },
      IBM,
    );
    expect(result).toMatchObject({ ok: false, failure: `ownership challenge of ${STACK}` });
    expect(output).toContain(
      'AccessDenied: cislogp@us.ibm.com has no policy that lets it write objects into COS bucket acme-cis-logs',
    );
    // The grant itself applied (as it would: IAM accepts a policy on any bucket name).
    expect(output).toContain('ibm_iam_user_policy.logs_CisWriterPolicy_B33847D6: Creation complete');
    expect(output).not.toMatch(/ibm_cis_logpush_job\.\S+: Creation complete/);
  });

  test('fails for a misspelt attribute of the COS bucket: the stand-in schema refuses it', async () => {
    const { result, output } = await run(
      {
        tamper: (_stack, json) => {
          const bucket = only(json as Json, 'ibm_cos_bucket');
          bucket.region_locaton = bucket.region_location;
          delete bucket.region_location;
        },
      },
      IBM,
    );
    expect(result).toMatchObject({
      ok: false,
      failure: `apply of ${STACK} (the bucket and the writer grant)`,
    });
    expect(output).toContain('region_locaton');
    expect(output).not.toContain('Creation complete');
  });

  test("fails with the token of another cos object's challenge: the CIS job is refused", async () => {
    const { result, output } = await run(
      {
        tamper: (_stack, json) => {
          // The http_requests job reads the range_events job's token: a genuine token, issued for
          // the same bucket and domain but the other job's path.
          const jobs = jobsOf(json as Json);
          const http = Object.entries(jobs).find(([name]) => name.startsWith('http_requests'))![1];
          const range = Object.entries(jobs).find(([name]) => name.startsWith('range_events'))![1];
          http.ownership_challenge = range.ownership_challenge;
        },
      },
      IBM,
    );
    expect(result).toMatchObject({ ok: false, failure: `apply of ${STACK}` });
    expect(output).toContain('missing or invalid ownership challenge for this cos destination');
    expect(output).not.toMatch(/ibm_cis_logpush_job\.http_requests_\S+: Creation complete/);
  });
});
