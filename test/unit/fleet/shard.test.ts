import * as crypto from 'crypto';
import * as fs from 'fs';
import {
  DEFAULT_PIPELINES_PER_SHARD,
  planFleet,
  reshardIssues,
  shardIndexOf,
  shardMoves,
  shardsNeeded,
  validateFleet,
  type FleetPlan,
} from '../../../src/fleet';
import { fleetJsonSchema } from '../../../src/fleet/schema';
import { renderFleetSchema, SCHEMA_FILE } from '../../../scripts/generate-fleet-schema';

/** A deterministic 32-hex id for zone `i`. */
const hexId = (i: number) => crypto.createHash('md5').update(`z${i}`).digest('hex');

function fleet(zoneCount: number, shards: number, names: Record<number, string> = {}) {
  return {
    version: 1,
    buckets: { main: { name: 'acme-cloudflare-logs', region: 'us-west-2' } },
    zones: Array.from({ length: zoneCount }, (_, i) => ({
      id: hexId(i),
      name: names[i] ?? `zone${i}.example.com`,
      datasets: ['http_requests', 'firewall_events'],
    })),
    sharding: { shards },
  };
}

/** Each shard's content, as JSON of its pipelines. */
function shardContents(plan: FleetPlan): Map<string, string> {
  const out = new Map<string, string>();
  for (const shard of plan.shards) {
    const pipelines = plan.pipelines
      .filter((p) => p.shard === shard)
      .map((p) => ({ ...p, source: undefined }))
      .sort((x, y) => (x.id < y.id ? -1 : 1));
    out.set(shard, JSON.stringify(pipelines));
  }
  return out;
}

function changedShards(a: FleetPlan, b: FleetPlan): string[] {
  const before = shardContents(a);
  const after = shardContents(b);
  return [...new Set([...before.keys(), ...after.keys()])]
    .filter((s) => before.get(s) !== after.get(s))
    .sort();
}

const plan = (spec: object) => planFleet(validateFleet(spec));

describe('sharding', () => {
  const base = fleet(300, 8);
  const before = plan(base);

  test('every zone has all its datasets in one shard, and shards are used', () => {
    const byZone = new Map<string, Set<string>>();
    for (const p of before.pipelines) {
      byZone.set(p.zoneId!, (byZone.get(p.zoneId!) ?? new Set()).add(p.shard));
    }
    expect([...byZone.values()].every((s) => s.size === 1)).toBe(true);
    expect(new Set(before.pipelines.map((p) => p.shard)).size).toBe(8);
    expect(before.shards).toEqual([
      'shard-0',
      'shard-1',
      'shard-2',
      'shard-3',
      'shard-4',
      'shard-5',
      'shard-6',
      'shard-7',
    ]);
  });

  test('adding a zone changes only its own shard', () => {
    const added = {
      ...base,
      zones: [...base.zones.slice(0, 150), fleet(301, 8).zones[300]!, ...base.zones.slice(150)],
    };
    const after = plan(added);
    const shard = after.pipelines.find((p) => p.zoneId === hexId(300))!.shard;
    expect(changedShards(before, after)).toEqual([shard]);
  });

  test('removing a zone changes only its own shard', () => {
    const removed = { ...base, zones: base.zones.filter((_, i) => i !== 42) };
    const shard = before.pipelines.find((p) => p.zoneId === hexId(42))!.shard;
    expect(changedShards(before, plan(removed))).toEqual([shard]);
  });

  test('renaming a zone changes only its own shard (its prefixes), and moves nothing', () => {
    const after = plan(fleet(300, 8, { 7: 'renamed.example.com' }));
    const shard = before.pipelines.find((p) => p.zoneId === hexId(7))!.shard;
    expect(changedShards(before, after)).toEqual([shard]);
    expect(shardMoves(before, after)).toEqual([]);
  });

  test('reordering zones in the file changes no shard', () => {
    const reversed = { ...base, zones: [...base.zones].reverse() };
    expect(changedShards(before, plan(reversed))).toEqual([]);
  });

  test('one more shard moves zones only into the new shard (rendezvous hashing)', () => {
    const after = plan(fleet(300, 9));
    const moves = shardMoves(before, after);
    expect(moves.length).toBeGreaterThan(0);
    expect(moves.length).toBeLessThan(before.pipelines.length / 4);
    expect(moves.every((m) => m.to === 'shard-8')).toBe(true);
  });

  test('fails: a change of the shard count without allowReshard', () => {
    const after = plan(fleet(300, 9));
    const issues = reshardIssues(before, after, false);
    expect(issues).toEqual([
      expect.objectContaining({
        path: 'sharding.shards',
        value: 9,
        message: expect.stringMatching(
          /^changes from 8 to 9 shards, which moves \d+ pipelines to another stack: each is destroyed and re-created .*allowReshard: true/,
        ),
      }),
    ]);
    expect(reshardIssues(before, after, true)).toEqual([]);
    expect(reshardIssues(before, plan(fleet(301, 8)), false)).toEqual([]);
  });

  test('the shard of an id is a pure function of the id and the count', () => {
    expect(shardIndexOf(hexId(1), 50)).toBe(shardIndexOf(hexId(1), 50));
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 2000; i++) counts[shardIndexOf(hexId(i), 10)]!++;
    // A fair spread: every shard within 25% of the mean.
    expect(Math.min(...counts)).toBeGreaterThan(150);
    expect(Math.max(...counts)).toBeLessThan(250);
  });

  test('10,000 zones x 2 datasets need about 85 shards of the default size', () => {
    const owners = Array.from({ length: 10_000 }, (_, i) => ({ id: hexId(i), pipelines: 2 }));
    const need = shardsNeeded(owners, DEFAULT_PIPELINES_PER_SHARD);
    expect(need).toBeGreaterThanOrEqual(67);
    expect(need).toBeLessThan(95);
  });
});

describe('JSON Schema of the fleet file', () => {
  test('schema/logpush.schema.json is current (run `npm run gen:schema`)', () => {
    const committed = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')) as unknown;
    expect(committed).toEqual(JSON.parse(renderFleetSchema()));
  });

  test('it describes the file: strict objects, enums and required keys from the zod schemas', () => {
    const schema = fleetJsonSchema() as any;
    expect(schema.required).toEqual(['version', 'buckets']);
    expect(schema.additionalProperties).toBe(false);
    const bucket = schema.properties.buckets.additionalProperties;
    expect(bucket.required).toEqual(['name', 'region']);
    expect(bucket.properties.grants.enum).toEqual(['per-prefix', 'per-dataset']);
    const zone = schema.properties.zones.items;
    expect(zone.properties.datasets.items.anyOf).toHaveLength(2);
    expect(JSON.stringify(schema)).toContain('"rfc3339"');
  });
});
