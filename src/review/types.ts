/** What the review reports: the shape of `cdktf-logpush diff --json`. */

/** Job attributes whose values the review never shows (only that they changed). */
export const SECRET_ATTRIBUTES: ReadonlySet<string> = new Set(['ownership_challenge']);

/** A Logpush job as the diff reports it. */
export interface JobRef {
  readonly stack: string;
  /** The Terraform address in its stack, `cloudflare_logpush_job.<logical id>`. */
  readonly address: string;
  /** The construct path (from cdktf's metadata), when present. */
  readonly path?: string;
  readonly dataset?: string;
  readonly zoneId?: string;
  readonly accountId?: string;
  readonly destination?: string;
}

/** One changed attribute of a job. Values of `ownership_challenge` are never shown. */
export interface AttributeChange {
  readonly attribute: string;
  readonly old?: unknown;
  readonly new?: unknown;
  /** For `output_options.field_names`: the fields added and removed. */
  readonly fieldsAdded?: readonly string[];
  readonly fieldsRemoved?: readonly string[];
}

export interface JobChange extends JobRef {
  readonly changes: readonly AttributeChange[];
}

/** A job whose address changes: Terraform destroys the old one and creates the new one. */
export interface JobMove {
  readonly from: JobRef;
  readonly to: JobRef;
}

/** One widened or narrowed permission. */
export interface GrantChange {
  readonly stack: string;
  /** The resource holding the policy, e.g. `aws_s3_bucket_policy.logs_Policy_1234`. */
  readonly address: string;
  /** The policy attribute (`policy`, `assume_role_policy`). */
  readonly attribute: string;
  /**
   * `unreviewed`: an attribute that can grant access changed in a way the diff does not expand (a
   * Terraform expression, a resource type it has no rule for): review it by hand.
   */
  readonly change: 'widened' | 'narrowed' | 'unreviewed';
  readonly effect: string;
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly condition?: string;
}

/** A resource Terraform would destroy and create again. */
export interface Recreation {
  readonly stack: string;
  readonly address: string;
  /** Whether it is a Logpush job: a gap in the logs (Cloudflare never backfills). */
  readonly job: boolean;
  readonly reason: string;
}

/** A job whose logs go to another destination (an in-place update that needs a new ownership token). */
export interface DestinationChange extends JobRef {
  readonly oldDestination: string;
  readonly newDestination: string;
  readonly note: string;
}

export interface SynthDiff {
  /** Stacks whose Terraform configuration differs (added and changed; removed ones are listed apart). */
  readonly touchedStacks: readonly string[];
  readonly stacks: {
    readonly added: readonly string[];
    readonly removed: readonly string[];
    readonly changed: readonly string[];
  };
  readonly pipelines: {
    readonly added: readonly JobRef[];
    readonly removed: readonly JobRef[];
    readonly changed: readonly JobChange[];
    readonly moved: readonly JobMove[];
  };
  readonly destinationChanges: readonly DestinationChange[];
  readonly grants: readonly GrantChange[];
  readonly recreations: readonly Recreation[];
}
