/** Helpers shared by the CIS constructs; not exported from the package. */
import { Token } from 'cdktf';
import { createCisSchemas } from '../../../src/ibm-cis/schemas';
import { prefixesOverlap } from '../../../src/destination';
import type { PropIssue } from '../../../src/errors';

let cachedSchemas: ReturnType<typeof createCisSchemas> | undefined;
/** The CIS/COS zod schemas with cdktf's token predicate, built on first use. */
export function cisSchemas(): ReturnType<typeof createCisSchemas> {
  cachedSchemas ??= createCisSchemas((v) => Token.isUnresolved(v));
  return cachedSchemas;
}

/** A path claimed in a bucket by a pipeline. */
export interface ClaimedPath {
  readonly prefix: string;
  readonly path: string;
}

/** The problem with `prefix` in a bucket holding `claimed`: equal to or nested with another path. */
export function pathIssue(
  claimed: readonly ClaimedPath[],
  prefix: string,
  where: string,
): PropIssue | undefined {
  if (Token.isUnresolved(prefix)) return undefined;
  const clash = claimed.find((c) => !Token.isUnresolved(c.prefix) && prefixesOverlap(c.prefix, prefix));
  if (!clash) return undefined;
  return {
    path: 'prefix',
    message: `overlaps the path "${clash.prefix}" of ${clash.path} in ${where}: CIS jobs into one bucket need different, non-nested paths (ibm-cloud-docs/cis logpush.md)`,
    value: prefix,
    hasValue: true,
    code: 'PREFIX_OVERLAP',
  };
}

/** The problem with an `ibmProvider` prop that is not a provider construct. */
export function providerIssue(ibmProvider: unknown): PropIssue | undefined {
  if (ibmProvider === undefined || (typeof ibmProvider === 'object' && ibmProvider !== null)) {
    return undefined;
  }
  return {
    path: 'ibmProvider',
    message: 'must be an IbmProvider',
    value: ibmProvider,
    hasValue: true,
    code: 'INVALID_TYPE',
  };
}
