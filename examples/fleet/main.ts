/**
 * A fleet from one reviewed file: `logpush.yaml` (50 zones, 2 accounts, one bucket with per-dataset
 * grants, one Panther source, 4 shards) becomes a foundation stack `logpush-foundation` and one
 * stack per shard, `logpush-shard-0` ... `logpush-shard-3`.
 *
 * Synthesize with `npx ts-node examples/fleet/main.ts` (writes cdktf.out/); one shard alone (with the
 * foundation) with `LOGPUSH_SHARDS=shard-2 npx ts-node examples/fleet/main.ts`.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CloudflareProvider } from '@cdktf/provider-cloudflare/lib/provider';
import { App, type TerraformStack } from 'cdktf';
import * as path from 'path';
import { LogpushFleet, PantherProvider, type FleetStackContext } from 'cdktf-logpush';

/** The fleet file next to this program. */
export const FLEET_FILE = path.join(__dirname, 'logpush.yaml');

/** The app's providers (and, in a real repository, its backend) in every stack of the fleet. */
export function configureStack(stack: TerraformStack, context: FleetStackContext): void {
  new AwsProvider(stack, 'aws', { region: 'us-west-2' });
  // CLOUDFLARE_API_TOKEN from the environment: the jobs in the shards, the alerts' notification policies in the foundation.
  new CloudflareProvider(stack, 'cloudflare', {});
  if (context.kind === 'foundation') {
    new PantherProvider(stack, 'panther', {}); // PANTHER_API_URL / PANTHER_API_TOKEN from the environment
  }
  // e.g. new S3Backend(stack, { bucket: 'acme-terraform-state', key: `${stack.node.id}.tfstate`, region: 'us-west-2' });
}

/** Defines the fleet of `file` in `app`. */
export function defineFleet(app: App, file: string = FLEET_FILE, shards?: readonly string[]): LogpushFleet {
  return LogpushFleet.fromFile(app, 'logpush', file, { configureStack, shards });
}

if (require.main === module) {
  const app = new App();
  defineFleet(app);
  app.synth();
}
