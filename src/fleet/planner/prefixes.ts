/**
 * Planning step for the prefixes: each pipeline's prefix in its bucket, from the bucket's layout
 * (src/model/layout.ts), claimed in the bucket's claim book (src/model/claims.ts): the same rules
 * LogBucket applies to pipelines written by hand.
 */
import { fleetPrefixConflictMessage, PrefixClaims } from '../../model/claims';
import { DERIVED_PREFIX_INVALID_CODE } from '../../model/codes';
import {
  fleetPipelinePrefix,
  grantPrefixOf,
  perOwnerPipelinePrefix,
  prefixLayoutProblem,
} from '../../model/layout';
import { formatPath, type FleetPath } from '../issues';
import type { PlannedBucket } from '../plan-types';
import { lowerFirst, type Add, type Obj } from '../private/collector';
import { fleetSchemas } from '../schema';

/** A zone or account as its pipelines' prefixes see it. */
export interface PrefixOwner {
  readonly id: string;
  readonly name?: string;
  readonly base: FleetPath;
  /** Its longest dataset name (the derived prefix's length is checked with it). */
  readonly longestDataset: string;
}

export class PrefixesStep {
  private readonly prefixSchema = fleetSchemas().datasetEntry.shape.prefix;
  private readonly rootValidity = new Map<string, boolean>();
  /** bucket key -> its claim book. */
  private readonly claims = new Map<string, PrefixClaims>();
  /** `<bucket key>\0<owner name>`: derived prefixes already checked. */
  private readonly namesChecked = new Set<string>();

  /**
   * The prefix of a pipeline in `bucket` (the entry's, or the layout's default), checked against the
   * layout and claimed against the bucket's other pipelines; problems are added at the entry.
   */
  public place(
    add: Add,
    bucket: PlannedBucket,
    owner: PrefixOwner,
    entry: Obj,
    entryPath: FleetPath,
    dataset: string,
  ): string {
    let prefix: string;
    let prefixPath: FleetPath = entryPath;
    if (typeof entry.prefix === 'string') {
      prefix = entry.prefix;
      prefixPath = [...entryPath, 'prefix'];
      // The same rule as LogBucket.prefixProblem: exactly <prefixRoot>/<dataset>/<id>.
      const problem = prefixLayoutProblem(
        bucket,
        { dataset, prefix, scopeId: owner.id },
        `bucket "${bucket.key}"`,
      );
      if (problem) add(prefixPath, problem.message, { value: prefix, code: problem.code });
    } else {
      prefix = fleetPipelinePrefix(bucket, dataset, owner);
      if (bucket.grants !== 'per-dataset') this.checkDerived(add, bucket, owner);
    }
    const source = formatPath(entryPath);
    let claims = this.claims.get(bucket.key);
    if (!claims) this.claims.set(bucket.key, (claims = new PrefixClaims()));
    const grant = grantPrefixOf(bucket.grants, bucket.prefixRoot, { dataset, prefix });
    const conflict = claims.conflict(prefix, grant);
    if (conflict) {
      add(prefixPath, fleetPrefixConflictMessage(prefix, conflict, `bucket "${bucket.key}"`), {
        value: prefix,
        code: conflict.code,
      });
    } else claims.claim(prefix, source, grant);
    return prefix;
  }

  /**
   * The zone's name makes `<prefixRoot>/<name>/<dataset>`: checked once per zone and bucket (with
   * its longest dataset, for the length rule): the other segments are a valid root and dataset names.
   */
  private checkDerived(add: Add, bucket: PlannedBucket, owner: PrefixOwner): void {
    const checkKey = `${bucket.key}\0${owner.name}`;
    const first = !this.namesChecked.has(checkKey);
    this.namesChecked.add(checkKey);
    if (owner.name === undefined || !first || !this.rootValid(bucket.prefixRoot)) return;
    const candidate = perOwnerPipelinePrefix(bucket.prefixRoot, owner.name, owner.longestDataset);
    const derived = this.prefixSchema.safeParse(candidate);
    if (!derived.success) {
      add(
        [...owner.base, 'name'],
        `makes the prefix "${candidate}", which ${lowerFirst(derived.error.issues[0]?.message ?? 'is not a valid key prefix')}: set prefix on each dataset entry`,
        { value: owner.name, code: DERIVED_PREFIX_INVALID_CODE },
      );
    }
  }

  private rootValid(root: string): boolean {
    let valid = this.rootValidity.get(root);
    if (valid === undefined) this.rootValidity.set(root, (valid = this.prefixSchema.safeParse(root).success));
    return valid;
  }
}
