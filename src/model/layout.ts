/**
 * How a log bucket lays out its key prefixes and its grants: one grant per pipeline prefix
 * (`per-prefix`, least privilege) or one per dataset (`per-dataset`, for fleets: the bucket policy,
 * the SIEM's role, the notification configuration and the SIEM's prefix table stay the same size
 * however many zones write into the bucket). The one owner of every prefix template: LogBucket, the
 * pipelines, the fleet planner and the CLI (`plan-summary`, `graph`) call these functions.
 */
import { PREFIX_LAYOUT_CODE } from './codes';

/** The grant layouts a bucket offers. */
export const GRANT_LAYOUTS = ['per-prefix', 'per-dataset'] as const;
/** One of {@link GRANT_LAYOUTS}. */
export type GrantLayout = (typeof GRANT_LAYOUTS)[number];

/** The grant layout of a bucket that names none. */
export const DEFAULT_GRANT_LAYOUT: GrantLayout = 'per-prefix';

/** The default root of a `per-dataset` bucket's prefixes: `cloudflare/<dataset>/<zone or account id>`. */
export const DEFAULT_PREFIX_ROOT = 'cloudflare';

/** A bucket's layout: its grant layout and the root of its pipeline prefixes. */
export interface BucketLayout {
  readonly grants: GrantLayout;
  readonly prefixRoot: string;
}

/** A pipeline as the layout sees it. */
export interface LaidOutPipeline {
  readonly dataset: string;
  readonly prefix: string;
}

/** A bucket's layout with the defaults filled in. */
export function bucketLayoutOf(b: {
  readonly grants?: GrantLayout;
  readonly prefixRoot?: string;
}): BucketLayout {
  return { grants: b.grants ?? DEFAULT_GRANT_LAYOUT, prefixRoot: b.prefixRoot ?? DEFAULT_PREFIX_ROOT };
}

/** `<root>/<dataset>`: what a `per-dataset` bucket grants, notifies and registers once per dataset. */
export function datasetPrefix(root: string, dataset: string): string {
  return `${root}/${dataset}`;
}

/** `<root>/<dataset>/<zone or account id>`: the one prefix a pipeline may write to in a `per-dataset` bucket. */
export function perDatasetPipelinePrefix(root: string, dataset: string, scopeId: string): string {
  return `${datasetPrefix(root, dataset)}/${scopeId}`;
}

/**
 * `<root>/<zone name or id>/<dataset>`: the prefix the fleet file gives a pipeline into a
 * `per-prefix` bucket when its entry names none.
 */
export function perOwnerPipelinePrefix(root: string, owner: string, dataset: string): string {
  return `${root}/${owner}/${dataset}`;
}

/**
 * The prefix of a pipeline written by hand that names none: the dataset name in a `per-prefix`
 * bucket, `<prefixRoot>/<dataset>/<zone or account id>` in a `per-dataset` one.
 */
export function defaultPipelinePrefix(layout: BucketLayout, dataset: string, scopeId: string): string {
  return layout.grants === 'per-dataset'
    ? perDatasetPipelinePrefix(layout.prefixRoot, dataset, scopeId)
    : dataset;
}

/**
 * The key prefix of a bucket's server access logs in the target bucket when it names none (ends with
 * `/`): `s3-access-logs/<bucket name>/`, or the construct id in S3's key characters for a bucket whose
 * name is chosen by AWS.
 */
export function defaultAccessLogsPrefix(bucket: {
  readonly bucketName?: string;
  readonly id: string;
}): string {
  return `s3-access-logs/${bucket.bucketName ?? bucket.id.replace(/[^A-Za-z0-9_.-]/g, '-')}/`;
}

/** The path of a CIS job in its COS bucket when it names none: the dataset name. */
export function defaultCisPath(dataset: string): string {
  return dataset;
}

/**
 * The prefix of a pipeline of the fleet file that names none: `<prefixRoot>/<dataset>/<id>` in a
 * `per-dataset` bucket, `<prefixRoot>/<zone name or id>/<dataset>` in a `per-prefix` one.
 */
export function fleetPipelinePrefix(
  layout: BucketLayout,
  dataset: string,
  owner: { readonly id: string; readonly name?: string },
): string {
  return layout.grants === 'per-dataset'
    ? perDatasetPipelinePrefix(layout.prefixRoot, dataset, owner.id)
    : perOwnerPipelinePrefix(layout.prefixRoot, owner.name ?? owner.id, dataset);
}

/** The prefix a pipeline's grants, notification and SIEM entry name under a layout. */
export function grantPrefixOf(layout: GrantLayout, root: string, pipeline: LaidOutPipeline): string {
  return layout === 'per-dataset' ? datasetPrefix(root, pipeline.dataset) : pipeline.prefix;
}

/** The distinct grant prefixes of a bucket's pipelines, sorted (Cloudflare's writer grant: `<prefix>/*` each). */
export function grantPrefixesOf(layout: BucketLayout, pipelines: readonly LaidOutPipeline[]): string[] {
  return [...new Set(pipelines.map((p) => grantPrefixOf(layout.grants, layout.prefixRoot, p)))].sort();
}

/**
 * Why a pipeline's prefix does not fit its bucket's layout, or undefined: in a `per-dataset` bucket
 * it must be exactly `<prefixRoot>/<dataset>/<zone or account id>`.
 *
 * @param bucket how the message names the bucket (`bucket logs/main`, `bucket "main"`)
 */
export function prefixLayoutProblem(
  layout: BucketLayout,
  pipeline: LaidOutPipeline & { readonly scopeId: string },
  bucket: string,
): { message: string; expected: string; code: string } | undefined {
  if (layout.grants !== 'per-dataset') return undefined;
  const expected = perDatasetPipelinePrefix(layout.prefixRoot, pipeline.dataset, pipeline.scopeId);
  if (pipeline.prefix === expected) return undefined;
  return {
    message: `${bucket} grants per dataset: a prefix must be "${expected}" (<prefixRoot>/<dataset>/<zone or account id>), or be left out`,
    expected,
    code: PREFIX_LAYOUT_CODE,
  };
}
