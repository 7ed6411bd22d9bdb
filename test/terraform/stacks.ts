/**
 * The stacks the Terraform tier applies, built through the public API only: an AWS stack (bucket,
 * Panther source without the Panther provider, the ownership function), a Cloudflare stack (the
 * pipelines: synthesized, not applied, as its provider cannot be installed here) and a
 * verification stack with an {@link OwnershipTokenReader}, the token path the pipelines use.
 */
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { CloudflareProvider } from '@cdktf/provider-cloudflare/lib/provider';
import { App, LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import * as path from 'path';
import {
  LogBucket,
  LogpushPipeline,
  OwnershipTokenReader,
  PantherLogSource,
  s3DestinationConf,
} from '../../index';
import { motoAwsProvider, REGION } from './harness';

export const BUCKET = 'tier-cloudflare-logs';
export const PANTHER_ACCOUNT = '999999999999';
export const ZONE = '023e105f4ecef8ad9ca31a8372d0c353';
export const ACCOUNT = '01a7362d577a6c3019a474fd6f485823';

/** The three pipelines: dataset, scope and prefix. */
export const PIPELINES = [
  { id: 'http', dataset: 'http_requests', zoneId: ZONE, prefix: 'cloudflare/http_requests' },
  { id: 'firewall', dataset: 'firewall_events', zoneId: ZONE, prefix: 'cloudflare/firewall_events' },
  { id: 'audit', dataset: 'audit_logs', accountId: ACCOUNT, prefix: 'cloudflare/audit_logs' },
] as const;

/** The challenge the verification stack reads (under the http pipeline's prefix). */
export const CHALLENGE = {
  prefix: PIPELINES[0].prefix,
  filename: `${PIPELINES[0].prefix}/ownership-challenge.txt`,
  destinationConf: s3DestinationConf({
    bucket: BUCKET,
    prefix: PIPELINES[0].prefix,
    region: REGION,
    dailySubfolders: true,
  }),
};

export interface Variant {
  /** Ids of the pipelines to define (retiring one = leaving it out). */
  readonly pipelines: readonly string[];
  /** `LogBucket.retainOnDestroy`. */
  readonly retainOnDestroy: boolean;
  /** The challenge the verification stack reads. @default CHALLENGE */
  readonly challenge?: Pick<typeof CHALLENGE, 'filename' | 'destinationConf'>;
}

/** Where the stacks' AWS providers send their calls. */
export interface TierEndpoints {
  /** moto. */
  readonly moto: string;
  /** The local Lambda Invoke endpoint (test/support/lambda-invoke.ts), in front of moto's Lambda. */
  readonly lambda: string;
}

/** Synthesizes the app into `outdir`; state lives in `stateDir` so re-synthesis keeps it. */
export function synthesize(
  outdir: string,
  stateDir: string,
  endpoints: TierEndpoints,
  variant: Variant,
): void {
  const endpoint = endpoints.moto;
  const app = new App({ outdir });
  const backend = (stack: TerraformStack) =>
    new LocalBackend(stack, { path: path.join(stateDir, `${stack.node.id}.tfstate`) });

  const aws = new TerraformStack(app, 'aws');
  backend(aws);
  motoAwsProvider(aws, 'aws', endpoint, endpoints.lambda);
  const bucket = new LogBucket(aws, 'logs', {
    bucketName: BUCKET,
    region: REGION,
    retentionDays: 30,
    retainOnDestroy: variant.retainOnDestroy,
  });
  const siem = new PantherLogSource(aws, 'panther', {
    bucket,
    name: 'cloudflare',
    pantherAwsAccountId: PANTHER_ACCOUNT,
    registerSource: false,
  });

  const cloudflare = new TerraformStack(app, 'cloudflare');
  backend(cloudflare);
  new CloudflareProvider(cloudflare, 'cloudflare', {});
  motoAwsProvider(cloudflare, 'aws', endpoint, endpoints.lambda);
  for (const p of PIPELINES.filter((x) => variant.pipelines.includes(x.id))) {
    const { id, ...props } = p;
    new LogpushPipeline(cloudflare, id, { ...props, bucket, siem });
  }

  const verification = new TerraformStack(app, 'verification');
  backend(verification);
  motoAwsProvider(verification, 'aws', endpoint, endpoints.lambda);
  const reader = new OwnershipTokenReader(verification, 'reader', {
    bucket,
    prefix: CHALLENGE.prefix,
    filename: (variant.challenge ?? CHALLENGE).filename,
    destinationConf: (variant.challenge ?? CHALLENGE).destinationConf,
  });
  new TerraformOutput(verification, 'token', { value: reader.token, sensitive: true });

  // The function runs locally (the Lambda Invoke endpoint) and its S3 and SSM clients must reach
  // moto: the AWS SDK takes the endpoints from AWS_ENDPOINT_URL_<SERVICE>, and moto's certificate
  // is self-signed.
  // Set in the function's environment here, in the test only: the library emits no environment.
  const functions = aws.node.findAll().filter((c): c is LambdaFunction => c instanceof LambdaFunction);
  if (functions.length !== 1) throw new Error(`expected one ownership function, found ${functions.length}`);
  functions[0]!.putEnvironment({
    variables: {
      AWS_ENDPOINT_URL_S3: endpoint,
      AWS_ENDPOINT_URL_SSM: endpoint,
      NODE_TLS_REJECT_UNAUTHORIZED: '0',
    },
  });

  app.synth();
}
