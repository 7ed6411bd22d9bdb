/**
 * cdktf-logpush/fleet: the fleet file (logpush.yaml → a foundation stack and shard stacks):
 * `import { LogpushFleet } from 'cdktf-logpush/fleet'`, or only the framework-free file API
 * (`loadFleetFile`, `parseFleet`, `planFleet`) for a program that reads a fleet file without
 * defining anything. The same classes as the main entry point exports.
 */
export {
  LOGPUSH_SHARDS_ENV,
  LogpushFleet,
  type FleetStackContext,
  type LogpushFleetOptions,
  type LogpushFleetProps,
} from './constructs/logpush-fleet';
export {
  FleetValidationError,
  loadFleetFile,
  parseFleet,
  planFleet,
  type FleetIssue,
  type FleetPlan,
  type FleetSpec,
} from './src/fleet';
export { LogpushValidationError, type PropIssue } from './src/errors';
