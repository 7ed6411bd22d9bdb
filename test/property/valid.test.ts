/**
 * Generated valid pipelines synthesize and keep the library's invariants. Pipelines are batched:
 * each generated case adds one pipeline to the current stack (its own zone, its prefix under a
 * first segment of its own so that no two cases collide), and every BATCH cases the stack is
 * synthesized and checked as a whole, so 2,000 cases cost 2,000 constructions but only
 * 2,000 / BATCH syntheses.
 */
import { TerraformStack, TerraformVariable, Testing, type App } from 'cdktf';
import fc from 'fast-check';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CloudflareProvider } from '@cdktf/provider-cloudflare/lib/provider';
import {
  CLOUDFLARE_LOGPUSH_PRINCIPAL,
  LogBucket,
  LogpushPipeline,
  OwnershipVerification,
  PantherLogSource,
  PantherProvider,
  parseS3DestinationConf,
} from 'cdktf-logpush';
import { ALLOW_ALL, decide } from '../support/iam';
import { resourcesOf, type SynthJson } from '../support/synth';
import { scanForSecrets } from '../support/secrets';
import { FC_PARAMS, hexId, keyTailArb, pipelineSpecArb, type PipelineSpec } from './arbitraries';

const BATCH = 100;
const PANTHER = '123456789012';
const ROLE = 'arn:aws:iam::111111111111:role/PantherLogProcessingRole-cloudflare';

interface Entry {
  readonly pipeline: LogpushPipeline;
  readonly prefix: string;
  readonly spec: PipelineSpec;
}

interface Statement {
  Sid?: string;
  Effect: string;
  Principal?: { AWS?: string };
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}
const list = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : typeof v === 'string' ? [v] : v;
const sorted = (v: Iterable<string>): string[] => [...v].sort();

class Batch {
  public readonly entries: Entry[] = [];
  private readonly app: App = Testing.app();
  private readonly stack: TerraformStack;
  private readonly bucket: LogBucket;
  private readonly panther: PantherLogSource;
  private readonly token: TerraformVariable;
  public readonly bucketName: string;

  constructor(public readonly no: number) {
    this.stack = new TerraformStack(this.app, `batch${no}`);
    new AwsProvider(this.stack, 'aws', { region: 'us-west-2' });
    new CloudflareProvider(this.stack, 'cloudflare', {});
    new PantherProvider(this.stack, 'panther', {});
    this.bucketName = `prop-logs-${no}`;
    this.bucket = new LogBucket(this.stack, 'logs', {
      bucketName: this.bucketName,
      region: 'us-west-2',
      requireEncryptionHeader: no % 2 === 1,
      retentionDays: no % 3 === 0 ? undefined : 30 + no,
    });
    this.panther = new PantherLogSource(this.stack, 'panther-source', {
      bucket: this.bucket,
      name: 'cloudflare',
      pantherAwsAccountId: PANTHER,
      pantherRegion: 'us-east-1',
    });
    this.token = new TerraformVariable(this.stack, 'ownership_token', { type: 'string', sensitive: true });
  }

  public add(spec: PipelineSpec, n: number): void {
    const prefix = `c${n}/${spec.prefix}`;
    const pipeline = new LogpushPipeline(this.stack, `p${n}`, {
      ...(spec.scope === 'zone' ? { zoneId: hexId(n) } : { accountId: hexId(n, 1) }),
      dataset: spec.dataset,
      bucket: this.bucket,
      ...spec.props,
      prefix,
      ...(spec.siem ? { siem: this.panther } : {}),
      ...(spec.fromToken ? { ownership: OwnershipVerification.fromToken(this.token.stringValue) } : {}),
    } as ConstructorParameters<typeof LogpushPipeline>[2]);
    this.entries.push({ pipeline, prefix, spec });
  }

  /** Synthesizes the batch and checks every invariant; throws on the first broken one. */
  public async check(): Promise<void> {
    const text = Testing.synth(this.stack, true);
    const json = JSON.parse(text) as SynthJson;
    expect(scanForSecrets(text)).toEqual([]);
    const id = (c: unknown) => this.stack.getLogicalId(c as never);

    // Job and challenge share one destination_conf, naming the bucket and the pipeline's prefix.
    const jobs = resourcesOf(json, 'cloudflare_logpush_job');
    const challenges = resourcesOf(json, 'cloudflare_logpush_ownership_challenge');
    for (const e of this.entries) {
      const conf = jobs[id(e.pipeline.job)]!.destination_conf as string;
      const parsed = parseS3DestinationConf(conf);
      expect(parsed).toMatchObject({ bucket: this.bucketName, prefix: e.prefix, region: 'us-west-2' });
      expect(parsed.sse).toBe(this.no % 2 === 1 ? 'AES256' : undefined);
      const challenge = e.pipeline.node.tryFindChild('Challenge');
      expect(challenge === undefined).toBe(e.spec.fromToken);
      if (challenge) expect(challenges[id(challenge)]!.destination_conf).toBe(conf);
    }

    // One policy and at most one notification configuration per bucket.
    expect(Object.keys(resourcesOf(json, 'aws_s3_bucket'))).toHaveLength(1);
    expect(Object.keys(resourcesOf(json, 'aws_s3_bucket_policy'))).toHaveLength(1);
    const notifications = Object.values(resourcesOf(json, 'aws_s3_bucket_notification'));
    expect(notifications.length).toBeLessThanOrEqual(1);

    // Cloudflare's grant names exactly the registered prefixes.
    const bucketPolicy = JSON.parse(
      Object.values(resourcesOf(json, 'aws_s3_bucket_policy'))[0]!.policy as string,
    ) as { Statement: Statement[] };
    const cloudflare = bucketPolicy.Statement.filter(
      (s) => s.Effect === 'Allow' && s.Principal?.AWS === CLOUDFLARE_LOGPUSH_PRINCIPAL,
    );
    expect(cloudflare.flatMap((s) => list(s.Action))).toEqual(['s3:PutObject']);
    expect(sorted(cloudflare.flatMap((s) => list(s.Resource)))).toEqual(
      sorted(this.entries.map((e) => `arn:aws:s3:::${this.bucketName}/${e.prefix}/*`)),
    );

    // Panther reads exactly the prefixes of the pipelines naming it, and is notified of exactly those.
    const read = this.entries.filter((e) => e.spec.siem);
    const rolePolicy = JSON.parse(
      Object.values(resourcesOf(json, 'aws_iam_role_policy')).find((p) => p.name === 'ReadData')!
        .policy as string,
    ) as { Statement: Statement[] };
    const bySid = (sid: string) => rolePolicy.Statement.find((s) => s.Sid === sid);
    expect(sorted(list(bySid('ReadRegisteredPrefixes')?.Resource))).toEqual(
      sorted(read.map((e) => `arn:aws:s3:::${this.bucketName}/${e.prefix}/*`)),
    );
    expect(sorted(list(bySid('ListRegisteredPrefixes')?.Condition?.StringLike?.['s3:prefix']))).toEqual(
      sorted(read.map((e) => `${e.prefix}/*`)),
    );
    const source = Object.values(resourcesOf(json, 'panther_s3_source'))[0]!;
    expect(sorted((source.prefix_log_types as { prefix: string }[]).map((p) => p.prefix))).toEqual(
      sorted(read.map((e) => `${e.prefix}/`)),
    );
    const topics = (notifications[0]?.topic ?? []) as { filter_prefix: string }[];
    expect(sorted(topics.map((t) => t.filter_prefix))).toEqual(sorted(read.map((e) => `${e.prefix}/`)));

    // The IAM simulator agrees, on generated object keys inside and outside the prefixes.
    const sample = fc.sample(fc.tuple(fc.nat({ max: this.entries.length - 1 }), keyTailArb), {
      seed: FC_PARAMS.seed + this.no,
      numRuns: 3,
    });
    const context = { 's3:x-amz-server-side-encryption': 'AES256' };
    const put = (key: string) =>
      decide({
        principal: CLOUDFLARE_LOGPUSH_PRINCIPAL,
        action: 's3:PutObject',
        resource: `arn:aws:s3:::${this.bucketName}/${key}`,
        identityPolicies: [ALLOW_ALL],
        bucketPolicy,
        context,
        resourceAccount: '111111111111',
      });
    const get = (key: string) =>
      decide({
        principal: ROLE,
        action: 's3:GetObject',
        resource: `arn:aws:s3:::${this.bucketName}/${key}`,
        identityPolicies: [rolePolicy],
        bucketPolicy,
      });
    for (const [i, tail] of sample) {
      const e = this.entries[i]!;
      const first = e.prefix.split('/')[0]!;
      expect(await put(`${e.prefix}/${tail}`)).toBe('Allowed');
      for (const outside of [`${e.prefix}-x/${tail}`, `${first}/${tail}.x`, `unregistered/${tail}`, tail]) {
        if (this.entries.some((o) => outside.startsWith(`${o.prefix}/`))) continue;
        expect(await put(outside)).toBe('ImplicitlyDenied');
        expect(await get(outside)).toBe('ImplicitlyDenied');
      }
      expect(await get(`${e.prefix}/${tail}`)).toBe(e.spec.siem ? 'Allowed' : 'ImplicitlyDenied');
    }
  }
}

describe('generated valid pipelines', () => {
  test('synthesize and keep the invariants', async () => {
    let batch: Batch | undefined;
    let n = 0;
    await fc.assert(
      fc.asyncProperty(pipelineSpecArb, async (spec) => {
        batch ??= new Batch(Math.floor(n / BATCH));
        batch.add(spec, n++);
        if (batch.entries.length === BATCH) {
          const full = batch;
          batch = undefined;
          await full.check();
        }
      }),
      FC_PARAMS,
    );
    if (batch) await batch.check();
    expect(n).toBeGreaterThanOrEqual(FC_PARAMS.numRuns);
  }, 600_000);
});
