/**
 * Synthesizes a small multi-stack app into a directory, as `cdktf synth` writes `cdktf.out/`
 * (manifest.json + stacks/<name>/cdk.tf.json): the input of `cdktf-logpush diff` in tests. Built from
 * a plain description so that two versions of one app (before and after a change) are easy to write.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CloudflareProvider } from '@cdktf/provider-cloudflare/lib/provider';
import { App, TerraformStack } from 'cdktf';
import { LogBucket, LogpushPipeline, PantherLogSource, PantherProvider } from 'cdktf-logpush';

export interface AppPipeline {
  /** The construct id: part of the job's Terraform address. */
  readonly id: string;
  readonly zoneId?: string;
  readonly accountId?: string;
  readonly dataset: string;
  readonly fields?: 'all' | readonly string[];
  readonly prefix?: string;
}

export interface AppStack {
  readonly name: string;
  readonly bucketName: string;
  /** With a Panther source reading every pipeline of the stack. */
  readonly panther?: boolean;
  readonly pipelines: readonly AppPipeline[];
}

/** Synthesizes the stacks into `outdir`. */
export function synthApp(outdir: string, stacks: readonly AppStack[]): void {
  const app = new App({ outdir, skipValidation: false });
  for (const s of stacks) {
    const stack = new TerraformStack(app, s.name);
    new AwsProvider(stack, 'aws', { region: 'us-west-2' });
    new CloudflareProvider(stack, 'cloudflare', {});
    const bucket = new LogBucket(stack, 'logs', { bucketName: s.bucketName, region: 'us-west-2' });
    let siem: PantherLogSource | undefined;
    if (s.panther) {
      new PantherProvider(stack, 'panther', {});
      siem = new PantherLogSource(stack, 'panther-source', {
        bucket,
        name: `cloudflare-${s.name}`,
        pantherAwsAccountId: '123456789012',
      });
    }
    for (const p of s.pipelines) {
      new LogpushPipeline(stack, p.id, {
        ...(p.zoneId ? { zoneId: p.zoneId } : {}),
        ...(p.accountId ? { accountId: p.accountId } : {}),
        dataset: p.dataset,
        bucket,
        ...(p.fields ? { fields: p.fields } : {}),
        ...(p.prefix ? { prefix: p.prefix } : {}),
        ...(siem ? { siem } : {}),
      });
    }
  }
  app.synth();
}
