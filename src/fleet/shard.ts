/**
 * Which stack (shard) a pipeline lives in: a pure function of its zone or account id and the pinned
 * shard count. See docs/fleet.md, "Sharding", and docs/adr/0002-sharding-the-fleet.md.
 */
import type { PropIssue } from '../errors';
import type { FleetPlan } from './plan-types';

/** The name of shard `i` (a stack name suffix): `shard-<i>`, never padded, so adding shards renames none. */
export const shardName = (i: number): string => `shard-${i}`;

/** Looked up once: a global lookup per call costs ~100x inside some sandboxes (jest's vm contexts). */
const imul = Math.imul;

/** FNV-1a, 32 bits. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** MurmurHash3's finalizer: spreads every input bit over the output. */
function fmix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The shard index of a zone or account: rendezvous (highest random weight) hashing of its id over
 * `shards` shards. It depends only on the id and the shard count, so adding, removing or renaming
 * another zone never moves this one; and changing the count from n to n+1 moves only the ~1/(n+1)
 * of owners that the new shard wins (never one between two old shards).
 */
export function shardIndexOf(ownerId: string, shards: number): number {
  const h = fnv1a(ownerId);
  let best = 0;
  let bestWeight = -1;
  for (let i = 0; i < shards; i++) {
    const w = fmix32(h ^ fmix32(imul(i + 1, 0x9e3779b1)));
    if (w > bestWeight) {
      bestWeight = w;
      best = i;
    }
  }
  return best;
}

/** Pipelines per shard for owners with the given pipeline counts. */
export function shardLoads(owners: readonly { id: string; pipelines: number }[], shards: number): number[] {
  const loads = new Array<number>(shards).fill(0);
  for (const o of owners) loads[shardIndexOf(o.id, shards)]! += o.pipelines;
  return loads;
}

/** The smallest shard count from `from` whose fullest shard holds at most `perShard` pipelines. */
export function shardsNeeded(
  owners: readonly { id: string; pipelines: number }[],
  perShard: number,
  from = 1,
): number {
  const total = owners.reduce((n, o) => n + o.pipelines, 0);
  for (let n = Math.max(from, Math.ceil(total / perShard), 1); n <= 1000; n++) {
    if (Math.max(...shardLoads(owners, n)) <= perShard) return n;
  }
  return 1000;
}

/** A pipeline that a change moves from one shard (Terraform state) to another. */
export interface ShardMove {
  readonly id: string;
  readonly from: string;
  readonly to: string;
}

/** The pipelines present in both plans whose shard differs. */
export function shardMoves(previous: FleetPlan, next: FleetPlan): ShardMove[] {
  const before = new Map(previous.pipelines.map((p) => [p.id, p.shard]));
  const moves: ShardMove[] = [];
  for (const p of next.pipelines) {
    const from = before.get(p.id);
    if (from !== undefined && from !== p.shard) moves.push({ id: p.id, from, to: p.shard });
  }
  return moves;
}

/**
 * Refuses a change of the shard count between two versions of a file unless the new one sets
 * `sharding.allowReshard: true`: a pipeline moved to another shard is destroyed in one Terraform
 * state and created in another, and Cloudflare never backfills the logs of the gap.
 */
export function reshardIssues(previous: FleetPlan, next: FleetPlan, allowReshard: boolean): PropIssue[] {
  if (previous.sharding.shards === next.sharding.shards || allowReshard) return [];
  const moves = shardMoves(previous, next);
  return [
    {
      path: 'sharding.shards',
      message: `changes from ${previous.sharding.shards} to ${next.sharding.shards} shards, which moves ${moves.length} pipeline${moves.length === 1 ? '' : 's'} to another stack: each is destroyed and re-created (a gap in the logs: Cloudflare never backfills). Set sharding.allowReshard: true to confirm`,
      value: next.sharding.shards,
      hasValue: true,
      code: 'RESHARD_NOT_CONFIRMED',
    },
  ];
}
