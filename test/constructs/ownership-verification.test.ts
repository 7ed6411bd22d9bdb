/**
 * OwnershipVerification's own behaviour: the custom resource (one handler function per stack, the
 * challenge and the CRUD invocation per pipeline, the handler's narrow role), a token given by hand
 * (`fromToken`, never a literal), and where the built handler is found (`ownershipHandlerDir`).
 * The handler's runtime is tested in test/unit/ownership/challenge.test.ts and test/integration/.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TerraformVariable } from 'cdktf';
import {
  LogBucket,
  LogpushError,
  LogpushPipeline,
  LogpushValidationError,
  OwnershipVerification,
} from 'cdktf-logpush';
import { ownershipHandlerDir } from '../../constructs/ownership-verification';
import { newStack, onlyResource, resourcesOf, synth } from '../support/synth';

const ZONE = '023e105f4ecef8ad9ca31a8372d0c353';

function basic(ownership?: OwnershipVerification) {
  const stack = newStack();
  const bucket = new LogBucket(stack, 'logs', { bucketName: 'acme-logs', region: 'us-west-2' });
  const pipeline = new LogpushPipeline(stack, 'http', {
    zoneId: ZONE,
    dataset: 'http_requests',
    bucket,
    ...(ownership ? { ownership } : {}),
  });
  return { stack, bucket, pipeline, json: synth(stack) };
}

/** What `fn` throws (fails the test if it returns). */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('OwnershipVerification.customResource', () => {
  test('invokes the handler with CRUD scope, the bucket and the challenge filename', () => {
    const { json } = basic();
    const invocation = onlyResource(json, 'aws_lambda_invocation');
    expect(invocation.lifecycle_scope).toBe('CRUD');
    expect(invocation.function_name).toMatch(
      /^\$\{aws_lambda_function\.LogpushOwnershipVerification_[0-9A-F]+\.function_name\}$/,
    );
    const input = invocation.input as string;
    expect(input).toContain('"bucket" = "acme-logs"');
    expect(input).toContain('"prefix" = "http_requests"');
    expect(input).toMatch(
      /"filename" = cloudflare_logpush_ownership_challenge\.http_Challenge_[0-9A-F]+\.filename/,
    );
    expect(input).toContain('"destinationConf" = "s3://acme-logs/http_requests/{DATE}?region=us-west-2"');
    const challenge = onlyResource(json, 'cloudflare_logpush_ownership_challenge');
    expect(challenge.depends_on).toEqual([expect.stringMatching(/^aws_s3_bucket_policy\.logs_Policy_/)]);
  });

  test("the handler's role may only read and delete challenge objects, list the bucket, keep its bucket's tokens and write its logs", () => {
    const stack = newStack();
    const bucket = new LogBucket(stack, 'logs', { bucketName: 'acme-logs', region: 'us-west-2' });
    new LogpushPipeline(stack, 'http', { zoneId: ZONE, dataset: 'http_requests', bucket });
    new LogpushPipeline(stack, 'fw', { zoneId: ZONE, dataset: 'firewall_events', bucket });
    const json = synth(stack);
    const policy = JSON.parse(onlyResource(json, 'aws_iam_role_policy').policy as string);
    const actions = policy.Statement.flatMap((s: { Action: string | string[] }) => [s.Action].flat());
    expect(actions.every((a: string) => !a.includes('*'))).toBe(true);
    // Per bucket, not per prefix: the policy stays small however many pipelines there are.
    expect(policy.Statement.filter((st: { Sid: string }) => st.Sid !== 'WriteOwnLogs')).toEqual([
      {
        Sid: 'KeepOwnershipTokens',
        Effect: 'Allow',
        Action: ['ssm:DeleteParameter', 'ssm:PutParameter'],
        Resource: 'arn:aws:ssm:us-west-2:*:parameter/cdktf-logpush/ownership/acme-logs/*',
      },
      {
        Sid: 'ListServedBuckets',
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: 'arn:aws:s3:::acme-logs',
      },
      {
        Sid: 'ReadAndDeleteChallengeObjects',
        Effect: 'Allow',
        Action: ['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:GetObject'],
        Resource: 'arn:aws:s3:::acme-logs/*ownership-challenge*',
      },
    ]);
    const fn = onlyResource(json, 'aws_lambda_function');
    expect(fn).toMatchObject({ runtime: 'nodejs22.x', handler: 'lambda.handler', timeout: 120 });
    expect(fn.filename).toMatch(/\.zip$/);
  });

  test('the challenge file is deleted by default; keepChallengeFile: true keeps it', () => {
    const input = (json: ReturnType<typeof synth>) =>
      onlyResource(json, 'aws_lambda_invocation').input as string;
    expect(input(basic().json)).toContain('"keepChallengeFile" = false');
    expect(input(basic(OwnershipVerification.customResource({ keepChallengeFile: true })).json)).toContain(
      '"keepChallengeFile" = true',
    );
  });
});

describe('OwnershipVerification.fromToken', () => {
  test('fromToken uses the given reference and defines no function or invocation', () => {
    const stack = newStack();
    const token = new TerraformVariable(stack, 'challenge_token', { type: 'string', sensitive: true });
    const bucket = new LogBucket(stack, 'logs', { bucketName: 'acme-logs', region: 'us-west-2' });
    new LogpushPipeline(stack, 'http', {
      zoneId: ZONE,
      dataset: 'http_requests',
      bucket,
      ownership: OwnershipVerification.fromToken(token.stringValue),
    });
    const json = synth(stack);
    expect(onlyResource(json, 'cloudflare_logpush_job').ownership_challenge).toBe('${var.challenge_token}');
    expect(resourcesOf(json, 'aws_lambda_function')).toEqual({});
    expect(resourcesOf(json, 'aws_lambda_invocation')).toEqual({});
    expect(resourcesOf(json, 'cloudflare_logpush_ownership_challenge')).toEqual({});
  });

  test('fails when fromToken is given a literal token', () => {
    expect(() => OwnershipVerification.fromToken('eyJhbGciOiJIUzI1NiJ9.e30.sig')).toThrow(
      /token: must be a Terraform reference .* a literal token would be written into cdk.tf.json/,
    );
  });

  test('fails with TOKEN_LITERAL_IN_JSON for a variable whose default would be written into the JSON', () => {
    const stack = newStack();
    const token = new TerraformVariable(stack, 'challenge_token', {
      type: 'string',
      sensitive: true,
      default: 'eyJhbGciOiJIUzI1NiJ9.e30.sig',
    });
    const bucket = new LogBucket(stack, 'logs', { bucketName: 'acme-logs', region: 'us-west-2' });
    const e = thrown(
      () =>
        new LogpushPipeline(stack, 'http', {
          zoneId: ZONE,
          dataset: 'http_requests',
          bucket,
          ownership: OwnershipVerification.fromToken(token.stringValue),
        }),
    );
    expect(e).toBeInstanceOf(LogpushValidationError);
    expect((e as LogpushValidationError).issues).toEqual([
      expect.objectContaining({ path: 'token', code: 'TOKEN_LITERAL_IN_JSON' }),
    ]);
    expect((e as LogpushValidationError).issues[0]!.message).toMatch(
      /has a default, which is written into the JSON/,
    );
  });

  test('a variable with an empty default (a token the first apply only needs) is accepted', () => {
    const stack = newStack();
    const token = new TerraformVariable(stack, 'challenge_token', {
      type: 'string',
      sensitive: true,
      default: '',
    });
    const bucket = new LogBucket(stack, 'logs', { bucketName: 'acme-logs', region: 'us-west-2' });
    new LogpushPipeline(stack, 'http', {
      zoneId: ZONE,
      dataset: 'http_requests',
      bucket,
      ownership: OwnershipVerification.fromToken(token.stringValue),
    });
    expect(onlyResource(synth(stack), 'cloudflare_logpush_job').ownership_challenge).toBe(
      '${var.challenge_token}',
    );
  });
});

describe('ownershipHandlerDir', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'handler-dir-'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('fails with OWNERSHIP_HANDLER_NOT_BUILT in a package whose handler is not built', () => {
    fs.writeFileSync(path.join(tmp, 'package.json'), '{}');
    fs.mkdirSync(path.join(tmp, 'lib', 'constructs'), { recursive: true });
    const e = thrown(() => ownershipHandlerDir(path.join(tmp, 'lib', 'constructs')));
    expect(LogpushError.isLogpushError(e)).toBe(true);
    expect((e as LogpushError).code).toBe('OWNERSHIP_HANDLER_NOT_BUILT');
  });

  test('fails with PACKAGE_ROOT_NOT_FOUND when no package.json is above', () => {
    // The filesystem root has no package.json on this machine (and on CI runners).
    if (fs.existsSync(path.join(path.parse(tmp).root, 'package.json'))) return;
    let dir = tmp;
    for (;;) {
      expect(fs.existsSync(path.join(dir, 'package.json'))).toBe(false);
      if (path.dirname(dir) === dir) break;
      dir = path.dirname(dir);
    }
    const e = thrown(() => ownershipHandlerDir(tmp));
    expect((e as LogpushError).code).toBe('PACKAGE_ROOT_NOT_FOUND');
  });

  test('finds the built handler of this package', () => {
    expect(fs.existsSync(path.join(ownershipHandlerDir(), 'lambda.js'))).toBe(true);
  });
});
