/** Planning step for the shards: the pinned count, the capacity per shard (src/model/limits.ts) and each pipeline's shard. */
import { DEFAULT_PIPELINES_PER_SHARD, shardCapacityProblem } from '../../model/limits';
import type { PlannedSharding } from '../plan-types';
import { isObj, type Add, type Obj } from '../private/collector';
import { shardLoads, shardName, shardsNeeded } from '../shard';

const positiveInteger = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1;

/** The file's sharding, resolved; adds the problem of a shard over its capacity. */
export function planSharding(
  root: Obj,
  owners: readonly { id: string; pipelines: number }[],
  add: Add,
): PlannedSharding {
  const sharding = isObj(root.sharding) ? root.sharding : {};
  const shards = positiveInteger(sharding.shards) ? sharding.shards : 1;
  const perShard = positiveInteger(sharding.pipelinesPerShard)
    ? sharding.pipelinesPerShard
    : DEFAULT_PIPELINES_PER_SHARD;
  const loads = shardLoads(owners, shards);
  const fullest = Math.max(0, ...loads);
  const problem = shardCapacityProblem(shardName(loads.indexOf(fullest)), fullest, perShard, () =>
    shardsNeeded(owners, perShard, shards + 1),
  );
  if (problem) {
    add(
      sharding.shards !== undefined ? ['sharding', 'shards'] : isObj(root.sharding) ? ['sharding'] : [],
      problem.message,
      { value: shards, code: problem.code },
    );
  }
  return { shards, pipelinesPerShard: perShard };
}
