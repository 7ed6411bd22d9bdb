/**
 * `cdktf-logpush cis-ownership`: answers an IBM CIS Logpush ownership challenge and prints ONLY the
 * token on stdout, for a sensitive Terraform variable:
 *
 *   TF_VAR_http_requests_ownership_token=$(cdktf-logpush cis-ownership --cis-crn ... --path cis/http_requests)
 *
 * Credentials from the environment: IBMCLOUD_IAM_TOKEN or IBMCLOUD_API_KEY (IAM), and
 * COS_HMAC_ACCESS_KEY_ID / COS_HMAC_SECRET_ACCESS_KEY (COS's S3-compatible API). Endpoints can be
 * overridden (emulators), within an allow-list.
 */
import type { Command } from 'commander';
import {
  allowedEndpoint,
  answerCisOwnership,
  CisOwnershipError,
  cosS3Endpoint,
  DEFAULT_CIS_ENDPOINT,
  fetchSend,
} from '../../ibm-cis/ownership-client';
import { CliError, EXIT } from '../io';
import type { RegisterCommand } from '../command';

interface Options {
  cisCrn: string;
  domainId: string;
  bucket: string;
  region: string;
  instanceId: string;
  path: string;
  dailySubfolders: boolean;
  timeout: string;
  cisEndpoint?: string;
  iamEndpoint?: string;
  cosEndpoint?: string;
  json?: boolean;
}

/** The longest `--timeout`: 15 minutes (CIS writes the file within seconds). */
export const MAX_CIS_TIMEOUT_SECONDS = 900;

/** An HMAC key or secret: one run of printable characters, no spaces or line breaks. */
const HMAC_VALUE = /^[\x21-\x7e]+$/;

/** Attempts of a doubling backoff (500 ms, capped at 4 s) that fit in `seconds`. */
function attemptsWithin(seconds: number): number {
  let waited = 0;
  let delay = 500;
  let attempts = 1;
  while (waited + delay <= seconds * 1000) {
    waited += delay;
    delay = Math.min(delay * 2, 4000);
    attempts++;
  }
  return attempts;
}

export const register: RegisterCommand = (program: Command, io, result) => {
  program
    .command('cis-ownership')
    .description(
      'answer an IBM CIS Logpush ownership challenge: request it, read the token from the COS bucket, delete the file; prints only the token',
    )
    .requiredOption('--cis-crn <crn>', 'CIS instance CRN')
    .requiredOption('--domain-id <id>', 'CIS domain id')
    .requiredOption('--bucket <name>', 'COS bucket the job writes to')
    .requiredOption('--region <region>', 'COS bucket region, e.g. us-south')
    .requiredOption('--instance-id <guid>', 'COS instance GUID')
    .option(
      '--path <path>',
      "the job's path in the bucket: the CisLogpushPipeline prefix, which defaults to the dataset name (default here: the bucket root)",
      '',
    )
    .option('--no-daily-subfolders', 'the job does not write into daily subfolders')
    .option('--timeout <seconds>', 'how long to wait for CIS to write the file', '120')
    .option('--cis-endpoint <url>', 'CIS API endpoint (env IBMCLOUD_CIS_ENDPOINT)')
    .option('--iam-endpoint <url>', 'IAM token endpoint (env IBMCLOUD_IAM_ENDPOINT)')
    .option(
      '--cos-endpoint <url>',
      "COS S3 endpoint (env COS_ENDPOINT; default: the region's public endpoint)",
    )
    .option('--json', 'print {"token", "key", "attempts"} instead of the bare token')
    .action(async (o: Options) => {
      const env = io.env;
      const timeout = /^\d+(\.\d+)?$/.test(o.timeout) ? Number(o.timeout) : NaN;
      if (!(timeout > 0 && timeout <= MAX_CIS_TIMEOUT_SECONDS)) {
        throw new CliError(
          `--timeout must be a number of seconds from 1 to ${MAX_CIS_TIMEOUT_SECONDS} (got ${JSON.stringify(o.timeout.slice(0, 40))})`,
          EXIT.usage,
          'TIMEOUT_OUT_OF_RANGE',
        );
      }
      if (o.path === '') {
        io.stderr(
          "cis-ownership: no --path: the challenge is for the bucket root; a CisLogpushPipeline's path defaults to its dataset name (pass --path <dataset>)\n",
        );
      }
      const accessKeyId = env.COS_HMAC_ACCESS_KEY_ID?.trim();
      const secretAccessKey = env.COS_HMAC_SECRET_ACCESS_KEY?.trim();
      try {
        if (!accessKeyId || !secretAccessKey) {
          throw new CisOwnershipError(
            'no COS HMAC credentials: set COS_HMAC_ACCESS_KEY_ID and COS_HMAC_SECRET_ACCESS_KEY (a service credential with HMAC, Writer on the bucket)',
            'usage',
          );
        }
        if (!HMAC_VALUE.test(accessKeyId) || !HMAC_VALUE.test(secretAccessKey)) {
          throw new CisOwnershipError(
            'COS_HMAC_ACCESS_KEY_ID and COS_HMAC_SECRET_ACCESS_KEY must each be one key without spaces, line breaks or control characters; their values are not shown',
            'usage',
            'COS_HMAC_MALFORMED',
          );
        }
        if (!/^[a-z]{2}(-[a-z]{2,5})?$/.test(o.region)) {
          throw new CisOwnershipError('--region must be a COS region such as us-south', 'usage');
        }
        const cosEndpoint = allowedEndpoint(
          o.cosEndpoint ?? env.COS_ENDPOINT ?? cosS3Endpoint(o.region),
          'COS',
        );
        // The AWS SDK loads only for this command: every other command starts without it.
        const { ownershipS3Client, s3ChallengeStore } = await import('../../ownership/s3-store');
        const client = ownershipS3Client({
          region: o.region,
          endpoint: cosEndpoint.origin,
          forcePathStyle: true,
          credentials: { accessKeyId, secretAccessKey },
        });
        try {
          const found = await answerCisOwnership(
            {
              cisCrn: o.cisCrn,
              domainId: o.domainId,
              bucket: o.bucket,
              region: o.region,
              instanceId: o.instanceId,
              path: o.path,
              dailySubfolders: o.dailySubfolders,
            },
            {
              send: fetchSend,
              store: s3ChallengeStore(client),
              iam: {
                token: env.IBMCLOUD_IAM_TOKEN,
                apiKey: env.IBMCLOUD_API_KEY,
                iamEndpoint: o.iamEndpoint ?? env.IBMCLOUD_IAM_ENDPOINT,
              },
              cisEndpoint: o.cisEndpoint ?? env.IBMCLOUD_CIS_ENDPOINT ?? DEFAULT_CIS_ENDPOINT,
              retry: { maxAttempts: attemptsWithin(timeout), initialDelayMs: 500, maxDelayMs: 4000 },
              log: (line) => io.stderr(`cis-ownership: ${line}\n`),
            },
          );
          io.stdout(
            o.json
              ? `${JSON.stringify({ token: found.token, key: found.key, attempts: found.attempts })}\n`
              : `${found.token}\n`,
          );
        } finally {
          client.destroy();
        }
      } catch (e) {
        if (e instanceof CisOwnershipError) {
          throw new CliError(
            e.message,
            e.kind === 'usage' ? EXIT.usage : EXIT.finding,
            e.hasOwnCode ? e.code : undefined,
          );
        }
        if (e instanceof TypeError && /fetch failed/.test(e.message)) {
          const cause = e.cause as { code?: unknown } | undefined;
          throw new CliError(
            `could not reach the CIS or IAM endpoint${typeof cause?.code === 'string' ? ` (${cause.code})` : ''}`,
            EXIT.finding,
            'ENDPOINT_UNREACHABLE',
          );
        }
        if (e instanceof TypeError) {
          // fetch refuses a header or URL it cannot send (its message may quote the value): one line, no value.
          throw new CliError(
            'could not send the request to the CIS or IAM endpoint: a credential or option holds characters HTTP does not allow',
            EXIT.usage,
            'REQUEST_NOT_SENDABLE',
          );
        }
        throw e;
      }
      result.exitCode = EXIT.ok;
    });
};
