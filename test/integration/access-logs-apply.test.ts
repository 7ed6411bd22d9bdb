/**
 * Server access logging, applied for real: the real Terraform CLI and hashicorp/aws provider apply a
 * LogBucket that logs into another LogBucket against moto on loopback. moto refuses
 * PutBucketLogging unless the target's bucket policy grants `logging.s3.amazonaws.com`
 * `s3:PutObject` on `<target>/<prefix>*`, so the apply itself checks the grant the library emits.
 * It takes 2-3 minutes (two applies and a plan), so it runs with the Terraform tier in CI
 * (CI=true REQUIRE_TERRAFORM_TIER=1) or when ACCESS_LOGS_APPLY=1; skipped with one line otherwise,
 * and when terraform or moto is missing (failed when CI requires the tier).
 */
import {
  GetBucketLoggingCommand,
  GetBucketPolicyCommand,
  PutBucketPolicyCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import * as fs from 'fs';
import { App, LocalBackend, TerraformStack } from 'cdktf';
import * as path from 'path';
import { LogBucket } from '../../index';
import { s3ClientFor, startMoto, type MotoServer } from '../support/moto';
import {
  findTools,
  motoAwsProvider,
  REGION,
  Terraform,
  tempDir,
  tierRequired,
  writeCliConfig,
} from '../terraform/harness';

const wanted = tierRequired() || process.env.ACCESS_LOGS_APPLY === '1';
const tools = wanted ? findTools() : undefined;
const ready = tools !== undefined && tools.missing.length === 0;
if (!wanted) {
  console.log('access logs apply skipped: set ACCESS_LOGS_APPLY=1 (runs with the Terraform tier in CI)');
} else if (!ready) {
  console.log(`access logs apply skipped: missing ${tools!.missing.join(', ')}`);
}

const SOURCE = 'al-cloudflare-logs';
const TARGET = 'al-s3-access-logs';

(ready ? describe : describe.skip)('server access logs applied against moto', () => {
  jest.setTimeout(5 * 60_000);
  let moto: MotoServer;
  let s3: S3Client;
  let tf: Terraform;
  let dir: string;

  beforeAll(async () => {
    moto = await startMoto({ tls: true });
    s3 = s3ClientFor(moto.endpoint);
    const work = tempDir('access-logs-');
    tf = new Terraform(tools!.terraform!, writeCliConfig(work, tools!));
    const app = new App({ outdir: path.join(work, 'out') });
    const stack = new TerraformStack(app, 'aws');
    new LocalBackend(stack, { path: path.join(work, 'aws.tfstate') });
    motoAwsProvider(stack, 'aws', moto.endpoint);
    const target = new LogBucket(stack, 'access-logs', {
      bucketName: TARGET,
      region: REGION,
      retainOnDestroy: false,
    });
    new LogBucket(stack, 'logs', {
      bucketName: SOURCE,
      region: REGION,
      retainOnDestroy: false,
      serverAccessLogsBucket: target,
    });
    app.synth();
    dir = path.join(work, 'out', 'stacks', 'aws');
  }, 60_000);

  afterAll(async () => {
    s3?.destroy();
    await moto?.stop();
  });

  test('applies: logging is on, into the target under the prefix, with the grant moto requires', async () => {
    // GIVEN everything but the logging configuration applied
    tf.ok(dir, ['init', '-input=false']);
    const started = Date.now();
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8')) as {
      resource: Record<string, Record<string, unknown>>;
    };
    const targets = Object.entries(json.resource)
      .filter(([type]) => type !== 'aws_s3_bucket_logging')
      .flatMap(([type, byId]) => Object.keys(byId).map((id) => `-target=${type}.${id}`));
    tf.ok(dir, ['apply', '-auto-approve', '-input=false', ...targets]);
    // moto 5.2 reads every statement's Principal as an object when it checks a logging target's
    // policy, and answers 500 on our TLS-only statement (Principal "*"), which the provider retries
    // without end. Put the same statements back with that one last (statement order carries no
    // meaning in IAM, and the provider compares policies without it).
    const applied = JSON.parse((await s3.send(new GetBucketPolicyCommand({ Bucket: TARGET }))).Policy!) as {
      Statement: Array<{ Principal?: unknown }>;
    };
    applied.Statement.sort(
      (a, b) => Number(typeof a.Principal === 'string') - Number(typeof b.Principal === 'string'),
    );
    await s3.send(new PutBucketPolicyCommand({ Bucket: TARGET, Policy: JSON.stringify(applied) }));
    // WHEN the logging configuration is applied (moto refuses it unless the target's policy grants
    // logging.s3.amazonaws.com s3:PutObject on exactly <target>/<prefix>*)
    tf.ok(dir, ['apply', '-auto-approve', '-input=false']);
    console.log(`access logs apply: ${Date.now() - started} ms`);
    // THEN
    const logging = await s3.send(new GetBucketLoggingCommand({ Bucket: SOURCE }));
    expect(logging.LoggingEnabled).toMatchObject({
      TargetBucket: TARGET,
      TargetPrefix: `s3-access-logs/${SOURCE}/`,
    });
    const policy = JSON.parse((await s3.send(new GetBucketPolicyCommand({ Bucket: TARGET }))).Policy!) as {
      Statement: Array<{ Principal?: { Service?: string }; Resource: unknown }>;
    };
    expect(policy.Statement.filter((st) => st.Principal?.Service === 'logging.s3.amazonaws.com')).toEqual([
      expect.objectContaining({ Resource: `arn:aws:s3:::${TARGET}/s3-access-logs/${SOURCE}/*` }),
    ]);
    // AND a second plan is empty
    const plan = tf.run(dir, ['plan', '-detailed-exitcode', '-input=false']);
    expect({ status: plan.status, output: plan.status === 0 ? '' : plan.output }).toEqual({
      status: 0,
      output: '',
    });
  });
});

if (!ready && tierRequired()) {
  test('fails when the terraform tier is required and a tool is missing', () => {
    throw new Error(`REQUIRE_TERRAFORM_TIER=1 and CI=true, but missing: ${tools!.missing.join(', ')}`);
  });
}
