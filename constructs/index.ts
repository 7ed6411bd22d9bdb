export * from './log-bucket';
export * from './logpush-pipeline';
export * from './ownership-verification';
export * from './panther-log-source';
export * from './siem';
export {
  LogpushAlerts,
  type IPipelineAlerts,
  type LogpushAlertsProps,
  type PipelineAlertOptions,
} from './logpush-alerts';
export {
  PantherProvider,
  PantherS3Source,
  PantherLogSourceAlarm,
  type PantherLogSourceAlarmConfig,
  type PantherProviderConfig,
  type PantherS3SourceConfig,
  type PantherS3SourcePrefixLogTypes,
  type PantherS3SourceLogStreamTypeOptions,
} from './bindings/panther';
export * from './cos-log-bucket';
export * from './cis-logpush-pipeline';
export {
  IBM_PROVIDER_VERSION,
  IbmCisLogpushJob,
  IbmCosBucket,
  IbmIamUserInvite,
  IbmIamUserPolicy,
  IbmProvider,
  type IbmCisLogpushJobConfig,
  type IbmCosBucketConfig,
  type IbmIamUserInviteConfig,
  type IbmIamUserPolicyConfig,
  type IbmIamUserPolicyResources,
  type IbmProviderConfig,
} from './bindings/ibm';
export * from './logpush-fleet';
