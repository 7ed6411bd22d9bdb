/**
 * Theme: hardening against hostile or careless input. Prefixes cannot widen a grant (wildcards,
 * policy variables, dot segments), app-wide limits hold across stacks and apps, a failed construct
 * leaves no claim or grant behind, and every refusal is a LogpushValidationError.
 */
import { App, Fn, Lazy, TerraformLocal, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import {
  LogBucket,
  LogpushPipeline,
  LogpushValidationError,
  OwnershipVerification,
  PantherLogSource,
  type ILogSiem,
  type PipelineSettings,
} from 'cdktf-logpush';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CloudflareProvider } from '@cdktf/provider-cloudflare/lib/provider';
import { cloudflareWriteStatement } from '../../src/policy';
import { newStack, resourcesOf, synth } from '../support/synth';

const ZONE = '023e105f4ecef8ad9ca31a8372d0c353';
const PANTHER = '123456789012';

function stackIn(app: App, id: string): TerraformStack {
  const stack = new TerraformStack(app, id);
  new AwsProvider(stack, 'aws', { region: 'us-west-2' });
  new CloudflareProvider(stack, 'cloudflare', {});
  return stack;
}

/** Runs `fn`, expects a LogpushValidationError, and that the app's construct tree did not change. */
function refused(root: { node: { findAll(): unknown[] } }, fn: () => unknown): LogpushValidationError {
  const before = root.node.findAll().length;
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(LogpushValidationError);
  expect(root.node.findAll().length).toBe(before);
  return error as LogpushValidationError;
}

describe('prefixes cannot widen a grant', () => {
  // Each of these was accepted before the allow-list: 'a*' became arn:aws:s3:::b/a*/* in the policy.
  const bad: [string, RegExp][] = [
    ['a*', /contains "\*"/],
    ['*', /contains "\*"/],
    ['logs/*', /contains "\*"/],
    ['a?c', /contains "\?"/],
    ['${aws:username}', /contains "\$"/],
    ['logs/${aws:PrincipalAccount}', /contains "\$"/],
    ['../other', /has a "\.\." segment/],
    ['x/./y', /has a "\." segment/],
    ['x/..', /has a "\.\." segment/],
    ['.', /has a "\." segment/],
    ['a//b', /empty segment/],
    ['/a', /empty segment/],
    ['a/', /empty segment/],
    ['', /is empty/],
    ['a\u0000b', /contains U\+0000/],
    ['a\nb', /contains U\+000A/],
    ['a\u007fb', /contains U\+007F/],
    ['logs\u200b', /contains U\+200B/], // zero-width space
    ['l\u043egs', /contains U\+043E/], // Cyrillic o
    ['logs\uff0fhttp', /contains U\+FF0F/], // fullwidth solidus
    ['a b', /contains U\+0020/],
    ['a%2Fb', /contains "%"/],
    ['x'.repeat(513), /is 513 characters long/],
  ];

  test.each(bad)('fails for prefix %j', (prefix, reason) => {
    const stack = newStack();
    const bucket = new LogBucket(stack, 'logs', { bucketName: 'acme-logs', region: 'us-west-2' });
    const error = refused(
      stack,
      () => new LogpushPipeline(stack, 'p', { zoneId: ZONE, dataset: 'http_requests', bucket, prefix }),
    );
    expect(error.message).toMatch(/prefix: must be a key prefix/);
    expect(error.message).toMatch(reason);
    expect(error.issues[0]).toMatchObject({ path: 'prefix', value: prefix, hasValue: true });
  });

  test('fails for a bad prefix claimed on the bucket directly', () => {
    const stack = newStack();
    const bucket = new LogBucket(stack, 'logs', { bucketName: 'acme-logs' });
    expect(() => bucket.claimPrefix('a*', 'someone')).toThrow(LogpushValidationError);
  });

  test('accepts the safe characters, partition folders and a prefix of exactly 512 characters', () => {
    const stack = newStack();
    const bucket = new LogBucket(stack, 'logs', { bucketName: 'acme-logs', region: 'us-west-2' });
    const long = `${'a'.repeat(255)}/${'b'.repeat(256)}`;
    for (const [i, prefix] of ["Cf_logs/dt=x/(it's)!-.v1", '..a/b..', long].entries()) {
      new LogpushPipeline(stack, `p${i}`, {
        accountId: ZONE,
        dataset: 'audit_logs',
        bucket,
        prefix,
        name: 'j',
      });
    }
    const policy = JSON.parse(
      Object.values(resourcesOf(synth(stack), 'aws_s3_bucket_policy'))[0]!.policy as string,
    ) as { Statement: { Sid?: string; Resource: string | string[] }[] };
    const write = policy.Statement.find((s) => s.Sid === cloudflareWriteStatement('b', 'p').Sid)!;
    expect(write.Resource).toContain(`arn:aws:s3:::acme-logs/${long}/*`);
  });

  test('fails for names that reach an ARN or a URL with wildcards or policy variables', () => {
    const stack = newStack();
    refused(stack, () => new LogBucket(stack, 'a', { bucketName: 'logs*' }));
    refused(stack, () => new LogBucket(stack, 'b', { region: 'us-west-2*' }));
    refused(stack, () => new LogBucket(stack, 'c', { region: '${aws:RequestedRegion}' }));
    const bucket = new LogBucket(stack, 'logs', { bucketName: 'acme-logs' });
    const panther = { bucket, name: 'cloudflare', pantherAwsAccountId: PANTHER };
    refused(stack, () => new PantherLogSource(stack, 'p1', { ...panther, roleName: 'Panther*' }));
    refused(stack, () => new PantherLogSource(stack, 'p2', { ...panther, name: '${aws:username}' }));
    refused(stack, () => new PantherLogSource(stack, 'p3', { ...panther, name: ' padded' }));
    refused(
      stack,
      () => new PantherLogSource(stack, 'p4', { ...panther, pantherAwsAccountId: '12345678901?' }),
    );
    refused(stack, () => new PantherLogSource(stack, 'p5', { ...panther, awsAccountId: '*' }));
    refused(stack, () => new PantherLogSource(stack, 'p6', { ...panther, pantherRegion: 'us-east-1?' }));
    refused(
      stack,
      () => new LogpushPipeline(stack, 'j', { zoneId: ZONE, dataset: 'http_requests', bucket, name: 'a*' }),
    );
  });
});

describe('app-wide limits', () => {
  const DATASETS = ['http_requests', 'firewall_events', 'spectrum_events', 'dns_logs', 'zaraz_events'];

  test('fails for a fifth job on a zone across two stacks of one app', () => {
    const app = Testing.app();
    const storage = stackIn(app, 'storage');
    const edge = stackIn(app, 'edge');
    const bucket = new LogBucket(storage, 'logs', { bucketName: 'acme-logs', region: 'us-west-2' });
    for (const dataset of DATASETS.slice(0, 2)) {
      new LogpushPipeline(storage, dataset, { zoneId: ZONE, dataset, bucket });
    }
    for (const dataset of DATASETS.slice(2, 4)) {
      new LogpushPipeline(edge, dataset, { zoneId: ZONE, dataset, bucket });
    }
    const error = refused(
      app,
      () => new LogpushPipeline(edge, 'fifth', { zoneId: ZONE, dataset: 'zaraz_events', bucket }),
    );
    expect(error.message).toMatch(
      /zoneId: Cloudflare allows at most 4 Logpush jobs per zone; this app already defines storage\/http_requests, storage\/firewall_events, edge\/spectrum_events, edge\/dns_logs/,
    );
  });

  test('two apps in one process do not share the count', () => {
    for (const id of ['one', 'two']) {
      const app = Testing.app();
      const stack = stackIn(app, id);
      const bucket = new LogBucket(stack, 'logs', { bucketName: `acme-logs-${id}` });
      for (const dataset of DATASETS.slice(0, 4)) {
        new LogpushPipeline(stack, dataset, { zoneId: ZONE, dataset, bucket });
      }
    }
  });

  test('fails for two LogBuckets of one name in one app', () => {
    const app = Testing.app();
    new LogBucket(stackIn(app, 'a'), 'logs', { bucketName: 'acme-logs' });
    const other = stackIn(app, 'b');
    const error = refused(app, () => new LogBucket(other, 'logs', { bucketName: 'acme-logs' }));
    expect(error.message).toMatch(/bucketName: is already the bucket of a\/logs in this app/);
  });

  test('a failing pipeline leaves no claim behind: the zone slot and the prefix are free again', () => {
    const app = Testing.app();
    const stack = stackIn(app, 'one');
    const bucket = new LogBucket(stack, 'logs', { bucketName: 'acme-logs' });
    for (const dataset of DATASETS.slice(0, 3)) {
      new LogpushPipeline(stack, dataset, { zoneId: ZONE, dataset, bucket });
    }
    // Refused for its prefix, after the zone was checked.
    refused(
      app,
      () =>
        new LogpushPipeline(stack, 'x', {
          zoneId: ZONE,
          dataset: 'dns_logs',
          bucket,
          prefix: 'http_requests',
        }),
    );
    // Refused after construction began: a SIEM that throws while registering.
    const throwing: ILogSiem = {
      checkPipeline: () => [],
      addPipeline: () => {
        throw new Error('siem down');
      },
    };
    const before = app.node.findAll().length;
    expect(
      () => new LogpushPipeline(stack, 'y', { zoneId: ZONE, dataset: 'dns_logs', bucket, siem: throwing }),
    ).toThrow('siem down');
    expect(stack.node.tryFindChild('y')).toBeUndefined();
    expect(app.node.findAll().length).toBeLessThanOrEqual(before + 1); // only the ownership function may stay
    // Both the fourth slot and the dns_logs prefix are free.
    new LogpushPipeline(stack, 'y', { zoneId: ZONE, dataset: 'dns_logs', bucket });
    refused(app, () => new LogpushPipeline(stack, 'z', { zoneId: ZONE, dataset: 'zaraz_events', bucket }));
    const jobs = resourcesOf(synth(stack), 'cloudflare_logpush_job');
    expect(Object.keys(jobs)).toHaveLength(4);
  });

  test('fails: a SIEM whose addPipeline throws leaves no writer grant in the bucket policy', () => {
    // GIVEN a pipeline whose SIEM throws while registering
    const app = Testing.app();
    const stack = stackIn(app, 'one');
    const bucket = new LogBucket(stack, 'logs', { bucketName: 'acme-logs' });
    const throwing: ILogSiem = {
      checkPipeline: () => [],
      addPipeline: () => {
        throw new Error('siem down');
      },
    };
    // WHEN
    expect(
      () => new LogpushPipeline(stack, 'y', { zoneId: ZONE, dataset: 'dns_logs', bucket, siem: throwing }),
    ).toThrow('siem down');
    // THEN no statement grants Cloudflare's writer anything
    const policy = JSON.parse(
      Object.values(resourcesOf(synth(stack), 'aws_s3_bucket_policy'))[0]!.policy as string,
    ) as { Statement: Array<{ Principal?: unknown; Resource: unknown }> };
    expect(JSON.stringify(policy.Statement)).not.toContain('cloudflare-logpush');
    expect(JSON.stringify(policy.Statement)).not.toContain('dns_logs');
  });

  test('fails for a pipeline whose bucket stack already depends on the pipeline stack', () => {
    const app = Testing.app();
    const a = stackIn(app, 'a');
    const b = stackIn(app, 'b');
    a.addDependency(b);
    const bucket = new LogBucket(a, 'logs', { bucketName: 'acme-logs' });
    const error = refused(
      app,
      () => new LogpushPipeline(b, 'p', { zoneId: ZONE, dataset: 'http_requests', bucket }),
    );
    expect(error.message).toMatch(/bucket: is in stack a, which depends on this pipeline's stack b/);
  });
});

describe('one error type', () => {
  test('fails with LogpushValidationError for bad scopes, ids and props, never a TypeError', () => {
    const stack = newStack();
    const bucket = new LogBucket(stack, 'logs', { bucketName: 'acme-logs' });
    const props = { zoneId: ZONE, dataset: 'http_requests', bucket };
    refused(stack, () => new LogpushPipeline(stack, '', props));
    refused(stack, () => new LogpushPipeline(stack, 5 as never, props));
    refused(stack, () => new LogpushPipeline(stack, 'a/b', props));
    refused(stack, () => new LogpushPipeline(stack, 'logs', props)); // a sibling has this id
    refused(stack, () => new LogpushPipeline({} as never, 'p', props));
    refused(stack, () => new LogpushPipeline(stack, 'p', null as never));
    refused(stack, () => new LogpushPipeline(stack, 'p', 'props' as never));
    refused(stack, () => new LogBucket(stack, 'b', null as never));
    refused(stack, () => new LogBucket(stack, 'b', { provider: 'aws' as never }));
    refused(stack, () => new PantherLogSource(stack, 'p', undefined as never));
    const app = Testing.app();
    refused(app, () => new LogBucket(app, 'outside-a-stack'));
  });

  test('fails with LogpushValidationError for notification ownership, before anything is defined', () => {
    const stack = newStack();
    const bucket = new LogBucket(stack, 'logs', { bucketName: 'acme-logs' });
    const self = new PantherLogSource(stack, 'self', { bucket, name: 'a', pantherAwsAccountId: PANTHER });
    new LogpushPipeline(stack, 'http', { zoneId: ZONE, dataset: 'http_requests', bucket, siem: self });
    const error = refused(
      stack,
      () =>
        new PantherLogSource(stack, 'managed', {
          bucket,
          name: 'b',
          pantherAwsAccountId: PANTHER,
          notifications: 'panther-managed',
        }),
    );
    expect(error.message).toMatch(/notifications: test\/managed wants to own the notification configuration/);
    expect(() => bucket.disclaimNotifications('someone')).toThrow(LogpushValidationError);
  });

  test('fails with LogpushValidationError when a bucket is handed to an outside owner and then notified', () => {
    const stack = newStack();
    const bucket = new LogBucket(stack, 'logs', { bucketName: 'acme-logs' });
    bucket.disclaimNotifications('panther');
    expect(() =>
      bucket.addTopicNotification({
        topicArn: 'arn:aws:sns:us-west-2:1:t',
        events: ['s3:ObjectCreated:*'],
        filterPrefix: 'a/',
      }),
    ).toThrow(LogpushValidationError);
  });

  test('fails with LogpushValidationError from PantherLogSource.addPipeline for a pipeline it cannot read', () => {
    const stack = newStack();
    const bucket = new LogBucket(stack, 'logs', { bucketName: 'acme-logs' });
    const other = new LogBucket(stack, 'other', { bucketName: 'acme-other' });
    const panther = new PantherLogSource(stack, 'panther', {
      bucket,
      name: 'a',
      pantherAwsAccountId: PANTHER,
    });
    const settings: PipelineSettings = {
      path: 'x',
      bucket: other,
      scope: 'zone',
      dataset: 'http_requests',
      fields: ['ClientIP'],
      prefix: 'x',
      outputType: 'ndjson',
      timestampFormat: 'rfc3339',
    };
    expect(() => panther.addPipeline(settings)).toThrow(LogpushValidationError);
    expect(() => panther.addPipeline({ ...settings, bucket, dataset: 'no_such' })).toThrow(
      LogpushValidationError,
    );
    // Called directly, it still refuses a prefix that would widen its read grant.
    expect(() => panther.addPipeline({ ...settings, bucket, prefix: 'a*' })).toThrow(
      /prefix "a\*" must be a key prefix/,
    );
  });

  test('fails at synth with a LogpushValidationError message naming the construct for an oversized policy', () => {
    const stack = newStack();
    const bucket = new LogBucket(stack, 'logs', { bucketName: 'acme-logs' });
    for (let i = 0; i < 400; i++) {
      bucket.addToResourcePolicy({ ...cloudflareWriteStatement('acme-logs', `p${i}`), Sid: `S${i}` });
    }
    expect(() => synth(stack)).toThrow(
      /invalid props for test\/logs:\n\s+- policy: the bucket policy of test\/logs is \d+ characters, over AWS's limit of 20480/,
    );
  });

  test('fails: fromToken refuses every expression that would write a literal token into the JSON (TOKEN_LITERAL_IN_JSON)', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJ0b2tlbiI6MX0.c2lnbmF0dXJl';
    const stack = newStack();
    const bucket = new LogBucket(stack, 'logs', { bucketName: 'acme-logs' });
    const withDefault = new TerraformVariable(stack, 'with_default', {
      type: 'string',
      sensitive: true,
      default: jwt,
    });
    const local = new TerraformLocal(stack, 'token_local', jwt);
    const cases: Array<[string, string]> = [
      ['Lazy.stringValue', Lazy.stringValue({ produce: () => jwt })],
      ['Fn.trimspace(literal)', Fn.trimspace(` ${jwt} `)],
      ['Fn.join of literals', Fn.join('.', jwt.split('.'))],
      ['a TerraformLocal of a literal', local.asString],
      ["a variable's default", withDefault.stringValue],
    ];
    cases.forEach(([what, token], i) => {
      let error: unknown;
      try {
        new LogpushPipeline(stack, `p${i}`, {
          zoneId: ZONE,
          dataset: 'http_requests',
          bucket,
          prefix: `p${i}`,
          ownership: OwnershipVerification.fromToken(token),
        });
      } catch (e) {
        error = e;
      }
      expect([what, LogpushValidationError.isLogpushValidationError(error) && error.codes]).toEqual([
        what,
        ['TOKEN_LITERAL_IN_JSON'],
      ]);
      expect(String((error as Error).message)).not.toContain(jwt);
    });
    const text = Testing.synth(stack);
    expect(text).toContain(jwt); // the variable default and the local are the test's own
    expect(Object.keys(resourcesOf(synth(stack), 'cloudflare_logpush_job'))).toEqual([]);
  });

  test('the ownership token is carried as a sensitive value: the SSM parameter value, never the invocation result', () => {
    const stack = newStack();
    const bucket = new LogBucket(stack, 'logs', { bucketName: 'acme-logs' });
    new LogpushPipeline(stack, 'http', { zoneId: ZONE, dataset: 'http_requests', bucket });
    const job = Object.values(resourcesOf(synth(stack), 'cloudflare_logpush_job'))[0]!;
    expect(job.ownership_challenge).toMatch(
      /^\$\{sensitive\(data\.aws_ssm_parameter\.[A-Za-z0-9_]+\.value\)\}$/,
    );
    expect(job.ownership_challenge).not.toMatch(/result/);
  });

  test('fromToken: fails for a literal, warns for a non-sensitive variable, not for a sensitive one', () => {
    expect(() => OwnershipVerification.fromToken('eyJhbGciOiJIUzI1NiJ9.e30.sig')).toThrow(
      LogpushValidationError,
    );
    const stack = newStack();
    const bucket = new LogBucket(stack, 'logs', { bucketName: 'acme-logs' });
    const plain = new TerraformVariable(stack, 'plain_token', { type: 'string' });
    const secret = new TerraformVariable(stack, 'secret_token', { type: 'string', sensitive: true });
    const warned = new LogpushPipeline(stack, 'warned', {
      zoneId: ZONE,
      dataset: 'http_requests',
      bucket,
      ownership: OwnershipVerification.fromToken(plain.stringValue),
    });
    const quiet = new LogpushPipeline(stack, 'quiet', {
      zoneId: ZONE,
      dataset: 'firewall_events',
      bucket,
      ownership: OwnershipVerification.fromToken(secret.stringValue),
    });
    const warnings = (c: { node: { metadata: { type: string; data: unknown }[] } }) =>
      c.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));
    expect(warnings(warned)).toEqual([
      expect.stringMatching(/variable test\/plain_token, which is not sensitive/),
    ]);
    expect(warnings(quiet)).toEqual([]);
  });
});
