import { Token, type TerraformProvider } from 'cdktf';
import { createSchemas, loadZod } from '../src/schema';
import type { LogBucket } from './log-bucket';
import type { OwnershipVerification } from './ownership-verification';
import type { ILogSiem } from './siem';

/** Brand check that works across copies of this package (no instanceof). */
const hasBrand = (brand: string) => (v: unknown) =>
  typeof v === 'object' && v !== null && Symbol.for(brand) in v;

function build() {
  const base = createSchemas((v) => Token.isUnresolved(v));
  const { z } = loadZod();
  const bucket = z.custom<LogBucket>(hasBrand('cdktf-logpush/LogBucket'), { message: 'must be a LogBucket' });
  const provider = z.custom<TerraformProvider>((v) => typeof v === 'object' && v !== null).optional();
  return {
    ...base,
    /** LogpushPipelineProps: the plain props plus the construct-typed ones. */
    pipelineProps: base.pipelineBase.extend({
      bucket,
      ownership: z
        .custom<OwnershipVerification>(
          (v) => typeof (v as { _bind?: unknown } | null)?._bind === 'function',
          {
            message:
              'must be OwnershipVerification.customResource() or OwnershipVerification.fromToken(token)',
          },
        )
        .optional(),
      siem: z
        .custom<ILogSiem>((v) => typeof (v as Partial<ILogSiem> | null)?.checkPipeline === 'function', {
          message: 'must be a SIEM log source such as a PantherLogSource',
        })
        .optional(),
      cloudflareProvider: provider,
      awsProvider: provider,
    }),
    /** PantherLogSourceProps. */
    pantherProps: base.pantherSource.extend({ bucket, provider, pantherProvider: provider }),
  };
}

let cached: ReturnType<typeof build> | undefined;

/** The zod schemas with cdktf's token predicate, built on first use. */
export function schemas(): ReturnType<typeof build> {
  cached ??= build();
  return cached;
}
