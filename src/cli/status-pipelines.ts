/**
 * The pipelines a synthesized output (`cdktf.out`, read by the review module's reader) or a fleet file
 * (read by fleet-input's reader) declares, as `status` checks them: where the job lives, its dataset
 * and its destination. Nothing here talks to an API.
 */
import * as fs from 'fs';
import { cosDestination, s3DestinationConf } from '../destination';
import { requireValidFleet } from './fleet-input';
import { CliError, EXIT } from './io';
import { withReviewErrors } from './review-errors';
import { readSynthOutput, type ResourceBlock } from '../review';
import { dailySubfoldersOf } from '../model/settings';

/** One declared pipeline. */
export interface DeclaredPipeline {
  /** `cloudflare`: a Cloudflare Logpush job; `cis`: an IBM CIS Logpush job. */
  readonly provider: 'cloudflare' | 'cis';
  readonly scope: 'zone' | 'account';
  /** The zone, account or CIS domain id. */
  readonly scopeId: string;
  /** The CIS instance CRN (CIS only). */
  readonly cisCrn?: string;
  readonly dataset: string;
  /** The job's `destination_conf` (or, for CIS, the `cos://` form of its `cos`); undefined when unknown before apply. */
  readonly destination?: string;
  /** Its shard (stack name suffix), when known. */
  readonly shard?: string;
  /** Where it is declared: `stack/type.id` or the fleet file's `zones[3].datasets[1]`. */
  readonly source: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** The pipelines of a synthesized output. */
async function fromSynth(dir: string): Promise<DeclaredPipeline[]> {
  const out = await withReviewErrors(() => readSynthOutput(dir));
  const pipelines: DeclaredPipeline[] = [];
  for (const [stack, json] of out) {
    const resources = json.resource ?? {};
    for (const [id, block] of Object.entries(resources.cloudflare_logpush_job ?? {})) {
      const zoneId = str(block.zone_id);
      const accountId = str(block.account_id);
      pipelines.push({
        provider: 'cloudflare',
        scope: zoneId ? 'zone' : 'account',
        scopeId: zoneId ?? accountId ?? '',
        dataset: str(block.dataset) ?? '',
        ...(str(block.destination_conf) ? { destination: str(block.destination_conf) } : {}),
        shard: stack,
        source: `${stack}/cloudflare_logpush_job.${id}`,
      });
    }
    for (const [id, block] of Object.entries(resources.ibm_cis_logpush_job ?? {})) {
      pipelines.push({
        provider: 'cis',
        scope: 'zone',
        scopeId: str(block.domain_id) ?? '',
        cisCrn: str(block.cis_id) ?? '',
        dataset: str(block.dataset) ?? '',
        ...cisDestination(block),
        shard: stack,
        source: `${stack}/ibm_cis_logpush_job.${id}`,
      });
    }
  }
  return pipelines;
}

/** The `cos://` form of a CIS job's `cos` JSON (the form the CIS API reports as `destination_conf`). */
function cisDestination(block: ResourceBlock): { destination?: string } {
  const cos = str(block.cos);
  if (!cos || cos.includes('${')) return {};
  try {
    const o = JSON.parse(cos) as {
      bucket_name?: string;
      id?: string;
      region?: string;
      path?: string;
      use_daily_subfolder?: boolean;
    };
    if (!o.bucket_name || !o.id || !o.region) return {};
    return {
      destination: cosDestination({
        bucket: o.bucket_name,
        instanceId: o.id,
        region: o.region,
        prefix: o.path ?? '',
        dailySubfolders: o.use_daily_subfolder === true,
      }).url,
    };
  } catch {
    return {};
  }
}

/** The pipelines of a fleet file (its destinations are known: the fleet names its buckets). */
function fromFleet(io: Parameters<typeof requireValidFleet>[0], file: string): DeclaredPipeline[] {
  const { plan } = requireValidFleet(io, file);
  const buckets = new Map(plan.buckets.map((b) => [b.key, b]));
  return plan.pipelines.map((p) => {
    const bucket = buckets.get(p.bucket)!;
    const props = p.props as { dailySubfolders?: boolean };
    return {
      provider: 'cloudflare' as const,
      scope: p.scope,
      scopeId: (p.zoneId ?? p.accountId)!,
      dataset: p.dataset,
      destination: s3DestinationConf({
        bucket: bucket.props.bucketName,
        prefix: p.prefix,
        region: bucket.props.region,
        dailySubfolders: dailySubfoldersOf(props),
        ...(bucket.props.requireEncryptionHeader ? { sse: 'AES256' as const } : {}),
      }),
      shard: p.shard,
      source: p.source,
    };
  });
}

/**
 * Reads `input`: a directory is a synthesized output, a file a fleet file. `shard` keeps one shard
 * (a fleet's `shard-N`; in a synthesized output, a stack named `shard-N` or ending in `-shard-N`).
 */
export async function readDeclaredPipelines(
  io: Parameters<typeof requireValidFleet>[0],
  input: string,
  shard?: string,
): Promise<DeclaredPipeline[]> {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(input);
  } catch {
    throw new CliError(`no such file or directory: ${input}`, EXIT.usage);
  }
  const all = stat.isDirectory() ? await fromSynth(input) : fromFleet(io, input);
  if (shard === undefined) return all;
  const kept = all.filter((p) => p.shard === shard || (p.shard?.endsWith(`-${shard}`) ?? false));
  if (kept.length === 0) {
    const shards = [...new Set(all.map((p) => p.shard).filter((s) => s !== undefined))].sort();
    throw new CliError(
      `--shard ${shard}: no pipeline in that shard (shards: ${shards.join(', ') || 'none'})`,
      EXIT.usage,
    );
  }
  return kept;
}

/** Whether a pipeline can be looked up: its zone/account id is known before apply. */
export function isResolvable(p: DeclaredPipeline): boolean {
  return (
    p.scopeId !== '' &&
    !p.scopeId.includes('${') &&
    (p.provider !== 'cis' || (!!p.cisCrn && !p.cisCrn.includes('${')))
  );
}
