/**
 * src/panther.ts: which Cloudflare datasets Panther parses (log type, required fields, NDJSON) and
 * the policy documents of its source, framework-free. PantherLogSource's use of them is in
 * test/constructs/panther-log-source.test.ts, with an IAM simulator.
 */
import { fieldsOf } from '../../src/datasets';
import {
  PANTHER_LOG_TYPES,
  PANTHER_REQUIRED_FIELDS,
  pantherBucketLocationStatement,
  pantherInputQueueArn,
  pantherLogType,
  pantherManagedNotificationStatements,
  pantherReadStatements,
  pantherTopicPolicy,
  pantherTrustPolicy,
} from '../../src/panther';

const PANTHER = '123456789012';

describe('pantherLogType', () => {
  test('each supported dataset has its log type with its required fields', () => {
    expect(
      pantherLogType({
        scope: 'zone',
        dataset: 'http_requests',
        fields: ['EdgeStartTimestamp'],
        outputType: 'ndjson',
      }),
    ).toEqual({ logType: 'Cloudflare.HttpRequest' });
    expect(
      pantherLogType({
        scope: 'account',
        dataset: 'audit_logs',
        fields: ['ID', 'ResourceType', 'When'],
        outputType: 'ndjson',
      }),
    ).toEqual({ logType: 'Cloudflare.Audit' });
  });

  test('every required field is a field of its dataset in the catalogue', () => {
    for (const scope of ['zone', 'account'] as const) {
      for (const [dataset, logType] of Object.entries(PANTHER_LOG_TYPES[scope])) {
        const names = fieldsOf(scope, dataset).map(([name]) => name);
        for (const field of PANTHER_REQUIRED_FIELDS[logType]!) {
          expect([dataset, names.includes(field)]).toEqual([dataset, true]);
        }
      }
    }
  });

  test('fails for a dataset Panther has no log type for, listing the ones it parses', () => {
    const r = pantherLogType({ scope: 'zone', dataset: 'dns_logs', fields: [], outputType: 'ndjson' });
    expect(r).toMatchObject({ noLogType: true });
    expect('problems' in r && r.problems[0]).toContain('http_requests (zone) -> Cloudflare.HttpRequest');
    // The scope matters: audit_logs is an account dataset.
    expect(
      pantherLogType({ scope: 'zone', dataset: 'audit_logs', fields: [], outputType: 'ndjson' }),
    ).toMatchObject({
      noLogType: true,
    });
  });

  test('fails for missing required fields and for CSV, naming each problem', () => {
    expect(
      pantherLogType({ scope: 'account', dataset: 'audit_logs', fields: ['ID'], outputType: 'csv' }),
    ).toEqual({
      problems: [
        'Cloudflare.Audit requires the fields ResourceType, When, missing from fields',
        "Panther parses Cloudflare logs as NDJSON: outputType must be 'ndjson', not 'csv'",
      ],
    });
  });
});

describe('policy documents', () => {
  test("the role trusts Panther's account over TLS only", () => {
    expect(pantherTrustPolicy(PANTHER).Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${PANTHER}:root` },
        Action: 'sts:AssumeRole',
        Condition: { Bool: { 'aws:SecureTransport': true } },
      },
    ]);
  });

  test('reads are limited to the prefix: ListBucket by s3:prefix, GetObject on <prefix>/*', () => {
    const { list, get } = pantherReadStatements('acme-logs', 'cloudflare/http_requests');
    expect(list).toMatchObject({
      Action: 's3:ListBucket',
      Resource: 'arn:aws:s3:::acme-logs',
      Condition: { StringLike: { 's3:prefix': ['cloudflare/http_requests/*'] } },
    });
    expect(get).toMatchObject({
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::acme-logs/cloudflare/http_requests/*',
    });
    expect(pantherBucketLocationStatement('acme-logs')).toMatchObject({
      Action: 's3:GetBucketLocation',
      Resource: 'arn:aws:s3:::acme-logs',
    });
  });

  test("Panther-managed notifications: its topic in this account and the bucket's notification configuration", () => {
    expect(pantherManagedNotificationStatements('acme-logs', '210987654321')).toEqual([
      expect.objectContaining({ Resource: 'arn:aws:sns:*:210987654321:panther-notifications-topic' }),
      expect.objectContaining({
        Action: ['s3:GetBucketNotification', 's3:PutBucketNotification'],
        Resource: 'arn:aws:s3:::acme-logs',
      }),
    ]);
  });

  test('the topic: this bucket in this account publishes, Panther subscribes', () => {
    const topic = 'arn:aws:sns:us-west-2:210987654321:logs';
    const [publish, subscribe] = pantherTopicPolicy(topic, 'acme-logs', '210987654321', PANTHER).Statement;
    expect(publish).toMatchObject({
      Principal: { Service: 's3.amazonaws.com' },
      Action: 'sns:Publish',
      Condition: {
        ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::acme-logs' },
        StringEquals: { 'aws:SourceAccount': '210987654321' },
      },
    });
    expect(subscribe).toMatchObject({
      Principal: { AWS: `arn:aws:iam::${PANTHER}:root` },
      Action: 'sns:Subscribe',
    });
    expect(pantherInputQueueArn('us-east-1', PANTHER)).toBe(
      `arn:aws:sqs:us-east-1:${PANTHER}:panther-input-data-notifications-queue`,
    );
  });
});
