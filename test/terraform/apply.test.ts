/**
 * The Terraform tier: the real Terraform CLI and the real hashicorp/aws provider (5.100.0) apply the
 * synthesized AWS side against moto on loopback; the result is checked from outside through the
 * AWS SDK and an IAM policy simulator. The provider's Lambda calls go through a local Invoke
 * endpoint (test/support/lambda-invoke.ts), so `aws_lambda_invocation` runs the packaged ownership
 * handler (the zip the AWS stack uploaded) during the apply, against moto's S3. Runs when terraform and moto are present; skipped with one
 * line otherwise, unless CI=true and REQUIRE_TERRAFORM_TIER=1, when a missing tool fails it.
 */
import { GetRoleCommand, GetRolePolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  DeleteObjectsCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketNotificationConfigurationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  ListObjectVersionsCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { GetTopicAttributesCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { ownershipParameterName } from '../../src/ownership/contract';
import { s3DestinationConf } from '../../index';
import { ALLOW_ALL, decide } from '../support/iam';
import { fakeChallengeToken } from '../support/jwt';
import { startLambdaInvokeEndpoint, type LambdaInvokeEndpoint } from '../support/lambda-invoke';
import { clientConfigFor, s3ClientFor, startMoto, type MotoServer } from '../support/moto';
import { findTools, Terraform, tempDir, tierRequired, writeCliConfig } from './harness';
import { BUCKET, CHALLENGE, PANTHER_ACCOUNT, PIPELINES, synthesize, type Variant } from './stacks';

const tools = findTools();
const ready = tools.missing.length === 0;
if (!ready) {
  // One line says what is missing; the tier is skipped (or fails below when it is required).
  console.log(`terraform tier skipped: missing ${tools.missing.join(', ')}`);
}

const ALL: Variant = { pipelines: PIPELINES.map((p) => p.id), retainOnDestroy: true };
const MOTO_ACCOUNT = '123456789012';
const CLOUDFLARE = 'arn:aws:iam::391854517948:user/cloudflare-logpush';

(ready ? describe : describe.skip)('terraform tier: apply the AWS side against moto', () => {
  jest.setTimeout(15 * 60_000);
  let moto: MotoServer;
  let lambda: LambdaInvokeEndpoint;
  let s3: S3Client;
  let tf: Terraform;
  let outdir: string;
  let stateDir: string;
  const started = Date.now();
  const stackDir = (stack: string) => path.join(outdir, 'stacks', stack);

  /** Synthesizes a variant and (re)initializes a stack. */
  const prepare = (variant: Variant, stack: string) => {
    synthesize(outdir, stateDir, { moto: moto.endpoint, lambda: lambda.endpoint }, variant);
    tf.ok(stackDir(stack), ['init', '-input=false']);
  };

  /**
   * moto evaluates bucket-policy conditions without any request context: every condition matches,
   * so a conditional Deny (our TLS-only statement) denies every object request, TLS or not. Real S3
   * does not (the IAM simulator tests prove the policy). For the object writes and reads a test
   * makes, lift the conditional denies, then put the applied policy back byte for byte.
   */
  const withObjectAccess = async <T>(fn: () => Promise<T>): Promise<T> => {
    const applied = await s3
      .send(new GetBucketPolicyCommand({ Bucket: BUCKET }))
      .then((r) => r.Policy!)
      .catch((e: Error) => {
        if (e.name === 'NoSuchBucketPolicy') return undefined; // e.g. after a partial destroy
        throw e;
      });
    if (applied === undefined) return fn();
    const doc = JSON.parse(applied) as { Statement: { Effect: string; Condition?: unknown }[] };
    const lifted = {
      ...doc,
      Statement: doc.Statement.filter((st) => !(st.Effect === 'Deny' && st.Condition)),
    };
    await s3.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: JSON.stringify(lifted) }));
    try {
      return await fn();
    } finally {
      await s3.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: applied }));
    }
  };

  beforeAll(async () => {
    moto = await startMoto({ tls: true });
    // Lambda's Invoke runs the uploaded function here; every other Lambda call goes to moto.
    lambda = await startLambdaInvokeEndpoint({ motoUrl: moto.endpoint });
    s3 = s3ClientFor(moto.endpoint);
    const dir = tempDir('logpush-tier-');
    outdir = path.join(dir, 'cdktf.out');
    stateDir = path.join(dir, 'state');
    fs.mkdirSync(stateDir);
    tf = new Terraform(tools.terraform!, writeCliConfig(dir, tools));
  });

  afterAll(async () => {
    // What the handler's runs cost (a child Node per invocation, the handler's own S3 calls and waits).
    const runs = (await lambda?.invocations().catch(() => [])) ?? [];
    console.log(
      `terraform tier: ${runs.length} handler invocations: ${runs.map((r) => `${r.outcome} ${r.durationMs} ms`).join(', ')}`,
    );
    await lambda?.stop();
    await moto?.stop();
    console.log(`terraform tier: ${((Date.now() - started) / 1000).toFixed(1)} s wall`);
  });

  test('init and validate the AWS stack', () => {
    prepare(ALL, 'aws');
    expect(tf.ok(stackDir('aws'), ['validate'])).toMatch(/Success! The configuration is valid/);
  });

  test('apply, then a second plan is empty', () => {
    tf.ok(stackDir('aws'), ['apply', '-auto-approve', '-input=false']);
    const resources = tf
      .ok(stackDir('aws'), ['state', 'list'])
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('data.'));
    console.log(`terraform tier: ${resources.length} resources applied in the AWS stack`);
    // 8 bucket resources, 4 of the Panther source, 4 of the ownership function.
    expect(resources).toHaveLength(16);
    const plan = tf.run(stackDir('aws'), ['plan', '-detailed-exitcode', '-input=false']);
    expect({ status: plan.status, output: plan.status === 0 ? '' : plan.output }).toEqual({
      status: 0,
      output: '',
    });
  });

  test('the bucket is hardened as declared', async () => {
    const pab = await s3.send(new GetPublicAccessBlockCommand({ Bucket: BUCKET }));
    expect(pab.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    });
    const ownership = await s3.send(new GetBucketOwnershipControlsCommand({ Bucket: BUCKET }));
    expect(ownership.OwnershipControls?.Rules).toEqual([{ ObjectOwnership: 'BucketOwnerEnforced' }]);
    const encryption = await s3.send(new GetBucketEncryptionCommand({ Bucket: BUCKET }));
    expect(
      encryption.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault
        ?.SSEAlgorithm,
    ).toBe('AES256');
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: BUCKET }))).Status).toBe('Enabled');
    const lifecycle = await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: BUCKET }));
    const rules = Object.fromEntries((lifecycle.Rules ?? []).map((r) => [r.ID, r]));
    expect(
      rules['abort-incomplete-multipart-uploads']?.AbortIncompleteMultipartUpload?.DaysAfterInitiation,
    ).toBe(1);
    expect(rules['expire-logs']?.Expiration?.Days).toBe(30);
    expect(rules['expire-logs']?.NoncurrentVersionExpiration?.NoncurrentDays).toBe(7);
  });

  test('one notification entry per prefix, *.log.gz only, into a topic S3 may publish to', async () => {
    const n = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: BUCKET }));
    const entries = (n.TopicConfigurations ?? []).map((t) => ({
      events: t.Events,
      rules: Object.fromEntries(
        (t.Filter?.Key?.FilterRules ?? []).map((r) => [r.Name!.toLowerCase(), r.Value]),
      ),
      topic: t.TopicArn,
    }));
    expect(
      entries.map((e) => e.rules).sort((a, b) => String(a.prefix).localeCompare(String(b.prefix))),
    ).toEqual(
      PIPELINES.map((p) => ({ prefix: `${p.prefix}/`, suffix: '.log.gz' })).sort((a, b) =>
        a.prefix.localeCompare(b.prefix),
      ),
    );
    expect(new Set(entries.map((e) => e.topic)).size).toBe(1);
    expect(entries.every((e) => e.events?.join() === 's3:ObjectCreated:*')).toBe(true);
    const sns = new SNSClient(clientConfigFor(moto.endpoint));
    const attributes = await sns.send(new GetTopicAttributesCommand({ TopicArn: entries[0]!.topic }));
    const policy = JSON.parse(attributes.Attributes!.Policy!);
    expect(policy.Statement).toEqual([
      expect.objectContaining({
        Sid: 'AllowS3Publish',
        Principal: { Service: 's3.amazonaws.com' },
        Action: 'sns:Publish',
        Condition: {
          ArnLike: { 'aws:SourceArn': `arn:aws:s3:::${BUCKET}` },
          StringEquals: { 'aws:SourceAccount': MOTO_ACCOUNT },
        },
      }),
      expect.objectContaining({
        Sid: 'AllowPantherSubscribe',
        Principal: { AWS: `arn:aws:iam::${PANTHER_ACCOUNT}:root` },
        Action: 'sns:Subscribe',
      }),
    ]);
  });

  test('the applied policies hold for every principal x action x key', async () => {
    const iam = new IAMClient(clientConfigFor(moto.endpoint));
    const bucketPolicy = JSON.parse((await s3.send(new GetBucketPolicyCommand({ Bucket: BUCKET }))).Policy!);
    const role = await iam.send(new GetRoleCommand({ RoleName: 'PantherLogProcessingRole-cloudflare' }));
    const trust = JSON.parse(decodeURIComponent(role.Role!.AssumeRolePolicyDocument!));
    expect(trust.Statement[0].Principal).toEqual({ AWS: `arn:aws:iam::${PANTHER_ACCOUNT}:root` });
    const read = await iam.send(
      new GetRolePolicyCommand({ RoleName: 'PantherLogProcessingRole-cloudflare', PolicyName: 'ReadData' }),
    );
    const pantherPolicy = JSON.parse(decodeURIComponent(read.PolicyDocument!));
    const pantherRole = role.Role!.Arn!;
    const matrix: [principal: string, identity: unknown, action: string, key: string, expected: string][] =
      [];
    for (const p of PIPELINES) {
      matrix.push([CLOUDFLARE, ALLOW_ALL, 's3:PutObject', `${p.prefix}/20261122/a.log.gz`, 'Allowed']);
      matrix.push([
        CLOUDFLARE,
        ALLOW_ALL,
        's3:GetObject',
        `${p.prefix}/20261122/a.log.gz`,
        'ImplicitlyDenied',
      ]);
      matrix.push([pantherRole, pantherPolicy, 's3:GetObject', `${p.prefix}/20261122/a.log.gz`, 'Allowed']);
      matrix.push([
        pantherRole,
        pantherPolicy,
        's3:PutObject',
        `${p.prefix}/20261122/a.log.gz`,
        'ImplicitlyDenied',
      ]);
      matrix.push([
        pantherRole,
        pantherPolicy,
        's3:DeleteObject',
        `${p.prefix}/20261122/a.log.gz`,
        'ImplicitlyDenied',
      ]);
    }
    for (const key of ['elsewhere/a.log.gz', 'cloudflare/other/a.log.gz', 'a.log.gz']) {
      matrix.push([CLOUDFLARE, ALLOW_ALL, 's3:PutObject', key, 'ImplicitlyDenied']);
      matrix.push([pantherRole, pantherPolicy, 's3:GetObject', key, 'ImplicitlyDenied']);
    }
    const failures: string[] = [];
    for (const [principal, identity, action, key, expected] of matrix) {
      const got = await decide({
        principal,
        action,
        resource: `arn:aws:s3:::${BUCKET}/${key}`,
        identityPolicies: [identity],
        bucketPolicy,
        resourceAccount: MOTO_ACCOUNT,
      });
      if (got !== expected) failures.push(`${principal} ${action} ${key}: ${got}, expected ${expected}`);
    }
    expect(failures).toEqual([]);
  });

  test('the ownership function and its role are deployed, the role scoped to challenge objects', async () => {
    const lambda = new LambdaClient(clientConfigFor(moto.endpoint));
    const fn = await lambda.send(new GetFunctionCommand({ FunctionName: 'aws-logpush-ownership' }));
    expect(fn.Configuration).toMatchObject({
      Runtime: 'nodejs22.x',
      Handler: 'lambda.handler',
      Timeout: 120,
    });
    const iam = new IAMClient(clientConfigFor(moto.endpoint));
    const doc = JSON.parse(
      decodeURIComponent(
        (
          await iam.send(
            new GetRolePolicyCommand({ RoleName: 'aws-logpush-ownership', PolicyName: 'challenge-objects' }),
          )
        ).PolicyDocument!,
      ),
    );
    const role = `arn:aws:iam::${MOTO_ACCOUNT}:role/aws-logpush-ownership`;
    const ask = (action: string, key: string) =>
      decide({
        principal: role,
        action,
        resource: `arn:aws:s3:::${BUCKET}/${key}`,
        identityPolicies: [doc],
        resourceAccount: MOTO_ACCOUNT,
      });
    expect(await ask('s3:GetObject', `${PIPELINES[0].prefix}/ownership-challenge.txt`)).toBe('Allowed');
    expect(await ask('s3:DeleteObject', `${PIPELINES[0].prefix}/20261122/ownership-challenge-1.txt`)).toBe(
      'Allowed',
    );
    expect(await ask('s3:GetObject', `${PIPELINES[0].prefix}/20261122/a.log.gz`)).toBe('ImplicitlyDenied');
    expect(await ask('s3:PutObject', `${PIPELINES[0].prefix}/ownership-challenge.txt`)).toBe(
      'ImplicitlyDenied',
    );
    // The token parameters of its bucket's pipelines: write and delete, never read; no other bucket's.
    const askSsm = (action: string, name: string) =>
      decide({
        principal: role,
        action,
        resource: `arn:aws:ssm:us-east-1:${MOTO_ACCOUNT}:parameter${name}`,
        identityPolicies: [doc],
        resourceAccount: MOTO_ACCOUNT,
      });
    const own = ownershipParameterName(BUCKET, PIPELINES[0].prefix)!;
    expect(await askSsm('ssm:PutParameter', own)).toBe('Allowed');
    expect(await askSsm('ssm:DeleteParameter', own)).toBe('Allowed');
    expect(await askSsm('ssm:GetParameter', own)).toBe('ImplicitlyDenied');
    expect(
      await askSsm('ssm:PutParameter', ownershipParameterName('other-bucket', PIPELINES[0].prefix)!),
    ).toBe('ImplicitlyDenied');
    expect(await askSsm('ssm:PutParameter', '/other/parameter')).toBe('ImplicitlyDenied');
  });

  /** Writes a challenge file as Cloudflare does: gzip bytes labelled "compress". */
  const putChallenge = (key: string, token: string) =>
    s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: key,
        Body: zlib.gzipSync(`${token}\n`),
        ContentEncoding: 'compress',
      }),
    );
  const versionsOf = async (key: string) =>
    ((await s3.send(new ListObjectVersionsCommand({ Bucket: BUCKET, Prefix: key }))).Versions ?? []).filter(
      (v) => v.Key === key,
    );
  /** A challenge file under the firewall pipeline's prefix, for another destination. */
  const OTHER = {
    key: `${PIPELINES[1].prefix}/ownership-challenge.txt`,
    token: fakeChallengeToken(CHALLENGE.destinationConf.replace(PIPELINES[0].prefix, PIPELINES[1].prefix)),
  };

  test('the token path: the challenge written as Cloudflare does, the packaged handler runs in the apply and reads it', async () => {
    // GIVEN the challenge file under the pipeline's prefix, and one under another prefix
    const token = fakeChallengeToken(CHALLENGE.destinationConf);
    const before = (await lambda.invocations()).length;
    prepare(ALL, 'verification');
    // WHEN Terraform applies the invocation: the endpoint runs the zip the AWS stack uploaded, against moto's S3
    await withObjectAccess(async () => {
      await putChallenge(CHALLENGE.filename, token);
      await putChallenge(OTHER.key, OTHER.token);
      tf.ok(stackDir('verification'), ['apply', '-auto-approve', '-input=false']);
    });
    expect((await lambda.invocations()).slice(before)).toEqual([
      expect.objectContaining({ functionName: 'aws-logpush-ownership', outcome: 'ok' }),
    ]);
    // THEN the token is in state (a sensitive output), never in the synthesized JSON, and the file is gone
    const outputs = JSON.parse(tf.ok(stackDir('verification'), ['output', '-json']));
    expect(outputs.token).toMatchObject({ sensitive: true, value: token });
    expect(fs.readFileSync(path.join(stackDir('verification'), 'cdk.tf.json'), 'utf8')).not.toContain(
      token.split('.')[1],
    );
    expect(await versionsOf(CHALLENGE.filename)).toEqual([]);
    // ... and the file under the other prefix was neither used nor deleted
    expect(await versionsOf(OTHER.key)).toHaveLength(1);
    // Destroying the invocation runs the handler again (its delete action)
    tf.ok(stackDir('verification'), ['destroy', '-auto-approve', '-input=false']);
    expect((await lambda.invocations()).slice(before + 1)).toEqual([
      expect.objectContaining({ outcome: 'ok' }),
    ]);
  });

  test('fails when no challenge file lies under the pipeline prefix: the handler error, and one under another prefix is not used', async () => {
    // GIVEN only the other prefix holds a challenge file (left by the previous test)
    expect(await versionsOf(OTHER.key)).toHaveLength(1);
    expect(await versionsOf(CHALLENGE.filename)).toEqual([]);
    const before = (await lambda.invocations()).length;
    // WHEN the invocation is applied (the handler waits for its whole time bound, then gives up)
    const apply = await withObjectAccess(async () =>
      tf.run(stackDir('verification'), ['apply', '-auto-approve', '-input=false']),
    );
    // THEN the apply fails with the handler's own error, as the Lambda API reported it
    expect(apply.status).not.toBe(0);
    expect(apply.output).toMatch(/invoking Lambda Function \(aws-logpush-ownership\)/);
    expect(apply.output).toMatch(/ownership challenge: [^"]*tier-cloudflare-logs/);
    const runs = (await lambda.invocations()).slice(before);
    expect(runs).toEqual([expect.objectContaining({ outcome: 'Unhandled' })]);
    expect(runs[0]!.errorType).not.toMatch(/^(Sandbox|Runtime)\./);
    // ... no token reached the state, and the other prefix's file is still there
    const state = tf.ok(stackDir('verification'), ['state', 'list']).trim().split('\n');
    expect(state.filter((l) => l && !l.startsWith('data.'))).toEqual([]);
    expect(await versionsOf(OTHER.key)).toHaveLength(1);
    expect(apply.output).not.toContain(OTHER.token.split('.')[1]);
    // Removed for good (every version, no delete marker): the bucket is as the tests after expect.
    const left = (await versionsOf(OTHER.key)).map((v) => ({ Key: v.Key!, VersionId: v.VersionId! }));
    await withObjectAccess(() =>
      s3.send(new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: left } })),
    );
    expect(await versionsOf(OTHER.key)).toEqual([]);
  });

  test('the provider schema: aws_lambda_invocation.result is not sensitive, data.aws_ssm_parameter.value is', () => {
    // Why the token goes through SSM (issue 17, finding 6): read from the provider itself.
    const schema = JSON.parse(tf.ok(stackDir('aws'), ['providers', 'schema', '-json'])) as {
      provider_schemas: Record<
        string,
        Record<string, Record<string, { block: { attributes: Record<string, { sensitive?: boolean }> } }>>
      >;
    };
    const aws = schema.provider_schemas['registry.terraform.io/hashicorp/aws']!;
    expect(aws.resource_schemas!.aws_lambda_invocation!.block.attributes.result!.sensitive).toBeUndefined();
    expect(aws.data_source_schemas!.aws_ssm_parameter!.block.attributes.value!.sensitive).toBe(true);
  });

  test('a new challenge: neither the plan nor its JSON shows a token in plain text, the apply reads the new one, a second plan is empty', async () => {
    // GIVEN a first token read and kept
    const ssm = new SSMClient(clientConfigFor(moto.endpoint));
    const first = fakeChallengeToken(CHALLENGE.destinationConf);
    prepare(ALL, 'verification');
    await withObjectAccess(async () => {
      await putChallenge(CHALLENGE.filename, first);
      tf.ok(stackDir('verification'), ['apply', '-auto-approve', '-input=false']);
    });
    const parameter = ownershipParameterName(BUCKET, CHALLENGE.prefix)!;
    const kept = await ssm.send(new GetParameterCommand({ Name: parameter, WithDecryption: true }));
    expect(kept.Parameter).toMatchObject({ Type: 'SecureString', Value: first });
    // WHEN a new challenge is requested (new destination_conf, new file): the invocation is updated
    const renewed = {
      filename: `${CHALLENGE.prefix}/ownership-challenge-2.txt`,
      destinationConf: s3DestinationConf({
        bucket: BUCKET,
        prefix: CHALLENGE.prefix,
        region: 'us-east-1',
        dailySubfolders: false,
      }),
    };
    const second = fakeChallengeToken(renewed.destinationConf);
    prepare({ ...ALL, challenge: renewed }, 'verification');
    await withObjectAccess(() => putChallenge(renewed.filename, second));
    const planned = tf.ok(stackDir('verification'), ['plan', '-input=false', '-out=renew.tfplan']);
    const shown = tf.ok(stackDir('verification'), ['show', 'renew.tfplan']);
    const json = JSON.parse(tf.ok(stackDir('verification'), ['show', '-json', 'renew.tfplan'])) as unknown;
    // THEN the invocation is updated, and no token is in the plan, or anywhere in its JSON but in
    // values Terraform marks sensitive (`terraform show -json` prints those in plain text by design)
    expect(planned).toMatch(/aws_lambda_invocation\.[A-Za-z0-9_]+ will be updated in-place/);
    for (const token of [first, second]) {
      const secret = token.split('.')[1]!;
      expect(planned).not.toContain(secret);
      expect(shown).not.toContain(secret);
      expect(JSON.stringify(withoutSensitive(json))).not.toContain(secret);
    }
    expect(JSON.stringify(json)).toContain(first.split('.')[1]); // the check above has something to find
    // ... the apply reads the new token (the job's ownership_challenge stands for the output here)
    await withObjectAccess(() =>
      Promise.resolve(
        tf.ok(stackDir('verification'), ['apply', '-auto-approve', '-input=false', 'renew.tfplan']),
      ),
    );
    const outputs = JSON.parse(tf.ok(stackDir('verification'), ['output', '-json']));
    expect(outputs.token).toMatchObject({ sensitive: true, value: second });
    // ... and a second plan has nothing to do
    expect(tf.run(stackDir('verification'), ['plan', '-detailed-exitcode', '-input=false']).status).toBe(0);
    // Destroying the invocation deletes the parameter
    tf.ok(stackDir('verification'), ['destroy', '-auto-approve', '-input=false']);
    await expect(ssm.send(new GetParameterCommand({ Name: parameter }))).rejects.toMatchObject({
      name: 'ParameterNotFound',
    });
    ssm.destroy();
  });

  test('fails to destroy the log bucket by default, and its objects stay', async () => {
    const key = `${PIPELINES[0].prefix}/20261122/20261122T000000Z_20261122T000030Z_0001.log.gz`;
    await withObjectAccess(() =>
      s3.send(
        new PutObjectCommand({
          Bucket: BUCKET,
          Key: key,
          Body: zlib.gzipSync('{"EdgeStartTimestamp":"x"}\n'),
        }),
      ),
    );
    const destroy = tf.run(stackDir('aws'), ['destroy', '-auto-approve', '-input=false']);
    expect(destroy.status).not.toBe(0);
    expect(destroy.output).toMatch(/Instance cannot be destroyed[\s\S]*prevent_destroy/);
    await s3.send(new HeadBucketCommand({ Bucket: BUCKET }));
    const body = await withObjectAccess(async () => {
      const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
      return zlib.gunzipSync(Buffer.from(await object.Body!.transformToByteArray())).toString();
    });
    expect(body).toContain('EdgeStartTimestamp');
    // The policy is back as applied: no drift.
    expect(tf.run(stackDir('aws'), ['plan', '-detailed-exitcode', '-input=false']).status).toBe(0);
  });

  test('retiring a pipeline removes its grant and notification, never the bucket', async () => {
    prepare({ ...ALL, pipelines: ['http', 'audit'] }, 'aws');
    const plan = tf.ok(stackDir('aws'), ['plan', '-input=false']);
    expect(plan).not.toMatch(/aws_s3_bucket\.logs_[0-9A-F]+ (will|must) be (destroyed|replaced)/);
    expect(plan).toMatch(/0 to destroy/);
    tf.ok(stackDir('aws'), ['apply', '-auto-approve', '-input=false']);
    const policy = (await s3.send(new GetBucketPolicyCommand({ Bucket: BUCKET }))).Policy!;
    expect(policy).not.toContain('firewall_events');
    expect(policy).toContain('http_requests');
    const n = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: BUCKET }));
    expect(n.TopicConfigurations).toHaveLength(2);
    await s3.send(new HeadBucketCommand({ Bucket: BUCKET }));
  });

  test('a deliberate teardown: retainOnDestroy off still refuses a bucket with logs, empty it and destroy', async () => {
    prepare({ ...ALL, retainOnDestroy: false }, 'aws');
    tf.ok(stackDir('aws'), ['apply', '-auto-approve', '-input=false']);
    const refused = tf.run(stackDir('aws'), ['destroy', '-auto-approve', '-input=false']);
    expect(refused.status).not.toBe(0);
    expect(refused.output).toMatch(/BucketNotEmpty/);
    const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: BUCKET }));
    const objects = [...(versions.Versions ?? []), ...(versions.DeleteMarkers ?? [])].map((v) => ({
      Key: v.Key!,
      VersionId: v.VersionId!,
    }));
    expect(objects.length).toBeGreaterThan(0);
    await withObjectAccess(() =>
      s3.send(new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: objects } })),
    );
    tf.ok(stackDir('aws'), ['destroy', '-auto-approve', '-input=false']);
    expect(tf.ok(stackDir('aws'), ['state', 'list']).trim()).toBe('');
  });
});

/**
 * A `terraform show -json` document with every value Terraform marks sensitive replaced by
 * "<sensitive>": `values` / `sensitive_values` (state and planned values), `before` /
 * `before_sensitive` and `after` / `after_sensitive` (changes), and outputs' `value` with
 * `sensitive: true`. Whatever is left is what Terraform would show as plain text.
 */
function withoutSensitive(doc: unknown): unknown {
  const mask = (value: unknown, marks: unknown): unknown => {
    if (marks === true) return '<sensitive>';
    if (Array.isArray(value)) {
      return value.map((v, i) => mask(v, Array.isArray(marks) ? marks[i] : undefined));
    }
    if (typeof value === 'object' && value !== null) {
      const m = (typeof marks === 'object' && marks !== null ? marks : {}) as Record<string, unknown>;
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mask(v, m[k])]));
    }
    return value;
  };
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (typeof node !== 'object' || node === null) return node;
    const o = node as Record<string, unknown>;
    if ('sensitive' in o && 'value' in o && typeof o.sensitive === 'boolean') {
      return { ...o, value: o.sensitive ? '<sensitive>' : walk(o.value) };
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) {
      if (k === 'values' && 'sensitive_values' in o) out[k] = mask(v, o.sensitive_values);
      else if (k === 'before' && 'before_sensitive' in o) out[k] = mask(v, o.before_sensitive);
      else if (k === 'after' && 'after_sensitive' in o) out[k] = mask(v, o.after_sensitive);
      else out[k] = walk(v);
    }
    return out;
  };
  return walk(doc);
}

if (!ready && tierRequired()) {
  test('fails when the terraform tier is required and its tools are missing', () => {
    throw new Error(`REQUIRE_TERRAFORM_TIER=1 but missing: ${tools.missing.join(', ')}`);
  });
}
