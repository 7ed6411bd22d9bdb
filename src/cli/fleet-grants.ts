/** What `plan-summary` and `graph` both show of a fleet plan's writer grants. */
import type { FleetPlan } from '../fleet';
import { grantPrefixesOf } from '../model/layout';

/** The key prefixes Cloudflare's writer grant covers in a bucket (`<prefix>/*` each), sorted. */
export function grantPrefixes(plan: FleetPlan, bucketKey: string): string[] {
  const bucket = plan.buckets.find((b) => b.key === bucketKey)!;
  return grantPrefixesOf(
    bucket,
    plan.pipelines.filter((p) => p.bucket === bucketKey),
  );
}
