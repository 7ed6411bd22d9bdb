/** CosLogBucket: the hardened COS bucket and the CIS writer's invitation and grant. */
import { App, Testing, TerraformStack } from 'cdktf';
import { CosLogBucket, IbmProvider, LogpushValidationError, type CosLogBucketProps } from 'cdktf-logpush';
import { COS_INSTANCE_CRN } from '../../../examples/ibm-cis/main';
import { onlyResource, resourceCounts, type SynthJson } from '../../support/synth';

const INSTANCE = 'c84e2a79-ce6d-3c79-a7e4-7e7ab3054cfe';

const synthJson = (stack: TerraformStack): SynthJson => JSON.parse(Testing.synth(stack, true)) as SynthJson;

function newIbmStack(app: App = Testing.app(), id = 'test'): TerraformStack {
  const stack = new TerraformStack(app, id);
  new IbmProvider(stack, 'ibm', { region: 'us-south' });
  return stack;
}

const bucketProps = (over: Partial<CosLogBucketProps> = {}): CosLogBucketProps => ({
  bucketName: 'acme-cis-logs',
  resourceInstanceId: COS_INSTANCE_CRN,
  region: 'us-south',
  ...over,
});

/** The props refused, as LogpushValidationError issues (path and code: never the prose). */
function refusedCodes(fn: () => unknown): { path: string; code: string }[] {
  try {
    fn();
  } catch (e) {
    expect(LogpushValidationError.isLogpushValidationError(e)).toBe(true);
    return (e as LogpushValidationError).issues.map((i) => ({ path: i.path, code: i.code }));
  }
  throw new Error('expected a LogpushValidationError');
}

describe('CosLogBucket', () => {
  const bad: [string, Partial<CosLogBucketProps>, string, string][] = [
    ['fails for an invalid bucket name', { bucketName: 'Acme_Logs' }, 'bucketName', 'INVALID_FORMAT'],
    [
      'fails for a resourceInstanceId that is not a COS CRN',
      { resourceInstanceId: INSTANCE },
      'resourceInstanceId',
      'INVALID_FORMAT',
    ],
    [
      'fails for an instanceGuid that is not a GUID',
      { instanceGuid: 'abc' },
      'instanceGuid',
      'INVALID_FORMAT',
    ],
    ['fails for an unknown region', { region: 'us-west-2' as 'us-south' }, 'region', 'NOT_ONE_OF'],
    [
      'fails for an unknown storage class',
      { storageClass: 'glacier' as 'cold' },
      'storageClass',
      'NOT_ONE_OF',
    ],
    [
      'fails for a kmsKeyCrn that is not a key CRN',
      { kmsKeyCrn: 'arn:aws:kms:x' },
      'kmsKeyCrn',
      'INVALID_FORMAT',
    ],
    [
      'fails for an allowed IP that is not a CIDR',
      { allowedIps: ['10.0.0.1'] },
      'allowedIps.0',
      'INVALID_FORMAT',
    ],
    ['fails for an empty allowed IP list', { allowedIps: [] }, 'allowedIps', 'INVALID_LENGTH'],
    ['fails for 0 retention days', { retentionDays: 0 }, 'retentionDays', 'OUT_OF_RANGE'],
    ['fails for retention beyond 3650 days', { retentionDays: 4000 }, 'retentionDays', 'OUT_OF_RANGE'],
    [
      'fails for fractional abort days',
      { abortIncompleteMultipartUploadDays: 1.5 },
      'abortIncompleteMultipartUploadDays',
      'OUT_OF_RANGE',
    ],
    [
      'fails for noncurrent version expiry without versioning',
      { versioning: false, noncurrentVersionRetentionDays: 30 },
      'noncurrentVersionRetentionDays',
      'REQUIRES_VERSIONING',
    ],
    [
      'fails for a grantCisWriter that is not a boolean',
      { grantCisWriter: 'yes' as never },
      'grantCisWriter',
      'INVALID_TYPE',
    ],
    ['fails for an unknown prop', { bucket: 'x' } as Partial<CosLogBucketProps>, '', 'UNKNOWN_PROP'],
  ];
  test.each(bad)('%s', (_name, over, path, code) => {
    const stack = newIbmStack();
    const issues = refusedCodes(() => new CosLogBucket(stack, 'logs', bucketProps(over)));
    expect(issues).toContainEqual({ path, code });
    expect(stack.node.tryFindChild('logs')).toBeUndefined();
  });

  test('two buckets in one stack share one invitation; inviteCisWriter: false makes none', () => {
    const stack = newIbmStack();
    new CosLogBucket(stack, 'a', bucketProps({ bucketName: 'acme-a' }));
    new CosLogBucket(stack, 'b', bucketProps({ bucketName: 'acme-b' }));
    expect(resourceCounts(synthJson(stack))).toMatchObject({
      ibm_iam_user_invite: 1,
      ibm_iam_user_policy: 2,
    });
    const other = newIbmStack();
    new CosLogBucket(other, 'c', bucketProps({ inviteCisWriter: false }));
    const json = synthJson(other);
    expect(resourceCounts(json).ibm_iam_user_invite).toBeUndefined();
    expect(onlyResource(json, 'ibm_iam_user_policy').depends_on).toEqual([
      expect.stringMatching(/^ibm_cos_bucket\.c_[0-9A-F]{8}$/),
    ]);
  });

  test('firewall, customer key, storage class, no tracking or metrics, destroyable', () => {
    const stack = newIbmStack();
    const kms =
      'crn:v1:bluemix:public:kms:us-south:a/4ea1882a2d3401ed1e459979941966ea:12345678-1234-1234-1234-123456789012:key:abcd-1234';
    new CosLogBucket(
      stack,
      'logs',
      bucketProps({
        allowedIps: ['192.0.2.0/24', '2001:db8::/32'],
        kmsKeyCrn: kms,
        storageClass: 'smart',
        activityTracking: false,
        metricsMonitoring: false,
        retainOnDestroy: false,
        noncurrentVersionRetentionDays: 30,
      }),
    );
    const bucket = onlyResource(synthJson(stack), 'ibm_cos_bucket');
    expect(bucket).toMatchObject({
      allowed_ip: ['192.0.2.0/24', '2001:db8::/32'],
      kms_key_crn: kms,
      storage_class: 'smart',
      noncurrent_version_expiration: { enable: true, noncurrent_days: 30, rule_id: 'expire-noncurrent' },
      force_delete: false,
    });
    expect(bucket.activity_tracking).toBeUndefined();
    expect(bucket.metrics_monitoring).toBeUndefined();
    expect(bucket.lifecycle).toBeUndefined();
  });
});
