/**
 * How a log bucket lays out its key prefixes and its grants: one grant per pipeline prefix
 * (`per-prefix`, least privilege) or one per dataset (`per-dataset`, for fleets: the bucket policy,
 * the SIEM's role, the notification configuration and the SIEM's prefix table stay the same size
 * however many zones write into the bucket). Framework-free: the fleet file's planner uses it too.
 */

/** The grant layouts a bucket offers. */
export const GRANT_LAYOUTS = ['per-prefix', 'per-dataset'] as const;
/** One of {@link GRANT_LAYOUTS}. */
export type GrantLayout = (typeof GRANT_LAYOUTS)[number];

/** The default root of a `per-dataset` bucket's prefixes: `cloudflare/<dataset>/<zone or account id>`. */
export const DEFAULT_PREFIX_ROOT = 'cloudflare';

/**
 * S3 accepts at most 100 event notification configurations per bucket (a hard limit).
 *
 * Sources: the S3 console's event notification panel ("You can have 100 event notification
 * configurations per bucket"); PutBucketNotificationConfiguration refers to "Amazon S3 service
 * quotas" in the AWS General Reference for "the number of event notification configurations that
 * you can create per bucket".
 *
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketNotificationConfiguration.html
 * @see https://docs.aws.amazon.com/general/latest/gr/s3.html
 */
export const MAX_BUCKET_NOTIFICATION_CONFIGURATIONS = 100;

/** `<root>/<dataset>`: what a `per-dataset` bucket grants, notifies and registers once per dataset. */
export function datasetPrefix(root: string, dataset: string): string {
  return `${root}/${dataset}`;
}

/** `<root>/<dataset>/<zone or account id>`: the one prefix a pipeline may write to in a `per-dataset` bucket. */
export function perDatasetPipelinePrefix(root: string, dataset: string, scopeId: string): string {
  return `${datasetPrefix(root, dataset)}/${scopeId}`;
}

/** The prefix a pipeline's grants, notification and SIEM entry name under a layout. */
export function grantPrefixOf(
  layout: GrantLayout,
  root: string,
  pipeline: { readonly dataset: string; readonly prefix: string },
): string {
  return layout === 'per-dataset' ? datasetPrefix(root, pipeline.dataset) : pipeline.prefix;
}

/** Why a bucket's notification configuration is one AWS refuses, or undefined. */
export function notificationCountProblem(what: string, count: number): string | undefined {
  if (count <= MAX_BUCKET_NOTIFICATION_CONFIGURATIONS) return undefined;
  return (
    `${what} has ${count} event notification configurations, over S3's limit of ` +
    `${MAX_BUCKET_NOTIFICATION_CONFIGURATIONS} per bucket: every pipeline prefix gets its own; ` +
    "with grants: 'per-dataset' there is one per dataset"
  );
}
