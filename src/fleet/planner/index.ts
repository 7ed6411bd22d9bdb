/**
 * The fleet planner, in named steps over the model (src/model/): the buckets, the SIEM sources,
 * the file's alerts, the zones and accounts with their pipelines (prefixes placed by the prefixes
 * step), then the shards. Each step checks the cross-entry rules of its concept and adds every
 * problem it finds; the plan is what the file means when none was found.
 */
import type { FleetPlan } from '../plan-types';
import { isObj, type Add, type Obj } from '../private/collector';
import { shardIndexOf, shardName } from '../shard';
import { AlertsStep } from './alerts';
import { planBuckets } from './buckets';
import { checkDefaults, planOwners } from './owners';
import { PrefixesStep } from './prefixes';
import { planSharding } from './sharding';
import { SiemsStep } from './siems';

/** Plans a fleet file's data (valid or not), adding every cross-entry problem to `add`. */
export function planFile(input: unknown, add: Add): FleetPlan {
  const root: Obj = isObj(input) ? input : {};
  const buckets = planBuckets(root, add);
  const siems = new SiemsStep(isObj(root.siem) ? root.siem : {}, buckets.raw, add);
  const defaults = checkDefaults(root, add, { buckets, siems });
  const alerts = new AlertsStep(root, add);
  const { drafts, owners } = planOwners(root, defaults, add, {
    buckets,
    siems,
    alerts,
    prefixes: new PrefixesStep(),
  });
  siems.finish(add);
  alerts.finish(add);
  const sharding = planSharding(root, owners, add);
  return {
    buckets: [...buckets.planned.values()],
    siems: siems.planned(),
    pipelines: drafts.map((d) => ({
      ...d.pipeline,
      shard: shardName(shardIndexOf(d.owner, sharding.shards)),
    })),
    shards: Array.from({ length: sharding.shards }, (_, i) => shardName(i)),
    sharding,
    ...(alerts.planned !== undefined ? { alerts: alerts.planned } : {}),
  };
}
