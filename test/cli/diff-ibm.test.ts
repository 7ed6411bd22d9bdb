/**
 * `cdktf-logpush diff` on IBM CIS output synthesized by the constructs: the IBM provider's
 * replacement rules (IBM-Cloud/terraform-provider-ibm v2.5.0, commit 9f9b7ec; src/review/replacement-rules.ts)
 * make it warn when a CIS job, the COS bucket or the IAM policy will be re-created.
 */
import { App, TerraformStack, TerraformVariable } from 'cdktf';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CisLogpushPipeline, CosLogBucket, IbmProvider, OwnershipVerification } from 'cdktf-logpush';
import { CIS_CRN, COS_INSTANCE_CRN, DOMAIN_ID } from '../../examples/ibm-cis/main';
import { runCli } from '../support/cli';

interface Variant {
  readonly bucketName?: string;
  /** The pipeline's construct id: part of the job's Terraform address. */
  readonly pipelineId?: string;
}

function synthIbm(outdir: string, v: Variant = {}): void {
  const app = new App({ outdir });
  const stack = new TerraformStack(app, 'cis');
  new IbmProvider(stack, 'ibm', { region: 'us-south' });
  const bucket = new CosLogBucket(stack, 'logs', {
    bucketName: v.bucketName ?? 'acme-cis-logs',
    resourceInstanceId: COS_INSTANCE_CRN,
    region: 'us-south',
  });
  const token = new TerraformVariable(stack, 'token', { type: 'string', sensitive: true, default: '' });
  new CisLogpushPipeline(stack, v.pipelineId ?? 'http', {
    cisId: CIS_CRN,
    domainId: DOMAIN_ID,
    dataset: 'http_requests',
    fields: 'all',
    bucket,
    prefix: 'cis/http_requests',
    ownership: OwnershipVerification.fromToken(token.stringValue),
  });
  app.synth();
}

interface Recreation {
  stack: string;
  address: string;
  job: boolean;
  reason: string;
}

let dir: string;
const out = (name: string) => path.join(dir, name);

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-logpush-diff-ibm-'));
  synthIbm(out('base'));
  synthIbm(out('renamed-job'), { pipelineId: 'http-requests' });
  synthIbm(out('renamed-bucket'), { bucketName: 'acme-cis-logs-v2' });
}, 120_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('cdktf-logpush diff: IBM CIS', () => {
  test('an IBM CIS job whose address changes is a job re-creation, warned on stderr', async () => {
    const r = await runCli(['diff', out('base'), out('renamed-job'), '--json', '--fail-on-recreate']);
    expect(r.code).toBe(1);
    const recreations = (JSON.parse(r.stdout) as { recreations: Recreation[] }).recreations;
    expect(recreations).toEqual([
      {
        stack: 'cis',
        address: expect.stringMatching(/^ibm_cis_logpush_job\.http-requests_/),
        job: true,
        reason: expect.stringMatching(
          /^the IBM CIS job moves from ibm_cis_logpush_job\.http_.* to ibm_cis_logpush_job\.http-requests_.*: Terraform destroys the old job and creates a new one.*resource_ibm_cis_logpush_job\.go: no ForceNew.*logs between destroy and create are lost$/,
        ),
      },
    ]);
    expect(r.stderr).toContain('WARNING: 1 resource(s) re-created, 1 Logpush job(s)');
    const md = await runCli(['diff', out('base'), out('renamed-job')]);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain(
      'RE-CREATION: 1 resource(s) will be destroyed and created again, 1 of them Logpush job(s)',
    );
  });

  test('a renamed COS bucket is re-created (bucket_name ForceNew); the job is updated in place', async () => {
    const r = await runCli(['diff', out('base'), out('renamed-bucket'), '--json']);
    expect(r.code).toBe(0);
    const recreations = (JSON.parse(r.stdout) as { recreations: Recreation[] }).recreations;
    const bucket = recreations.filter((x) => x.address.startsWith('ibm_cos_bucket.'));
    expect(bucket).toEqual([
      {
        stack: 'cis',
        address: expect.stringMatching(/^ibm_cos_bucket\.logs_/),
        job: false,
        reason:
          'bucket_name: "acme-cis-logs" -> "acme-cis-logs-v2" (IBM-Cloud/terraform-provider-ibm v2.5.0 ' +
          '(commit 9f9b7ec) ibm/service/cos/resource_ibm_cos_bucket.go: ForceNew). lifecycle.prevent_destroy is set: ' +
          '`terraform plan` fails until the old resource leaves the state (`terraform state rm`, keeping it) or the ' +
          'change is reverted. Logs already written stay in the old bucket',
      },
    ]);
    // Everything else is updated in place: the job's cos (no ForceNew), the IAM policy's resources.
    expect(recreations.filter((x) => x.address !== bucket[0]!.address)).toEqual([]);
    expect(r.stderr).toContain('WARNING: 1 resource(s) re-created\n');
  });

  test('an unchanged IBM output: no re-creation, no warning', async () => {
    const r = await runCli(['diff', out('base'), out('base'), '--json', '--fail-on-recreate']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { recreations: Recreation[] }).recreations).toEqual([]);
    expect(r.stderr).toBe('');
  });
});
