/** CisLogpushPipeline: one IBM CIS Logpush job into a CosLogBucket (or a bucket by reference). */
import { App, Fn, Lazy, Testing, TerraformStack, TerraformVariable } from 'cdktf';
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
import { COS_INSTANCE_CRN, CIS_CRN, DOMAIN_ID } from '../../../examples/ibm-cis/main';
import { onlyResource, resourceCounts, type SynthJson } from '../../support/synth';

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
    const bad: [string, Partial<CisLogpushPipelineProps>, string, string][] = [
      [
        'fails for a cisId that is not a CIS CRN',
        { cisId: 'crn:v1:bluemix:public:cloud-object-storage:global:a/x:y::' },
        'cisId',
        'INVALID_FORMAT',
      ],
      [
        'fails for a domainId that is not 32 hex characters',
        { domainId: 'example.com' },
        'domainId',
        'INVALID_FORMAT',
      ],
      [
        'fails for a dataset without a CIS catalogue',
        { dataset: 'firewall_events' },
        'dataset',
        'NOT_IN_CATALOGUE',
      ],
      [
        'fails for an unknown field, naming the closest ones',
        { fields: ['RayId'] },
        'fields.0',
        'NOT_IN_CATALOGUE',
      ],
      ['fails for a field listed twice', { fields: ['RayID', 'RayID'] }, 'fields.1', 'DUPLICATE_ITEM'],
      ['fails for an empty field list', { fields: [] }, 'fields', 'INVALID_LENGTH'],
      [
        'fails for fields that are neither all nor a list',
        { fields: 'some' as 'all' },
        'fields',
        'INVALID_TYPE',
      ],
      ['fails for a prefix with a leading slash', { prefix: '/cis/http' }, 'prefix', 'INVALID_PREFIX'],
      ['fails for a prefix with an IAM wildcard', { prefix: 'cis/*' }, 'prefix', 'INVALID_PREFIX'],
      ['fails for a prefix with a policy variable', { prefix: 'cis/${x}' }, 'prefix', 'INVALID_PREFIX'],
      ['fails for a prefix with a dot segment', { prefix: 'cis/../other' }, 'prefix', 'INVALID_PREFIX'],
      [
        'fails for an unknown timestamp format',
        { timestampFormat: 'iso' as 'unix' },
        'timestampFormat',
        'NOT_ONE_OF',
      ],
      ['fails for an unknown frequency', { frequency: 'often' as 'low' }, 'frequency', 'NOT_ONE_OF'],
      ['fails for a job name with spaces', { name: 'my job' }, 'name', 'INVALID_FORMAT'],
      ['fails for an unknown prop', { zoneId: 'x' } as Partial<CisLogpushPipelineProps>, '', 'UNKNOWN_PROP'],
      [
        'fails for an ibmProvider that is not a provider',
        { ibmProvider: 'ibm' as never },
        'ibmProvider',
        'INVALID_TYPE',
      ],
    ];
    test.each(bad)('%s', (_name, over, path, code) => {
      const stack = newIbmStack();
      const bucket = new CosLogBucket(stack, 'logs', bucketProps());
      const issues = refusedCodes(
        () => new CisLogpushPipeline(stack, 'p', pipelineProps(stack, bucket, over)),
      );
      expect(issues).toContainEqual({ path, code });
      expect(stack.node.tryFindChild('p')).toBeUndefined();
    });

    test('fails for OwnershipVerification.customResource() with OWNERSHIP_NEEDS_TOKEN, before defining anything', () => {
      const app = Testing.app();
      const stack = newIbmStack(app);
      const bucket = new CosLogBucket(stack, 'logs', bucketProps());
      const issues = refusedCodes(
        () =>
          new CisLogpushPipeline(
            stack,
            'p',
            pipelineProps(stack, bucket, { ownership: OwnershipVerification.customResource() }),
          ),
      );
      expect(issues).toEqual([{ path: 'ownership', code: 'OWNERSHIP_NEEDS_TOKEN' }]);
      expect(stack.node.tryFindChild('p')).toBeUndefined();
      // Nothing of AWS's verification was defined for the refused input (no Lambda function, no challenge).
      expect(stack.node.findAll().map((c) => c.node.id)).not.toContain('LogpushOwnershipVerification');
    });

    test.each([
      [
        'a variable with a default',
        (s: TerraformStack) =>
          new TerraformVariable(s, 'tok', { type: 'string', default: 'eyJhbGciOiJIUzI1NiJ9.e30.c2ln' })
            .stringValue,
      ],
      ['a Lazy literal', () => Lazy.stringValue({ produce: () => 'eyJhbGciOiJIUzI1NiJ9.e30.c2ln' })],
      ['Fn.trimspace of a literal', () => Fn.trimspace(' eyJhbGciOiJIUzI1NiJ9.e30.c2ln ')],
    ])(
      'fails for fromToken(%s) with TOKEN_LITERAL_IN_JSON, as on Cloudflare, leaving no trace',
      (_what, tokenOf) => {
        const app = Testing.app();
        const stack = newIbmStack(app);
        const bucket = new CosLogBucket(stack, 'logs', bucketProps());
        const ownership = OwnershipVerification.fromToken(tokenOf(stack));
        const issues = refusedCodes(
          () => new CisLogpushPipeline(stack, 'p', pipelineProps(stack, bucket, { ownership })),
        );
        expect(issues).toEqual([{ path: 'ownership', code: 'TOKEN_LITERAL_IN_JSON' }]);
        expect(stack.node.tryFindChild('p')).toBeUndefined();
        // The path is still free: the refused pipeline claimed nothing.
        new CisLogpushPipeline(stack, 'ok', pipelineProps(stack, bucket));
      },
    );

    test('warns on the pipeline for a token from a variable that is not sensitive', () => {
      const stack = newIbmStack();
      const bucket = new CosLogBucket(stack, 'logs', bucketProps());
      const plain = new TerraformVariable(stack, 'plain_token', { type: 'string' });
      const p = new CisLogpushPipeline(
        stack,
        'p',
        pipelineProps(stack, bucket, { ownership: OwnershipVerification.fromToken(plain.stringValue) }),
      );
      const warnings = p.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));
      expect(warnings).toEqual([expect.stringMatching(/variable test\/plain_token, which is not sensitive/)]);
    });

    test('fails for an ownership that is not an OwnershipVerification with INVALID_TYPE', () => {
      const stack = newIbmStack();
      const bucket = new CosLogBucket(stack, 'logs', bucketProps());
      const issues = refusedCodes(
        () =>
          new CisLogpushPipeline(stack, 'p', pipelineProps(stack, bucket, { ownership: 'eyJ...' as never })),
      );
      expect(issues).toEqual([{ path: 'ownership', code: 'INVALID_TYPE' }]);
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
      expect(
        refusedCodes(
          () =>
            new CisLogpushPipeline(
              stack,
              'q',
              pipelineProps(stack, { bucketName: 'logs', instanceId: 'not-a-guid', region: 'mars-1' }),
            ),
        ),
      ).toEqual([
        { path: 'bucket.instanceId', code: 'INVALID_FORMAT' },
        { path: 'bucket.region', code: 'INVALID_FORMAT' },
      ]);
    });

    test('fails for a bucket reference without a name (MISSING_PROP) and a bucket that is no object (INVALID_TYPE)', () => {
      const stack = newIbmStack();
      expect(
        refusedCodes(
          () =>
            new CisLogpushPipeline(
              stack,
              'p',
              pipelineProps(stack, { instanceId: INSTANCE, region: 'us-south' } as never),
            ),
        ),
      ).toEqual([{ path: 'bucket.bucketName', code: 'MISSING_PROP' }]);
      expect(
        refusedCodes(() => new CisLogpushPipeline(stack, 'p', pipelineProps(stack, 'logs' as never))),
      ).toEqual([{ path: 'bucket', code: 'INVALID_TYPE' }]);
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
      expect(refusedCodes(() => new CisLogpushPipeline(two, 'http', pipelineProps(two, bucketB)))).toEqual([
        { path: 'dataset', code: 'CIS_JOB_PER_DOMAIN_DATASET' },
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
