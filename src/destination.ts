/**
 * `destination_conf` strings for Logpush jobs. One function builds the string that both the
 * ownership challenge and the job carry, so the two can never differ (the challenge is only valid
 * for a byte-identical `destination_conf`: cloudflare/terraform-provider-cloudflare#1019, #1024).
 *
 * @see https://developers.cloudflare.com/logs/logpush/logpush-job/api-configuration/ (S3 format)
 */

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

/** Parses a string built by {@link s3DestinationConf} (or typed by hand) back into its parts. */
export function parseS3DestinationConf(conf: string): S3Destination {
  const m = /^s3:\/\/([^/?]+)\/([^?]*)\?(.*)$/.exec(conf);
  if (!m) throw new Error(`not an s3 destination_conf: ${JSON.stringify(conf)}`);
  const params = new URLSearchParams(m[3]);
  const region = params.get('region');
  if (!region) throw new Error(`s3 destination_conf without region: ${JSON.stringify(conf)}`);
  const rawPath = m[2]!;
  const dailySubfolders = rawPath === DATE_PLACEHOLDER || rawPath.endsWith(`/${DATE_PLACEHOLDER}`);
  const prefix = dailySubfolders ? rawPath.slice(0, -(DATE_PLACEHOLDER.length + 1)) : rawPath;
  const sse = params.get('sse');
  if (sse !== null && sse !== 'AES256') throw new Error(`unsupported sse=${sse} in ${JSON.stringify(conf)}`);
  return { bucket: m[1]!, prefix, region, dailySubfolders, ...(sse ? { sse } : {}) };
}

/** True when one key prefix equals the other or lies inside it (`logs` and `logs/zone2`). */
export function prefixesOverlap(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
}
