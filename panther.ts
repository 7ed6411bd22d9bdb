/**
 * cdktf-logpush/panther: the Panther SIEM source a pipeline feeds (`PantherLogSource`) and the
 * library's bindings of the panther-labs/panther provider:
 * `import { PantherLogSource, PantherProvider } from 'cdktf-logpush/panther'`. The same classes as the
 * main entry point exports.
 */
export { PantherLogSource, type PantherLogSourceProps } from './constructs/panther-log-source';
export {
  PantherProvider,
  PantherS3Source,
  PantherLogSourceAlarm,
  type PantherLogSourceAlarmConfig,
  type PantherProviderConfig,
  type PantherS3SourceConfig,
  type PantherS3SourcePrefixLogTypes,
  type PantherS3SourceLogStreamTypeOptions,
} from './constructs/bindings/panther';
