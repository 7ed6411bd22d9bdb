/** The fleet file: parse (with positions), validate, plan and shard. Framework-free. */
export {
  loadFleetFile,
  loadFleetFileWithPlan,
  locateInFleetText,
  parseFleet,
  parseFleetWithPlan,
  readFleetFile,
  validateFleet,
  type FleetAlertOverrides,
  type FleetAlerts,
  type FleetBucket,
  type FleetDatasetEntry,
  type FleetDefaults,
  type FleetOwner,
  type FleetPantherSiem,
  type FleetPipelineOptions,
  type FleetSharding,
  type FleetSiem,
  type FleetSpec,
  type GrantLayout,
  type LoadedFleet,
} from './spec';
export {
  FleetValidationError,
  formatIssue,
  formatLocation,
  formatPath,
  type FleetIssue,
  type FleetPath,
} from './issues';
export {
  planFleet,
  type FleetPlan,
  type PlannedBucket,
  type PlannedPipeline,
  type PlannedSharding,
  type PlannedSiem,
} from './plan';
export { DEFAULT_PIPELINES_PER_SHARD, MAX_JOBS_PER_ZONE } from '../model/limits';
export { DEFAULT_PREFIX_ROOT } from '../model/layout';
export { reshardIssues, shardIndexOf, shardMoves, shardName, shardsNeeded, type ShardMove } from './shard';
export { fleetJsonSchema, GRANT_LAYOUTS } from './schema';
export { FLEET_LIMITS } from './bounds';
