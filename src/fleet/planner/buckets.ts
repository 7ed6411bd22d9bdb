/** Planning step 1, the buckets: each entry of `buckets` with its layout (src/model/layout.ts), one entry per S3 bucket. */
import { bucketLayoutOf, type GrantLayout } from '../../model/layout';
import type { PlannedBucket } from '../plan-types';
import { isObj, pick, type Add, type Obj } from '../private/collector';
import { fleetSchemas } from '../schema';

/** The file's buckets: the raw table (for references) and the planned ones by key. */
export interface BucketsStep {
  readonly raw: Obj;
  readonly planned: ReadonlyMap<string, PlannedBucket>;
}

export function planBuckets(root: Obj, add: Add): BucketsStep {
  const optionKeys = Object.keys(fleetSchemas().bucket.shape).filter(
    (k) => !['name', 'region', 'grants', 'prefixRoot'].includes(k),
  );
  const raw = isObj(root.buckets) ? root.buckets : {};
  if (isObj(root.buckets) && Object.keys(raw).length === 0) {
    add(['buckets'], 'must declare at least one bucket', { value: root.buckets, code: 'INVALID_LENGTH' });
  }
  const planned = new Map<string, PlannedBucket>();
  const keyByName = new Map<string, string>();
  for (const [key, b] of Object.entries(raw)) {
    if (!isObj(b)) continue;
    const layout = bucketLayoutOf({
      grants: b.grants === 'per-dataset' ? 'per-dataset' : undefined,
      prefixRoot: typeof b.prefixRoot === 'string' ? b.prefixRoot : undefined,
    });
    const grants: GrantLayout = layout.grants;
    if (typeof b.name === 'string') {
      const other = keyByName.get(b.name);
      if (other !== undefined) {
        add(['buckets', key, 'name'], `is also the name of buckets.${other}: one entry per S3 bucket`, {
          code: 'DUPLICATE_BUCKET_NAME',
          value: b.name,
        });
      } else keyByName.set(b.name, key);
    }
    planned.set(key, {
      key,
      grants,
      prefixRoot: layout.prefixRoot,
      props: {
        bucketName: b.name as string,
        region: b.region as string,
        grants,
        ...pick(b, optionKeys),
      },
    });
  }
  return { raw, planned };
}
