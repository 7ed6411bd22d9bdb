import { TerraformVariable } from 'cdktf';
import { LogBucket, LogpushPipeline, LogpushValidationError } from '../../index';
import {
  newStack,
  onlyResource,
  resourceCounts,
  resourcesOf,
  scrubAssetHashes,
  synth,
} from '../support/synth';
import { Testing } from 'cdktf';

const ZONE = '023e105f4ecef8ad9ca31a8372d0c353';
const ZONE2 = '1111105f4ecef8ad9ca31a8372d0c353';
const ACCOUNT = '01a7362d577a6c3019a474fd6f485823';

function basic(extra: Partial<ConstructorParameters<typeof LogpushPipeline>[2]> = {}) {
  const stack = newStack();
  const bucket = new LogBucket(stack, 'logs', { bucketName: 'acme-logs', region: 'us-west-2' });
  const pipeline = new LogpushPipeline(stack, 'http', {
    zoneId: ZONE,
    dataset: 'http_requests',
    bucket,
    ...extra,
  });
  return { stack, bucket, pipeline, json: synth(stack) };
}

describe('LogpushPipeline', () => {
  test('defines the job, the challenge and the verification with one destination_conf', () => {
    const { json } = basic({ prefix: 'cloudflare/http_requests' });
    const job = onlyResource(json, 'cloudflare_logpush_job');
    const challenge = onlyResource(json, 'cloudflare_logpush_ownership_challenge');
    const conf = 's3://acme-logs/cloudflare/http_requests/{DATE}?region=us-west-2';
    expect(job.destination_conf).toBe(conf);
    expect(challenge.destination_conf).toBe(conf);
    expect(challenge.zone_id).toBe(ZONE);
    expect(job).toMatchObject({
      zone_id: ZONE,
      dataset: 'http_requests',
      enabled: true,
      name: 'cloudflare.http-requests',
      output_options: { output_type: 'ndjson', timestamp_format: 'rfc3339' },
    });
    expect(job.logpull_options).toBeUndefined();
    const fields = (job.output_options as { field_names: string[] }).field_names;
    expect(fields).toContain('EdgeStartTimestamp');
    expect(fields).not.toContain('OriginResponseTime'); // deprecated
    // The token comes from the SSM parameter the handler kept (a sensitive attribute), never from
    // the invocation's result (issue 17, finding 6).
    expect(job.ownership_challenge).toMatch(
      /^\$\{sensitive\(data\.aws_ssm_parameter\.http_Verification_Token_[0-9A-F]+\.value\)\}$/,
    );
    const parameter = Object.values(
      (json as { data: Record<string, Record<string, Record<string, unknown>>> }).data.aws_ssm_parameter!,
    )[0]!;
    expect(parameter).toEqual({
      name: expect.stringMatching(
        /^\$\{lookup\(jsondecode\(aws_lambda_invocation\.http_Verification_[0-9A-F]+\.result\), "parameter", "\/cdktf-logpush\/ownership"\)\}$/,
      ),
      with_decryption: true,
      depends_on: [expect.stringMatching(/^aws_lambda_invocation\.http_Verification_[0-9A-F]+$/)],
    });
  });

  test('one bucket policy, one function and one role for three pipelines', () => {
    const stack = newStack();
    const bucket = new LogBucket(stack, 'logs', { bucketName: 'acme-logs', region: 'us-west-2' });
    new LogpushPipeline(stack, 'http', { zoneId: ZONE, dataset: 'http_requests', bucket });
    new LogpushPipeline(stack, 'fw', { zoneId: ZONE, dataset: 'firewall_events', bucket });
    new LogpushPipeline(stack, 'audit', {
      accountId: ACCOUNT,
      dataset: 'audit_logs',
      bucket,
      prefix: 'account/audit',
    });
    const json = synth(stack);
    expect(resourceCounts(json)).toMatchObject({
      aws_s3_bucket_policy: 1,
      aws_lambda_function: 1,
      aws_iam_role: 1,
      aws_iam_role_policy: 1,
      cloudflare_logpush_job: 3,
      cloudflare_logpush_ownership_challenge: 3,
      aws_lambda_invocation: 3,
    });
    const policy = JSON.parse(onlyResource(json, 'aws_s3_bucket_policy').policy as string);
    const write = policy.Statement.find((s: { Sid: string }) => s.Sid === 'AllowCloudflareLogpushPutObject');
    expect(write).toEqual({
      Sid: 'AllowCloudflareLogpushPutObject',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::391854517948:user/cloudflare-logpush' },
      Action: 's3:PutObject',
      Resource: [
        'arn:aws:s3:::acme-logs/account/audit/*',
        'arn:aws:s3:::acme-logs/firewall_events/*',
        'arn:aws:s3:::acme-logs/http_requests/*',
      ],
    });
    const audit = Object.values(resourcesOf(json, 'cloudflare_logpush_job')).find(
      (j) => j.dataset === 'audit_logs',
    )!;
    expect(audit.account_id).toBe(ACCOUNT);
    expect(audit.zone_id).toBeUndefined();
  });

  test('requireEncryptionHeader adds sse=AES256 and denies uploads without the header', () => {
    const stack = newStack();
    const bucket = new LogBucket(stack, 'logs', {
      bucketName: 'acme-logs',
      region: 'us-west-2',
      requireEncryptionHeader: true,
    });
    new LogpushPipeline(stack, 'http', {
      zoneId: ZONE,
      dataset: 'http_requests',
      bucket,
      dailySubfolders: false,
    });
    const json = synth(stack);
    expect(onlyResource(json, 'cloudflare_logpush_job').destination_conf).toBe(
      's3://acme-logs/http_requests?region=us-west-2&sse=AES256',
    );
    const policy = JSON.parse(onlyResource(json, 'aws_s3_bucket_policy').policy as string);
    expect(policy.Statement).toContainEqual({
      Sid: 'DenyPutWithoutSseAes256',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:PutObject',
      Resource: 'arn:aws:s3:::acme-logs/*',
      Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'AES256' } },
    });
  });

  test('passes the optional job settings through', () => {
    const { json } = basic({
      fields: ['EdgeStartTimestamp', 'ClientIP'],
      timestampFormat: 'unixnano',
      outputType: 'csv',
      sampleRate: 0.1,
      filter: '{"where":{"key":"ClientRequestHost","operator":"eq","value":"example.com"}}',
      maxUploadBytes: 5_000_000,
      maxUploadIntervalSeconds: 30,
      maxUploadRecords: 1000,
      enabled: false,
      name: 'my-job',
    });
    expect(onlyResource(json, 'cloudflare_logpush_job')).toMatchObject({
      enabled: false,
      name: 'my-job',
      filter: '{"where":{"key":"ClientRequestHost","operator":"eq","value":"example.com"}}',
      max_upload_bytes: 5_000_000,
      max_upload_interval_seconds: 30,
      max_upload_records: 1000,
      output_options: {
        field_names: ['EdgeStartTimestamp', 'ClientIP'],
        output_type: 'csv',
        timestamp_format: 'unixnano',
        sample_rate: 0.1,
      },
    });
  });

  test('no token or secret appears in the synthesized JSON', () => {
    const { stack } = basic();
    const text = Testing.synth(stack);
    expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{5,}\./); // no JWT
    expect(text).not.toMatch(/api_token|api_key/);
  });

  test('two syntheses are identical once asset hashes are scrubbed', () => {
    const a = scrubAssetHashes(Testing.synth(basic().stack));
    const b = scrubAssetHashes(Testing.synth(basic().stack));
    expect(a).toBe(b);
  });

  test('validation skips tokenized values that reach no grant (zone id, region)', () => {
    const stack = newStack();
    const zone = new TerraformVariable(stack, 'zone', { type: 'string' });
    const region = new TerraformVariable(stack, 'region', { type: 'string' });
    const bucket = new LogBucket(stack, 'logs', { bucketName: 'acme-logs', region: region.stringValue });
    new LogpushPipeline(stack, 'http', { zoneId: zone.stringValue, dataset: 'http_requests', bucket });
    const job = onlyResource(synth(stack), 'cloudflare_logpush_job');
    expect(job.zone_id).toBe('${var.zone}');
    expect(job.destination_conf).toBe('s3://acme-logs/http_requests/{DATE}?region=${var.region}');
  });

  test('fails: a bucket name or prefix that is a token (or shaped like one) reaches a grant (UNRESOLVED_GRANT_VALUE)', () => {
    const stack = newStack();
    const name = new TerraformVariable(stack, 'bucket', { type: 'string' });
    const codes = (fn: () => unknown): readonly string[] => {
      try {
        fn();
      } catch (e) {
        if (LogpushValidationError.isLogpushValidationError(e)) return e.codes;
        throw e;
      }
      return [];
    };
    expect(codes(() => new LogBucket(stack, 'a', { bucketName: name.stringValue }))).toEqual([
      'UNRESOLVED_GRANT_VALUE',
    ]);
    const bucket = new LogBucket(stack, 'logs', { bucketName: 'acme-logs', region: 'us-west-2' });
    // A plain string shaped like cdktf's token marker: cdktf would resolve it into another value.
    for (const prefix of ['${TfToken[TOKEN.12]}', name.stringValue, `logs/${name.stringValue}`]) {
      expect(
        codes(
          () => new LogpushPipeline(stack, 'p', { zoneId: ZONE, dataset: 'http_requests', bucket, prefix }),
        ),
      ).toEqual(['UNRESOLVED_GRANT_VALUE']);
    }
    expect(
      codes(
        () =>
          new LogBucket(stack, 'b', {
            serverAccessLogsBucket: bucket,
            serverAccessLogsPrefix: `${name.stringValue}/`,
          }),
      ),
    ).toEqual(['UNRESOLVED_GRANT_VALUE']);
  });
});

describe('LogpushPipeline validation', () => {
  const attempt = (
    props: Record<string, unknown>,
    setup?: (b: LogBucket, s: ReturnType<typeof newStack>) => void,
  ) => {
    const stack = newStack();
    const bucket = new LogBucket(stack, 'logs', { bucketName: 'acme-logs', region: 'us-west-2' });
    setup?.(bucket, stack);
    const before = stack.node.findAll().length;
    try {
      new LogpushPipeline(stack, 'p', { bucket, ...props } as never);
    } catch (e) {
      expect(stack.node.findAll().length).toBe(before); // nothing written
      throw e;
    }
  };

  test('fails for an unknown dataset, listing the datasets of that scope', () => {
    expect(() => attempt({ zoneId: ZONE, dataset: 'http_request' })).toThrow(
      /LogpushPipeline 'p'[\s\S]*dataset: unknown zone dataset; zone datasets are: account_abuse_protection_events, dns_logs, firewall_events, http_requests, spectrum_events, websocket_analytics, zaraz_events \(got "http_request"\)/,
    );
  });

  test('fails for an unknown field, naming it and the closest known names', () => {
    expect(() =>
      attempt({ zoneId: ZONE, dataset: 'http_requests', fields: ['ClientIP', 'EdgeStartTimestmp'] }),
    ).toThrow(
      /fields\.1: unknown field of zone dataset http_requests; closest known: EdgeStartTimestamp, .* \(got "EdgeStartTimestmp"\)/,
    );
  });

  test('fails when both or neither of zoneId and accountId are set', () => {
    expect(() => attempt({ zoneId: ZONE, accountId: ACCOUNT, dataset: 'http_requests' })).toThrow(
      /set exactly one of zoneId \(zone datasets\) or accountId \(account datasets\), not both/,
    );
    expect(() => attempt({ dataset: 'http_requests' })).toThrow(/set exactly one of zoneId/);
  });

  test('fails for audit_logs on a zone', () => {
    expect(() => attempt({ zoneId: ZONE, dataset: 'audit_logs' })).toThrow(
      /dataset: "audit_logs" is an account dataset: set accountId instead of zoneId \(got "audit_logs"\)/,
    );
  });

  test('fails for a zone id that is not 32 hex characters', () => {
    expect(() => attempt({ zoneId: 'example.com', dataset: 'http_requests' })).toThrow(
      /zoneId: must be a Cloudflare zone id: 32 lowercase hex characters \(got "example.com"\)/,
    );
  });

  test('fails for an unknown timestamp format', () => {
    expect(() => attempt({ zoneId: ZONE, dataset: 'http_requests', timestampFormat: 'iso8601' })).toThrow(
      /timestampFormat: invalid option: expected one of "rfc3339"\|"unix"\|"unixnano" \(got "iso8601"\)/,
    );
  });

  test('fails for a dataset the pinned provider rejects', () => {
    expect(() => attempt({ accountId: ACCOUNT, dataset: 'mcp_portal_logs' })).toThrow(
      /dataset: Cloudflare lists this dataset, but the pinned cloudflare provider 5.14.0/,
    );
  });

  test('fails for out-of-range knobs and unknown props, listing every problem at once', () => {
    let message = '';
    try {
      attempt({
        zoneId: ZONE,
        dataset: 'http_requests',
        sampleRate: 0,
        maxUploadIntervalSeconds: 10,
        prefx: 'x',
      });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/unknown prop "prefx"/);
    expect(message).toMatch(/sampleRate: must be greater than 0 and at most 1 \(got 0\)/);
    expect(message).toMatch(
      /maxUploadIntervalSeconds: must be 0 \(Cloudflare's default\) or an integer from 30 to 300 \(got 10\)/,
    );
  });

  test('fails for a prefix with a leading slash or a bad name', () => {
    expect(() => attempt({ zoneId: ZONE, dataset: 'http_requests', prefix: '/logs/' })).toThrow(
      /prefix: must be a key prefix/,
    );
    expect(() => attempt({ zoneId: ZONE, dataset: 'http_requests', name: 'my_job' })).toThrow(
      /name: must be a Logpush job name matching/,
    );
  });

  test('fails for equal or nested prefixes in one bucket', () => {
    const first = (b: LogBucket, s: ReturnType<typeof newStack>) =>
      new LogpushPipeline(s, 'first', { zoneId: ZONE, dataset: 'http_requests', bucket: b, prefix: 'logs' });
    expect(() => attempt({ zoneId: ZONE2, dataset: 'http_requests', prefix: 'logs/zone2' }, first)).toThrow(
      /prefix: overlaps prefix "logs" of test\/first in bucket test\/logs: prefixes in one bucket must be neither equal nor nested \(got "logs\/zone2"\)/,
    );
    expect(() => attempt({ zoneId: ZONE2, dataset: 'http_requests', prefix: 'logs' }, first)).toThrow(
      /overlaps prefix "logs"/,
    );
    const nested = (b: LogBucket, s: ReturnType<typeof newStack>) =>
      new LogpushPipeline(s, 'first', { zoneId: ZONE, dataset: 'http_requests', bucket: b, prefix: 'a/b/c' });
    expect(() => attempt({ zoneId: ZONE2, dataset: 'http_requests', prefix: 'a/b' }, nested)).toThrow(
      /overlaps prefix "a\/b\/c"/,
    );
    expect(() => attempt({ zoneId: ZONE2, dataset: 'http_requests', prefix: 'a/bc' }, nested)).not.toThrow();
  });

  test('fails for a fifth Logpush job in one zone', () => {
    const four = (b: LogBucket, s: ReturnType<typeof newStack>) => {
      for (const d of ['http_requests', 'firewall_events', 'spectrum_events', 'dns_logs']) {
        new LogpushPipeline(s, d, { zoneId: ZONE, dataset: d, bucket: b });
      }
    };
    expect(() => attempt({ zoneId: ZONE, dataset: 'zaraz_events' }, four)).toThrow(
      /zoneId: Cloudflare allows at most 4 Logpush jobs per zone; this app already defines test\/http_requests, test\/firewall_events, test\/spectrum_events, test\/dns_logs/,
    );
    expect(() => attempt({ zoneId: ZONE2, dataset: 'zaraz_events' }, four)).not.toThrow();
  });
});
