import { Token, type TerraformProvider } from 'cdktf';
import { createSchemas, loadZod } from '../src/schema';
import type { z } from 'zod';
import type { LogBucket, LogBucketProps } from './log-bucket';
import type { LogpushPipelineProps } from './logpush-pipeline';
import type { OwnershipTokenReaderProps, OwnershipVerification } from './ownership-verification';
import type { PantherLogSourceProps } from './panther-log-source';
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

/*
 * Compile-time link between the props interfaces and their schemas: a prop added to (or removed
 * from, or retyped in) one and not the other fails `tsc` here. Arrays compare without `readonly`
 * (the interfaces are readonly, zod's inputs are not); keys and optionality must match exactly.
 */
type Writable<T> = T extends readonly (infer U)[]
  ? Writable<U>[]
  : T extends (...args: never[]) => unknown
    ? T
    : T extends object
      ? { -readonly [K in keyof T]: Writable<T[K]> }
      : T;
type MutuallyAssignable<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** True when A and B have the same keys, the same optionality and mutually assignable types. */
export type SameShape<A, B> =
  MutuallyAssignable<keyof A, keyof B> extends true
    ? MutuallyAssignable<Writable<A>, Writable<B>> extends true
      ? MutuallyAssignable<
          { [K in keyof A]-?: undefined extends A[K] ? 1 : 0 },
          { [K in keyof B]-?: undefined extends B[K] ? 1 : 0 }
        >
      : false
    : false;
type Schemas = ReturnType<typeof build>;
type Input<K extends keyof Schemas> = z.input<Schemas[K]>;

/** Compiles only when `T` is `true`: the assertion itself. */
export type Assert<T extends true> = T;
export type _PipelinePropsMatchSchema = Assert<SameShape<LogpushPipelineProps, Input<'pipelineProps'>>>;
export type _BucketPropsMatchSchema = Assert<SameShape<Omit<LogBucketProps, 'provider'>, Input<'logBucket'>>>;
export type _PantherPropsMatchSchema = Assert<SameShape<PantherLogSourceProps, Input<'pantherProps'>>>;
export type _TokenReaderPropsMatchSchema = Assert<
  SameShape<Omit<OwnershipTokenReaderProps, 'bucket' | 'provider'>, Input<'tokenReader'>>
>;
