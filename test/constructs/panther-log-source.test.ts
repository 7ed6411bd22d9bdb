import { Testing } from 'cdktf';
import { LogBucket, LogpushPipeline, PantherLogSource, PantherProvider } from '../../index';
import { ALLOW_ALL, BUCKET_ACCOUNT, decide, withoutTokens } from '../support/iam';
import { newStack, onlyResource, resourceCounts, resourcesOf, synth, type SynthJson } from '../support/synth';

const ZONE = '023e105f4ecef8ad9ca31a8372d0c353';
const ACCOUNT = '01a7362d577a6c3019a474fd6f485823';
const PANTHER = '999999999999';

type Options = Partial<ConstructorParameters<typeof PantherLogSource>[2]>;

/** A bucket, a Panther source and three pipelines of different datasets. */
function fleet(options: Options = {}) {
  const stack = newStack();
  new PantherProvider(stack, 'panther', {});
  const bucket = new LogBucket(stack, 'logs', { bucketName: 'acme-logs', region: 'us-west-2' });
  const siem = new PantherLogSource(stack, 'panther-source', {
    bucket,
    name: 'cloudflare',
    pantherAwsAccountId: PANTHER,
    awsAccountId: BUCKET_ACCOUNT,
    ...options,
  });
  new LogpushPipeline(stack, 'http', {
    zoneId: ZONE,
    dataset: 'http_requests',
    bucket,
    prefix: 'cf/http',
    siem,
  });
  new LogpushPipeline(stack, 'fw', {
    zoneId: ZONE,
    dataset: 'firewall_events',
    bucket,
    prefix: 'cf/fw',
    siem,
  });
  new LogpushPipeline(stack, 'audit', {
    accountId: ACCOUNT,
    dataset: 'audit_logs',
    bucket,
    prefix: 'cf/audit',
    siem,
  });
  return { stack, bucket, siem, json: synth(stack) };
}

const rolePolicyNamed = (json: SynthJson, name: string) =>
  Object.values(resourcesOf(json, 'aws_iam_role_policy')).find((p) => p.name === name)!;

describe('PantherLogSource', () => {
  test('registers every prefix with its log type in panther_s3_source', () => {
    const { json } = fleet();
    const source = onlyResource(json, 'panther_s3_source');
    expect(source).toMatchObject({
      name: 'cloudflare',
      aws_account_id: BUCKET_ACCOUNT,
      bucket_name: 'acme-logs',
      log_stream_type: 'Lines',
      panther_managed_bucket_notifications_enabled: false,
      log_processing_role_arn: expect.stringMatching(
        /^\$\{aws_iam_role\.panther-source_Role_[0-9A-F]+\.arn\}$/,
      ),
    });
    expect(source.prefix_log_types).toEqual([
      { prefix: 'cf/audit/', log_types: ['Cloudflare.Audit'], excluded_prefixes: [] },
      { prefix: 'cf/fw/', log_types: ['Cloudflare.Firewall'], excluded_prefixes: [] },
      { prefix: 'cf/http/', log_types: ['Cloudflare.HttpRequest'], excluded_prefixes: [] },
    ]);
    expect(
      (json.terraform as { required_providers: Record<string, unknown> }).required_providers.panther,
    ).toEqual({
      source: 'panther-labs/panther',
      version: '0.2.12',
    });
    expect(json.provider).toHaveProperty('panther');
  });

  test("the role trusts Panther's account over TLS only", () => {
    const { json } = fleet();
    const role = Object.values(resourcesOf(json, 'aws_iam_role')).find((r) =>
      String(r.name).startsWith('Panther'),
    )!;
    expect(JSON.parse(role.assume_role_policy as string)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${PANTHER}:root` },
          Action: 'sts:AssumeRole',
          Condition: { Bool: { 'aws:SecureTransport': true } },
        },
      ],
    });
    expect(role.name).toBe('PantherLogProcessingRole-cloudflare');
  });

  test('the role is read-only and scoped to the registered prefixes', () => {
    const { json } = fleet();
    const policy = JSON.parse(rolePolicyNamed(json, 'ReadData').policy as string);
    expect(policy.Statement).toEqual([
      {
        Sid: 'GetBucketLocation',
        Effect: 'Allow',
        Action: 's3:GetBucketLocation',
        Resource: 'arn:aws:s3:::acme-logs',
      },
      {
        Sid: 'ListRegisteredPrefixes',
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: 'arn:aws:s3:::acme-logs',
        Condition: { StringLike: { 's3:prefix': ['cf/audit/*', 'cf/fw/*', 'cf/http/*'] } },
      },
      {
        Sid: 'ReadRegisteredPrefixes',
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: [
          'arn:aws:s3:::acme-logs/cf/audit/*',
          'arn:aws:s3:::acme-logs/cf/fw/*',
          'arn:aws:s3:::acme-logs/cf/http/*',
        ],
      },
    ]);
  });

  test('self-managed: a topic S3 may publish to and Panther may subscribe to, one notification entry per prefix', () => {
    const { json } = fleet({ pantherRegion: 'us-east-1' });
    const topicPolicy = onlyResource(json, 'aws_sns_topic_policy');
    const doc = withoutTokens(topicPolicy.policy as string, 'arn:aws:sns:us-west-2:111111111111:t') as {
      Statement: unknown[];
    };
    expect(doc.Statement).toEqual([
      {
        Sid: 'AllowS3Publish',
        Effect: 'Allow',
        Principal: { Service: 's3.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: 'arn:aws:sns:us-west-2:111111111111:t',
        Condition: {
          ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::acme-logs' },
          StringEquals: { 'aws:SourceAccount': BUCKET_ACCOUNT },
        },
      },
      {
        Sid: 'AllowPantherSubscribe',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${PANTHER}:root` },
        Action: 'sns:Subscribe',
        Resource: 'arn:aws:sns:us-west-2:111111111111:t',
      },
    ]);
    const notification = onlyResource(json, 'aws_s3_bucket_notification');
    const topic = expect.stringMatching(/^\$\{aws_sns_topic\.panther-source_Topic_[0-9A-F]+\.arn\}$/);
    expect(notification.topic).toEqual([
      {
        id: 'logpush-cf-audit',
        topic_arn: topic,
        events: ['s3:ObjectCreated:*'],
        filter_prefix: 'cf/audit/',
        filter_suffix: '.log.gz',
      },
      {
        id: 'logpush-cf-fw',
        topic_arn: topic,
        events: ['s3:ObjectCreated:*'],
        filter_prefix: 'cf/fw/',
        filter_suffix: '.log.gz',
      },
      {
        id: 'logpush-cf-http',
        topic_arn: topic,
        events: ['s3:ObjectCreated:*'],
        filter_prefix: 'cf/http/',
        filter_suffix: '.log.gz',
      },
    ]);
    expect(notification.depends_on).toEqual([expect.stringMatching(/^aws_sns_topic_policy\./)]);
    expect(onlyResource(json, 'aws_sns_topic_subscription')).toMatchObject({
      protocol: 'sqs',
      endpoint: `arn:aws:sqs:us-east-1:${PANTHER}:panther-input-data-notifications-queue`,
    });
  });

  test("panther-managed: the role gets Panther's notification grants and no notification is defined", () => {
    const { json } = fleet({ notifications: 'panther-managed' });
    expect(resourcesOf(json, 'aws_s3_bucket_notification')).toEqual({});
    expect(resourcesOf(json, 'aws_sns_topic')).toEqual({});
    expect(onlyResource(json, 'panther_s3_source').panther_managed_bucket_notifications_enabled).toBe(true);
    const policy = JSON.parse(rolePolicyNamed(json, 'ReadData').policy as string);
    expect(policy.Statement).toEqual(
      expect.arrayContaining([
        {
          Sid: 'GetPutBucketNotifications',
          Effect: 'Allow',
          Action: ['s3:GetBucketNotification', 's3:PutBucketNotification'],
          Resource: 'arn:aws:s3:::acme-logs',
        },
        {
          Sid: 'ManagePantherTopic',
          Effect: 'Allow',
          Action: 'sns:*',
          Resource: `arn:aws:sns:*:${BUCKET_ACCOUNT}:panther-notifications-topic`,
        },
      ]),
    );
  });

  test('registerSource: false outputs what the console needs instead of a panther_s3_source', () => {
    const { json } = fleet({ registerSource: false });
    expect(resourcesOf(json, 'panther_s3_source')).toEqual({});
    const outputs = Object.entries(json.output ?? {});
    const byName = (name: string) => outputs.find(([k]) => k.startsWith(`panther-source_${name}`))?.[1].value;
    expect(byName('RoleArn')).toMatch(/aws_iam_role\.panther-source_Role_[0-9A-F]+\.arn/);
    expect(byName('BucketName')).toBe('acme-logs');
    expect(byName('PrefixLogTypes')).toEqual({
      'cf/audit/': 'Cloudflare.Audit',
      'cf/fw/': 'Cloudflare.Firewall',
      'cf/http/': 'Cloudflare.HttpRequest',
    });
  });

  test('the account defaults to the caller identity', () => {
    const stack = newStack();
    new PantherProvider(stack, 'panther', {});
    const bucket = new LogBucket(stack, 'logs', { bucketName: 'acme-logs' });
    new PantherLogSource(stack, 'p', { bucket, name: 'cf', pantherAwsAccountId: PANTHER });
    const json = synth(stack);
    expect(Object.keys(json.data?.aws_caller_identity ?? {})).toHaveLength(1);
    expect(onlyResource(json, 'panther_s3_source').aws_account_id).toMatch(/data\.aws_caller_identity\./);
  });

  test('renders as HCL too (cdktf synth --hcl)', () => {
    const { stack } = fleet();
    const hcl = Testing.synthHcl(stack);
    expect(hcl).toMatch(/resource "panther_s3_source"/);
    expect(hcl).toMatch(/log_stream_type\s*=\s*"Lines"/);
    expect(hcl).toMatch(/prefix\s*=\s*"cf\/http\/"/);
  });

  test('resources stay constant per additional pipeline', () => {
    expect(resourceCounts(fleet().json)).toMatchObject({
      aws_iam_role_policy: 2,
      aws_s3_bucket_notification: 1,
      aws_sns_topic: 1,
    });
  });
});

describe('PantherLogSource refusals', () => {
  const attempt = (props: Record<string, unknown>) => {
    const stack = newStack();
    const bucket = new LogBucket(stack, 'logs', { bucketName: 'acme-logs' });
    const siem = new PantherLogSource(stack, 'p', {
      bucket,
      name: 'cf',
      pantherAwsAccountId: PANTHER,
      awsAccountId: BUCKET_ACCOUNT,
    });
    new LogpushPipeline(stack, 'pipe', { bucket, siem, ...props } as never);
  };

  test('fails for a dataset Panther has no log type for', () => {
    expect(() => attempt({ zoneId: ZONE, dataset: 'dns_logs' })).toThrow(
      /siem: pipeline test\/pipe \(dns_logs\): Panther has no log type for the zone dataset dns_logs; it parses http_requests \(zone\) -> Cloudflare.HttpRequest, firewall_events \(zone\) -> Cloudflare.Firewall, spectrum_events \(zone\) -> Cloudflare.Spectrum, audit_logs \(account\) -> Cloudflare.Audit; to push it without the SIEM, leave out siem for this pipeline/,
    );
    expect(() => attempt({ accountId: ACCOUNT, dataset: 'firewall_events' })).toThrow(
      /no log type for the account dataset firewall_events/,
    );
  });

  test.each([
    [
      'http_requests',
      { zoneId: ZONE },
      ['ClientIP'],
      'Cloudflare.HttpRequest requires the field EdgeStartTimestamp',
    ],
    ['firewall_events', { zoneId: ZONE }, ['ClientIP'], 'Cloudflare.Firewall requires the field Datetime'],
    ['spectrum_events', { zoneId: ZONE }, ['ClientIP'], 'Cloudflare.Spectrum requires the field Timestamp'],
    [
      'audit_logs',
      { accountId: ACCOUNT },
      ['ID', 'ActorIP'],
      'Cloudflare.Audit requires the fields ResourceType, When',
    ],
  ])('fails for %s without the fields Panther requires', (dataset, ids, fields, message) => {
    expect(() => attempt({ ...ids, dataset, fields })).toThrow(
      `pipeline test/pipe (${dataset}): ${message}, missing from fields`,
    );
  });

  test('fails when the pipeline writes to another bucket than the source reads', () => {
    const stack = newStack();
    const bucket = new LogBucket(stack, 'logs', { bucketName: 'acme-logs' });
    const other = new LogBucket(stack, 'other', { bucketName: 'acme-other' });
    const siem = new PantherLogSource(stack, 'p', {
      bucket,
      name: 'cf',
      pantherAwsAccountId: PANTHER,
      awsAccountId: BUCKET_ACCOUNT,
    });
    expect(
      () =>
        new LogpushPipeline(stack, 'pipe', { zoneId: ZONE, dataset: 'http_requests', bucket: other, siem }),
    ).toThrow(
      /siem: pipeline test\/pipe \(http_requests\): test\/p reads bucket test\/logs, but the pipeline writes to test\/other/,
    );
  });

  test('fails for CSV output', () => {
    expect(() => attempt({ zoneId: ZONE, dataset: 'http_requests', outputType: 'csv' })).toThrow(
      /Panther parses Cloudflare logs as NDJSON: outputType must be 'ndjson', not 'csv'/,
    );
  });

  test('fails for a bad source name or account id', () => {
    const stack = newStack();
    const bucket = new LogBucket(stack, 'logs', { bucketName: 'acme-logs' });
    expect(
      () =>
        new PantherLogSource(stack, 'p', { bucket, name: 'cloudflare_logs!', pantherAwsAccountId: '12345' }),
    ).toThrow(
      /name: must be a Panther source name[\s\S]*pantherAwsAccountId: must be an AWS account id: 12 digits \(got "12345"\)/,
    );
  });

  test('fails when a second consumer would overwrite a Panther-managed notification configuration', () => {
    const stack = newStack();
    const bucket = new LogBucket(stack, 'logs', { bucketName: 'acme-logs' });
    new PantherLogSource(stack, 'managed', {
      bucket,
      name: 'a',
      pantherAwsAccountId: PANTHER,
      notifications: 'panther-managed',
    });
    const selfManaged = new PantherLogSource(stack, 'self', {
      bucket,
      name: 'b',
      pantherAwsAccountId: PANTHER,
    });
    expect(
      () =>
        new LogpushPipeline(stack, 'http', {
          zoneId: ZONE,
          dataset: 'http_requests',
          bucket,
          siem: selfManaged,
        }),
    ).toThrow(/notification configuration of bucket test\/logs belongs to test\/managed/);
  });
});

describe('policies evaluated by an IAM simulator', () => {
  const CLOUDFLARE = 'arn:aws:iam::391854517948:user/cloudflare-logpush';
  const PANTHER_ROLE = `arn:aws:iam::${BUCKET_ACCOUNT}:role/PantherLogProcessingRole-cloudflare`;
  const STRANGER = 'arn:aws:iam::222222222222:user/someone';
  const keys = {
    registered: 'cf/http/20261122/20261122T000000Z_20261122T000030Z_abc.log.gz',
    registeredAudit: 'cf/audit/20261122/x.log.gz',
    unregistered: 'other/20261122/x.log.gz',
    siblingName: 'cf/httpx/x.log.gz',
    root: 'x.log.gz',
  };

  let bucketPolicy: unknown;
  let pantherPolicy: unknown;
  beforeAll(() => {
    const { json } = fleet();
    bucketPolicy = JSON.parse(onlyResource(json, 'aws_s3_bucket_policy').policy as string);
    pantherPolicy = JSON.parse(rolePolicyNamed(json, 'ReadData').policy as string);
  });

  const object = (key: string) => `arn:aws:s3:::acme-logs/${key}`;

  test.each([
    ['registered', 'Allowed'],
    ['registeredAudit', 'Allowed'],
    ['unregistered', 'ImplicitlyDenied'],
    ['siblingName', 'ImplicitlyDenied'],
    ['root', 'ImplicitlyDenied'],
  ] as const)('Cloudflare may PutObject under registered prefixes only: %s -> %s', async (key, expected) => {
    const r = {
      principal: CLOUDFLARE,
      resource: object(keys[key]),
      identityPolicies: [ALLOW_ALL],
      bucketPolicy,
    };
    expect(await decide({ ...r, action: 's3:PutObject' })).toBe(expected);
    for (const action of ['s3:GetObject', 's3:DeleteObject', 's3:PutObjectAcl']) {
      expect(await decide({ ...r, action })).toBe('ImplicitlyDenied');
    }
  });

  test('Cloudflare may not list the bucket, and nobody may use it without TLS', async () => {
    expect(
      await decide({
        principal: CLOUDFLARE,
        action: 's3:ListBucket',
        resource: 'arn:aws:s3:::acme-logs',
        identityPolicies: [ALLOW_ALL],
        bucketPolicy,
      }),
    ).toBe('ImplicitlyDenied');
    expect(
      await decide({
        principal: CLOUDFLARE,
        action: 's3:PutObject',
        resource: object(keys.registered),
        identityPolicies: [ALLOW_ALL],
        bucketPolicy,
        context: { 'aws:SecureTransport': 'false' },
      }),
    ).toBe('ExplicitlyDenied');
  });

  test.each([
    ['registered', 'Allowed'],
    ['registeredAudit', 'Allowed'],
    ['unregistered', 'ImplicitlyDenied'],
    ['siblingName', 'ImplicitlyDenied'],
    ['root', 'ImplicitlyDenied'],
  ] as const)(
    "Panther's role may GetObject under registered prefixes only: %s -> %s",
    async (key, expected) => {
      const r = {
        principal: PANTHER_ROLE,
        resource: object(keys[key]),
        identityPolicies: [pantherPolicy],
        bucketPolicy,
      };
      expect(await decide({ ...r, action: 's3:GetObject' })).toBe(expected);
      for (const action of ['s3:PutObject', 's3:DeleteObject', 's3:DeleteObjectVersion', 's3:GetObjectAcl']) {
        expect(await decide({ ...r, action })).toBe('ImplicitlyDenied');
      }
    },
  );

  test("Panther's role lists registered prefixes only", async () => {
    const list = (prefix: string) =>
      decide({
        principal: PANTHER_ROLE,
        action: 's3:ListBucket',
        resource: 'arn:aws:s3:::acme-logs',
        identityPolicies: [pantherPolicy],
        bucketPolicy,
        context: { 's3:prefix': prefix },
      });
    expect(await list('cf/http/')).toBe('Allowed');
    expect(await list('cf/http/20261122/')).toBe('Allowed');
    expect(await list('other/')).toBe('ImplicitlyDenied');
    expect(await list('')).toBe('ImplicitlyDenied');
  });

  test('a stranger may do nothing, even with every permission on its side', async () => {
    for (const action of ['s3:PutObject', 's3:GetObject']) {
      expect(
        await decide({
          principal: STRANGER,
          action,
          resource: object(keys.registered),
          identityPolicies: [ALLOW_ALL],
          bucketPolicy,
        }),
      ).toBe('ImplicitlyDenied');
    }
  });
});
