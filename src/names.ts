/**
 * The allow-lists for every name and key prefix that reaches an ARN, an IAM policy or a URL
 * (`destination_conf`). One module, so the constructs, the fleet file and the other destinations
 * check the same rules. Each check returns the reason a value is refused, or `undefined`.
 *
 * Why allow-lists and not deny-lists: in IAM `*` and `?` are wildcards and `${...}` is a policy
 * variable, so a prefix such as `a*` or `${aws:username}` would widen Cloudflare's writer grant (a
 * principal shared by every Cloudflare customer) and the SIEM's read grant; `.` and `..` segments
 * are literal in S3 keys but normalised by some uploaders and SDKs, so a job could write where no
 * grant allows. Only ASCII is accepted: unicode look-alikes and control characters never pass.
 */

/** Longest key prefix accepted (S3 keys are at most 1,024 bytes; Cloudflare adds date and file name). */
export const MAX_PREFIX_LENGTH = 512;

/**
 * Characters of a prefix segment: S3's "safe characters" (letters, digits, `!-_.'()`) without `*`,
 * plus `=` (for `key=value` partition folders). No `?`, `$`, `{`, `}`, space, `%`, `&`, `+`.
 */
export const PREFIX_SEGMENT_CHARS = "A-Za-z0-9!_.'()=-";
const PREFIX_SEGMENT = new RegExp(`^[${PREFIX_SEGMENT_CHARS}]+$`);

/** What a prefix must be, for messages. */
export const PREFIX_ALLOWED = `a key prefix of '/'-separated segments of letters, digits and !_.'()=- (no IAM wildcard * or ?, no \${, no "." or ".." segment, no leading, trailing or double '/'), at most ${MAX_PREFIX_LENGTH} characters, e.g. cloudflare/http_requests`;

/** Why `prefix` is not a safe key prefix, or undefined when it is. */
export function prefixProblem(prefix: string): string | undefined {
  const reason = prefixFault(prefix);
  return reason === undefined ? undefined : `must be ${PREFIX_ALLOWED}; it ${reason}`;
}

function prefixFault(prefix: string): string | undefined {
  if (typeof prefix !== 'string') return `is a ${typeof prefix}`;
  if (prefix.length === 0) return 'is empty';
  if (prefix.length > MAX_PREFIX_LENGTH) return `is ${prefix.length} characters long`;
  for (const segment of prefix.split('/')) {
    if (segment === '') return "has an empty segment (a leading, trailing or double '/')";
    if (segment === '.' || segment === '..') return `has a "${segment}" segment`;
    if (!PREFIX_SEGMENT.test(segment)) {
      const bad = [...segment].find((c) => !PREFIX_SEGMENT.test(c))!;
      return `contains ${describeChar(bad)}`;
    }
  }
  return undefined;
}

/** Whether `prefix` is a safe key prefix. */
export const isSafePrefix = (prefix: string): boolean => prefixProblem(prefix) === undefined;

/** `"*"` or `U+200B` for a character in a message. */
function describeChar(c: string): string {
  const code = c.codePointAt(0)!;
  return code >= 0x21 && code <= 0x7e ? `"${c}"` : `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** S3 general purpose bucket naming rules. */
const BUCKET_NAME =
  /^(?!xn--)(?!sthree-)(?!amzn-s3-demo-)(?!.*\.\.)(?!.*-s3alias$)(?!.*--ol-s3$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const IP_LIKE = /^\d+\.\d+\.\d+\.\d+$/;

/** A literal rule: a name, what it must be, and the test. */
export interface NameRule {
  /** What is allowed, for messages. */
  readonly allowed: string;
  /** Whether `value` is allowed. */
  readonly test: (value: string) => boolean;
}

const rule = (allowed: string, test: (v: string) => boolean): NameRule => ({
  allowed,
  test: (v) => typeof v === 'string' && test(v),
});

/** Every name rule, by what it names. */
export const NAMES = {
  /** @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html */
  bucketName: rule(
    'a valid S3 bucket name: 3-63 characters of a-z, 0-9, "." and "-", starting and ending with a letter or digit, no "..", not an IP address',
    (v) => BUCKET_NAME.test(v) && !IP_LIKE.test(v),
  ),
  /** Commercial, GovCloud and ISO partitions: `us-west-2`, `us-gov-west-1`, `us-isob-east-1`. */
  awsRegion: rule('an AWS region such as us-west-2', (v) =>
    /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/.test(v),
  ),
  awsAccountId: rule('an AWS account id: 12 digits', (v) => /^\d{12}$/.test(v)),
  /** @see https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html */
  iamRoleName: rule('an IAM role name: 1-64 of letters, digits and +=,.@_-', (v) =>
    /^[\w+=,.@-]{1,64}$/.test(v),
  ),
  /** @see https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html */
  snsTopicName: rule('an SNS topic name: 1-256 of letters, digits, _ and -', (v) =>
    /^[A-Za-z0-9_-]{1,256}$/.test(v),
  ),
  /** Cloudflare: `^[a-zA-Z0-9\-\.]*$`, at most 512. */
  logpushJobName: rule('a Logpush job name matching ^[a-zA-Z0-9.-]*$, at most 512 characters', (v) =>
    /^[a-zA-Z0-9.-]{0,512}$/.test(v),
  ),
  /** Panther: `^[0-9a-zA-Z- ]+$`, at most 32; no leading or trailing space. */
  pantherSourceName: rule(
    'a Panther source name: 1-32 of letters, digits, "-" and spaces, not starting or ending with a space',
    (v) => /^[0-9a-zA-Z-]([0-9a-zA-Z- ]{0,30}[0-9a-zA-Z-])?$/.test(v),
  ),
  cloudflareId: rule('a Cloudflare id: 32 lowercase hex characters', (v) => /^[0-9a-f]{32}$/.test(v)),
  /** An address Cloudflare mails: ASCII only, no quotes, spaces or angle brackets, at most 254. */
  emailAddress: rule('an email address such as secops@example.com (ASCII, no spaces or quotes)', (v) =>
    /^(?=.{3,254}$)[A-Za-z0-9.!#%&*+=?^_`|~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/.test(
      v,
    ),
  ),
  /** The id of a Cloudflare notification destination (webhook, PagerDuty service). */
  cloudflareDestinationId: rule(
    'the id of a Cloudflare notification destination: 1-64 letters, digits, "-" and "_"',
    (v) => /^[A-Za-z0-9_-]{1,64}$/.test(v),
  ),
  /** A standard SNS topic (CloudWatch alarms cannot notify FIFO topics). */
  snsTopicArn: rule(
    'the ARN of a standard SNS topic, arn:<partition>:sns:<region>:<12-digit account>:<name>',
    (v) =>
      /^arn:aws(-[a-z]+)*:sns:[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}:\d{12}:[A-Za-z0-9_-]{1,256}$/.test(v),
  ),
} as const;

/** The kinds of names {@link NAMES} checks. */
export type NameKind = keyof typeof NAMES;

/** Why `value` is not an allowed name of `kind`, or undefined when it is. */
export function nameProblem(kind: NameKind, value: string): string | undefined {
  const r = NAMES[kind];
  return r.test(value) ? undefined : `must be ${r.allowed}`;
}
