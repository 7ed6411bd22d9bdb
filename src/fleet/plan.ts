/**
 * What a fleet file means, deterministically: the buckets, SIEM sources and pipelines it declares,
 * and which stack (shard) each pipeline lives in. The constructs (`LogpushFleet`) build exactly this.
 */
import { checkFleet } from './check';
import { FleetValidationError } from './issues';
import type { FleetPlan } from './plan-types';
import type { FleetSpec } from './spec-types';

export type { FleetPlan, PlannedBucket, PlannedPipeline, PlannedSharding, PlannedSiem } from './plan-types';

/**
 * Plans a fleet: validates the spec (every rule of the file) and returns what it means. Throws one
 * {@link FleetValidationError} listing every problem.
 */
export function planFleet(spec: FleetSpec, name = '<spec>'): FleetPlan {
  const result = checkFleet(spec, name, () => ({ line: 0, column: 0 }));
  if (result.issues.length > 0) throw new FleetValidationError(name, result.issues);
  return result.plan!;
}
