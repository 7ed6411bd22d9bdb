/**
 * The constructs' public surface, by name: a new export is a deliberate change (test/themes/public-api.test.ts
 * pins the list). Helpers the constructs share among themselves (`defaultJobName`,
 * `ownershipHandlerDir`, `registerWithSharedResources`, `OwnershipBindContext`, ...) stay in their
 * modules and are not re-exported.
 */
export {
  LogBucket,
  type BucketTopicNotification,
  type LogBucketAdoption,
  type LogBucketProps,
} from './log-bucket';
export { LogpushPipeline, type LogpushPipelineProps } from './logpush-pipeline';
export {
  OwnershipTokenReader,
  OwnershipVerification,
  OwnershipVerificationFunction,
  type CustomResourceOwnershipOptions,
  type OwnershipTokenReaderProps,
} from './ownership-verification';
export { PantherLogSource, type PantherLogSourceProps } from './panther-log-source';
export { type ILogSiem, type PipelineSettings } from './siem';
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
export {
  CIS_LOGPUSH_WRITER,
  CIS_LOGPUSH_WRITER_ROLE,
  CosLogBucket,
  type CosLogBucketProps,
  type ICosLogBucket,
} from './ibm/cos-log-bucket';
export { CisLogpushPipeline, type CisLogpushPipelineProps } from './ibm/cis-logpush-pipeline';
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
export {
  LOGPUSH_SHARDS_ENV,
  LogpushFleet,
  type FleetStackContext,
  type LogpushFleetOptions,
  type LogpushFleetProps,
} from './logpush-fleet';
