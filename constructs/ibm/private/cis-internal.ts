/** Helpers shared by the CIS constructs; not exported from the package. */
import { Token } from 'cdktf';
import { createCisSchemas } from '../../../src/ibm-cis/schemas';
import { cisPathConflictMessage, type PrefixConflict } from '../../../src/model/claims';
import type { PropIssue } from '../../../src/errors';

let cachedSchemas: ReturnType<typeof createCisSchemas> | undefined;
/** The CIS/COS zod schemas with cdktf's token predicate, built on first use. */
export function cisSchemas(): ReturnType<typeof createCisSchemas> {
  cachedSchemas ??= createCisSchemas((v) => Token.isUnresolved(v));
  return cachedSchemas;
}

/**
 * The problem with a CIS job's path `prefix` in a COS bucket, if it equals or nests with another
 * job's path (IBM: jobs into one bucket "must have a different path"); the rule is the model's
 * (src/model/claims.ts), `conflict` asks the bucket's claim book. Paths that are tokens are not checked.
 */
export function pathIssue(
  conflict: (prefix: string) => PrefixConflict | undefined,
  prefix: string,
  where: string,
): PropIssue | undefined {
  if (Token.isUnresolved(prefix)) return undefined;
  const clash = conflict(prefix);
  if (!clash) return undefined;
  return {
    path: 'prefix',
    message: cisPathConflictMessage(clash, where),
    value: prefix,
    hasValue: true,
    code: clash.code,
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
