/** Helpers shared by the CIS constructs; not exported from the package. */
import { Token } from 'cdktf';
import { createCisSchemas } from '../src/cis';
import { prefixesOverlap } from '../src/destination';
import { LogpushValidationError } from '../src/errors';

let cachedSchemas: ReturnType<typeof createCisSchemas> | undefined;
/** The CIS/COS zod schemas with cdktf's token predicate, built on first use. */
export function cisSchemas(): ReturnType<typeof createCisSchemas> {
  cachedSchemas ??= createCisSchemas((v) => Token.isUnresolved(v));
  return cachedSchemas;
}

/** Adds `prefix` for `path` to `claimed`, or throws when it overlaps a claimed one. */
export function claimPath(
  claimed: { prefix: string; path: string }[],
  prefix: string,
  path: string,
  where: string,
): void {
  if (!Token.isUnresolved(prefix)) {
    const clash = claimed.find((c) => !Token.isUnresolved(c.prefix) && prefixesOverlap(c.prefix, prefix));
    if (clash) {
      throw new LogpushValidationError(`CisLogpushPipeline '${path}'`, [
        {
          path: 'prefix',
          message: `overlaps the path "${clash.prefix}" of ${clash.path} in ${where}: CIS jobs into one bucket need different, non-nested paths (ibm-cloud-docs/cis logpush.md)`,
          value: prefix,
          hasValue: true,
        },
      ]);
    }
  }
  claimed.push({ prefix, path });
}
