/**
 * The end-to-end run of one example (`npm run e2e -- examples/<name>`): the example's program
 * synthesizes its app; every stack is applied in dependency order by the real Terraform CLI, with
 * hashicorp/aws 5.100.0 against moto and the stand-in providers (test/support/tfplugin) against
 * loopback emulators of the Cloudflare and Panther APIs; Terraform's own output is printed; a
 * second plan of every stack must say `No changes.`; the results are checked from outside; then
 * everything the library allows to be destroyed is destroyed (the log bucket is retained:
 * `prevent_destroy`).
 *
 * What stands in where:
 * - The AWS provider of each stack is pointed at moto by a Terraform override file
 *   (`zz_e2e_override.tf.json`: endpoints, path-style S3, no credential look-ups), and its state
 *   goes to the run's directory: the example itself is not changed.
 * - Lambda: `aws_lambda_invocation` runs the packaged ownership handler through a local Lambda
 *   Invoke endpoint when one is available (`options.lambdaEndpoint`, or test/support/lambda-invoke.ts
 *   from branch i20b once merged, started in front of moto). Without one, Lambda calls go to moto,
 *   which cannot run the handler: the apply then stops at the invocation.
 * - Cloudflare: the emulator (test/support/emulators/cloudflare-api.ts) writes each ownership
 *   challenge, gzip, into the bucket and prefix of its destination_conf through moto's S3 API, only
 *   if the applied bucket policy lets Cloudflare's principal put that object (decided by the IAM
 *   simulator, test/support/iam.ts); it creates a job only with the token of a challenge for
 *   exactly its destination_conf.
 * - Panther: the REST emulator (test/support/emulators/panther-api.ts) refuses a source whose role
 *   or bucket does not exist in moto.
 */
import { startS3MetricsProxy } from './s3-metrics';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import {
  GetBucketPolicyCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { parseS3DestinationConf } from '../../src/destination';
import { CLOUDFLARE_LOGPUSH_PRINCIPAL } from '../../src/ownership/contract';
import { startCloudflareApi, type CloudflareApiEmulator } from '../support/emulators/cloudflare-api';
import { cosKey, startCisApi, type CisApiEmulator, type CisCos } from '../support/emulators/cis-api';
import { startPantherApi, type PantherApiEmulator } from '../support/emulators/panther-api';
import { ALLOW_ALL, decide } from '../support/iam';
import { clientConfigFor, motoApi, s3ClientFor, startMoto, type MotoServer } from '../support/moto';
import { REPO, synthExample, type SynthesizedStack } from '../support/tfplugin/examples';
import { buildStandInMirror, cliConfig, type StandInMirror } from '../support/tfplugin/mirror';
import { findTools, REGION, tempDir, type TerraformRun } from '../terraform/harness';

/** moto's account: the owner of everything the stacks create. */
export const MOTO_ACCOUNT = '123456789012';
const CLOUDFLARE_TOKEN = 'e2e-cloudflare-token';
const PANTHER_TOKEN = 'e2e-panther-token';
const CIS_TOKEN = 'e2e-cis-token';

/** A local Lambda Invoke endpoint (test/support/lambda-invoke.ts, branch i20b). */
interface LambdaEndpoint {
  readonly endpoint: string;
  stop(): Promise<void>;
}

export interface E2EOptions {
  /** Where Terraform's output goes (default: stdout). */
  readonly log?: (text: string) => void;
  /** The AWS provider's Lambda endpoint; default: the local Invoke endpoint when present, else moto. */
  readonly lambdaEndpoint?: string;
  /** Changes the synthesized stacks before init (tests: a broken grant, a misspelt attribute, ...). */
  readonly tamper?: (stack: SynthesizedStack, json: Record<string, unknown>, env: E2EEnvironment) => void;
  /** Runs before the jobs are created in the emulator (tests: issue a challenge elsewhere, ...). */
  readonly beforeApply?: (env: E2EEnvironment) => Promise<void> | void;
  /** Skip the destroy step. */
  readonly keep?: boolean;
}

export interface E2EEnvironment {
  readonly moto: MotoServer;
  readonly cloudflare: CloudflareApiEmulator;
  readonly panther: PantherApiEmulator;
  readonly cis: CisApiEmulator;
  readonly s3: S3Client;
  readonly work: string;
  /** Lifts and restores the conditional denies moto cannot evaluate (see {@link PolicyLifts}). */
  readonly lifts: PolicyLifts;
}

export interface E2EResult {
  readonly ok: boolean;
  /** The step that failed and why, when not ok. */
  readonly failure?: string;
  readonly stacks: readonly string[];
}

/** The local Invoke endpoint of branch i20b, if this checkout has it. */
async function startLocalLambda(motoUrl: string, region: string): Promise<LambdaEndpoint | undefined> {
  const file = path.join(REPO, 'test', 'support', 'lambda-invoke.ts');
  if (!fs.existsSync(file)) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(file) as {
    startLambdaInvokeEndpoint(o: {
      motoUrl: string;
      environment?: Record<string, string>;
      region?: string;
    }): Promise<LambdaEndpoint>;
  };
  return mod.startLambdaInvokeEndpoint({
    motoUrl,
    // The handler's S3 and SSM clients go to moto (its certificate is self-signed).
    environment: {
      AWS_ENDPOINT_URL_S3: motoUrl,
      AWS_ENDPOINT_URL_SSM: motoUrl,
      NODE_TLS_REJECT_UNAUTHORIZED: '0',
    },
    region,
  });
}

/** The region of the first AWS provider of the stacks (where the ownership function lives). */
function regionOf(stacks: readonly SynthesizedStack[]): string {
  for (const s of stacks) {
    const json = JSON.parse(fs.readFileSync(path.join(s.dir, 'cdk.tf.json'), 'utf8')) as {
      provider?: { aws?: { region?: string }[] };
    };
    const region = json.provider?.aws?.[0]?.region;
    if (region) return region;
  }
  return REGION;
}

/** The Terraform override that points a stack's AWS providers at moto and its state into `stateDir`. */
function overrideFor(
  json: Record<string, unknown>,
  moto: string,
  lambda: string,
  stateFile: string,
  s3: string = moto,
  stateOf: (stack: string) => string = () => stateFile,
): unknown {
  const providers = ((json.provider as Record<string, Record<string, unknown>[]> | undefined)?.aws ?? []).map(
    (p) => ({
      ...(p.alias ? { alias: p.alias } : {}),
      s3_use_path_style: true,
      insecure: true,
      skip_credentials_validation: true,
      skip_metadata_api_check: 'true',
      skip_region_validation: true,
      endpoints: [
        {
          s3,
          iam: moto,
          sts: moto,
          sns: moto,
          lambda,
          cloudwatchlogs: moto,
          cloudwatch: moto,
          kms: moto,
          ssm: moto,
        },
      ],
    }),
  );
  // Cross-stack references read the other stack's local state (`terraform.<stack>.tfstate`): moved too.
  const remote: Record<string, unknown> = {};
  const data = (json.data as Record<string, Record<string, { config?: { path?: string } }>> | undefined)
    ?.terraform_remote_state;
  for (const [name, block] of Object.entries(data ?? {})) {
    const m = /^terraform\.(.+)\.tfstate$/.exec(path.basename(block.config?.path ?? ''));
    if (m) remote[name] = { config: { path: stateOf(m[1]!) } };
  }
  return {
    ...(providers.length ? { provider: { aws: providers } } : {}),
    ...(Object.keys(remote).length ? { data: { terraform_remote_state: remote } } : {}),
    terraform: { backend: { local: { path: stateFile } } },
  };
}

/**
 * moto evaluates a bucket policy's conditions without request context, so a conditional Deny (the
 * TLS-only statement) denies every object request, TLS or not, with an empty 403 (the SDK's
 * `UnknownError`); real S3 does not (the IAM simulator decides the real outcome, and decides first,
 * against the applied policy). While a challenge file waits for the ownership handler, its bucket's
 * conditional denies are lifted; the applied policy is put back byte for byte once the handler has
 * deleted the file (or after 150 s), before any later plan reads it.
 *
 * Every step on one bucket (read the applied policy, lift, restore) runs in turn on that bucket's
 * queue, and a user is counted only once the lift is in place at moto: so a PutObject never runs
 * while the applied policy is in force, a restore never interleaves with a lift, and the policy a
 * challenge is judged against is always the applied one, never the lifted copy. (Before, a second
 * challenge could write before the first one's lift had landed, or read and later "restore" the
 * lifted copy while the first one's restore was in flight: one of the fleet's 92 challenges failed
 * with moto's empty 403.) If the bucket's policy changed while lifted (Terraform wrote a new one),
 * the new one is kept: nothing is put back over it. Each stack's lifts are settled before the next
 * stack applies.
 */
export class PolicyLifts {
  private readonly held = new Map<string, { applied: string; lifted: string; count: number }>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly pending: Promise<void>[] = [];
  private aborted = false;
  private readonly errors: unknown[] = [];
  constructor(private readonly s3: S3Client) {}

  /** Runs `step` after every earlier step on the same bucket has settled. */
  private inTurn<T>(bucket: string, step: () => Promise<T>): Promise<T> {
    const prior = this.queues.get(bucket) ?? Promise.resolve();
    const run = prior.then(step, step);
    this.queues.set(
      bucket,
      run.catch(() => undefined),
    );
    return run;
  }

  private policyOf(bucket: string): Promise<string | undefined> {
    return this.s3
      .send(new GetBucketPolicyCommand({ Bucket: bucket }))
      .then((r) => r.Policy)
      .catch((e: Error) => {
        if (e.name === 'NoSuchBucketPolicy' || e.name === 'NoSuchBucket') return undefined;
        throw e;
      });
  }

  /** Stops waiting (the run is over, moto is about to stop): nothing is restored any more. */
  async abort(): Promise<void> {
    this.aborted = true;
    await Promise.all(this.pending);
  }

  /**
   * Reads the bucket's applied policy (the held one while lifted) and hands it to `judge`; when
   * `judge` returns, the bucket's conditional denies are lifted, `write()` runs, and they stay
   * lifted until `gone()` resolves true (polled). A throwing `judge` or `write` lifts nothing / puts
   * the applied policy back, and its error is thrown.
   */
  async liftWhile(
    bucket: string,
    judge: (applied: string | undefined) => Promise<void> | void,
    write: () => Promise<unknown>,
    gone: () => Promise<boolean>,
  ): Promise<void> {
    // Judged outside the queue (the IAM simulator takes a while), against the applied policy.
    await judge(
      await this.inTurn(bucket, async () => this.held.get(bucket)?.applied ?? this.policyOf(bucket)),
    );
    const lifted = await this.inTurn(bucket, async () => {
      const h = this.held.get(bucket);
      if (h) {
        h.count++;
        return true;
      }
      const applied = await this.policyOf(bucket);
      if (!applied) return false;
      const doc = JSON.parse(applied) as { Statement: { Effect: string; Condition?: unknown }[] };
      const statements = doc.Statement.filter((st) => !(st.Effect === 'Deny' && st.Condition));
      if (statements.length === doc.Statement.length) return false; // nothing moto would misjudge
      const text = JSON.stringify({ ...doc, Statement: statements });
      await this.s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: text }));
      this.held.set(bucket, { applied, lifted: text, count: 1 });
      return true;
    });
    if (!lifted) {
      await write();
      return;
    }
    try {
      await write();
    } catch (e) {
      await this.release(bucket);
      throw e;
    }
    this.pending.push(
      (async () => {
        const deadline = Date.now() + 150_000;
        while (!this.aborted && Date.now() < deadline && !(await gone().catch(() => false))) {
          await new Promise((r) => setTimeout(r, 250));
        }
        await this.release(bucket);
      })().catch((e: unknown) => {
        // Kept, not thrown here (nobody may be waiting yet): settle() reports it.
        if (!this.aborted) this.errors.push(e);
      }),
    );
  }

  /** One user less; the last one puts the applied policy back (unless Terraform replaced it meanwhile). */
  private release(bucket: string): Promise<void> {
    return this.inTurn(bucket, async () => {
      const h = this.held.get(bucket);
      if (!h || --h.count > 0) return;
      this.held.delete(bucket);
      if (this.aborted) return;
      const now = await this.policyOf(bucket);
      // Someone else wrote (or deleted) the policy while it was lifted: theirs stands.
      if (now === undefined || JSON.stringify(JSON.parse(now)) !== JSON.stringify(JSON.parse(h.lifted))) {
        return;
      }
      await this.s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: h.applied }));
    });
  }

  /** Waits until every applied policy is back. */
  async settle(): Promise<void> {
    await Promise.all(this.pending);
    if (this.errors.length) throw new Error(`restoring a bucket policy failed: ${String(this.errors[0])}`);
  }
}

/** Cloudflare's side of a challenge: PutObject into the destination, as its principal would be allowed. */
export function challengeDelivery(s3: S3Client, lifts: PolicyLifts) {
  return async (destinationConf: string, filename: string, token: string) => {
    const dest = parseS3DestinationConf(destinationConf);
    const key = filename.startsWith(`${dest.bucket}/`) ? filename.slice(dest.bucket.length + 1) : filename;
    await lifts.liftWhile(
      dest.bucket,
      async (policy) => {
        const decision = await decide({
          principal: CLOUDFLARE_LOGPUSH_PRINCIPAL,
          action: 's3:PutObject',
          resource: `arn:aws:s3:::${dest.bucket}/${key}`,
          identityPolicies: [ALLOW_ALL],
          bucketPolicy: policy ? JSON.parse(policy) : undefined,
          resourceAccount: MOTO_ACCOUNT,
          context: dest.sse ? { 's3:x-amz-server-side-encryption': 'AES256' } : {},
        });
        if (decision !== 'Allowed') {
          throw new Error(
            `AccessDenied: ${CLOUDFLARE_LOGPUSH_PRINCIPAL} may not s3:PutObject ${dest.bucket}/${key} (${decision})`,
          );
        }
      },
      () =>
        s3
          .send(
            new PutObjectCommand({
              Bucket: dest.bucket,
              Key: key,
              Body: zlib.gzipSync(token),
              ContentType: 'text/plain',
              ...(dest.sse ? { ServerSideEncryption: 'AES256' } : {}),
            }),
          )
          .catch((e: Error & { $metadata?: { httpStatusCode?: number } }) => {
            // moto's bucket-policy deny is an empty 403: name the status, not the SDK's UnknownError.
            throw new Error(`${e.name} (HTTP ${e.$metadata?.httpStatusCode ?? '?'}) from moto: ${e.message}`);
          }),
      () =>
        s3.send(new HeadObjectCommand({ Bucket: dest.bucket, Key: key })).then(
          () => false,
          (e: Error & { $metadata?: { httpStatusCode?: number } }) => e.$metadata?.httpStatusCode === 404,
        ),
    );
  };
}

/** Panther's check of a source: the role and the bucket exist in the account it names. */
function pantherCheck(endpoint: string, s3: S3Client) {
  const iam = new IAMClient(clientConfigFor(endpoint));
  return async (s: { logProcessingRole: string; s3Bucket: string; awsAccountId: string }) => {
    const role = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(s.logProcessingRole);
    if (!role) return `logProcessingRole ${s.logProcessingRole} is not a role ARN`;
    if (role[1] !== s.awsAccountId) return `role ${s.logProcessingRole} is not in account ${s.awsAccountId}`;
    const found = await iam.send(new GetRoleCommand({ RoleName: role[2] })).then(
      () => true,
      () => false,
    );
    if (!found) return `role ${s.logProcessingRole} does not exist`;
    const bucket = await s3.send(new HeadBucketCommand({ Bucket: s.s3Bucket })).then(
      () => true,
      () => false,
    );
    return bucket ? undefined : `bucket ${s.s3Bucket} does not exist`;
  };
}

type State = {
  resources?: {
    mode: string;
    type: string;
    name: string;
    instances: { attributes: Record<string, unknown>; sensitive_attributes?: unknown[] }[];
  }[];
};
const readState = (file: string): State =>
  fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as State) : {};

/** Runs the example; never throws for a Terraform or assertion failure (the result says). */
export async function runE2E(exampleDir: string, options: E2EOptions = {}): Promise<E2EResult> {
  const log = options.log ?? ((t: string) => process.stdout.write(t));
  const tools = findTools();
  if (!tools.terraform || !tools.mirror) {
    return {
      ok: false,
      failure: `missing ${!tools.terraform ? 'terraform on PATH' : 'a hashicorp/aws mirror'}`,
      stacks: [],
    };
  }
  const work = tempDir('logpush-e2e-');
  const cleanups: (() => Promise<void> | void)[] = [() => fs.rmSync(work, { recursive: true, force: true })];
  const names: string[] = [];
  try {
    const moto = await startMoto({ tls: true });
    cleanups.unshift(() => moto.stop());
    await motoApi(moto.endpoint, '/moto-api/config', { lambda: { use_docker: false } });
    const s3 = s3ClientFor(moto.endpoint);
    // moto has no S3 request-metrics API (the freshness alarms' aws_s3_bucket_metric): ./s3-metrics.ts.
    const s3Proxy = await startS3MetricsProxy(moto.endpoint);
    cleanups.unshift(() => s3Proxy.stop());
    const lifts = new PolicyLifts(s3);
    cleanups.unshift(() => lifts.abort()); // before moto stops
    const cloudflare = await startCloudflareApi({
      tokens: [CLOUDFLARE_TOKEN],
      deliverChallenge: challengeDelivery(s3, lifts),
    });
    cleanups.unshift(() => cloudflare.stop());
    const panther = await startPantherApi({
      token: PANTHER_TOKEN,
      checkSource: pantherCheck(moto.endpoint, s3),
    });
    cleanups.unshift(() => panther.stop());
    const cis = await startCisApi({ token: CIS_TOKEN });
    cleanups.unshift(() => cis.stop());
    const standIns: StandInMirror = await buildStandInMirror();
    cleanups.unshift(() => standIns.dispose());
    const tfEnv: NodeJS.ProcessEnv = {
      ...process.env,
      TF_CLI_CONFIG_FILE: cliConfig(path.join(work, 'terraform.rc'), standIns, tools.mirror),
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
      CHECKPOINT_DISABLE: '1',
      // moto accepts any credentials; the stand-ins read their API URL and token as the real providers do.
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_REGION: REGION,
      AWS_EC2_METADATA_DISABLED: 'true',
      CLOUDFLARE_BASE_URL: cloudflare.url,
      CLOUDFLARE_API_TOKEN: CLOUDFLARE_TOKEN,
      PANTHER_API_URL: panther.url,
      PANTHER_API_TOKEN: PANTHER_TOKEN,
      IBMCLOUD_CIS_API_ENDPOINT: cis.url,
      IBMCLOUD_CIS_TOKEN: CIS_TOKEN,
      IBMCLOUD_COS_CONFIG_ENDPOINT: cis.url,
      IBMCLOUD_USER_MANAGEMENT_ENDPOINT: cis.url,
      IBMCLOUD_IAMPAP_API_ENDPOINT: cis.url,
      IBMCLOUD_ACCOUNT_ID: cis.account,
    };
    const env: E2EEnvironment = { moto, cloudflare, panther, cis, s3, work, lifts };

    const stacks = synthExample(path.resolve(exampleDir), path.join(work, 'cdktf.out'), {}, work);
    names.push(...stacks.map((s) => s.name));
    let lambda = options.lambdaEndpoint;
    if (!lambda) {
      const local = await startLocalLambda(moto.endpoint, regionOf(stacks));
      if (local) cleanups.unshift(() => local.stop());
      lambda = local?.endpoint ?? moto.endpoint;
      if (!local) {
        log(
          'e2e: no local Lambda Invoke endpoint (test/support/lambda-invoke.ts): Lambda calls go to moto\n',
        );
      }
    }
    const stateFile = (s: SynthesizedStack) => path.join(work, 'state', `${s.name}.tfstate`);
    fs.mkdirSync(path.join(work, 'state'));
    // Asynchronous: the emulators answer from this process while Terraform runs.
    const step = (s: SynthesizedStack, args: string[]): Promise<TerraformRun> => {
      log(`\n$ terraform ${args.join(' ')}   # ${s.name}\n`);
      return new Promise((resolve) => {
        const child = spawn(tools.terraform!, [...args, '-no-color'], { cwd: s.dir, env: tfEnv });
        let output = '';
        const take = (d: Buffer) => {
          output += d.toString();
          log(d.toString());
        };
        child.stdout.on('data', take);
        child.stderr.on('data', take);
        const started = Date.now();
        child.on('close', (code) => {
          log(`# terraform ${args[0]} of ${s.name}: ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
          resolve({ status: code ?? -1, output });
        });
      });
    };
    const fail = (failure: string): E2EResult => ({ ok: false, failure, stacks: names });

    for (const s of stacks) {
      const file = path.join(s.dir, 'cdk.tf.json');
      const json = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
      options.tamper?.(s, json, env);
      fs.writeFileSync(file, JSON.stringify(json, null, 2));
      fs.writeFileSync(
        path.join(s.dir, 'zz_e2e_override.tf.json'),
        JSON.stringify(
          overrideFor(json, moto.endpoint, lambda, stateFile(s), s3Proxy.endpoint, (name) =>
            path.join(work, 'state', `${name}.tfstate`),
          ),
          null,
          2,
        ),
      );
    }
    await options.beforeApply?.(env);
    for (const s of stacks) {
      if ((await step(s, ['init', '-input=false'])).status !== 0) return fail(`init of ${s.name}`);
      // IBM CIS, as the README's first apply: the bucket and the writer grant first, then one
      // ownership token per job (what `cdktf-logpush cis-ownership` does), then everything.
      const cisJobs = cisJobsOf(s);
      if (cisJobs.length) {
        const grants = Object.keys(resourcesOf(s).ibm_iam_user_policy ?? {});
        if (grants.length) {
          const targets = grants.map((g) => `-target=ibm_iam_user_policy.${g}`);
          if ((await step(s, ['apply', '-auto-approve', '-input=false', ...targets])).status !== 0) {
            return fail(`apply of ${s.name} (the bucket and the writer grant)`);
          }
        }
        try {
          Object.assign(tfEnv, await cisOwnershipTokens(cisJobs, cis));
        } catch (e) {
          log(`\ne2e: ${e instanceof Error ? e.message : String(e)}\n`);
          return fail(`ownership challenge of ${s.name}`);
        }
      }
      if ((await step(s, ['apply', '-auto-approve', '-input=false'])).status !== 0) {
        return fail(`apply of ${s.name}`);
      }
      // The handler has deleted this stack's challenge files: its policies are back before the next stack.
      await lifts.settle();
    }
    for (const s of stacks) {
      const plan = await step(s, ['plan', '-input=false', '-detailed-exitcode']);
      if (plan.status !== 0 || !plan.output.includes('No changes.')) {
        return fail(`second plan of ${s.name} is not empty`);
      }
    }
    const checked = await checkApplied(
      stacks.map((s) => ({ stack: s, state: readState(stateFile(s)) })),
      env,
    );
    if (checked.problems.length) {
      log(`\ne2e: after apply:\n${checked.problems.map((p) => `  - ${p}`).join('\n')}\n`);
      return fail(checked.problems.join('; '));
    }
    log(`\ne2e: ${checked.summary}\n`);
    if (!options.keep) {
      for (const s of [...stacks].reverse()) {
        const targets = destroyable(s, readState(stateFile(s)));
        if (targets.length === 0) continue;
        const args = ['destroy', '-auto-approve', '-input=false', ...targets.map((t) => `-target=${t}`)];
        if ((await step(s, args)).status !== 0) {
          return fail(`destroy of ${s.name}`);
        }
      }
    }
    return { ok: true, stacks: names };
  } catch (e) {
    return { ok: false, failure: e instanceof Error ? e.message : String(e), stacks: names };
  } finally {
    for (const c of cleanups) await c();
  }
}

type CisJobConfig = { cis_id: string; domain_id: string; cos?: string; ownership_challenge?: string };

/** The stack's resources by type and name, as synthesized. */
function resourcesOf(s: SynthesizedStack): Record<string, Record<string, unknown>> {
  const json = JSON.parse(fs.readFileSync(path.join(s.dir, 'cdk.tf.json'), 'utf8')) as {
    resource?: Record<string, Record<string, unknown>>;
  };
  return json.resource ?? {};
}

/** The stack's CIS jobs whose `ownership_challenge` reads a variable (the first-apply token). */
function cisJobsOf(s: SynthesizedStack): { variable: string; job: CisJobConfig }[] {
  return Object.values((resourcesOf(s).ibm_cis_logpush_job ?? {}) as Record<string, CisJobConfig>).flatMap(
    (job) => {
      const v = /\$\{.*\bvar\.([A-Za-z0-9_-]+)\b.*\}/.exec(job.ownership_challenge ?? '');
      return v && job.cos ? [{ variable: v[1]!, job }] : [];
    },
  );
}

/**
 * What a user does with `cdktf-logpush cis-ownership` before the jobs' apply: for each job, request a
 * challenge for its own `cos` object (CIS writes the file into the COS bucket as its writer, so this
 * fails without the bucket or the grant), read the token from the file, delete the file. Returns the
 * `TF_VAR_<name>` of each job's token variable.
 */
async function cisOwnershipTokens(
  jobs: readonly { variable: string; job: CisJobConfig }[],
  cis: CisApiEmulator,
): Promise<Record<string, string>> {
  const vars: Record<string, string> = {};
  for (const { variable, job } of jobs) {
    const cos = JSON.parse(job.cos!) as CisCos;
    const r = await fetch(
      `${cis.url}/v2/${encodeURIComponent(job.cis_id)}/zones/${job.domain_id}/logpush/ownership`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-auth-user-token': `Bearer ${CIS_TOKEN}` },
        body: JSON.stringify({ cos }),
      },
    );
    const body = (await r.json()) as { result?: { filename: string }; errors?: { message: string }[] };
    if (!r.ok || !body.result) {
      throw new Error(
        `CIS refused the ownership challenge for ${cosKey(cos)}: ${(body.errors ?? []).map((e) => e.message).join('; ')}`,
      );
    }
    const objects = cis.buckets.get(cos.bucket_name!)?.objects;
    const token = objects?.get(body.result.filename);
    if (!token) throw new Error(`no challenge file ${body.result.filename} in COS bucket ${cos.bucket_name}`);
    objects!.delete(body.result.filename);
    vars[`TF_VAR_${variable}`] = token;
  }
  return vars;
}

/** Every managed resource in the state whose configuration does not say `prevent_destroy`. */
function destroyable(s: SynthesizedStack, state: State): string[] {
  const json = JSON.parse(fs.readFileSync(path.join(s.dir, 'cdk.tf.json'), 'utf8')) as {
    resource?: Record<string, Record<string, { lifecycle?: { prevent_destroy?: boolean } }>>;
  };
  return (state.resources ?? [])
    .filter((r) => r.mode === 'managed' && !json.resource?.[r.type]?.[r.name]?.lifecycle?.prevent_destroy)
    .map((r) => `${r.type}.${r.name}`);
}

/** The checks after apply; returns what is wrong. */
async function checkApplied(
  applied: { stack: SynthesizedStack; state: State }[],
  env: E2EEnvironment,
): Promise<{ problems: string[]; summary: string }> {
  const problems: string[] = [];
  let jobs = 0;
  let sources = 0;
  const all = applied.flatMap(({ stack, state }) => (state.resources ?? []).map((r) => ({ stack, r })));
  const of = (type: string) => all.filter((x) => x.r.mode === 'managed' && x.r.type === type);

  for (const { stack, r } of of('cloudflare_logpush_job')) {
    for (const inst of r.instances) {
      const a = inst.attributes;
      const where = `${stack.name}: cloudflare_logpush_job.${r.name}`;
      jobs++;
      const found = env.cloudflare.store.findJob(Number(a.id));
      if (!found) {
        problems.push(`${where}: job ${String(a.id)} is not in the Cloudflare API`);
        continue;
      }
      if (found.job.destination_conf !== a.destination_conf) {
        problems.push(`${where}: the API job writes to ${found.job.destination_conf}`);
      }
      const own = env.cloudflare.store.challenges.filter(
        (c) => c.destinationConf === a.destination_conf && c.scopeId === found.scopeId,
      );
      if (!own.some((c) => c.token === a.ownership_challenge)) {
        problems.push(`${where}: its token is not one of a challenge for its own destination_conf`);
      }
      const sensitive = JSON.stringify(inst.sensitive_attributes ?? []);
      if (!sensitive.includes('ownership_challenge')) {
        problems.push(`${where}: ownership_challenge is not marked sensitive in the state`);
      }
    }
  }
  const buckets = new Set(
    of('aws_s3_bucket').flatMap(({ r }) => r.instances.map((i) => String(i.attributes.bucket))),
  );
  for (const bucket of buckets) {
    let keys: string[] = [];
    await env.lifts.liftWhile(
      bucket,
      () => undefined,
      async () => {
        const listed = await env.s3.send(new ListObjectsV2Command({ Bucket: bucket }));
        keys = (listed.Contents ?? []).map((o) => o.Key!);
      },
      async () => true,
    );
    await env.lifts.settle();
    const left = keys.filter((k) => k.includes('ownership-challenge'));
    if (left.length) problems.push(`challenge files left in ${bucket}: ${left.join(', ')}`);
  }
  const roles = new Map(
    of('aws_iam_role').flatMap(({ r }) =>
      r.instances.map((i) => [String(i.attributes.arn), i.attributes] as const),
    ),
  );
  for (const { stack, r } of of('panther_s3_source')) {
    for (const inst of r.instances) {
      const a = inst.attributes;
      const where = `${stack.name}: panther_s3_source.${r.name}`;
      sources++;
      const source = env.panther.sources.get(String(a.id));
      if (!source) {
        problems.push(`${where}: source ${String(a.id)} is not in the Panther API`);
        continue;
      }
      if (!roles.has(source.logProcessingRole)) {
        problems.push(`${where}: role ${source.logProcessingRole} is not a role the stacks created`);
      }
      if (!buckets.has(source.s3Bucket)) {
        problems.push(`${where}: bucket ${source.s3Bucket} is not a bucket the stacks created`);
      }
      const want = ((a.prefix_log_types as { prefix: string }[]) ?? []).map((p) => p.prefix).sort();
      const got = source.s3PrefixLogTypes.map((p) => p.prefix).sort();
      if (JSON.stringify(want) !== JSON.stringify(got)) {
        problems.push(`${where}: Panther reads ${got.join(',')}, the stack declares ${want.join(',')}`);
      }
    }
  }
  let cisJobs = 0;
  for (const { stack, r } of of('ibm_cis_logpush_job')) {
    for (const inst of r.instances) {
      cisJobs++;
      const where = `${stack.name}: ibm_cis_logpush_job.${r.name}`;
      const job = env.cis.jobs.get(Number(inst.attributes.job_id));
      if (!job) {
        problems.push(`${where}: job ${String(inst.attributes.job_id)} is not in the CIS API`);
        continue;
      }
      const cos = JSON.parse(String(inst.attributes.cos ?? '{}')) as CisCos;
      const own = env.cis.challenges.filter((c) => c.zone === job.zone && c.cos === cosKey(cos));
      if (!own.length) problems.push(`${where}: no challenge was issued for its cos object`);
      const denied = env.cis.writerProblem(cos);
      if (denied) problems.push(`${where}: ${denied}`);
      if (!JSON.stringify(inst.sensitive_attributes ?? []).includes('ownership_challenge')) {
        problems.push(`${where}: ownership_challenge is not marked sensitive in the state`);
      }
    }
  }
  const cosBuckets = of('ibm_cos_bucket').flatMap(({ stack, r }) =>
    r.instances.map((i) => ({ where: `${stack.name}: ibm_cos_bucket.${r.name}`, a: i.attributes })),
  );
  for (const { where, a } of cosBuckets) {
    const bucket = env.cis.buckets.get(String(a.bucket_name));
    if (!bucket) problems.push(`${where}: bucket ${String(a.bucket_name)} is not in COS`);
    else if (bucket.resourceInstanceId !== a.resource_instance_id) {
      problems.push(`${where}: the COS bucket is in instance ${bucket.resourceInstanceId}`);
    } else {
      const left = [...bucket.objects.keys()].filter((k) => k.includes('ownership-challenge'));
      if (left.length) problems.push(`challenge files left in COS bucket ${bucket.name}: ${left.join(', ')}`);
    }
  }
  for (const { stack, r } of of('ibm_iam_user_policy')) {
    for (const inst of r.instances) {
      const id = String(inst.attributes.id).split('/').pop()!;
      if (!env.cis.policies.has(id)) {
        problems.push(`${stack.name}: ibm_iam_user_policy.${r.name}: policy ${id} is not in IAM`);
      }
    }
  }
  for (const { stack, r } of of('ibm_iam_user_invite')) {
    for (const inst of r.instances) {
      for (const user of (inst.attributes.users as string[] | null) ?? []) {
        if (!env.cis.users.has(user)) {
          problems.push(`${stack.name}: ibm_iam_user_invite.${r.name}: ${user} is not in the account`);
        }
      }
    }
  }
  const summary =
    `${jobs} Cloudflare job(s) hold the token of their own challenge (marked sensitive); ` +
    `no challenge file left in ${buckets.size} bucket(s); ${sources} Panther source(s) read the stacks' role, bucket and prefixes` +
    (cisJobs
      ? `; ${cisJobs} CIS job(s) created with the token of a challenge for their own cos object,` +
        ` into ${cosBuckets.length} COS bucket(s) that grant CIS's writer Object Writer (invited, policy in IAM)`
      : '');
  return { problems, summary };
}
