/** What `plan-summary` and `graph` both show of a fleet plan's writer grants. */
import type { FleetPlan } from '../fleet';

/** The key prefixes Cloudflare's writer grant covers in a bucket (`<prefix>/*` each). */
export function grantPrefixes(plan: FleetPlan, bucketKey: string): string[] {
  const bucket = plan.buckets.find((b) => b.key === bucketKey)!;
  const pipelines = plan.pipelines.filter((p) => p.bucket === bucketKey);
  const prefixes =
    bucket.grants === 'per-dataset'
      ? pipelines.map((p) => `${bucket.prefixRoot}/${p.dataset}`)
      : pipelines.map((p) => p.prefix);
  return [...new Set(prefixes)].sort();
}
