/**
 * src/cli/status-pipelines.ts: the pipelines a synthesized output declares, as `status` checks them
 * (no API involved). Fleet files as input are covered by test/cli/status.test.ts.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CliError, EXIT, type CliIo } from '../../../src/cli/io';
import {
  isResolvable,
  readDeclaredPipelines,
  type DeclaredPipeline,
} from '../../../src/cli/status-pipelines';

const ZONE = '023e105f4ecef8ad9ca31a8372d0c353';
const ACCOUNT = '01a7362d577a6c3019a474fd6f485823';
const DOMAIN = '0123456789abcdef0123456789abcdef';
const CRN =
  'crn:v1:bluemix:public:internet-svcs:global:a/4ea1882a2d3401ed1e459979941966ea:9b2c6bd6-3c3c-4f1e-9d52-2fa0ec4e4e4f::';
const io = undefined as unknown as CliIo; // a synthesized output never reports through io

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'status-pipelines-'));
  const stack = (name: string, resource: unknown) => {
    fs.mkdirSync(path.join(dir, 'stacks', name), { recursive: true });
    fs.writeFileSync(path.join(dir, 'stacks', name, 'cdk.tf.json'), JSON.stringify({ resource }));
  };
  fs.writeFileSync(
    path.join(dir, 'manifest.json'),
    JSON.stringify({ stacks: { 'logs-shard-0': {}, ibm: {} } }),
  );
  stack('logs-shard-0', {
    cloudflare_logpush_job: {
      http: {
        zone_id: ZONE,
        dataset: 'http_requests',
        destination_conf: 's3://acme/http/{DATE}?region=us-west-2',
      },
      audit: { account_id: ACCOUNT, dataset: 'audit_logs', destination_conf: '${local.dest}' },
    },
  });
  stack('ibm', {
    ibm_cis_logpush_job: {
      cis: {
        cis_id: CRN,
        domain_id: DOMAIN,
        dataset: 'http_requests',
        cos: JSON.stringify({
          bucket_name: 'b',
          id: 'guid',
          region: 'us-south',
          path: 'cis',
          use_daily_subfolder: true,
        }),
      },
    },
  });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('readDeclaredPipelines', () => {
  test('every Cloudflare and CIS job of a synthesized output, with where it is declared', async () => {
    const pipelines = await readDeclaredPipelines(io, dir);
    expect(pipelines).toEqual([
      {
        provider: 'cloudflare',
        scope: 'zone',
        scopeId: ZONE,
        dataset: 'http_requests',
        destination: 's3://acme/http/{DATE}?region=us-west-2',
        shard: 'logs-shard-0',
        source: 'logs-shard-0/cloudflare_logpush_job.http',
      },
      {
        provider: 'cloudflare',
        scope: 'account',
        scopeId: ACCOUNT,
        dataset: 'audit_logs',
        destination: '${local.dest}',
        shard: 'logs-shard-0',
        source: 'logs-shard-0/cloudflare_logpush_job.audit',
      },
      {
        provider: 'cis',
        scope: 'zone',
        scopeId: DOMAIN,
        cisCrn: CRN,
        dataset: 'http_requests',
        destination: 'cos://b/cis/{DATE}?region=us-south&instance-id=guid',
        shard: 'ibm',
        source: 'ibm/ibm_cis_logpush_job.cis',
      },
    ]);
  });

  test('--shard keeps the stacks named shard-N or ending in -shard-N', async () => {
    expect((await readDeclaredPipelines(io, dir, 'shard-0')).map((p) => p.source)).toEqual([
      'logs-shard-0/cloudflare_logpush_job.http',
      'logs-shard-0/cloudflare_logpush_job.audit',
    ]);
  });

  test('fails with a usage error for a shard without pipelines, listing the shards', async () => {
    await expect(readDeclaredPipelines(io, dir, 'shard-9')).rejects.toMatchObject({
      exitCode: EXIT.usage,
      message: '--shard shard-9: no pipeline in that shard (shards: ibm, logs-shard-0)',
    });
  });

  test('fails with a usage error for a path that does not exist, and for a directory that is no output', async () => {
    await expect(readDeclaredPipelines(io, path.join(dir, 'nope'))).rejects.toBeInstanceOf(CliError);
    await expect(readDeclaredPipelines(io, path.join(dir, 'stacks'))).rejects.toMatchObject({
      exitCode: EXIT.usage,
    });
  });
});

describe('isResolvable', () => {
  const p: DeclaredPipeline = {
    provider: 'cloudflare',
    scope: 'zone',
    scopeId: ZONE,
    dataset: 'd',
    source: 's',
  };
  test('a known id is; an unknown one, a reference, or a CIS job without a literal CRN is not', () => {
    expect(isResolvable(p)).toBe(true);
    expect(isResolvable({ ...p, scopeId: '' })).toBe(false);
    expect(isResolvable({ ...p, scopeId: '${var.zone}' })).toBe(false);
    expect(isResolvable({ ...p, provider: 'cis', cisCrn: CRN })).toBe(true);
    expect(isResolvable({ ...p, provider: 'cis' })).toBe(false);
    expect(isResolvable({ ...p, provider: 'cis', cisCrn: '${var.crn}' })).toBe(false);
  });
});
