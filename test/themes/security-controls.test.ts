/**
 * Theme: security controls. Security controls as tests: each control of checkov, trivy and AWS Security Hub that applies to a
 * log bucket and its roles, checked against the synthesized JSON of a whole pipeline (bucket,
 * Panther source, Logpush job, ownership function). Each test asserts the control passes, or the
 * exception docs/security.md documents (with its reason). Policies are also evaluated with an IAM
 * simulator where the control is about who may do what.
 */
import { anonymousPrincipal, runSimulation } from '@cloud-copilot/iam-simulate';
import { LogBucket, LogpushPipeline, PantherLogSource, PantherProvider } from '../../index';
import { LogpushValidationError } from '../../src/errors';
import { OWNERSHIP_FUNCTION_TIMEOUT_SECONDS, OWNERSHIP_READ_BUDGET_MS } from '../../src/ownership/contract';
import { ALLOW_ALL, BUCKET_ACCOUNT, decide, withoutTokens } from '../support/iam';
import { newStack, onlyResource, resourcesOf, synth, type SynthJson } from '../support/synth';

const ZONE = '023e105f4ecef8ad9ca31a8372d0c353';
const BUCKET = 'acme-cloudflare-logs';
const ACCESS_LOGS = 'acme-s3-access-logs';
const CLOUDFLARE = 'arn:aws:iam::391854517948:user/cloudflare-logpush';
const OUTSIDER = 'arn:aws:iam::222222222222:user/someone';
const PREFIX = 'cloudflare/http_requests';

interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: unknown;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}
interface PolicyDocument {
  Statement: Statement[];
}

/** A whole pipeline: a bucket (optionally logging into a second one), a Panther source, one job. */
function pipeline(
  options: { notifications?: 'self-managed' | 'panther-managed'; accessLogs?: boolean; prefix?: string } = {},
): SynthJson {
  const stack = newStack();
  new PantherProvider(stack, 'panther', {});
  const target = options.accessLogs
    ? new LogBucket(stack, 'access-logs', { bucketName: ACCESS_LOGS, region: 'us-west-2' })
    : undefined;
  const bucket = new LogBucket(stack, 'logs', {
    bucketName: BUCKET,
    region: 'us-west-2',
    retentionDays: 365,
    ...(target ? { serverAccessLogsBucket: target } : {}),
    ...(options.prefix ? { serverAccessLogsPrefix: options.prefix } : {}),
  });
  const siem = new PantherLogSource(stack, 'panther-source', {
    bucket,
    name: 'cloudflare',
    pantherAwsAccountId: '999999999999',
    awsAccountId: BUCKET_ACCOUNT,
    ...(options.notifications ? { notifications: options.notifications } : {}),
  });
  new LogpushPipeline(stack, 'http', {
    zoneId: ZONE,
    dataset: 'http_requests',
    bucket,
    prefix: PREFIX,
    siem,
  });
  return synth(stack);
}

/** The logical id of the `aws_s3_bucket` named `name`. */
function bucketId(json: SynthJson, name: string): string {
  const found = Object.entries(resourcesOf(json, 'aws_s3_bucket')).find(([, r]) => r.bucket === name);
  if (!found) throw new Error(`no aws_s3_bucket ${name}`);
  return found[0];
}

/** The resources of `type` attached to the bucket named `name` (their `bucket` references it). */
function attached(json: SynthJson, type: string, name: string): Array<Record<string, unknown>> {
  const ref = `aws_s3_bucket.${bucketId(json, name)}.`;
  return Object.values(resourcesOf(json, type)).filter((r) => String(r.bucket).includes(ref));
}

/** The one resource of `type` attached to bucket `name`. */
function onlyAttached(json: SynthJson, type: string, name = BUCKET): Record<string, unknown> {
  const all = attached(json, type, name);
  if (all.length !== 1) throw new Error(`expected one ${type} for ${name}, found ${all.length}`);
  return all[0]!;
}

function bucketPolicy(json: SynthJson, name = BUCKET): PolicyDocument {
  return withoutTokens(String(onlyAttached(json, 'aws_s3_bucket_policy', name).policy)) as PolicyDocument;
}

/** Every identity policy the library emits (role inline policies), tokens replaced. */
function identityPolicies(json: SynthJson): PolicyDocument[] {
  return Object.values(resourcesOf(json, 'aws_iam_role_policy')).map(
    (r) => withoutTokens(String(r.policy)) as PolicyDocument,
  );
}

/** Every policy document the library emits: identity, trust, bucket and topic policies. */
function allPolicies(json: SynthJson): PolicyDocument[] {
  const docs = (type: string, field: string) =>
    Object.values(resourcesOf(json, type)).map((r) => withoutTokens(String(r[field])) as PolicyDocument);
  return [
    ...docs('aws_iam_role_policy', 'policy'),
    ...docs('aws_iam_role', 'assume_role_policy'),
    ...docs('aws_s3_bucket_policy', 'policy'),
    ...docs('aws_sns_topic_policy', 'policy'),
  ];
}

const list = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];
const allows = (doc: PolicyDocument) => doc.Statement.filter((s) => s.Effect === 'Allow');

/** An unsigned request against the bucket policy. */
async function anonymous(action: string, resource: string, bucketPolicyDoc: unknown): Promise<string> {
  const response = await runSimulation(
    {
      request: {
        principal: anonymousPrincipal,
        action,
        resource: { resource, accountId: BUCKET_ACCOUNT },
        contextVariables: { 'aws:SecureTransport': 'true' },
      },
      identityPolicies: [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: bucketPolicyDoc,
    },
    {},
  );
  if (response.resultType === 'error') throw new Error(JSON.stringify(response.errors));
  return response.overallResult;
}

describe('security controls', () => {
  let json: SynthJson;
  beforeAll(() => {
    json = pipeline();
  });

  describe('access logging (checkov CKV_AWS_18, trivy AVD-AWS-0089, Security Hub S3.9)', () => {
    test('CKV_AWS_18 / AVD-AWS-0089 / S3.9: by default no access logs (documented exception)', () => {
      // GIVEN the default pipeline / WHEN / THEN no aws_s3_bucket_logging: an opt-in with its own cost
      expect(resourcesOf(json, 'aws_s3_bucket_logging')).toEqual({});
    });

    test('CKV_AWS_18 / AVD-AWS-0089 / S3.9: with serverAccessLogsBucket, logs go to the other bucket under a prefix', () => {
      // GIVEN / WHEN
      const withLogs = pipeline({ accessLogs: true });
      // THEN the log bucket logs into the other bucket, under its own prefix
      expect(onlyAttached(withLogs, 'aws_s3_bucket_logging')).toMatchObject({
        target_bucket: ACCESS_LOGS,
        target_prefix: `s3-access-logs/${BUCKET}/`,
        depends_on: [expect.stringMatching(/^aws_s3_bucket_policy\./)],
      });
      // and the target (not logged itself) grants S3's log delivery exactly that prefix, for this bucket
      expect(attached(withLogs, 'aws_s3_bucket_logging', ACCESS_LOGS)).toEqual([]);
      const grant = bucketPolicy(withLogs, ACCESS_LOGS).Statement.find((s) =>
        s.Sid?.startsWith('ServerAccessLogs'),
      );
      expect(grant).toEqual({
        Sid: 'ServerAccessLogsFromlogs',
        Effect: 'Allow',
        Principal: { Service: 'logging.s3.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `arn:aws:s3:::${ACCESS_LOGS}/s3-access-logs/${BUCKET}/*`,
        Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:s3:::${BUCKET}` } },
      });
    });

    test('the access log grant lets nobody else write, and nothing outside the prefix', async () => {
      // GIVEN
      const policy = bucketPolicy(pipeline({ accessLogs: true, prefix: 'audit/s3/' }), ACCESS_LOGS);
      const put = (principal: string, key: string) =>
        decide({
          principal,
          action: 's3:PutObject',
          resource: `arn:aws:s3:::${ACCESS_LOGS}/${key}`,
          identityPolicies: [ALLOW_ALL],
          bucketPolicy: policy,
          resourceAccount: BUCKET_ACCOUNT,
        });
      // WHEN / THEN Cloudflare and outsiders cannot use the log delivery grant
      expect(await put(CLOUDFLARE, 'audit/s3/x')).not.toBe('Allowed');
      expect(await put(OUTSIDER, 'audit/s3/x')).not.toBe('Allowed');
      expect(await anonymous('s3:PutObject', `arn:aws:s3:::${ACCESS_LOGS}/audit/s3/x`, policy)).not.toBe(
        'Allowed',
      );
    });

    test('fails when serverAccessLogsPrefix is given without serverAccessLogsBucket', () => {
      const stack = newStack();
      expect(() => new LogBucket(stack, 'logs', { serverAccessLogsPrefix: 'a/' })).toThrow(
        /serverAccessLogsPrefix: needs serverAccessLogsBucket \(got "a\/"\)/,
      );
      expect(stack.node.tryFindChild('logs')).toBeUndefined();
    });

    test.each([
      ['*/'],
      ['a'],
      ['/a/'],
      ['a//b/'],
      ['a/../b/'],
      ['${aws:username}/'],
      ['x'.repeat(600) + '/'],
    ])('fails for the access logs prefix %j', (prefix) => {
      const stack = newStack();
      const target = new LogBucket(stack, 'target', { bucketName: ACCESS_LOGS });
      expect(
        () =>
          new LogBucket(stack, 'logs', { serverAccessLogsBucket: target, serverAccessLogsPrefix: prefix }),
      ).toThrow(LogpushValidationError);
    });

    test('fails for a target that is not a LogBucket, in another region, or that requires the SSE header', () => {
      const stack = newStack();
      const east = new LogBucket(stack, 'east', { bucketName: 'east-logs', region: 'us-east-1' });
      const strict = new LogBucket(stack, 'strict', {
        bucketName: 'strict-logs',
        requireEncryptionHeader: true,
      });
      expect(
        () =>
          new LogBucket(stack, 'a', { serverAccessLogsBucket: { bucketName: 'x' } as unknown as LogBucket }),
      ).toThrow(/serverAccessLogsBucket: must be a LogBucket/);
      expect(() => new LogBucket(stack, 'b', { region: 'us-west-2', serverAccessLogsBucket: east })).toThrow(
        /must be in this bucket's region us-west-2 .*not us-east-1/,
      );
      expect(() => new LogBucket(stack, 'c', { serverAccessLogsBucket: strict })).toThrow(
        /must not set requireEncryptionHeader/,
      );
      expect(['a', 'b', 'c'].map((id) => stack.node.tryFindChild(id))).toEqual([
        undefined,
        undefined,
        undefined,
      ]);
    });

    test('fails, defining nothing, when the access logs prefix is taken in the target', () => {
      const stack = newStack();
      const target = new LogBucket(stack, 'target', { bucketName: ACCESS_LOGS, region: 'us-west-2' });
      new LogpushPipeline(stack, 'http', {
        zoneId: ZONE,
        dataset: 'http_requests',
        bucket: target,
        prefix: 'cf/http',
      });
      expect(
        () =>
          new LogBucket(stack, 'logs', {
            bucketName: BUCKET,
            serverAccessLogsBucket: target,
            serverAccessLogsPrefix: 'cf/http/',
          }),
      ).toThrow(/serverAccessLogsPrefix: overlaps prefix "cf\/http"/);
      expect(stack.node.tryFindChild('logs')).toBeUndefined();
    });

    test('fails when a pipeline claims the access logs prefix of its bucket', () => {
      const stack = newStack();
      const target = new LogBucket(stack, 'target', { bucketName: ACCESS_LOGS, region: 'us-west-2' });
      new LogBucket(stack, 'logs', {
        bucketName: BUCKET,
        region: 'us-west-2',
        serverAccessLogsBucket: target,
      });
      expect(
        () =>
          new LogpushPipeline(stack, 'http', {
            zoneId: ZONE,
            dataset: 'http_requests',
            bucket: target,
            prefix: `s3-access-logs/${BUCKET}`,
          }),
      ).toThrow(/overlaps prefix "s3-access-logs\/acme-cloudflare-logs" of .*server access logs/);
    });
  });

  test('CKV_AWS_21 / AVD-AWS-0090 / S3.14: versioning is enabled', () => {
    expect(onlyAttached(json, 'aws_s3_bucket_versioning')).toMatchObject({
      versioning_configuration: { status: 'Enabled' },
    });
  });

  test('CKV_AWS_144 / S3.7: no cross-region replication (documented exception), versioning ready for it', () => {
    // THEN nothing replicates; the prerequisite a user's own replication needs is in place
    expect(resourcesOf(json, 'aws_s3_bucket_replication_configuration')).toEqual({});
    expect(onlyResource(json, 'aws_s3_bucket').replication_configuration).toBeUndefined();
    expect(onlyAttached(json, 'aws_s3_bucket_versioning')).toMatchObject({
      versioning_configuration: { status: 'Enabled' },
    });
  });

  test('AVD-AWS-0088 / S3.4 (retired): default encryption is on (SSE-S3)', () => {
    expect(onlyAttached(json, 'aws_s3_bucket_server_side_encryption_configuration')).toMatchObject({
      rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }],
    });
  });

  test('CKV_AWS_145 / AVD-AWS-0132 / S3.17: SSE-S3, not SSE-KMS with a customer key (documented exception)', () => {
    // THEN AES256 and no key: Cloudflare's shared writer principal would need the key
    const sse = onlyAttached(json, 'aws_s3_bucket_server_side_encryption_configuration');
    const rule = (
      sse.rule as Array<{ apply_server_side_encryption_by_default: Record<string, unknown> }>
    )[0]!;
    expect(rule.apply_server_side_encryption_by_default).toEqual({ sse_algorithm: 'AES256' });
    // and nothing in any emitted policy grants a KMS action to anyone
    expect(allPolicies(json).flatMap((d) => allows(d).flatMap((s) => list(s.Action)))).not.toContainEqual(
      expect.stringMatching(/^kms:/),
    );
  });

  test('CKV2_AWS_67: not applicable, no customer managed key is used', () => {
    // The check applies to buckets encrypted with aws:kms and an aws_kms_key: there is neither.
    expect(resourcesOf(json, 'aws_kms_key')).toEqual({});
    const sse = JSON.stringify(resourcesOf(json, 'aws_s3_bucket_server_side_encryption_configuration'));
    expect(sse).not.toMatch(/aws:kms|kms_master_key_id/);
  });

  test('CKV2_AWS_6 / AVD-AWS-0094: the bucket has its own public access block', () => {
    expect(attached(json, 'aws_s3_bucket_public_access_block', BUCKET)).toHaveLength(1);
  });

  test.each([
    ['AVD-AWS-0086', 'block_public_acls'],
    ['AVD-AWS-0087', 'block_public_policy'],
    ['AVD-AWS-0091', 'ignore_public_acls'],
    ['AVD-AWS-0093', 'restrict_public_buckets'],
  ])('%s: the public access block sets %s', (_id, flag) => {
    expect(onlyAttached(json, 'aws_s3_bucket_public_access_block')[flag]).toBe(true);
  });

  test('S3.8: bucket-level block public access, all four settings', () => {
    expect(onlyAttached(json, 'aws_s3_bucket_public_access_block')).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  test('S3.1: account-level block public access is left to the account (documented exception)', () => {
    // A bucket library never changes account-wide settings; the bucket-level block covers this bucket.
    expect(resourcesOf(json, 'aws_s3_account_public_access_block')).toEqual({});
    expect(onlyAttached(json, 'aws_s3_bucket_public_access_block').restrict_public_buckets).toBe(true);
  });

  test('S3.2: no public read access: anonymous and other accounts cannot read or list', async () => {
    const policy = bucketPolicy(json);
    const object = `arn:aws:s3:::${BUCKET}/${PREFIX}/20261123/x.log.gz`;
    expect(await anonymous('s3:GetObject', object, policy)).not.toBe('Allowed');
    expect(await anonymous('s3:ListBucket', `arn:aws:s3:::${BUCKET}`, policy)).not.toBe('Allowed');
    for (const principal of [OUTSIDER, CLOUDFLARE]) {
      expect(
        await decide({
          principal,
          action: 's3:GetObject',
          resource: object,
          identityPolicies: [ALLOW_ALL],
          bucketPolicy: policy,
        }),
      ).not.toBe('Allowed');
    }
    // and no statement allows everyone
    expect(allows(policy).map((s) => JSON.stringify(s.Principal))).not.toContainEqual(
      expect.stringMatching(/^"\*"$|"AWS":"\*"/),
    );
  });

  test('S3.3: no public write access: only Cloudflare, only PutObject, only under its prefix', async () => {
    const policy = bucketPolicy(json);
    const put = (principal: string, key: string) =>
      decide({
        principal,
        action: 's3:PutObject',
        resource: `arn:aws:s3:::${BUCKET}/${key}`,
        identityPolicies: [ALLOW_ALL],
        bucketPolicy: policy,
      });
    expect(await anonymous('s3:PutObject', `arn:aws:s3:::${BUCKET}/${PREFIX}/x`, policy)).not.toBe('Allowed');
    expect(await put(OUTSIDER, `${PREFIX}/x`)).not.toBe('Allowed');
    expect(await put(CLOUDFLARE, 'elsewhere/x')).not.toBe('Allowed');
    expect(await put(CLOUDFLARE, `${PREFIX}/20261123/x.log.gz`)).toBe('Allowed');
  });

  test('S3.5: requests must use TLS (DenyInsecureTransport), even Cloudflare under its prefix', async () => {
    const policy = bucketPolicy(json);
    expect(policy.Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
    expect(
      await decide({
        principal: CLOUDFLARE,
        action: 's3:PutObject',
        resource: `arn:aws:s3:::${BUCKET}/${PREFIX}/x`,
        identityPolicies: [ALLOW_ALL],
        bucketPolicy: policy,
        context: { 'aws:SecureTransport': 'false' },
      }),
    ).toBe('ExplicitlyDenied');
  });

  test('S3.6: no other account may change policy, ACLs or encryption', async () => {
    const denied = [
      's3:DeleteBucketPolicy',
      's3:PutBucketAcl',
      's3:PutBucketPolicy',
      's3:PutEncryptionConfiguration',
      's3:PutObjectAcl',
    ];
    const policy = bucketPolicy(json);
    // Statically: every Allow to another account names exact actions, none of the denied ones
    for (const s of allows(policy)) {
      for (const action of list(s.Action)) {
        expect(action).not.toMatch(/\*/);
        expect(denied).not.toContain(action);
      }
    }
    // and by evaluation, for Cloudflare's principal (the only other account granted anything)
    for (const action of denied) {
      const resource = action.includes('Object')
        ? `arn:aws:s3:::${BUCKET}/${PREFIX}/x`
        : `arn:aws:s3:::${BUCKET}`;
      expect(
        await decide({
          principal: CLOUDFLARE,
          action,
          resource,
          identityPolicies: [ALLOW_ALL],
          bucketPolicy: policy,
        }),
      ).not.toBe('Allowed');
    }
  });

  test('CKV2_AWS_61 / S3.13 / S3.10: a lifecycle configuration (versioned bucket): abort uploads, expire logs and old versions', () => {
    const lifecycle = onlyAttached(json, 'aws_s3_bucket_lifecycle_configuration');
    expect(lifecycle.rule).toEqual([
      expect.objectContaining({ id: 'abort-incomplete-multipart-uploads', status: 'Enabled' }),
      expect.objectContaining({
        id: 'expire-logs',
        status: 'Enabled',
        expiration: [{ days: 365 }],
        noncurrent_version_expiration: [{ noncurrent_days: 7 }],
      }),
    ]);
  });

  test('CKV2_AWS_62 / S3.11: event notifications on (self-managed, the default)', () => {
    expect(onlyAttached(json, 'aws_s3_bucket_notification').topic).toEqual([
      expect.objectContaining({ events: ['s3:ObjectCreated:*'], filter_prefix: `${PREFIX}/` }),
    ]);
  });

  test('CKV2_AWS_62 / S3.11: with Panther-managed notifications, none in Terraform (documented exception)', () => {
    // Panther configures the bucket's notifications itself; a Terraform one would overwrite them.
    const managed = pipeline({ notifications: 'panther-managed' });
    expect(resourcesOf(managed, 'aws_s3_bucket_notification')).toEqual({});
  });

  test('CKV2_AWS_65 / S3.12 / AVD-AWS-0092: ACLs are disabled (BucketOwnerEnforced), no ACL is set', () => {
    expect(onlyAttached(json, 'aws_s3_bucket_ownership_controls')).toMatchObject({
      rule: { object_ownership: 'BucketOwnerEnforced' },
    });
    expect(resourcesOf(json, 'aws_s3_bucket_acl')).toEqual({});
    expect(onlyResource(json, 'aws_s3_bucket').acl).toBeUndefined();
  });

  test('S3.15 / S3.20: no Object Lock, no MFA delete (documented exceptions)', () => {
    // Object Lock cannot be turned off once on and blocks lifecycle expiry; MFA delete needs the
    // root user's MFA device, which Terraform cannot supply.
    expect(resourcesOf(json, 'aws_s3_bucket_object_lock_configuration')).toEqual({});
    expect(onlyResource(json, 'aws_s3_bucket').object_lock_enabled).toBeUndefined();
    expect(onlyAttached(json, 'aws_s3_bucket_versioning')).not.toHaveProperty(
      'versioning_configuration.mfa_delete',
    );
  });

  test('IAM.1: no policy allows "*" on "*"', () => {
    const admin = allPolicies(json)
      .flatMap(allows)
      .filter((s) => list(s.Action).includes('*') && list(s.Resource).includes('*'));
    expect(admin).toEqual([]);
    expect(identityPolicies(json).length).toBeGreaterThanOrEqual(2); // Panther's and the ownership function's
  });

  test('IAM.21: no identity policy allows a whole service ("service:*") or every action', () => {
    const wildcards = identityPolicies(json)
      .flatMap(allows)
      .flatMap((s) => list(s.Action))
      .filter((a) => a === '*' || /^[a-z0-9-]+:\*$/.test(a));
    expect(wildcards).toEqual([]);
  });

  test('the ownership function times out after the handler bound, as the shared contract says', () => {
    expect(onlyResource(json, 'aws_lambda_function').timeout).toBe(OWNERSHIP_FUNCTION_TIMEOUT_SECONDS);
    expect(OWNERSHIP_READ_BUDGET_MS).toBeLessThan(OWNERSHIP_FUNCTION_TIMEOUT_SECONDS * 1000);
  });
});
