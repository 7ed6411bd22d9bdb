import fc from 'fast-check';
import { cosDestination, parseS3DestinationConf, s3DestinationConf } from '../../src/destination';
import { LogpushValidationError } from '../../src/errors';

describe('destination_conf', () => {
  test('builds the S3 form Cloudflare documents', () => {
    expect(
      s3DestinationConf({
        bucket: 'b',
        prefix: 'cloudflare/http',
        region: 'us-east-1',
        dailySubfolders: true,
      }),
    ).toBe('s3://b/cloudflare/http/{DATE}?region=us-east-1');
    expect(
      s3DestinationConf({
        bucket: 'b',
        prefix: 'logs',
        region: 'eu-west-1',
        dailySubfolders: false,
        sse: 'AES256',
      }),
    ).toBe('s3://b/logs?region=eu-west-1&sse=AES256');
  });

  test('parses what it builds (property)', () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9_.-]{1,12}$/);
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,20}[a-z0-9]$/),
        fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => s.join('/')),
        fc.constantFrom('us-east-1', 'eu-central-1', 'ap-southeast-2'),
        fc.boolean(),
        fc.boolean(),
        (bucket, prefix, region, dailySubfolders, sse) => {
          const d = { bucket, prefix, region, dailySubfolders, ...(sse ? { sse: 'AES256' as const } : {}) };
          expect(parseS3DestinationConf(s3DestinationConf(d))).toEqual(d);
        },
      ),
    );
  });

  test('fails to parse a destination that is not S3 or has no region', () => {
    expect(() => parseS3DestinationConf('gs://bucket/logs')).toThrow(/not an s3 destination_conf/);
    expect(() => parseS3DestinationConf('s3://bucket/logs?sse=AES256')).toThrow(/without region/);
    expect(() => parseS3DestinationConf('s3://bucket/logs?region=us-east-1&sse=aws:kms')).toThrow(
      LogpushValidationError,
    );
  });
});

describe('cosDestination', () => {
  const d = {
    bucket: 'mybucket',
    prefix: 'cislog',
    region: 'us-south',
    instanceId: 'c84e2a79-ce6d-3c79-a7e4-7e7ab3054cfe',
  };

  test('builds the cos object, its JSON and the cos:// form from one input', () => {
    const daily = cosDestination({ ...d, dailySubfolders: true });
    expect(daily.cos).toEqual({
      bucket_name: 'mybucket',
      id: d.instanceId,
      region: 'us-south',
      path: 'cislog',
      use_daily_subfolder: true,
    });
    expect(JSON.parse(daily.cosJson)).toEqual(daily.cos);
    // ibm-cloud-docs/cis logpush.md's own examples.
    expect(daily.url).toBe(`cos://mybucket/cislog/{DATE}?region=us-south&instance-id=${d.instanceId}`);
    expect(cosDestination({ ...d, dailySubfolders: false }).url).toBe(
      `cos://mybucket/cislog?region=us-south&instance-id=${d.instanceId}`,
    );
    const root = cosDestination({ ...d, prefix: '', dailySubfolders: true });
    expect(root.cos).not.toHaveProperty('path');
    expect(root.url).toBe(`cos://mybucket/{DATE}?region=us-south&instance-id=${d.instanceId}`);
  });
});
