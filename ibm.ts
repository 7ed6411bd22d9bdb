/**
 * cdktf-logpush/ibm: IBM Cloud Internet Services (CIS) Logpush into IBM Cloud Object Storage (COS),
 * without the Cloudflare → S3 and fleet modules: `import { CisLogpushPipeline } from 'cdktf-logpush/ibm'`.
 * The same classes as the main entry point exports (one copy of each module), so `instanceof` and
 * the app's construct-tree registries work whichever entry point a program imports from.
 */
export { CisLogpushPipeline, type CisLogpushPipelineProps } from './constructs/ibm/cis-logpush-pipeline';
export {
  CIS_LOGPUSH_WRITER,
  CIS_LOGPUSH_WRITER_ROLE,
  CosLogBucket,
  type CosLogBucketProps,
  type ICosLogBucket,
} from './constructs/ibm/cos-log-bucket';
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
} from './constructs/bindings/ibm';
export { cisAllFields, cisDatasets, cisFieldsOf, type CisDataset } from './src/datasets';
export {
  cosDestination,
  type CosDestination,
  type CosDestinationForms,
  type CosDestinationObject,
} from './src/destination';
export { LogpushValidationError, type PropIssue } from './src/errors';
