/**
 * Theme: grant layouts and fleet scale. `grants: 'per-dataset'` across LogBucket, LogpushPipeline
 * and PantherLogSource (one grant, notification and log type per dataset, prefixes inside
 * <root>/<dataset>/<id>), and the AWS limits a large fleet meets (policy sizes, 100 notifications).
 */
import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CloudflareProvider } from '@cdktf/provider-cloudflare/lib/provider';
import {
  LogBucket,
  LogpushPipeline,
  LogpushValidationError,
  OwnershipVerification,
  PantherLogSource,
  PantherProvider,
} from '../../index';
import { MAX_BUCKET_NOTIFICATION_CONFIGURATIONS } from '../../src/model/limits';
import { BUCKET_POLICY_MAX_BYTES, ROLE_INLINE_POLICY_MAX_CHARS } from '../../src/policy';
import { newStack, onlyResource, resourcesOf, synth, type SynthJson } from '../support/synth';

const ZONES = ['023e105f4ecef8ad9ca31a8372d0c353', '1f0e2d3c4b5a69788796a5b4c3d2e1f0'];
const ACCOUNT = '01a7362d577a6c3019a474fd6f485823';
const zoneId = (i: number): string => i.toString(16).padStart(32, '0');

interface Statement {
  Sid?: string;
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}
const statements = (policyJson: unknown): Statement[] =>
  (JSON.parse(policyJson as string) as { Statement: Statement[] }).Statement;
const bySid = (policyJson: unknown, sid: string): Statement | undefined =>
  statements(policyJson).find((s) => s.Sid === sid);
const asList = (v: string | string[]): string[] => (typeof v === 'string' ? [v] : v);
const sizeOf = (policyJson: unknown): number => Buffer.byteLength((policyJson as string).replace(/\s+/g, ''));

function setup(stack: TerraformStack, grants: 'per-prefix' | 'per-dataset') {
  new PantherProvider(stack, 'panther', {});
  const bucket = new LogBucket(stack, 'logs', { bucketName: 'acme-logs', region: 'us-west-2', grants });
  const siem = new PantherLogSource(stack, 'panther-source', {
    bucket,
    name: 'cloudflare',
    pantherAwsAccountId: '999999999999',
    awsAccountId: '111111111111',
  });
  return { bucket, siem };
}

describe("grants: 'per-dataset'", () => {
  function small(): SynthJson {
    const stack = newStack();
    const { bucket, siem } = setup(stack, 'per-dataset');
    for (const [i, zone] of ZONES.entries()) {
      for (const dataset of ['http_requests', 'firewall_events']) {
        new LogpushPipeline(stack, `z${i}-${dataset}`, { zoneId: zone, dataset, bucket, siem });
      }
    }
    new LogpushPipeline(stack, 'audit', { accountId: ACCOUNT, dataset: 'audit_logs', bucket, siem });
    return synth(stack);
  }

  test('pipelines write to <root>/<dataset>/<zone or account id>', () => {
    const jobs = Object.values(resourcesOf(small(), 'cloudflare_logpush_job'));
    expect(jobs.map((j) => j.destination_conf).sort()).toEqual([
      `s3://acme-logs/cloudflare/audit_logs/${ACCOUNT}/{DATE}?region=us-west-2`,
      `s3://acme-logs/cloudflare/firewall_events/${ZONES[0]}/{DATE}?region=us-west-2`,
      `s3://acme-logs/cloudflare/firewall_events/${ZONES[1]}/{DATE}?region=us-west-2`,
      `s3://acme-logs/cloudflare/http_requests/${ZONES[0]}/{DATE}?region=us-west-2`,
      `s3://acme-logs/cloudflare/http_requests/${ZONES[1]}/{DATE}?region=us-west-2`,
    ]);
  });

  test("Cloudflare's write grant, Panther's read grant, notifications and log types are one entry per dataset", () => {
    const json = small();
    const perDataset = ['audit_logs', 'firewall_events', 'http_requests'].map(
      (d) => `arn:aws:s3:::acme-logs/cloudflare/${d}/*`,
    );
    const bucketPolicy = onlyResource(json, 'aws_s3_bucket_policy').policy;
    expect(asList(bySid(bucketPolicy, 'AllowCloudflareLogpushPutObject')!.Resource)).toEqual(perDataset);
    const rolePolicy = Object.values(resourcesOf(json, 'aws_iam_role_policy')).find(
      (p) => p.name === 'ReadData',
    )!.policy;
    expect(asList(bySid(rolePolicy, 'ReadRegisteredPrefixes')!.Resource)).toEqual(perDataset);
    expect(bySid(rolePolicy, 'ListRegisteredPrefixes')!.Condition).toEqual({
      StringLike: {
        's3:prefix': [
          'cloudflare/audit_logs/*',
          'cloudflare/firewall_events/*',
          'cloudflare/http_requests/*',
        ],
      },
    });
    const topics = onlyResource(json, 'aws_s3_bucket_notification').topic as { filter_prefix: string }[];
    expect(topics.map((t) => t.filter_prefix)).toEqual([
      'cloudflare/audit_logs/',
      'cloudflare/firewall_events/',
      'cloudflare/http_requests/',
    ]);
    expect(onlyResource(json, 'panther_s3_source').prefix_log_types).toEqual([
      { prefix: 'cloudflare/audit_logs/', log_types: ['Cloudflare.Audit'], excluded_prefixes: [] },
      { prefix: 'cloudflare/firewall_events/', log_types: ['Cloudflare.Firewall'], excluded_prefixes: [] },
      { prefix: 'cloudflare/http_requests/', log_types: ['Cloudflare.HttpRequest'], excluded_prefixes: [] },
    ]);
  });

  test('the ownership challenge stays per job: each invocation reads its own pipeline prefix', () => {
    const inputs = Object.values(resourcesOf(small(), 'aws_lambda_invocation')).map((r) => r.input as string);
    expect(inputs).toHaveLength(5);
    expect(inputs.some((i) => i.includes(`cloudflare/http_requests/${ZONES[1]}`))).toBe(true);
  });

  test('prefixRoot moves the layout', () => {
    const stack = newStack();
    const bucket = new LogBucket(stack, 'logs', {
      bucketName: 'acme-logs',
      region: 'us-west-2',
      grants: 'per-dataset',
      prefixRoot: 'edge/logs',
    });
    new LogpushPipeline(stack, 'http', { zoneId: ZONES[0], dataset: 'http_requests', bucket });
    const json = synth(stack);
    expect(onlyResource(json, 'cloudflare_logpush_job').destination_conf).toBe(
      `s3://acme-logs/edge/logs/http_requests/${ZONES[0]}/{DATE}?region=us-west-2`,
    );
    expect(
      bySid(onlyResource(json, 'aws_s3_bucket_policy').policy, 'AllowCloudflareLogpushPutObject')!.Resource,
    ).toBe('arn:aws:s3:::acme-logs/edge/logs/http_requests/*');
  });

  test('fails when a pipeline names a prefix outside <root>/<dataset>/<id>', () => {
    const stack = newStack();
    const bucket = new LogBucket(stack, 'logs', { bucketName: 'acme-logs', grants: 'per-dataset' });
    for (const prefix of [
      'cloudflare/http_requests',
      `cloudflare/firewall_events/${ZONES[0]}`,
      `logs/${ZONES[0]}`,
    ]) {
      let error: unknown;
      try {
        new LogpushPipeline(stack, `p-${prefix.length}`, {
          zoneId: ZONES[0],
          dataset: 'http_requests',
          bucket,
          prefix,
        });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(LogpushValidationError);
      expect((error as LogpushValidationError).issues).toEqual([
        expect.objectContaining({
          path: 'prefix',
          value: prefix,
          message: expect.stringContaining(`"cloudflare/http_requests/${ZONES[0]}"`),
        }),
      ]);
    }
    // Nothing was defined by the refused pipelines.
    expect(stack.node.children.filter((c) => c.node.id.startsWith('p-'))).toEqual([]);
  });

  test('fails: a server access logs prefix under a per-dataset grant, in either order (PREFIX_UNDER_GRANT)', () => {
    // Cloudflare's writer and the SIEM's reader are granted cloudflare/http_requests/*: a claim
    // beneath it would receive Cloudflare's objects and be read by the SIEM.
    const accessLogs = 'cloudflare/http_requests/access-logs/';
    // GIVEN a per-dataset bucket with a pipeline, THEN access logs under its dataset folder are refused
    const stack = newStack();
    const target = new LogBucket(stack, 'logs', { bucketName: 'acme-logs', grants: 'per-dataset' });
    new LogpushPipeline(stack, 'http', { zoneId: ZONES[0], dataset: 'http_requests', bucket: target });
    let error: unknown;
    try {
      new LogBucket(stack, 'source', { serverAccessLogsBucket: target, serverAccessLogsPrefix: accessLogs });
    } catch (e) {
      error = e;
    }
    expect(LogpushValidationError.isLogpushValidationError(error)).toBe(true);
    expect((error as LogpushValidationError).codes).toEqual(['PREFIX_UNDER_GRANT']);
    expect((error as Error).message).toMatch(/cloudflare\/http_requests\/\*/);
    expect(stack.node.tryFindChild('source')).toBeUndefined();

    // GIVEN the access logs first, THEN the pipeline whose dataset grant would cover them is refused
    const other = newStack('other');
    const target2 = new LogBucket(other, 'logs', { bucketName: 'acme-logs-2', grants: 'per-dataset' });
    new LogBucket(other, 'source', { serverAccessLogsBucket: target2, serverAccessLogsPrefix: accessLogs });
    let second: unknown;
    try {
      new LogpushPipeline(other, 'http', { zoneId: ZONES[0], dataset: 'http_requests', bucket: target2 });
    } catch (e) {
      second = e;
    }
    expect((second as LogpushValidationError).codes).toEqual(['PREFIX_UNDER_GRANT']);
    expect(other.node.tryFindChild('http')).toBeUndefined();
    // Zones of one dataset still share their grant.
    new LogpushPipeline(other, 'dns', { zoneId: ZONES[0], dataset: 'dns_logs', bucket: target2 });
    new LogpushPipeline(other, 'dns2', { zoneId: ZONES[1], dataset: 'dns_logs', bucket: target2 });
  });

  test('fails on an unknown grants value or a bad prefixRoot, naming each', () => {
    const stack = newStack();
    expect(
      () =>
        new LogBucket(stack, 'logs', {
          grants: 'per-zone' as 'per-dataset',
          prefixRoot: '/cloudflare/',
        }),
    ).toThrow(/grants: .*per-prefix.*per-dataset[\s\S]*prefixRoot: must be a key prefix/);
  });
});

/**
 * A fleet in the fleet's layout: bucket and SIEM in one stack, pipelines in another (only the first
 * stack is synthesized, which is where every merged policy lives).
 */
function fleet(zones: number, grants: 'per-prefix' | 'per-dataset') {
  const app = Testing.app();
  const foundation = new TerraformStack(app, 'foundation');
  new AwsProvider(foundation, 'aws', { region: 'us-west-2' });
  const { bucket, siem } = setup(foundation, grants);
  const pipelines = new TerraformStack(app, 'pipelines');
  new AwsProvider(pipelines, 'aws', { region: 'us-west-2' });
  new CloudflareProvider(pipelines, 'cloudflare', {});
  const token = new TerraformVariable(pipelines, 'token', { type: 'string', sensitive: true });
  const ownership = OwnershipVerification.fromToken(token.stringValue);
  const fields = {
    http_requests: ['EdgeStartTimestamp', 'ClientIP'],
    firewall_events: ['Datetime', 'Action'],
  };
  for (let i = 0; i < zones; i++) {
    for (const dataset of ['http_requests', 'firewall_events'] as const) {
      new LogpushPipeline(pipelines, `z${i}-${dataset}`, {
        zoneId: zoneId(i),
        dataset,
        fields: fields[dataset],
        bucket,
        siem,
        ownership,
        ...(grants === 'per-prefix' ? { prefix: `cloudflare/${dataset}/${zoneId(i)}` } : {}),
      });
    }
  }
  return foundation;
}

describe('fleet scale and AWS limits', () => {
  test('10,000 zones x 2 datasets fit one bucket policy, one Panther role and one notification configuration', () => {
    const json = synth(fleet(10_000, 'per-dataset'));
    const bucketPolicy = onlyResource(json, 'aws_s3_bucket_policy').policy;
    const rolePolicy = Object.values(resourcesOf(json, 'aws_iam_role_policy')).find(
      (p) => p.name === 'ReadData',
    )!.policy;
    expect(sizeOf(bucketPolicy)).toBeLessThan(BUCKET_POLICY_MAX_BYTES);
    expect(sizeOf(rolePolicy)).toBeLessThan(ROLE_INLINE_POLICY_MAX_CHARS);
    // Not merely under the limit: the same size as for one zone (two datasets).
    expect(sizeOf(bucketPolicy)).toBe(
      sizeOf(onlyResource(synth(fleet(1, 'per-dataset')), 'aws_s3_bucket_policy').policy),
    );
    expect((onlyResource(json, 'aws_s3_bucket_notification').topic as unknown[]).length).toBe(2);
    expect((onlyResource(json, 'panther_s3_source').prefix_log_types as unknown[]).length).toBe(2);
  }, 120_000);

  test('fails: a per-prefix fleet past AWS limits is refused at synth, naming each limit', () => {
    const foundation = fleet(400, 'per-prefix');
    let message = '';
    try {
      Testing.synth(foundation, true);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/bucket policy of foundation\/logs is \d+ characters, over AWS's limit of 20480/);
    expect(message).toMatch(
      /policy of foundation\/panther-source\/Role is \d+ characters, over AWS's limit of 10240/,
    );
    expect(message).toContain(
      `bucket foundation/logs has 800 event notification configurations, over S3's limit of ${MAX_BUCKET_NOTIFICATION_CONFIGURATIONS}`,
    );
  });

  test('fails: more than 100 notification entries are refused even when the policies fit', () => {
    // 51 zones x 2 datasets, per prefix: 102 notification entries; the policies are still small enough.
    const foundation = fleet(51, 'per-prefix');
    expect(() => Testing.synth(foundation, true)).toThrow(
      /has 102 event notification configurations, over S3's limit of 100/,
    );
    expect(() => Testing.synth(fleet(50, 'per-prefix'), true)).not.toThrow(/event notification/);
  });
});
