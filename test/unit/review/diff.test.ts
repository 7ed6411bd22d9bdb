import { diffSynth, type StackJson, type SynthOutput } from '../../../src/review';

const ZONE = '023e105f4ecef8ad9ca31a8372d0c353';
const OTHER_ZONE = '9a7806061c88ada191ed06f989cc3dac';

function job(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    zone_id: ZONE,
    dataset: 'http_requests',
    destination_conf: 's3://logs/http_requests/{DATE}?region=us-west-2',
    output_options: { field_names: ['ClientIP', 'RayID'], output_type: 'ndjson' },
    ownership_challenge: 'eyJhbGciOiJub25lIn0.e30.c2ln',
    ...overrides,
  };
}

function out(stacks: Record<string, StackJson>): SynthOutput {
  return new Map(Object.entries(stacks));
}

const jobs = (byId: Record<string, Record<string, unknown>>, extra: Partial<StackJson> = {}): StackJson => ({
  resource: { cloudflare_logpush_job: byId },
  ...extra,
});

describe('diffSynth', () => {
  test('a zone_id change re-creates the job (RequiresReplace) and says that logs are lost', () => {
    const d = diffSynth(
      out({ s: jobs({ http: job() }) }),
      out({ s: jobs({ http: job({ zone_id: OTHER_ZONE }) }) }),
    );
    expect(d.recreations).toEqual([
      expect.objectContaining({
        stack: 's',
        address: 'cloudflare_logpush_job.http',
        job: true,
        reason: expect.stringContaining('Cloudflare never backfills'),
      }),
    ]);
    expect(d.recreations[0]!.reason).toContain(`zone_id: "${ZONE}" -> "${OTHER_ZONE}"`);
  });

  test('dataset is RequiresReplaceIfConfigured: a new dataset re-creates, an unset one does not', () => {
    const before = out({ s: jobs({ http: job() }) });
    const other = diffSynth(before, out({ s: jobs({ http: job({ dataset: 'firewall_events' }) }) }));
    expect(other.recreations).toEqual([
      expect.objectContaining({ job: true, reason: expect.stringContaining('dataset') }),
    ]);
    const unset = diffSynth(before, out({ s: jobs({ http: job({ dataset: undefined }) }) }));
    expect(unset.recreations).toEqual([]);
    expect(unset.pipelines.changed[0]!.changes).toEqual([
      { attribute: 'dataset', old: 'http_requests', new: undefined },
    ]);
  });

  test('a kind change is a re-creation (create-only in the API)', () => {
    const d = diffSynth(out({ s: jobs({ http: job() }) }), out({ s: jobs({ http: job({ kind: 'edge' }) }) }));
    expect(d.recreations).toEqual([
      expect.objectContaining({ job: true, reason: expect.stringContaining('kind') }),
    ]);
  });

  test('a filter change is an in-place change, listed with old and new values; the token is never shown', () => {
    const d = diffSynth(
      out({ s: jobs({ http: job() }) }),
      out({
        s: jobs({
          http: job({ filter: '{"where":{}}', ownership_challenge: 'eyJhbGciOiJub25lIn0.e30.b3RoZXI' }),
        }),
      }),
    );
    expect(d.recreations).toEqual([]);
    expect(d.pipelines.changed[0]!.changes).toEqual([
      { attribute: 'filter', old: undefined, new: '{"where":{}}' },
      { attribute: 'ownership_challenge' },
    ]);
    expect(JSON.stringify(d)).not.toContain('b3RoZXI');
  });

  test('a renamed address with a moved block is a move, not a re-creation', () => {
    const d = diffSynth(
      out({ s: jobs({ http: job() }) }),
      out({
        s: jobs(
          { 'http-requests': job() },
          { moved: [{ from: 'cloudflare_logpush_job.http', to: 'cloudflare_logpush_job.http-requests' }] },
        ),
      }),
    );
    expect(d.pipelines.moved).toHaveLength(1);
    expect(d.recreations).toEqual([]);
  });

  test('a job that moves to another stack is re-created (a moved block cannot cross states)', () => {
    const d = diffSynth(
      out({ a: jobs({ http: job() }), b: jobs({}) }),
      out({ a: jobs({}), b: jobs({ http: job() }) }),
    );
    expect(d.pipelines.moved).toEqual([
      { from: expect.objectContaining({ stack: 'a' }), to: expect.objectContaining({ stack: 'b' }) },
    ]);
    expect(d.recreations).toEqual([
      expect.objectContaining({ stack: 'b', job: true, reason: expect.stringContaining('from stack a') }),
    ]);
    expect(d.touchedStacks).toEqual(['a', 'b']);
  });

  test('a removed Deny widens, an added Allow widens, a policy expression is flagged for review', () => {
    const policy = (statements: unknown[]) =>
      JSON.stringify({ Version: '2012-10-17', Statement: statements });
    const deny = { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::logs/*' };
    const allow = {
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111122223333:root' },
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::logs/*',
    };
    const d = diffSynth(
      out({
        s: {
          resource: {
            aws_s3_bucket_policy: { p: { policy: policy([deny]) } },
            aws_sns_topic_policy: { t: { policy: '${jsonencode({})}' } },
          },
        },
      }),
      out({
        s: {
          resource: {
            aws_s3_bucket_policy: { p: { policy: policy([allow]) } },
            aws_sns_topic_policy: { t: { policy: '${jsonencode({"a" = 1})}' } },
          },
        },
      }),
    );
    expect(d.grants).toEqual([
      expect.objectContaining({
        address: 'aws_s3_bucket_policy.p',
        change: 'widened',
        effect: 'Allow',
        principal: 'AWS:arn:aws:iam::111122223333:root',
      }),
      expect.objectContaining({
        address: 'aws_s3_bucket_policy.p',
        change: 'widened',
        effect: 'Deny',
        principal: '*',
      }),
      expect.objectContaining({
        address: 'aws_sns_topic_policy.t',
        resource: expect.stringContaining('review it by hand'),
      }),
    ]);
  });

  test('the local backend path (absolute, per checkout) does not touch a stack; metadata neither', () => {
    const stack = (p: string, meta: string): StackJson => ({
      terraform: { backend: { local: { path: p } } },
      resource: { cloudflare_logpush_job: { http: { ...job(), '//': { metadata: { path: meta } } } } },
    });
    const d = diffSynth(
      out({ s: stack('/base/terraform.s.tfstate', 'x') }),
      out({ s: stack('/pr/terraform.s.tfstate', 'y') }),
    );
    expect(d.touchedStacks).toEqual([]);
    expect(d.pipelines.changed).toEqual([]);
  });
});
