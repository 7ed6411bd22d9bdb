/**
 * src/schema.ts: the zod schemas of the public inputs and the cross-prop rules, framework-free
 * (the token predicate is a parameter: a stand-in for cdktf's here), and how zod's issues become
 * prop issues. The constructs' refusals built on them are in test/constructs/.
 */
import { LogpushValidationError } from '../../src/errors';
import {
  createSchemas,
  fieldListIssues,
  logBucketIssues,
  parseProps,
  pipelineIssues,
  scopeOf,
  UPLOAD_RANGES,
  zodIssues,
} from '../../src/schema';

const ZONE = '023e105f4ecef8ad9ca31a8372d0c353';
const ACCOUNT = '01a7362d577a6c3019a474fd6f485823';
const isToken = (v: unknown) => typeof v === 'string' && v.startsWith('TOKEN:');
const schemas = createSchemas(isToken);

/** The prop issues of parsing `input` with `schema`. */
function issuesOf(schema: (typeof schemas)[keyof typeof schemas], input: unknown) {
  const r = schema.safeParse(input);
  return r.success ? [] : zodIssues(r.error, input);
}

describe('pipeline schema', () => {
  test('accepts a zone pipeline with every optional setting', () => {
    expect(
      issuesOf(schemas.pipelineBase, {
        zoneId: ZONE,
        dataset: 'http_requests',
        fields: ['RayID'],
        prefix: 'cloudflare/http',
        filter: '{"where":{"key":"ClientRequestHost","operator":"eq","value":"example.com"}}',
        sampleRate: 0.5,
        maxUploadBytes: 0,
        maxUploadRecords: UPLOAD_RANGES.maxUploadRecords[1],
        timestampFormat: 'unixnano',
        outputType: 'csv',
        name: 'http.example-com',
      }),
    ).toEqual([]);
  });

  test('fails for each bad value at once, with the value read back from the input', () => {
    const issues = issuesOf(schemas.pipelineBase, {
      zoneId: 'example.com',
      dataset: 'http_requests',
      filter: 'ClientRequestHost eq example.com',
      sampleRate: 0,
      maxUploadIntervalSeconds: 10,
      colour: 'blue',
    });
    expect(issues.map((i) => i.path).sort()).toEqual([
      '',
      'filter',
      'maxUploadIntervalSeconds',
      'sampleRate',
      'zoneId',
    ]);
    expect(issues).toContainEqual(
      expect.objectContaining({
        path: 'zoneId',
        value: 'example.com',
        message: expect.stringMatching(/^must be a Cloudflare zone id/),
      }),
    );
    expect(issues).toContainEqual({
      path: '',
      message: 'unknown prop "colour"',
      hasValue: false,
      code: 'UNKNOWN_PROP',
    });
    expect(issues).toContainEqual(
      expect.objectContaining({
        path: 'maxUploadIntervalSeconds',
        message: "must be 0 (Cloudflare's default) or an integer from 30 to 300",
      }),
    );
  });

  test('fails for a prefix or bucket name that is a token, with UNRESOLVED_GRANT_VALUE; a token zone id passes', () => {
    expect(issuesOf(schemas.pipelineBase, { zoneId: 'TOKEN:1', dataset: 'http_requests' })).toEqual([]);
    expect(
      issuesOf(schemas.pipelineBase, { zoneId: ZONE, dataset: 'http_requests', prefix: 'TOKEN:2' }),
    ).toEqual([expect.objectContaining({ path: 'prefix', code: 'UNRESOLVED_GRANT_VALUE' })]);
    expect(issuesOf(schemas.logBucket, { bucketName: 'TOKEN:3' })).toEqual([
      expect.objectContaining({ path: 'bucketName', code: 'UNRESOLVED_GRANT_VALUE' }),
    ]);
  });
});

describe('cross-prop rules', () => {
  test('scopeOf: exactly one of zoneId and accountId', () => {
    expect(scopeOf({ zoneId: ZONE })).toBe('zone');
    expect(scopeOf({ accountId: ACCOUNT })).toBe('account');
    expect(scopeOf({})).toBeUndefined();
    expect(scopeOf({ zoneId: ZONE, accountId: ACCOUNT })).toBeUndefined();
  });

  test('fails for both ids, for a dataset of the other scope, and for an unknown field', () => {
    expect(pipelineIssues({ zoneId: ZONE, accountId: ACCOUNT, dataset: 'http_requests' })).toEqual([
      expect.objectContaining({ path: 'zoneId', message: expect.stringContaining('not both') }),
    ]);
    expect(pipelineIssues({ zoneId: ZONE, dataset: 'audit_logs' })).toEqual([
      expect.objectContaining({
        path: 'dataset',
        message: '"audit_logs" is an account dataset: set accountId instead of zoneId',
      }),
    ]);
    expect(pipelineIssues({ zoneId: ZONE, dataset: 'http_requests', fields: ['RayId'] })).toEqual([
      expect.objectContaining({ path: 'fields.0', message: expect.stringContaining('closest known: RayID') }),
    ]);
    expect(pipelineIssues({ accountId: ACCOUNT, dataset: 'audit_logs', fields: 'all' })).toEqual([]);
  });

  test('fieldListIssues: fails for a field listed twice and for an unknown one, at their index', () => {
    const known = ['RayID', 'ClientIP'];
    expect(fieldListIssues(['RayID', 'RayID', 'Nope'], (f) => known.includes(f), known, 'x')).toEqual([
      expect.objectContaining({ path: 'fields.1', message: 'is listed twice' }),
      expect.objectContaining({
        path: 'fields.2',
        message: expect.stringMatching(/^unknown field of x; closest known: /),
      }),
    ]);
  });

  test('logBucketIssues: fails for adopt without the bucket name', () => {
    expect(logBucketIssues({ adopt: {} })).toEqual([
      expect.objectContaining({ path: 'bucketName', hasValue: false }),
    ]);
    expect(logBucketIssues({ adopt: {}, bucketName: 'acme-logs' })).toEqual([]);
    expect(logBucketIssues({})).toEqual([]);
  });
});

describe('parseProps', () => {
  test('returns the parsed value, or fails with one error listing every issue of the schema, then of the rules', () => {
    expect(parseProps('LogBucket', schemas.logBucket, { bucketName: 'acme-logs' })).toEqual({
      bucketName: 'acme-logs',
    });
    try {
      parseProps('LogBucket', schemas.logBucket, { bucketName: 'Acme', region: 'nowhere' });
      throw new Error('expected a throw');
    } catch (e) {
      expect(e).toBeInstanceOf(LogpushValidationError);
      expect((e as LogpushValidationError).issues.map((i) => i.path)).toEqual(['bucketName', 'region']);
    }
    expect(() =>
      parseProps(
        'LogBucket',
        schemas.logBucket,
        { adopt: { acknowledgeExistingPolicyReplaced: true } },
        logBucketIssues,
      ),
    ).toThrow(/bucketName/);
  });
});
