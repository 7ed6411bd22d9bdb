/**
 * src/names.ts: the allow-lists for everything that reaches an ARN, a policy or a URL: key
 * prefixes (no IAM wildcard, no policy variable, no dot segment) and the literal name rules.
 */
import { isSafePrefix, MAX_PREFIX_LENGTH, nameProblem, NAMES, prefixProblem } from '../../src/names';

describe('prefixProblem', () => {
  test.each([
    'cloudflare',
    'cloudflare/http_requests',
    "a!b_c.d'e(f)g=h-i",
    'dt=2024/x',
    'x'.repeat(MAX_PREFIX_LENGTH),
  ])('%j is a safe prefix', (prefix) => {
    expect(prefixProblem(prefix)).toBeUndefined();
    expect(isSafePrefix(prefix)).toBe(true);
  });

  test.each([
    ['', 'is empty'],
    ['/a', 'has an empty segment'],
    ['a/', 'has an empty segment'],
    ['a//b', 'has an empty segment'],
    ['a/../b', 'has a ".." segment'],
    ['./a', 'has a "." segment'],
    ['a*', 'contains "*"'],
    ['a?b', 'contains "?"'],
    ['${aws:username}', 'contains "$"'],
    ['a b', 'contains U+0020'],
    ['a\u200bb', 'contains U+200B'],
    ['x'.repeat(MAX_PREFIX_LENGTH + 1), `is ${MAX_PREFIX_LENGTH + 1} characters long`],
  ])('fails for %j: it %s', (prefix, reason) => {
    const problem = prefixProblem(prefix);
    expect(problem).toMatch(/^must be a key prefix of '\/'-separated segments/);
    expect(problem).toContain(`; it ${reason}`);
    expect(isSafePrefix(prefix)).toBe(false);
  });

  test('fails for a value that is not a string, naming its type', () => {
    expect(prefixProblem(42 as unknown as string)).toContain('; it is a number');
  });
});

describe('name rules', () => {
  test.each([
    ['bucketName', 'acme-cloudflare-logs'],
    ['bucketName', 'a.b.c'],
    ['awsRegion', 'us-west-2'],
    ['awsRegion', 'us-gov-west-1'],
    ['awsAccountId', '123456789012'],
    ['iamRoleName', 'panther-log-processing+x=y,z.@_-'],
    ['logpushJobName', ''],
    ['pantherSourceName', 'cloudflare logs'],
    ['cloudflareId', '023e105f4ecef8ad9ca31a8372d0c353'],
    ['emailAddress', 'secops@example.com'],
    ['snsTopicArn', 'arn:aws:sns:us-west-2:123456789012:logpush-alerts'],
  ] as const)('%s accepts %j', (kind, value) => {
    expect(nameProblem(kind, value)).toBeUndefined();
  });

  test.each([
    ['bucketName', 'ab'],
    ['bucketName', 'Acme'],
    ['bucketName', '192.168.1.1'],
    ['bucketName', 'xn--acme'],
    ['bucketName', 'acme..logs'],
    ['bucketName', 'acme-s3alias'],
    ['awsRegion', 'US-WEST-2'],
    ['awsAccountId', '12345678901'],
    ['iamRoleName', 'x'.repeat(65)],
    ['logpushJobName', 'has space'],
    ['pantherSourceName', ' leading'],
    ['pantherSourceName', 'x'.repeat(33)],
    ['cloudflareId', '023E105F4ECEF8AD9CA31A8372D0C353'],
    ['emailAddress', 'a"b@example.com'],
    ['snsTopicArn', 'arn:aws:sns:us-west-2:123456789012:topic.fifo'],
    ['snsTopicArn', 'arn:aws:sns:*:123456789012:x'],
  ] as const)('fails: %s refuses %j, saying what is allowed', (kind, value) => {
    expect(nameProblem(kind, value)).toBe(`must be ${NAMES[kind].allowed}`);
  });

  test('fails for a value that is not a string, whatever the rule', () => {
    for (const kind of Object.keys(NAMES) as (keyof typeof NAMES)[]) {
      expect(NAMES[kind].test(undefined as unknown as string)).toBe(false);
    }
  });
});
