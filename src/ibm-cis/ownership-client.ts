/**
 * The IBM way to answer a CIS Logpush ownership challenge, as pure logic over injected HTTP and
 * object-store clients: get an IAM token, ask CIS for a challenge for the job's exact `cos` object,
 * read the challenge file CIS wrote into the COS bucket (through COS's S3-compatible API), decode it,
 * delete it, and hand back the token.
 *
 * Facts: CIS `POST /v2/{crn}/zones/{zone_id}/logpush/ownership` with body `{"cos": {...}}` answers
 * `{success, errors, messages, result: {filename, valid, messages}}` (IBM/networking-go-sdk v0.53.4
 * logpushjobsapiv1 `GetLogpushOwnershipV2`, `OwnershipChallengeResp`); base URL
 * `https://api.cis.cloud.ibm.com` (same file, `DefaultServiceURL`); header
 * `X-Auth-User-Token: Bearer <IAM token>` (ibm-cloud-docs/cis logpush.md, API examples). IAM API-key
 * exchange: `POST https://iam.cloud.ibm.com/identity/token`, form
 * `grant_type=urn:ibm:params:oauth:grant-type:apikey&apikey=<key>`, answer `{access_token, ...}`.
 */
import { LogpushError } from '../errors';
import { readOwnershipToken, type ChallengeStore, type RetryOptions } from '../ownership/challenge';
import { cosDestination, type CosDestinationObject } from '../destination';
import { CIS_CRN, CIS_DOMAIN_ID, COS_BUCKET_NAME, GUID } from './schemas';
import { prefixProblem } from '../names';

export const DEFAULT_CIS_ENDPOINT = 'https://api.cis.cloud.ibm.com';
export const DEFAULT_IAM_TOKEN_ENDPOINT = 'https://iam.cloud.ibm.com/identity/token';
/** COS's public S3-compatible endpoint of a region. */
export const cosS3Endpoint = (region: string): string =>
  `https://s3.${region}.cloud-object-storage.appdomain.cloud`;

/** A failure the user must fix in their input or environment (`usage`), or a failed step (`finding`). */
export class CisOwnershipError extends LogpushError {
  /** Whether the thrower named a code of its own (the CLI prints only such a code). */
  public readonly hasOwnCode: boolean;

  constructor(
    message: string,
    public readonly kind: 'usage' | 'finding' = 'finding',
    /**
     * A stable code for the refusal, e.g. `IAM_TOKEN_MALFORMED`; without one, `CIS_OWNERSHIP_USAGE`
     * or `CIS_OWNERSHIP_FAILED` after `kind`.
     */
    code?: string,
  ) {
    super(message, code ?? (kind === 'usage' ? 'CIS_OWNERSHIP_USAGE' : 'CIS_OWNERSHIP_FAILED'));
    this.name = 'CisOwnershipError';
    this.hasOwnCode = code !== undefined;
  }
}

/** One HTTP exchange; the body is text. */
export interface HttpRequest {
  readonly method: 'POST';
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}
export interface HttpResponse {
  readonly status: number;
  readonly body: string;
}
export type HttpSend = (req: HttpRequest) => Promise<HttpResponse>;

/** `fetch` as an {@link HttpSend}: no redirects followed (a redirect could carry the token elsewhere). */
export const fetchSend: HttpSend = async (req) => {
  const res = await fetch(req.url, {
    method: req.method,
    headers: req.headers,
    body: req.body,
    redirect: 'manual',
  });
  return { status: res.status, body: await res.text() };
};

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/**
 * IBM's service hosts, exactly, per endpoint kind. Never a whole shared domain: `*.appdomain.cloud`
 * and `*.cloud.ibm.com` also hold other tenants' apps (Code Engine, Kubernetes ingress), which would
 * receive the API key, the IAM token or an HMAC-signed request.
 *
 * - IAM: `iam.cloud.ibm.com` (IBM Cloud docs, "Generating an IBM Cloud IAM token by using an API key",
 *   https://cloud.ibm.com/docs/iam?topic=iam-iamtoken_from_apikey).
 * - CIS: `api.cis.cloud.ibm.com` (IBM/networking-go-sdk v0.53.4 `logpushjobsapiv1.DefaultServiceURL`).
 * - COS: `s3.<location>.cloud-object-storage.appdomain.cloud` and its `s3.private.` / `s3.direct.`
 *   forms (IBM Cloud docs, "Endpoints and storage locations",
 *   https://cloud.ibm.com/docs/cloud-object-storage?topic=cloud-object-storage-endpoints, last updated
 *   2026-02-25), a location being one DNS label (`us-south`, `us`, `ams03`).
 */
export const IBM_SERVICE_HOSTS: Readonly<Record<IbmEndpointKind, RegExp>> = {
  IAM: /^iam\.cloud\.ibm\.com$/,
  CIS: /^api\.cis\.cloud\.ibm\.com$/,
  COS: /^s3\.(?:private\.|direct\.)?[a-z0-9]+(?:-[a-z0-9]+)*\.cloud-object-storage\.appdomain\.cloud$/,
};
export type IbmEndpointKind = 'IAM' | 'CIS' | 'COS';
const HOSTS_TEXT: Record<IbmEndpointKind, string> = {
  IAM: 'iam.cloud.ibm.com',
  CIS: 'api.cis.cloud.ibm.com',
  COS: 's3[.private|.direct].<location>.cloud-object-storage.appdomain.cloud',
};

/**
 * The endpoint as a URL when it is allowed: https on IBM's own host for that service (see
 * {@link IBM_SERVICE_HOSTS}), or http(s) on the loopback interface (tests, local emulators).
 * Anything else would send an IAM token or HMAC-signed request somewhere else: refused
 * (`IBM_ENDPOINT_NOT_ALLOWED`).
 */
export function allowedEndpoint(endpoint: string, what: IbmEndpointKind): URL {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new CisOwnershipError(
      `${what} endpoint is not a URL: ${JSON.stringify(endpoint.slice(0, 200))}`,
      'usage',
      'IBM_ENDPOINT_NOT_ALLOWED',
    );
  }
  const host = url.hostname.toLowerCase();
  const ibm = url.protocol === 'https:' && IBM_SERVICE_HOSTS[what].test(host);
  const loopback = (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_HOSTS.has(host);
  if (!(ibm || loopback) || url.username || url.password) {
    throw new CisOwnershipError(
      `${what} endpoint ${url.origin} is not allowed: use https on ${HOSTS_TEXT[what]} (or a loopback address for a local emulator)`,
      'usage',
      'IBM_ENDPOINT_NOT_ALLOWED',
    );
  }
  return url;
}

/**
 * RFC 6750 §2.1 `b64token`: what an `Authorization: Bearer` value may hold. An IAM access token is a
 * JWT, which fits.
 */
const BEARER_TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * The IAM access token in `IBMCLOUD_IAM_TOKEN`: the token itself, with or without `Bearer `, or what
 * `ibmcloud iam oauth-tokens` prints (`IAM token:  Bearer <token>`, maybe followed by other lines;
 * IBM Cloud docs, "Retrieving IAM access tokens", https://cloud.ibm.com/docs/atracker?topic=atracker-retrieve-iam-token).
 * Anything else is refused (`IAM_TOKEN_MALFORMED`) without showing any of it.
 */
export function parseIamToken(raw: string): string | undefined {
  let text = raw.trim();
  if (text === '') return undefined;
  const labelled = /^\s*IAM token:\s*(.*)$/im.exec(text);
  if (labelled) text = labelled[1]!.trim();
  text = text.replace(/^Bearer\s+/i, '');
  if (!BEARER_TOKEN.test(text)) {
    throw new CisOwnershipError(
      'IBMCLOUD_IAM_TOKEN is not one IAM access token (it must be the token, "Bearer <token>", or the output of `ibmcloud iam oauth-tokens`; line breaks, spaces and control characters are not allowed); its value is not shown',
      'usage',
      'IAM_TOKEN_MALFORMED',
    );
  }
  return text;
}

/** Where the IAM token comes from. */
export interface IamTokenSource {
  /** `IBMCLOUD_IAM_TOKEN` (with or without `Bearer `). */
  readonly token?: string;
  /** `IBMCLOUD_API_KEY`, exchanged at the IAM token endpoint. */
  readonly apiKey?: string;
  readonly iamEndpoint?: string;
}

/** The IAM access token: given, or exchanged for the API key. Never logged. */
export async function iamAccessToken(source: IamTokenSource, send: HttpSend): Promise<string> {
  const given = source.token === undefined ? undefined : parseIamToken(source.token);
  if (given) return given;
  const apiKey = source.apiKey?.trim();
  if (!apiKey) {
    throw new CisOwnershipError(
      'no IBM Cloud credentials: set IBMCLOUD_IAM_TOKEN (an IAM access token) or IBMCLOUD_API_KEY (exchanged for one)',
      'usage',
    );
  }
  const url = allowedEndpoint(source.iamEndpoint ?? DEFAULT_IAM_TOKEN_ENDPOINT, 'IAM');
  const res = await send({
    method: 'POST',
    url: url.href,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: new URLSearchParams({
      grant_type: 'urn:ibm:params:oauth:grant-type:apikey',
      apikey: apiKey,
    }).toString(),
  });
  let token: unknown;
  try {
    token = (JSON.parse(res.body) as { access_token?: unknown }).access_token;
  } catch {
    token = undefined;
  }
  if (res.status !== 200 || typeof token !== 'string' || token === '') {
    throw new CisOwnershipError(`IAM refused the API key exchange at ${url.origin} (HTTP ${res.status})`);
  }
  return token;
}

/** The inputs of one challenge: the job's destination, exactly as the construct builds it. */
export interface CisChallengeInput {
  readonly cisCrn: string;
  readonly domainId: string;
  readonly bucket: string;
  readonly region: string;
  readonly instanceId: string;
  /** The job's path (its `prefix`). */
  readonly path: string;
  readonly dailySubfolders: boolean;
}

/** Checks the inputs against the same rules as the construct's props; throws a usage error. */
export function checkChallengeInput(i: CisChallengeInput): void {
  const problems: string[] = [];
  if (!CIS_CRN.test(i.cisCrn)) {
    problems.push('--cis-crn must be a CIS instance CRN (crn:v1:...:internet-svcs:...)');
  }
  if (!CIS_DOMAIN_ID.test(i.domainId)) problems.push('--domain-id must be 32 lowercase hex characters');
  if (!COS_BUCKET_NAME.test(i.bucket)) problems.push('--bucket must be a COS bucket name');
  if (!/^[a-z]{2}(-[a-z]{2,5})?$/.test(i.region)) {
    problems.push('--region must be a COS region such as us-south');
  }
  if (!GUID.test(i.instanceId)) problems.push('--instance-id must be the COS instance GUID');
  const pathProblem = i.path === '' ? undefined : prefixProblem(i.path);
  if (pathProblem !== undefined) problems.push(`--path ${pathProblem}`);
  if (problems.length > 0) throw new CisOwnershipError(problems.join('; '), 'usage');
}

/** The `cos` object of the challenge: the one the job carries (one function builds both). */
export function challengeCos(i: CisChallengeInput): CosDestinationObject {
  return cosDestination({
    bucket: i.bucket,
    prefix: i.path,
    region: i.region,
    instanceId: i.instanceId,
    dailySubfolders: i.dailySubfolders,
  }).cos;
}

/** Asks CIS for an ownership challenge; returns the file name CIS reports. */
export async function requestCisChallenge(
  i: CisChallengeInput,
  iamToken: string,
  send: HttpSend,
  cisEndpoint = DEFAULT_CIS_ENDPOINT,
): Promise<string | undefined> {
  const base = allowedEndpoint(cisEndpoint, 'CIS');
  const url = new URL(
    `v2/${encodeURIComponent(i.cisCrn)}/zones/${encodeURIComponent(i.domainId)}/logpush/ownership`,
    base.href.endsWith('/') ? base.href : `${base.href}/`,
  );
  const res = await send({
    method: 'POST',
    url: url.href,
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/json',
      'X-Auth-User-Token': `Bearer ${iamToken}`,
    },
    body: JSON.stringify({ cos: challengeCos(i) }),
  });
  let parsed: { success?: unknown; errors?: unknown; result?: { filename?: unknown; valid?: unknown } };
  try {
    parsed = JSON.parse(res.body) as typeof parsed;
  } catch {
    parsed = {};
  }
  if (res.status < 200 || res.status >= 300 || parsed.success === false || parsed.result?.valid === false) {
    // An endpoint may echo the request: the token it was sent never reaches the message.
    const errors = Array.isArray(parsed.errors)
      ? ` ${JSON.stringify(parsed.errors).split(iamToken).join('[redacted]').slice(0, 500)}`
      : '';
    throw new CisOwnershipError(
      `CIS refused the ownership challenge for cos://${i.bucket}/${i.path} (HTTP ${res.status}):${errors || ' no detail'}. ` +
        `Check the bucket name, region and instance id, and that ${'cislogp@us.ibm.com'} has Object Writer on the bucket.`,
    );
  }
  const filename = parsed.result?.filename;
  return typeof filename === 'string' && filename.trim() !== '' ? filename : undefined;
}

/** What one run did (never the token's text). */
export interface CisOwnershipResult {
  readonly token: string;
  /** The object the token was read from (and deleted). */
  readonly key: string;
  readonly attempts: number;
}

/**
 * The whole flow: IAM token -> CIS challenge -> wait for the file in COS -> decode -> delete.
 * `log` receives progress lines for a person; the token is never among them.
 */
export async function answerCisOwnership(
  input: CisChallengeInput,
  deps: {
    readonly send: HttpSend;
    readonly store: ChallengeStore;
    readonly iam: IamTokenSource;
    readonly cisEndpoint?: string;
    readonly retry?: RetryOptions;
    readonly log?: (line: string) => void;
  },
): Promise<CisOwnershipResult> {
  checkChallengeInput(input);
  // Every endpoint is checked before anything is sent to any of them.
  allowedEndpoint(deps.cisEndpoint ?? DEFAULT_CIS_ENDPOINT, 'CIS');
  if (deps.iam.token === undefined || parseIamToken(deps.iam.token) === undefined) {
    allowedEndpoint(deps.iam.iamEndpoint ?? DEFAULT_IAM_TOKEN_ENDPOINT, 'IAM');
  }
  const log = deps.log ?? (() => undefined);
  const iamToken = await iamAccessToken(deps.iam, deps.send);
  const filename = await requestCisChallenge(input, iamToken, deps.send, deps.cisEndpoint);
  log(`CIS wrote the challenge${filename ? ` (${filename})` : ''}; reading it from bucket ${input.bucket}`);
  try {
    const found = await readOwnershipToken(
      { bucket: input.bucket, filename, prefix: input.path },
      deps.store,
      deps.retry,
    );
    log(`read and deleted ${input.bucket}/${found.key} after ${found.attempts} attempt(s)`);
    return found;
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    // readOwnershipToken's hint names Cloudflare's AWS principal: say what applies on IBM Cloud.
    throw new CisOwnershipError(
      `${reason.replace(/ Cloudflare writes it when.*$/, '')} (on IBM Cloud: cislogp@us.ibm.com needs Object Writer on bucket ${input.bucket}, and the HMAC key needs read and delete)`,
    );
  }
}
