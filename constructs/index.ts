export * from './log-bucket';
export * from './logpush-pipeline';
export * from './ownership-verification';
export * from './panther-log-source';
export * from './siem';
export {
  PantherProvider,
  PantherS3Source,
  type PantherProviderConfig,
  type PantherS3SourceConfig,
  type PantherS3SourcePrefixLogTypes,
  type PantherS3SourceLogStreamTypeOptions,
} from './bindings/panther';
export * from './logpush-fleet';
