/**
 * `cdktf-logpush ownership-token --bucket B (--key K | --prefix P) [--region R] [--endpoint URL] [--delete] [--json]`:
 * reads the ownership challenge file Cloudflare wrote into an S3 bucket, decodes it (gzip or plain),
 * checks it is a JWT and prints the token, for `OwnershipVerification.fromToken`. It runs the very
 * code the ownership custom resource runs (`readOwnershipToken` over `s3ChallengeStore`).
 *
 * The token goes to stdout and nowhere else: messages on stderr name the object, never its content.
 */
import { InvalidArgumentError, Option } from 'commander';
import { readOwnershipToken, type ChallengeStore } from '../../ownership/challenge';
import { checkEndpoint } from '../endpoint';
import { CliError, EXIT, type CliIo } from '../io';
import type { RegisterCommand } from '../command';
import { withProgress } from '../style';

/** S3 bucket names: 3-63 of lower-case letters, digits, dots and hyphens, starting and ending alphanumeric. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/** AWS region names, e.g. us-west-2, us-gov-west-1. */
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/**
 * A store that lists nothing: with `--key`, that object or none; no fall-back to another challenge
 * file. `get` and `delete` are the S3 store's own (whatever arguments it takes).
 */
function onlyNamed(store: ChallengeStore): ChallengeStore {
  return { ...store, list: () => Promise.resolve([]) };
}

/** The folder of a challenge key (a leading `<bucket>/` dropped): the prefix the handler checks it against. */
function keyFolder(bucket: string, key: string): string {
  const k = key.startsWith(`${bucket}/`) ? key.slice(bucket.length + 1) : key;
  return k.includes('/') ? k.slice(0, k.lastIndexOf('/')) : '';
}

/** The longest `--wait`: within the ownership read's own time bound. */
export const MAX_WAIT_SECONDS = 90;

function parseWait(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > MAX_WAIT_SECONDS) {
    throw new InvalidArgumentError(`a whole number of seconds from 0 to ${MAX_WAIT_SECONDS}`);
  }
  return n;
}

/**
 * How many rounds of the custom resource's backoff (500 ms, doubling, at most 8 s apart) fit in
 * `waitMs`: 1 (no wait) for 0.
 */
export function attemptsWithin(waitMs: number): number {
  let attempts = 1;
  let elapsed = 0;
  for (let delay = 500; elapsed + delay <= waitMs; delay = Math.min(delay * 2, 8000)) {
    elapsed += delay;
    attempts++;
  }
  return attempts;
}

interface TokenOptions {
  bucket: string;
  key?: string;
  prefix?: string;
  region?: string;
  endpoint?: string;
  delete?: boolean;
  wait: number;
  json?: boolean;
}

/** Checks the options; throws usage errors. Returns the endpoint override, if any. */
function checkOptions(opts: TokenOptions, io: CliIo): string | undefined {
  if (!BUCKET_NAME.test(opts.bucket) || opts.bucket.includes('..')) {
    throw new CliError(
      `--bucket "${opts.bucket}" is not an S3 bucket name (3-63 of a-z, 0-9, '.', '-')`,
      EXIT.usage,
    );
  }
  if ((opts.key === undefined) === (opts.prefix === undefined)) {
    throw new CliError(
      'give exactly one of --key (the challenge filename) and --prefix (the job prefix)',
      EXIT.usage,
    );
  }
  if (opts.key !== undefined && opts.key.trim() === '') throw new CliError('--key is empty', EXIT.usage);
  if (opts.region !== undefined && !REGION.test(opts.region)) {
    throw new CliError(`--region "${opts.region}" is not an AWS region name (e.g. us-west-2)`, EXIT.usage);
  }
  // A credential HTTP cannot carry fails deep in the SDK (whose errors may quote it): refused here.
  for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'] as const) {
    const value = io.env[name];
    if (value && !/^[\x21-\x7e]+$/.test(value)) {
      throw new CliError(
        `${name} holds spaces, line breaks or control characters: give the one credential value; it is not shown`,
        EXIT.usage,
        'AWS_CREDENTIAL_MALFORMED',
      );
    }
  }
  // The SDK itself honours these variables: each set one is checked, whichever would win.
  let endpoint: string | undefined;
  for (const name of ['AWS_ENDPOINT_URL_S3', 'AWS_ENDPOINT_URL'] as const) {
    const value = io.env[name];
    if (value) endpoint ??= checkEndpoint(value, name);
  }
  if (opts.endpoint !== undefined) endpoint = checkEndpoint(opts.endpoint, '--endpoint');
  return endpoint;
}

/** What the S3 client of this SDK version exposes of its endpoint configuration. */
interface EndpointConfig {
  serviceConfiguredEndpoint?: () => Promise<string | undefined>;
}

/**
 * The endpoint the AWS SDK itself would take from its configuration, asked of the SDK: the
 * `AWS_ENDPOINT_URL_S3` / `AWS_ENDPOINT_URL` variables, then `endpoint_url` in the selected
 * profile's `[services]` section or the profile itself (smithy-lang/smithy-typescript
 * `packages/core/src/submodules/endpoints/middleware-endpoint/adaptors/getEndpointUrlConfig.ts`;
 * `@smithy/core` 3.41.0 as installed), unless `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` /
 * `ignore_configured_endpoint_urls` say to ignore them. Fails closed: an SDK that does not expose
 * the answer, or a configuration it cannot read, is refused (`ENDPOINT_CONFIG_INVALID`).
 */
export async function sdkConfiguredEndpoint(): Promise<string | undefined> {
  const { ownershipS3Client } = await import('../../ownership/s3-store');
  const probe = ownershipS3Client({ region: 'us-east-1' });
  try {
    const config = probe.config as unknown as EndpointConfig;
    if (typeof config.serviceConfiguredEndpoint !== 'function') {
      // An internal invariant (the pinned @aws-sdk/client-s3 reports its endpoint), not user input.
      throw new Error('this AWS SDK does not report its configured endpoint');
    }
    const found = await config.serviceConfiguredEndpoint();
    return typeof found === 'string' && found !== '' ? found : undefined;
  } catch (e) {
    throw new CliError(
      `the AWS configuration's endpoint settings cannot be checked: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 200)}`,
      EXIT.usage,
      'ENDPOINT_CONFIG_INVALID',
    );
  } finally {
    probe.destroy();
  }
}

export const registerOwnershipToken: RegisterCommand = (program, io) => {
  program
    .command('ownership-token')
    .description('read, decode and check a Logpush ownership challenge token from S3; print it on stdout')
    .requiredOption('--bucket <bucket>', 'the S3 bucket Cloudflare wrote the challenge file to')
    .option(
      '--key <key>',
      "the challenge object's key (the challenge's `filename`; a leading `<bucket>/` is dropped)",
    )
    .option('--prefix <prefix>', 'the job prefix: the newest ownership-challenge* object under it')
    .option('--region <region>', 'the bucket region (default: AWS_REGION or the AWS config)')
    .addOption(
      new Option(
        '--endpoint <url>',
        'an S3 endpoint override: https, or http on loopback only (tests, emulators)',
      ),
    )
    .option('--delete', 'delete the challenge file after reading it (default: keep it)')
    .addOption(
      new Option('--wait <seconds>', `wait up to this long for the file to appear (0-${MAX_WAIT_SECONDS})`)
        .default(0)
        .argParser(parseWait),
    )
    .option('--json', 'print {"bucket","key","token","deleted"} as JSON')
    .addHelpText(
      'after',
      '\nCredentials come from the AWS SDK default chain (AWS_PROFILE, AWS_ACCESS_KEY_ID, ...).\n' +
        'AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL and endpoint_url in the AWS config file (profile or\n' +
        '[services] section) are honoured and checked like --endpoint.\n' +
        'The token is printed on stdout only; stderr names the object, never its content.\n' +
        'Exit codes: 0 token printed; 1 no challenge file, not a JWT, or an S3 error; 2 usage.',
    )
    .action(async (opts: TokenOptions) => {
      const given = checkOptions(opts, io);
      // The SDK may also be pointed elsewhere by the AWS config file (a profile's endpoint_url, a
      // [services] section): its own answer is checked too, whatever wins.
      const configured = await sdkConfiguredEndpoint();
      const checked =
        configured === undefined
          ? undefined
          : checkEndpoint(configured, "the AWS configuration's endpoint_url");
      const endpoint = given ?? checked;
      // The AWS SDK loads only for this command: every other command starts without it.
      const { ownershipS3Client, s3ChallengeStore } = await import('../../ownership/s3-store');
      // Pinned: the checked endpoint is passed explicitly and the SDK reads no configured one, so
      // nothing changed or added after the check can point it elsewhere.
      const client = ownershipS3Client({
        ...(opts.region ? { region: opts.region } : {}),
        ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
        ignoreConfiguredEndpointUrls: true,
      });
      try {
        const base = s3ChallengeStore(client);
        const store = opts.key !== undefined ? onlyNamed(base) : base;
        const where = opts.key !== undefined ? opts.key : `${opts.prefix}/ownership-challenge*`;
        const result = await withProgress(io, `reading s3://${opts.bucket}/${where}`, () =>
          readOwnershipToken(
            {
              bucket: opts.bucket,
              // --key: that object (its folder is the prefix); --prefix: the newest challenge under it.
              prefix: opts.prefix ?? keyFolder(opts.bucket, opts.key ?? ''),
              ...(opts.key !== undefined ? { filename: opts.key } : { newestUnderPrefix: true }),
              keepChallengeFile: !opts.delete,
            },
            store,
            { maxAttempts: attemptsWithin(opts.wait * 1000) },
          ),
        ).catch((e: unknown) => {
          throw new CliError(e instanceof Error ? e.message : String(e), EXIT.finding);
        });
        const deleted = opts.delete === true;
        io.stderr(
          `read s3://${opts.bucket}/${result.key}${deleted ? ' and deleted it' : ' (kept; --delete removes it)'}\n`,
        );
        io.stdout(
          opts.json
            ? `${JSON.stringify({ bucket: opts.bucket, key: result.key, token: result.token, deleted })}\n`
            : `${result.token}\n`,
        );
      } finally {
        client.destroy();
      }
    });
};
