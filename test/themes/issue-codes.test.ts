/**
 * Theme: error codes. The codes a program acts on (docs/errors.md): one refusal per code of the shared vocabulary and
 * per rule, asserted by path and code, never by the prose. Every code asserted here is listed in
 * src/error-codes.ts (checked at the end), so a test cannot expect a code the page does not document.
 */
import { TerraformVariable, Testing } from 'cdktf';
import {
  LogBucket,
  LogpushError,
  LogpushPipeline,
  LogpushValidationError,
  OwnershipVerification,
  PantherLogSource,
} from 'cdktf-logpush';
import { parseFleet } from 'cdktf-logpush/fleet';
import { fieldsOf, cisFieldsOf } from '../../src/datasets';
import { parseS3DestinationConf } from '../../src/destination';
import { ISSUE_CODES } from '../../src/error-codes';
import { newStack } from '../support/synth';

const ZONE = '023e105f4ecef8ad9ca31a8372d0c353';
const ACCOUNT = '01a7362d577a6c3019a474fd6f485823';

/** The issues of the validation error `fn` throws, as path and code. */
function refused(fn: () => unknown): { path: string; code: string }[] {
  try {
    fn();
  } catch (e) {
    if (!LogpushValidationError.isLogpushValidationError(e)) throw e;
    expect(LogpushError.isLogpushError(e)).toBe(true);
    return e.issues.map((i) => ({ path: i.path, code: i.code }));
  }
  throw new Error('expected a LogpushValidationError');
}

const asserted = new Set<string>();
function expectCodes(fn: () => unknown, want: { path: string; code: string }[]): void {
  expect(refused(fn)).toEqual(want);
  for (const w of want) asserted.add(w.code);
}

/** A pipeline into a fresh bucket with `props`. */
function pipeline(props: Record<string, unknown>, setup?: (b: LogBucket) => void): () => unknown {
  const stack = newStack();
  const bucket = new LogBucket(stack, 'logs', { bucketName: 'acme-logs', region: 'us-west-2' });
  setup?.(bucket);
  return () => new LogpushPipeline(stack, 'p', { bucket, ...props } as never);
}

describe('LogpushPipeline: fails with one code per problem', () => {
  test.each<[string, Record<string, unknown>, { path: string; code: string }[]]>([
    [
      'an unknown prop',
      { zoneId: ZONE, dataset: 'http_requests', prefx: 'x' },
      [{ path: '', code: 'UNKNOWN_PROP' }],
    ],
    ['a missing dataset', { zoneId: ZONE }, [{ path: 'dataset', code: 'MISSING_PROP' }]],
    ['a number for a string', { zoneId: ZONE, dataset: 42 }, [{ path: 'dataset', code: 'INVALID_TYPE' }]],
    [
      'an unknown timestamp format',
      { zoneId: ZONE, dataset: 'http_requests', timestampFormat: 'iso8601' },
      [{ path: 'timestampFormat', code: 'NOT_ONE_OF' }],
    ],
    [
      'a sample rate of 0 and an upload interval below 30 s',
      { zoneId: ZONE, dataset: 'http_requests', sampleRate: 0, maxUploadIntervalSeconds: 10 },
      [
        { path: 'sampleRate', code: 'OUT_OF_RANGE' },
        { path: 'maxUploadIntervalSeconds', code: 'OUT_OF_RANGE' },
      ],
    ],
    [
      'an empty field list',
      { zoneId: ZONE, dataset: 'http_requests', fields: [] },
      [{ path: 'fields', code: 'INVALID_LENGTH' }],
    ],
    [
      'a zone id that is a domain',
      { zoneId: 'example.com', dataset: 'http_requests' },
      [{ path: 'zoneId', code: 'INVALID_FORMAT' }],
    ],
    [
      'a filter that is not JSON',
      { zoneId: ZONE, dataset: 'http_requests', filter: 'host=x' },
      [{ path: 'filter', code: 'INVALID_FORMAT' }],
    ],
    [
      'a prefix with a leading slash',
      { zoneId: ZONE, dataset: 'http_requests', prefix: '/logs' },
      [{ path: 'prefix', code: 'INVALID_PREFIX' }],
    ],
    [
      'both zoneId and accountId',
      { zoneId: ZONE, accountId: ACCOUNT, dataset: 'http_requests' },
      [{ path: 'zoneId', code: 'SCOPE_NOT_EXACTLY_ONE' }],
    ],
    [
      'neither zoneId nor accountId',
      { dataset: 'http_requests' },
      [{ path: '', code: 'SCOPE_NOT_EXACTLY_ONE' }],
    ],
    [
      'an unknown dataset',
      { zoneId: ZONE, dataset: 'http_request' },
      [{ path: 'dataset', code: 'NOT_IN_CATALOGUE' }],
    ],
    [
      'an account dataset on a zone',
      { zoneId: ZONE, dataset: 'audit_logs' },
      [{ path: 'dataset', code: 'DATASET_SCOPE_MISMATCH' }],
    ],
    [
      'a dataset the pinned provider rejects',
      { accountId: ACCOUNT, dataset: 'mcp_portal_logs' },
      [{ path: 'dataset', code: 'DATASET_NOT_IN_PROVIDER' }],
    ],
    [
      'an unknown field and a field listed twice',
      { zoneId: ZONE, dataset: 'http_requests', fields: ['ClientIP', 'ClientIP', 'EdgeStartTimestmp'] },
      [
        { path: 'fields.1', code: 'DUPLICATE_ITEM' },
        { path: 'fields.2', code: 'NOT_IN_CATALOGUE' },
      ],
    ],
    [
      'an ownership that is no OwnershipVerification',
      { zoneId: ZONE, dataset: 'http_requests', ownership: 'eyJ' },
      [{ path: 'ownership', code: 'INVALID_TYPE' }],
    ],
  ])('fails for %s', (_name, props, want) => {
    expectCodes(pipeline(props), want);
  });

  test('fails for equal prefixes in one bucket with PREFIX_OVERLAP', () => {
    const stack = newStack();
    const bucket = new LogBucket(stack, 'logs', { bucketName: 'acme-logs' });
    new LogpushPipeline(stack, 'first', { zoneId: ZONE, dataset: 'http_requests', bucket, prefix: 'logs' });
    expectCodes(
      () =>
        new LogpushPipeline(stack, 'p', {
          zoneId: ZONE,
          dataset: 'firewall_events',
          bucket,
          prefix: 'logs/x',
        }),
      [{ path: 'prefix', code: 'PREFIX_OVERLAP' }],
    );
  });

  test('fails for a fifth job on a zone with ZONE_JOB_LIMIT', () => {
    const stack = newStack();
    const bucket = new LogBucket(stack, 'logs', { bucketName: 'acme-logs' });
    for (const d of ['http_requests', 'firewall_events', 'spectrum_events', 'dns_logs']) {
      new LogpushPipeline(stack, d, { zoneId: ZONE, dataset: d, bucket });
    }
    expectCodes(
      () => new LogpushPipeline(stack, 'p', { zoneId: ZONE, dataset: 'zaraz_events', bucket }),
      [{ path: 'zoneId', code: 'ZONE_JOB_LIMIT' }],
    );
  });

  test('fails for a literal token with TOKEN_LITERAL_IN_JSON, and for a default with it too', () => {
    expectCodes(
      () => OwnershipVerification.fromToken('eyJhbGciOiJIUzI1NiJ9.e30.c2ln'),
      [{ path: 'token', code: 'TOKEN_LITERAL_IN_JSON' }],
    );
    const stack = newStack();
    const bucket = new LogBucket(stack, 'logs', { bucketName: 'acme-logs' });
    const withDefault = new TerraformVariable(stack, 'tok', {
      type: 'string',
      default: 'eyJhbGciOiJIUzI1NiJ9.e30.c2ln',
    });
    expectCodes(
      () =>
        new LogpushPipeline(stack, 'p', {
          zoneId: ZONE,
          dataset: 'http_requests',
          bucket,
          ownership: OwnershipVerification.fromToken(withDefault.stringValue),
        }),
      [{ path: 'token', code: 'TOKEN_LITERAL_IN_JSON' }],
    );
  });
});

describe('LogBucket and the construct tree: fails with one code per problem', () => {
  test('fails for adopt without a bucket name (MISSING_PROP) and without the acknowledgement (NOT_ACKNOWLEDGED)', () => {
    const stack = newStack();
    expectCodes(
      () => new LogBucket(stack, 'a', { adopt: { acknowledgeExistingPolicyReplaced: true } }),
      [{ path: 'bucketName', code: 'MISSING_PROP' }],
    );
    expectCodes(
      () =>
        new LogBucket(stack, 'b', {
          bucketName: 'acme-logs',
          adopt: { acknowledgeExistingPolicyReplaced: false },
        }),
      [{ path: 'adopt.acknowledgeExistingPolicyReplaced', code: 'NOT_ACKNOWLEDGED' }],
    );
  });

  test('fails for 0 retention days (OUT_OF_RANGE) and a token bucket name (UNRESOLVED_GRANT_VALUE)', () => {
    const stack = newStack();
    expectCodes(
      () => new LogBucket(stack, 'a', { retentionDays: 0 }),
      [{ path: 'retentionDays', code: 'OUT_OF_RANGE' }],
    );
    const name = new TerraformVariable(stack, 'name', { type: 'string' });
    expectCodes(
      () => new LogBucket(stack, 'b', { bucketName: name.stringValue }),
      [{ path: 'bucketName', code: 'UNRESOLVED_GRANT_VALUE' }],
    );
  });

  test('fails for a second LogBucket of one name (DUPLICATE_BUCKET_NAME), a taken id (ID_TAKEN), a bad id (INVALID_ID)', () => {
    const stack = newStack();
    new LogBucket(stack, 'logs', { bucketName: 'acme-logs' });
    expectCodes(
      () => new LogBucket(stack, 'other', { bucketName: 'acme-logs' }),
      [{ path: 'bucketName', code: 'DUPLICATE_BUCKET_NAME' }],
    );
    expectCodes(() => new LogBucket(stack, 'logs', {}), [{ path: 'id', code: 'ID_TAKEN' }]);
    expectCodes(() => new LogBucket(stack, 'a/b', {}), [{ path: 'id', code: 'INVALID_ID' }]);
  });

  test('fails for a scope outside a stack with SCOPE_NOT_IN_STACK', () => {
    const stack = newStack();
    expectCodes(
      () => new LogBucket(stack.node.root as never, 'logs', {}),
      [{ path: 'scope', code: 'SCOPE_NOT_IN_STACK' }],
    );
  });

  test('fails for a Panther source name outside its allow-list with INVALID_FORMAT', () => {
    const stack = newStack();
    const bucket = new LogBucket(stack, 'logs', { bucketName: 'acme-logs' });
    expectCodes(
      () =>
        new PantherLogSource(stack, 's', {
          bucket,
          name: 'no_underscores',
          pantherAwsAccountId: '123456789012',
        }),
      [{ path: 'name', code: 'INVALID_FORMAT' }],
    );
  });
});

describe('functions and the fleet file: fails with one code per problem', () => {
  test('fieldsOf, cisFieldsOf and parseS3DestinationConf', () => {
    expectCodes(() => fieldsOf('zone', 'nope'), [{ path: 'dataset', code: 'NOT_IN_CATALOGUE' }]);
    expectCodes(() => cisFieldsOf('nope'), [{ path: 'dataset', code: 'NOT_IN_CATALOGUE' }]);
    expectCodes(
      () => parseS3DestinationConf('https://example.com'),
      [{ path: 'conf', code: 'INVALID_DESTINATION_CONF' }],
    );
  });

  test('a fleet file: no version, unknown key, unknown bucket reference, an account dataset under zones', () => {
    const file = [
      'buckets:',
      '  main: { name: acme-logs, region: us-west-2 }',
      'zones:',
      `  - { name: shop, id: "${ZONE}", bucket: mian, datasets: [http_requests] }`,
      `  - { name: blog, id: "1111105f4ecef8ad9ca31a8372d0c353", bucket: main, datasets: [audit_logs], colour: red }`,
    ].join('\n');
    const issues = refused(() => parseFleet(file, 'logpush.yaml'));
    const codes = issues.map((i) => i.code).sort();
    expect(codes).toEqual(['DATASET_SCOPE_MISMATCH', 'MISSING_PROP', 'UNKNOWN_PROP', 'UNKNOWN_REFERENCE']);
    for (const c of codes) asserted.add(c);
  });
});

describe('OwnershipVerification brand', () => {
  test('recognises both kinds, also from a second copy of the module, and refuses lookalikes', () => {
    type Module = typeof import('../../constructs/ownership-verification');
    let other: Module | undefined;
    jest.isolateModules(() => {
      other = jest.requireActual<Module>('../../constructs/ownership-verification');
    });
    const stack = newStack();
    const token = new TerraformVariable(stack, 'tok', { type: 'string', sensitive: true });
    const foreign = other!.OwnershipVerification.customResource();
    expect(foreign instanceof OwnershipVerification).toBe(false);
    for (const v of [
      OwnershipVerification.customResource(),
      OwnershipVerification.fromToken(token.stringValue),
      foreign,
    ]) {
      expect(OwnershipVerification.isOwnershipVerification(v)).toBe(true);
    }
    const lookalike = { _bind: () => 'x', _providerNeutralToken: () => ({ token: 'x', warnings: [] }) };
    for (const v of [
      lookalike,
      'eyJ',
      null,
      undefined,
      { [Symbol('cdktf-logpush/OwnershipVerification')]: true },
    ]) {
      expect(OwnershipVerification.isOwnershipVerification(v)).toBe(false);
    }
    // LogpushPipeline refuses a lookalike as CisLogpushPipeline does, and takes a second copy's verification.
    expectCodes(pipeline({ zoneId: ZONE, dataset: 'http_requests', ownership: lookalike }), [
      { path: 'ownership', code: 'INVALID_TYPE' },
    ]);
    const s2 = newStack();
    const b2 = new LogBucket(s2, 'logs', { bucketName: 'acme-logs' });
    const secret = new TerraformVariable(s2, 'tok', { type: 'string', sensitive: true });
    const p = new LogpushPipeline(s2, 'p', {
      zoneId: ZONE,
      dataset: 'http_requests',
      bucket: b2,
      ownership: other!.OwnershipVerification.fromToken(secret.stringValue),
    });
    const job = JSON.parse(Testing.synth(s2)).resource.cloudflare_logpush_job as Record<
      string,
      { ownership_challenge: string }
    >;
    expect(Object.values(job).map((j) => j.ownership_challenge)).toEqual(['${var.tok}']);
    expect(p.node.path).toBe('test/p');
  });
});

afterAll(() => {
  // Every code this file expects is one docs/errors.md documents.
  expect([...asserted].filter((c) => !(c in ISSUE_CODES))).toEqual([]);
});
