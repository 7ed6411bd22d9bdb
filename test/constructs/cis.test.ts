import { App, Testing, TerraformStack, TerraformVariable } from 'cdktf';
import {
  CisLogpushPipeline,
  CosLogBucket,
  IbmCisLogpushJob,
  IbmProvider,
  LogpushValidationError,
  OwnershipVerification,
  type CisLogpushPipelineProps,
  type CosLogBucketProps,
} from 'cdktf-logpush';
import { COS_INSTANCE_CRN, CIS_CRN, DOMAIN_ID, IbmCisStack } from '../../examples/ibm-cis/main';
import { cisAllFields } from '../../src/datasets';
import { onlyResource, resourceCounts, resourcesOf, type SynthJson } from '../support/synth';

const INSTANCE = 'c84e2a79-ce6d-3c79-a7e4-7e7ab3054cfe';
const OTHER_DOMAIN = '0123456789abcdef0123456789abcdef';

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

function tokenOf(stack: TerraformStack, id = 'token'): OwnershipVerification {
  const v = new TerraformVariable(stack, id, { type: 'string', sensitive: true });
  return OwnershipVerification.fromToken(v.stringValue);
}

function pipelineProps(
  stack: TerraformStack,
  bucket: CisLogpushPipelineProps['bucket'],
  over: Partial<CisLogpushPipelineProps> = {},
): CisLogpushPipelineProps {
  return {
    cisId: CIS_CRN,
    domainId: DOMAIN_ID,
    dataset: 'http_requests',
    bucket,
    ownership: tokenOf(stack, `token${stack.node.children.length}`),
    ...over,
  };
}

/** The props refused, as LogpushValidationError issues (path and message). */
function refusal(fn: () => unknown): { path: string; message: string }[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(LogpushValidationError);
    return (e as LogpushValidationError).issues.map((i) => ({ path: i.path, message: i.message }));
  }
  throw new Error('expected a LogpushValidationError');
}

describe('examples/ibm-cis', () => {
  test('synthesizes one ibm_cis_logpush_job per dataset with the cos destination, fields and timestamps', () => {
    const json = synthJson(new IbmCisStack(Testing.app(), 'ibm'));
    expect(resourceCounts(json)).toMatchObject({
      ibm_cis_logpush_job: 2,
      ibm_cos_bucket: 1,
      ibm_iam_user_invite: 1,
      ibm_iam_user_policy: 1,
    });
    const jobs = Object.values(resourcesOf(json, 'ibm_cis_logpush_job'));
    const byDataset = Object.fromEntries(jobs.map((j) => [j.dataset as string, j]));
    expect(Object.keys(byDataset).sort()).toEqual(['http_requests', 'range_events']);
    for (const [dataset, job] of Object.entries(byDataset)) {
      expect(job.cis_id).toBe(CIS_CRN);
      expect(job.domain_id).toBe(DOMAIN_ID);
      expect(JSON.parse(job.cos as string)).toEqual({
        bucket_name: 'acme-cis-logs',
        id: INSTANCE,
        region: 'us-south',
        path: `cis/${dataset}`,
        use_daily_subfolder: true,
      });
      expect(job.logpull_options).toBe(`fields=${cisAllFields(dataset).join(',')}&timestamps=rfc3339`);
      // A null token (later plans) becomes "": the provider's RequiredWith(cos) still holds.
      expect(job.ownership_challenge).toBe(`\${trimspace(coalesce(var.${dataset}_ownership_token, " "))}`);
      expect(job.lifecycle).toEqual({ ignore_changes: ['ownership_challenge'] });
      expect(job.depends_on).toEqual(['ibm_iam_user_policy.logs_CisWriterPolicy_B33847D6']);
      expect(job.enabled).toBe(true);
    }
    expect(cisAllFields('http_requests')).toHaveLength(61);
    expect(cisAllFields('range_events')).toHaveLength(31);
  });

  test('the bucket is hardened and CIS writer gets Object Writer on that bucket only', () => {
    const json = synthJson(new IbmCisStack(Testing.app(), 'ibm'));
    const bucket = onlyResource(json, 'ibm_cos_bucket');
    expect(bucket).toMatchObject({
      bucket_name: 'acme-cis-logs',
      resource_instance_id: COS_INSTANCE_CRN,
      region_location: 'us-south',
      force_delete: false,
      lifecycle: { prevent_destroy: true },
      object_versioning: { enable: true },
      activity_tracking: { read_data_events: true, write_data_events: true, management_events: true },
      metrics_monitoring: { usage_metrics_enabled: true, request_metrics_enabled: true },
      expire_rule: [{ enable: true, days: 365, rule_id: 'expire-logs' }],
      abort_incomplete_multipart_upload_days: [
        { enable: true, days_after_initiation: 7, rule_id: 'abort-incomplete-uploads' },
      ],
    });
    expect(onlyResource(json, 'ibm_iam_user_invite')).toEqual({ users: ['cislogp@us.ibm.com'] });
    expect(onlyResource(json, 'ibm_iam_user_policy')).toMatchObject({
      ibm_id: 'cislogp@us.ibm.com',
      roles: ['Object Writer'],
      resources: {
        service: 'cloud-object-storage',
        resource_instance_id: INSTANCE,
        resource_type: 'bucket',
        resource: 'acme-cis-logs',
      },
      depends_on: ['ibm_cos_bucket.logs_0B6081B1', 'ibm_iam_user_invite.CisLogpushWriterInvite'],
    });
    expect(json.terraform?.required_providers).toEqual({
      ibm: { source: 'IBM-Cloud/ibm', version: '2.5.0' },
    });
  });

  test('renders as HCL: the jobs, the cos JSON quoted, the grant and the lifecycle', () => {
    const hcl = Testing.synthHcl(new IbmCisStack(Testing.app(), 'ibm'), true);
    expect(hcl).toContain('resource "ibm_cis_logpush_job" "http_requests_20A4BFF8" {');
    expect(hcl).toContain(
      'cos = "{\\"bucket_name\\":\\"acme-cis-logs\\",\\"id\\":\\"c84e2a79-ce6d-3c79-a7e4-7e7ab3054cfe\\",\\"region\\":\\"us-south\\",\\"path\\":\\"cis/http_requests\\",\\"use_daily_subfolder\\":true}"',
    );
    expect(hcl).toMatch(/ignore_changes = \[\s*"ownership_challenge",\s*\]/);
    expect(hcl).toMatch(
      /resource "ibm_iam_user_invite" "CisLogpushWriterInvite" \{\s*users = \[\s*"cislogp@us.ibm.com"\s*\]/,
    );
    expect(hcl).toMatch(/resources \{\s*service = "cloud-object-storage"/);
    expect(hcl).toMatch(/object_versioning \{\s*enable = true\s*\}/);
    expect(hcl).toMatch(/provider "ibm" \{\s*region = "us-south"\s*\}/);
  });
});

describe('CisLogpushPipeline', () => {
  test('a field list, unix timestamps, frequency and no daily subfolders', () => {
    const stack = newIbmStack();
    const bucket = new CosLogBucket(stack, 'logs', bucketProps());
    new CisLogpushPipeline(
      stack,
      'http',
      pipelineProps(stack, bucket, {
        fields: ['RayID', 'EdgeStartTimestamp', 'ClientIP'],
        timestampFormat: 'unix',
        dailySubfolders: false,
        frequency: 'low',
        enabled: false,
        name: 'edge-requests',
      }),
    );
    const job = onlyResource(synthJson(stack), 'ibm_cis_logpush_job');
    expect(job).toMatchObject({
      logpull_options: 'fields=RayID,EdgeStartTimestamp,ClientIP&timestamps=unix',
      frequency: 'low',
      enabled: false,
      name: 'edge-requests',
    });
    expect(JSON.parse(job.cos as string)).toMatchObject({
      path: 'http_requests',
      use_daily_subfolder: false,
    });
  });

  test('an existing bucket by its attributes: no bucket resource, the grant as an output', () => {
    const stack = newIbmStack();
    const pipeline = new CisLogpushPipeline(
      stack,
      'http',
      pipelineProps(stack, { bucketName: 'existing-logs', instanceId: INSTANCE, region: 'eu-de' }),
    );
    const json = synthJson(stack);
    expect(resourceCounts(json)).toEqual({ ibm_cis_logpush_job: 1 });
    expect(JSON.parse(onlyResource(json, 'ibm_cis_logpush_job').cos as string)).toEqual({
      bucket_name: 'existing-logs',
      id: INSTANCE,
      region: 'eu-de',
      path: 'http_requests',
      use_daily_subfolder: true,
    });
    expect(pipeline.destination.url).toBe(
      `cos://existing-logs/http_requests/{DATE}?region=eu-de&instance-id=${INSTANCE}`,
    );
    expect(Object.values(json.output ?? {})[0]!.value).toEqual({
      user: 'cislogp@us.ibm.com',
      role: 'Object Writer',
      bucket: 'existing-logs',
      cosInstanceId: INSTANCE,
    });
  });

  test('a COS instance CRN given as a reference with its GUID as a literal: the grant names the literal GUID', () => {
    const stack = newIbmStack();
    const crn = new TerraformVariable(stack, 'cos_crn', { type: 'string' });
    const bucket = new CosLogBucket(
      stack,
      'logs',
      bucketProps({ resourceInstanceId: crn.stringValue, instanceGuid: INSTANCE }),
    );
    new CisLogpushPipeline(stack, 'http', pipelineProps(stack, bucket));
    const json = synthJson(stack);
    expect(onlyResource(json, 'ibm_cos_bucket').resource_instance_id).toBe('${var.cos_crn}');
    expect(onlyResource(json, 'ibm_iam_user_policy').resources).toMatchObject({
      resource_instance_id: INSTANCE,
      resource: 'acme-cis-logs',
    });
  });

  test('fails: a bucket name, instance GUID or (without a literal GUID) instance CRN that is a token reaches the writer grant (UNRESOLVED_GRANT_VALUE)', () => {
    const stack = newIbmStack();
    const v = new TerraformVariable(stack, 'v', { type: 'string' });
    const cases: [Partial<CosLogBucketProps>, string][] = [
      [{ bucketName: v.stringValue }, 'bucketName'],
      [{ instanceGuid: v.stringValue }, 'instanceGuid'],
      [{ resourceInstanceId: v.stringValue }, 'resourceInstanceId'],
      // A string shaped like a token marker is a token to cdktf.
      [{ bucketName: '${TfToken[TOKEN.1]}' }, 'bucketName'],
    ];
    for (const [over, path] of cases) {
      let error: unknown;
      try {
        new CosLogBucket(stack, 'logs', bucketProps(over));
      } catch (e) {
        error = e;
      }
      expect(LogpushValidationError.isLogpushValidationError(error)).toBe(true);
      const e = error as LogpushValidationError;
      expect(e.issues.map((i) => [i.path, i.code])).toEqual([[path, 'UNRESOLVED_GRANT_VALUE']]);
      expect(stack.node.tryFindChild('logs')).toBeUndefined();
    }
    // An existing bucket given by attributes: its name and instance id reach the job's destination
    // and the grant the user makes (the WriterGrant output).
    for (const bucket of [
      { bucketName: v.stringValue, instanceId: INSTANCE, region: 'us-south' },
      { bucketName: 'existing-logs', instanceId: v.stringValue, region: 'us-south' },
    ]) {
      let error: unknown;
      try {
        new CisLogpushPipeline(stack, 'http', pipelineProps(stack, bucket));
      } catch (e) {
        error = e;
      }
      expect((error as LogpushValidationError).codes).toEqual(['UNRESOLVED_GRANT_VALUE']);
      expect(stack.node.tryFindChild('http')).toBeUndefined();
    }
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

  test('grantCisWriter: false: no policy, the job depends on the bucket', () => {
    const stack = newIbmStack();
    const bucket = new CosLogBucket(stack, 'logs', bucketProps({ grantCisWriter: false }));
    new CisLogpushPipeline(stack, 'http', pipelineProps(stack, bucket));
    const json = synthJson(stack);
    expect(resourceCounts(json).ibm_iam_user_policy).toBeUndefined();
    expect(onlyResource(json, 'ibm_cis_logpush_job').depends_on).toEqual(['ibm_cos_bucket.logs_0B6081B1']);
  });

  test('the same dataset of different domains, and different datasets of one domain, are fine', () => {
    const stack = newIbmStack();
    const bucket = new CosLogBucket(stack, 'logs', bucketProps());
    new CisLogpushPipeline(stack, 'a', pipelineProps(stack, bucket, { prefix: 'a' }));
    new CisLogpushPipeline(stack, 'b', pipelineProps(stack, bucket, { prefix: 'b', domainId: OTHER_DOMAIN }));
    new CisLogpushPipeline(
      stack,
      'c',
      pipelineProps(stack, bucket, { prefix: 'c', dataset: 'range_events' }),
    );
    expect(resourceCounts(synthJson(stack)).ibm_cis_logpush_job).toBe(3);
  });

  test('the binding renders its own HCL attributes', () => {
    const stack = newIbmStack();
    const job = new IbmCisLogpushJob(stack, 'job', {
      cisId: CIS_CRN,
      domainId: DOMAIN_ID,
      dataset: 'range_events',
      logpullOptions: 'fields=Event&timestamps=rfc3339',
    });
    const hcl = Testing.synthHcl(stack);
    expect(hcl).toMatch(/resource "ibm_cis_logpush_job" "job" \{[^}]*dataset = "range_events"/);
    expect(job.jobId).toBeDefined();
  });

  describe('fails', () => {
    const bad: [string, Partial<CisLogpushPipelineProps>, string, RegExp][] = [
      [
        'fails for a cisId that is not a CIS CRN',
        { cisId: 'crn:v1:bluemix:public:cloud-object-storage:global:a/x:y::' },
        'cisId',
        /CIS instance CRN/,
      ],
      [
        'fails for a domainId that is not 32 hex characters',
        { domainId: 'example.com' },
        'domainId',
        /32 lowercase hex/,
      ],
      [
        'fails for a dataset without a CIS catalogue',
        { dataset: 'firewall_events' },
        'dataset',
        /http_requests, range_events/,
      ],
      [
        'fails for an unknown field, naming the closest ones',
        { fields: ['RayId'] },
        'fields.0',
        /closest known: RayID/,
      ],
      ['fails for a field listed twice', { fields: ['RayID', 'RayID'] }, 'fields.1', /listed twice/],
      ['fails for an empty field list', { fields: [] }, 'fields', /at least one field/],
      [
        'fails for fields that are neither all nor a list',
        { fields: 'some' as 'all' },
        'fields',
        /'all' or a list/,
      ],
      ['fails for a prefix with a leading slash', { prefix: '/cis/http' }, 'prefix', /empty segment/],
      ['fails for a prefix with an IAM wildcard', { prefix: 'cis/*' }, 'prefix', /contains "\*"/],
      ['fails for a prefix with a policy variable', { prefix: 'cis/${x}' }, 'prefix', /contains "\$"/],
      ['fails for a prefix with a dot segment', { prefix: 'cis/../other' }, 'prefix', /has a "\.\." segment/],
      [
        'fails for an unknown timestamp format',
        { timestampFormat: 'iso' as 'unix' },
        'timestampFormat',
        /rfc3339/,
      ],
      ['fails for an unknown frequency', { frequency: 'often' as 'low' }, 'frequency', /high/],
      ['fails for a job name with spaces', { name: 'my job' }, 'name', /a-zA-Z0-9/],
      [
        'fails for an unknown prop',
        { zoneId: 'x' } as Partial<CisLogpushPipelineProps>,
        '',
        /unknown prop "zoneId"/,
      ],
      [
        'fails for an ibmProvider that is not a provider',
        { ibmProvider: 'ibm' as never },
        'ibmProvider',
        /IbmProvider/,
      ],
    ];
    test.each(bad)('%s', (_name, over, path, message) => {
      const stack = newIbmStack();
      const bucket = new CosLogBucket(stack, 'logs', bucketProps());
      const issues = refusal(() => new CisLogpushPipeline(stack, 'p', pipelineProps(stack, bucket, over)));
      expect(issues).toContainEqual({ path, message: expect.stringMatching(message) });
      expect(stack.node.tryFindChild('p')).toBeUndefined();
    });

    test('fails for OwnershipVerification.customResource(), explaining why', () => {
      const stack = newIbmStack();
      const bucket = new CosLogBucket(stack, 'logs', bucketProps());
      const issues = refusal(
        () =>
          new CisLogpushPipeline(
            stack,
            'p',
            pipelineProps(stack, bucket, { ownership: OwnershipVerification.customResource() }),
          ),
      );
      expect(issues).toEqual([
        {
          path: 'ownership',
          message: expect.stringMatching(/fromToken\(token\).*cis-ownership.*no ownership/),
        },
      ]);
    });

    test('fails for an ownership that is not an OwnershipVerification', () => {
      const stack = newIbmStack();
      const bucket = new CosLogBucket(stack, 'logs', bucketProps());
      const issues = refusal(
        () =>
          new CisLogpushPipeline(stack, 'p', pipelineProps(stack, bucket, { ownership: 'eyJ...' as never })),
      );
      expect(issues.map((i) => i.path)).toEqual(['ownership']);
    });

    test('fails for a bucket reference with a bad instance id and region', () => {
      const stack = newIbmStack();
      const issues = refusal(
        () =>
          new CisLogpushPipeline(
            stack,
            'p',
            pipelineProps(stack, { bucketName: 'logs', instanceId: 'not-a-guid', region: 'mars-1' }),
          ),
      );
      expect(issues.map((i) => i.path).sort()).toEqual(['bucket.instanceId', 'bucket.region']);
    });

    test('fails for a second job of one domain and dataset anywhere in the app, leaving no trace', () => {
      const app = Testing.app();
      const one = newIbmStack(app, 'one');
      const two = newIbmStack(app, 'two');
      new CisLogpushPipeline(
        one,
        'http',
        pipelineProps(one, { bucketName: 'logs-a', instanceId: INSTANCE, region: 'us-south' }),
      );
      const bucketB = new CosLogBucket(two, 'logs', bucketProps({ bucketName: 'logs-b' }));
      const issues = refusal(() => new CisLogpushPipeline(two, 'http', pipelineProps(two, bucketB)));
      expect(issues).toEqual([
        {
          path: 'dataset',
          message: expect.stringMatching(/already has a http_requests job in this app \(one\/http\)/),
        },
      ]);
      expect(two.node.tryFindChild('http')).toBeUndefined();
      // The refused pipeline claimed no path: the same path is still free for another domain.
      new CisLogpushPipeline(two, 'other', pipelineProps(two, bucketB, { domainId: OTHER_DOMAIN }));
    });

    test('fails for the same path twice in one CosLogBucket', () => {
      const stack = newIbmStack();
      const bucket = new CosLogBucket(stack, 'logs', bucketProps());
      new CisLogpushPipeline(stack, 'http', pipelineProps(stack, bucket, { prefix: 'cis' }));
      const issues = refusal(
        () =>
          new CisLogpushPipeline(
            stack,
            'range',
            pipelineProps(stack, bucket, { prefix: 'cis', dataset: 'range_events' }),
          ),
      );
      expect(issues).toEqual([
        { path: 'prefix', message: expect.stringMatching(/overlaps the path "cis" of test\/http/) },
      ]);
    });

    test('fails for nested paths in one bucket given by reference', () => {
      const stack = newIbmStack();
      const ref = { bucketName: 'existing-logs', instanceId: INSTANCE, region: 'us-south' };
      new CisLogpushPipeline(stack, 'http', pipelineProps(stack, ref, { prefix: 'cis' }));
      const issues = refusal(
        () =>
          new CisLogpushPipeline(
            stack,
            'range',
            pipelineProps(stack, ref, { prefix: 'cis/range', dataset: 'range_events' }),
          ),
      );
      expect(issues).toEqual([{ path: 'prefix', message: expect.stringMatching(/bucket existing-logs/) }]);
    });

    test('fails for a construct id already taken, and for a scope outside a stack, before defining anything', () => {
      const app = Testing.app();
      const stack = newIbmStack(app);
      const bucket = new CosLogBucket(stack, 'logs', bucketProps());
      expect(refusal(() => new CosLogBucket(stack, 'logs', bucketProps({ bucketName: 'other' })))).toEqual([
        { path: 'id', message: expect.stringMatching(/already has a construct with this id/) },
      ]);
      expect(refusal(() => new CisLogpushPipeline(app, 'p', pipelineProps(stack, bucket)))).toEqual([
        { path: 'scope', message: expect.stringMatching(/TerraformStack/) },
      ]);
      // No check defined the app-wide registry: only a pipeline that passed every check does.
      expect(app.node.children.map((c) => c.node.id)).toEqual(['test']);
    });

    test('fails for missing props with one error naming each', () => {
      const stack = newIbmStack();
      const issues = refusal(
        () => new CisLogpushPipeline(stack, 'p', undefined as unknown as CisLogpushPipelineProps),
      );
      expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining(['cisId', 'domainId', 'dataset']));
    });

    test('fails for a literal token in OwnershipVerification.fromToken', () => {
      expect(() => OwnershipVerification.fromToken('eyJhbGciOiJIUzI1NiJ9.e30.c2ln')).toThrow(
        LogpushValidationError,
      );
    });
  });
});

describe('CosLogBucket', () => {
  const bad: [string, Partial<CosLogBucketProps>, string, RegExp][] = [
    ['fails for an invalid bucket name', { bucketName: 'Acme_Logs' }, 'bucketName', /valid COS bucket name/],
    [
      'fails for a resourceInstanceId that is not a COS CRN',
      { resourceInstanceId: INSTANCE },
      'resourceInstanceId',
      /COS instance CRN/,
    ],
    ['fails for an instanceGuid that is not a GUID', { instanceGuid: 'abc' }, 'instanceGuid', /GUID/],
    ['fails for an unknown region', { region: 'us-west-2' as 'us-south' }, 'region', /us-south/],
    ['fails for an unknown storage class', { storageClass: 'glacier' as 'cold' }, 'storageClass', /standard/],
    [
      'fails for a kmsKeyCrn that is not a key CRN',
      { kmsKeyCrn: 'arn:aws:kms:x' },
      'kmsKeyCrn',
      /root key CRN/,
    ],
    ['fails for an allowed IP that is not a CIDR', { allowedIps: ['10.0.0.1'] }, 'allowedIps.0', /CIDR/],
    ['fails for an empty allowed IP list', { allowedIps: [] }, 'allowedIps', /at least one CIDR/],
    ['fails for 0 retention days', { retentionDays: 0 }, 'retentionDays', /1 to 3650/],
    ['fails for retention beyond 3650 days', { retentionDays: 4000 }, 'retentionDays', /1 to 3650/],
    [
      'fails for fractional abort days',
      { abortIncompleteMultipartUploadDays: 1.5 },
      'abortIncompleteMultipartUploadDays',
      /whole number/,
    ],
    [
      'fails for noncurrent version expiry without versioning',
      { versioning: false, noncurrentVersionRetentionDays: 30 },
      'noncurrentVersionRetentionDays',
      /versioned bucket/,
    ],
    [
      'fails for a grantCisWriter that is not a boolean',
      { grantCisWriter: 'yes' as never },
      'grantCisWriter',
      /true or false/,
    ],
    ['fails for an unknown prop', { bucket: 'x' } as Partial<CosLogBucketProps>, '', /unknown prop "bucket"/],
  ];
  test.each(bad)('%s', (_name, over, path, message) => {
    const stack = newIbmStack();
    const issues = refusal(() => new CosLogBucket(stack, 'logs', bucketProps(over)));
    expect(issues).toContainEqual({ path, message: expect.stringMatching(message) });
    expect(stack.node.tryFindChild('logs')).toBeUndefined();
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
