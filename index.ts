/**
 * cdktf-logpush: a whole Cloudflare Logpush pipeline (job, bucket, writer grant, ownership
 * verification, SIEM source) as one cdktf declaration.
 */
export * from './constructs';
export {
  allFields,
  datasetsOf,
  fieldsOf,
  PROVIDER_DATASETS,
  type AccountDataset,
  type Dataset,
  type FieldEntry,
  type Scope,
  type ZoneDataset,
} from './src/datasets';
export { parseS3DestinationConf, s3DestinationConf, type S3Destination } from './src/destination';
export { LogpushValidationError, type PropIssue } from './src/errors';
export { CLOUDFLARE_LOGPUSH_PRINCIPAL, type PolicyDocument, type PolicyStatement } from './src/policy';
export { cisAllFields, cisDatasets, cisFieldsOf, type CisDataset } from './src/datasets';
export {
  cosDestination,
  type CosDestination,
  type CosDestinationForms,
  type CosDestinationObject,
} from './src/destination';
export {
  FleetValidationError,
  loadFleetFile,
  parseFleet,
  planFleet,
  type FleetIssue,
  type FleetPlan,
  type FleetSpec,
} from './src/fleet';
