/**
 * src/ibm-cis/schemas.ts: the IBM CIS and COS input rules, framework-free (the token predicate is
 * a parameter, so a fake one stands for cdktf's here).
 */
import {
  CIS_CRN,
  cisPipelineIssues,
  COS_BUCKET_NAME,
  cosInstanceGuid,
  cosLogBucketIssues,
  createCisSchemas,
  logpullOptions,
} from '../../../src/ibm-cis/schemas';

const CRN =
  'crn:v1:bluemix:public:internet-svcs:global:a/4ea1882a2d3401ed1e459979941966ea:9b2c6bd6-3c3c-4f1e-9d52-2fa0ec4e4e4f::';
const COS_CRN =
  'crn:v1:bluemix:public:cloud-object-storage:global:a/4ea1882a2d3401ed1e459979941966ea:c84e2a79-ce6d-3c79-a7e4-7e7ab3054cfe::';
const DOMAIN = '0123456789abcdef0123456789abcdef';
/** A stand-in for cdktf's Token.isUnresolved: strings that start with "TOKEN:". */
const isToken = (v: unknown) => typeof v === 'string' && v.startsWith('TOKEN:');
const schemas = createCisSchemas(isToken);

describe('CIS pipeline input', () => {
  const base = { cisId: CRN, domainId: DOMAIN, dataset: 'http_requests' };

  test('accepts a CIS CRN, a domain id and the optional settings', () => {
    const parsed = schemas.cisPipelineBase.parse({
      ...base,
      fields: ['RayID'],
      prefix: 'cis/http',
      frequency: 'low',
      timestampFormat: 'unix',
    });
    expect(parsed).toMatchObject({ frequency: 'low', prefix: 'cis/http' });
    expect(CIS_CRN.test(CRN)).toBe(true);
  });

  test('a token stands for a CRN or a domain id, which Terraform knows later', () => {
    expect(
      schemas.cisPipelineBase.safeParse({ ...base, cisId: 'TOKEN:1', domainId: 'TOKEN:2' }).success,
    ).toBe(true);
  });

  test('fails for a prefix that is a token: it reaches the destination and must be checked', () => {
    const r = schemas.cisPipelineBase.safeParse({ ...base, prefix: 'TOKEN:3' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({
      path: ['prefix'],
      params: { code: 'UNRESOLVED_GRANT_VALUE' },
    });
  });

  test.each([
    ['a COS CRN as cisId', { cisId: COS_CRN }, 'cisId'],
    ['a domain name as domainId', { domainId: 'example.com' }, 'domainId'],
    ['a wildcard prefix', { prefix: 'cis/*' }, 'prefix'],
    ['an unknown frequency', { frequency: 'hourly' }, 'frequency'],
    ['an unknown prop', { zoneId: DOMAIN }, ''],
  ])('fails for %s', (_name, over, path) => {
    const r = schemas.cisPipelineBase.safeParse({ ...base, ...over });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });

  test('fails for a dataset without a CIS catalogue, naming the ones with one', () => {
    expect(cisPipelineIssues({ ...base, dataset: 'dns_logs' })).toEqual([
      expect.objectContaining({
        path: 'dataset',
        value: 'dns_logs',
        message: expect.stringContaining('http_requests, range_events'),
      }),
    ]);
  });

  test('fails for a field the catalogue lacks; known fields and all pass', () => {
    expect(cisPipelineIssues({ ...base, fields: ['RayID', 'ClientIP'] })).toEqual([]);
    expect(cisPipelineIssues({ ...base, fields: 'all' })).toEqual([]);
    expect(cisPipelineIssues({ ...base, fields: ['RayId'] })).toEqual([
      expect.objectContaining({ path: 'fields.0', message: expect.stringContaining('RayID') }),
    ]);
  });
});

describe('COS bucket input', () => {
  const base = { bucketName: 'acme-cis-logs', resourceInstanceId: COS_CRN, region: 'us-south' as const };

  test('the instance GUID is read from a literal COS CRN, and only from one', () => {
    expect(cosInstanceGuid(COS_CRN)).toBe('c84e2a79-ce6d-3c79-a7e4-7e7ab3054cfe');
    expect(cosInstanceGuid(CRN)).toBeUndefined();
    expect(cosInstanceGuid('TOKEN:1')).toBeUndefined();
  });

  test.each(['acme-logs', 'a.b-c', 'abc'])('%j is a COS bucket name', (name) => {
    expect(COS_BUCKET_NAME.test(name)).toBe(true);
  });

  test.each(['ab', 'Acme', 'a..b', '-abc', '192.168.1.1', 'a'.repeat(64)])(
    'fails for the bucket name %j',
    (name) => {
      expect(COS_BUCKET_NAME.test(name)).toBe(false);
      expect(schemas.cosLogBucket.safeParse({ ...base, bucketName: name }).success).toBe(false);
    },
  );

  test.each([
    ['an IPv4 CIDR without a length', { allowedIps: ['10.0.0.1'] }, 'allowedIps.0'],
    ['an IPv4 CIDR past /32', { allowedIps: ['10.0.0.0/33'] }, 'allowedIps.0'],
    ['retention past 3650 days', { retentionDays: 3651 }, 'retentionDays'],
    ['an AWS KMS ARN as kmsKeyCrn', { kmsKeyCrn: 'arn:aws:kms:us-east-1:123456789012:key/x' }, 'kmsKeyCrn'],
    ['an unknown region', { region: 'us-west-2' }, 'region'],
  ])('fails for %s', (_name, over, path) => {
    const r = schemas.cosLogBucket.safeParse({ ...base, ...over });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });

  test('accepts IPv4 and IPv6 CIDRs, and a token for any of them', () => {
    const r = schemas.cosLogBucket.safeParse({
      ...base,
      allowedIps: ['192.0.2.0/24', '2001:db8::/32', 'TOKEN:1'],
    });
    expect(r.success).toBe(true);
  });

  test('fails for noncurrent version expiry on an unversioned bucket; versioned is fine', () => {
    expect(cosLogBucketIssues({ ...base, versioning: false, noncurrentVersionRetentionDays: 30 })).toEqual([
      expect.objectContaining({ path: 'noncurrentVersionRetentionDays', value: 30 }),
    ]);
    expect(cosLogBucketIssues({ ...base, noncurrentVersionRetentionDays: 30 })).toEqual([]);
  });
});

describe('logpull_options', () => {
  test('logpull_options carries fields and timestamps as IBM documents', () => {
    expect(logpullOptions(['RayID', 'ZoneID'], 'rfc3339')).toBe('fields=RayID,ZoneID&timestamps=rfc3339');
  });
});
