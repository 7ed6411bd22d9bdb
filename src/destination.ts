/**
 * `destination_conf` strings for Logpush jobs. One function builds the string that both the
 * ownership challenge and the job carry, so the two can never differ (the challenge is only valid
 * for a byte-identical `destination_conf`: cloudflare/terraform-provider-cloudflare#1019, #1024).
 *
 * @see https://developers.cloudflare.com/logs/logpush/logpush-job/api-configuration/ (S3 format)
 */

import { LogpushValidationError } from './errors';

/** The `{DATE}` placeholder Cloudflare replaces with `YYYYMMDD` (daily subfolders). */
export const DATE_PLACEHOLDER = '{DATE}';

/** What an Amazon S3 destination is made of. */
export interface S3Destination {
  /** Bucket name (may be a Terraform token). */
  readonly bucket: string;
  /** Key prefix without leading or trailing slash, e.g. `cloudflare/http_requests`. */
  readonly prefix: string;
  /** Bucket region (may be a Terraform token). */
  readonly region: string;
  /** Write into `<prefix>/{DATE}/`. */
  readonly dailySubfolders: boolean;
  /** Ask Cloudflare to send `x-amz-server-side-encryption: AES256` with each upload. */
  readonly sse?: 'AES256';
}

/** Builds `s3://<bucket>/<prefix>[/{DATE}]?region=<region>[&sse=AES256]`. */
export function s3DestinationConf(d: S3Destination): string {
  const path = d.dailySubfolders ? `${d.prefix}/${DATE_PLACEHOLDER}` : d.prefix;
  const query = `region=${d.region}${d.sse ? `&sse=${d.sse}` : ''}`;
  return `s3://${d.bucket}/${path}?${query}`;
}

/**
 * Parses a string built by {@link s3DestinationConf} (or typed by hand) back into its parts.
 * Throws a {@link LogpushValidationError} for anything else.
 */
export function parseS3DestinationConf(conf: string): S3Destination {
  const refuse = (message: string): never => {
    throw new LogpushValidationError('parseS3DestinationConf', [
      {
        path: 'conf',
        message: `${message}; expected s3://<bucket>/<prefix>[/{DATE}]?region=<region>[&sse=AES256]`,
        value: conf,
        hasValue: true,
        code: 'INVALID_DESTINATION_CONF',
      },
    ]);
  };
  const m = /^s3:\/\/([^/?]+)\/([^?]*)\?(.*)$/.exec(conf);
  if (!m) return refuse('not an s3 destination_conf');
  const params = new URLSearchParams(m[3]);
  const region = params.get('region');
  if (!region) return refuse('s3 destination_conf without region');
  const rawPath = m[2]!;
  const dailySubfolders = rawPath === DATE_PLACEHOLDER || rawPath.endsWith(`/${DATE_PLACEHOLDER}`);
  const prefix = dailySubfolders ? rawPath.slice(0, -(DATE_PLACEHOLDER.length + 1)) : rawPath;
  const sse = params.get('sse');
  if (sse !== null && sse !== 'AES256') return refuse(`unsupported sse=${sse}`);
  return { bucket: m[1]!, prefix, region, dailySubfolders, ...(sse ? { sse } : {}) };
}

// ---- IBM Cloud Internet Services -> IBM Cloud Object Storage ----

/** What an IBM Cloud Object Storage destination of a CIS Logpush job is made of. */
export interface CosDestination {
  /** Bucket name (may be a Terraform token). */
  readonly bucket: string;
  /** Path in the bucket, without leading or trailing slash, e.g. `cis/http_requests`; `''` for the root. */
  readonly prefix: string;
  /** The bucket's location, e.g. `us-south` (may be a Terraform token). */
  readonly region: string;
  /** The COS service instance id (its GUID, may be a Terraform token). */
  readonly instanceId: string;
  /** Write into daily subfolders. */
  readonly dailySubfolders: boolean;
}

/** The `cos` object of a CIS Logpush job and of its ownership challenge request. */
export interface CosDestinationObject {
  readonly bucket_name: string;
  readonly id: string;
  readonly region: string;
  /** Absent for the bucket root. */
  readonly path?: string;
  readonly use_daily_subfolder: boolean;
}

/** Both forms of one COS destination, built together so they never differ. */
export interface CosDestinationForms {
  /** The object for `cos` (CIS API `logpush_job_cos_req.cos`, ownership request body `cos`). */
  readonly cos: CosDestinationObject;
  /** `cos` as JSON text: what `ibm_cis_logpush_job.cos` takes. */
  readonly cosJson: string;
  /** The `cos://` form the IBM CLI takes (`--destination`), e.g. for `ibmcloud cis logpush-job-create`. */
  readonly url: string;
}

/**
 * Builds the `cos` object (and its JSON text) and the `cos://` URL of one COS destination.
 *
 * The `cos` keys: `bucket_name`, `id` and `region` are required and `use_daily_subfolder` is the
 * optional daily-subfolder switch (IBM-Cloud/terraform-provider-ibm v2.5.0, commit 9f9b7ecf,
 * website/docs/r/cis_logpush_jobs.html.markdown); `path` is the bucket path (ibm-cloud-docs/cis
 * logpush.md, API example). The provider sends `cos` as given: it unmarshals the JSON into a map and
 * passes it to the CIS API unchanged (ibm/service/cis/resource_ibm_cis_logpush_job.go, Create and
 * Update), so these keys are exactly what CIS receives.
 *
 * The URL is `cos://<bucket>/<path>[/{DATE}]?region=<region>&instance-id=<id>` (ibm-cloud-docs/cis
 * logpush.md, "Creating a Logpush job from the CLI").
 */
export function cosDestination(d: CosDestination): CosDestinationForms {
  const cos: CosDestinationObject = {
    bucket_name: d.bucket,
    id: d.instanceId,
    region: d.region,
    ...(d.prefix !== '' ? { path: d.prefix } : {}),
    use_daily_subfolder: d.dailySubfolders,
  };
  const path = [d.prefix, d.dailySubfolders ? DATE_PLACEHOLDER : ''].filter((s) => s !== '').join('/');
  return {
    cos,
    cosJson: JSON.stringify(cos),
    url: `cos://${d.bucket}${path ? `/${path}` : ''}?region=${d.region}&instance-id=${d.instanceId}`,
  };
}
