/**
 * Compile-time links between a public interface and the zod schema that validates it: a key added
 * to, removed from or retyped in one and not the other fails `tsc` where the link is asserted
 * (constructs/private/schemas.ts for the construct props, src/fleet/schema.ts for the fleet file,
 * constructs/ibm/ for IBM). Arrays compare without `readonly` (the interfaces are
 * readonly, zod's inputs are not); keys and optionality must match exactly.
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

/** Compiles only when `T` is `true`: the assertion itself. */
export type Assert<T extends true> = T;
