import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CloudflareProvider } from '@cdktf/provider-cloudflare/lib/provider';
import { Testing, TerraformStack } from 'cdktf';

/** Synthesized Terraform JSON of one stack. */
export interface SynthJson {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly output?: Record<string, { value: unknown; sensitive?: boolean }>;
  readonly terraform?: Record<string, unknown>;
  readonly provider?: Record<string, unknown>;
}

/** A stack with the AWS and Cloudflare providers, as the examples define them. */
export function newStack(id = 'test'): TerraformStack {
  const stack = new TerraformStack(Testing.app(), id);
  new AwsProvider(stack, 'aws', { region: 'us-west-2' });
  new CloudflareProvider(stack, 'cloudflare', {});
  return stack;
}

/** Synthesizes `stack` (with validations) and parses the JSON. */
export function synth(stack: TerraformStack): SynthJson {
  return JSON.parse(Testing.synth(stack, true)) as SynthJson;
}

/** Every resource of one type, by logical id. */
export function resourcesOf(json: SynthJson, type: string): Record<string, Record<string, unknown>> {
  return json.resource?.[type] ?? {};
}

/** The single resource of a type; fails when there is not exactly one. */
export function onlyResource(json: SynthJson, type: string): Record<string, unknown> {
  const all = Object.values(resourcesOf(json, type));
  if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
  return all[0]!;
}

/** Counts resources per type. */
export function resourceCounts(json: SynthJson): Record<string, number> {
  return Object.fromEntries(Object.entries(json.resource ?? {}).map(([t, r]) => [t, Object.keys(r).length]));
}

/** Replaces asset content hashes (64 hex) so two syntheses can be compared. */
export function scrubAssetHashes(text: string): string {
  return text.replace(/[0-9A-F]{64}|[0-9a-f]{64}/g, '[HASH]');
}
