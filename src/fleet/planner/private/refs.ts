/** References between the entries of a fleet file (`bucket: main`, `siem: panther`). */
import { closestNames } from '../../../datasets';
import type { FleetPath } from '../../issues';
import { has, type Add, type Obj } from '../../private/collector';

/** Adds the problem with a reference to a key of `buckets` or `siem` that does not exist; returns whether it resolves. */
export function checkRef(
  add: Add,
  path: FleetPath,
  kind: 'buckets' | 'siem',
  value: unknown,
  table: Obj,
): boolean {
  if (typeof value !== 'string' || has(table, value)) return true;
  const keys = Object.keys(table);
  const closest = closestNames(value, keys, 1);
  add(
    path,
    keys.length === 0
      ? `names no entry of ${kind}: the file declares none`
      : `names no entry of ${kind}; declared: ${keys.join(', ')}; closest known: ${closest[0]}`,
    { value, closest, code: 'UNKNOWN_REFERENCE' },
  );
  return false;
}
