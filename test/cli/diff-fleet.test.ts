/**
 * `cdktf-logpush diff` on two syntheses of a fleet (examples/fleet): what a reviewer sees when a pull
 * request edits `logpush.yaml`.
 */
import { App } from 'cdktf';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseDocument } from 'yaml';
import { defineFleet, FLEET_FILE } from '../../examples/fleet/main';
import { runCli } from '../support/cli';

const NEW_ZONE = '5d41402abc4b2a76b9719d911017c592';

interface FleetDiff {
  touchedStacks: string[];
  pipelines: {
    added: { stack: string; zoneId?: string; dataset?: string }[];
    removed: { stack: string; zoneId?: string; dataset?: string }[];
    changed: { stack: string; zoneId?: string; changes: { attribute: string; fieldsAdded?: string[] }[] }[];
  };
  recreations: { stack: string; address: string }[];
}

let dir: string;
const out = (name: string) => path.join(dir, name);

/** Writes the example's fleet file edited by `edit`, synthesizes it into `out(name)`. */
function synthFleet(name: string, edit: (doc: ReturnType<typeof parseDocument>) => void = () => undefined) {
  const doc = parseDocument(fs.readFileSync(FLEET_FILE, 'utf8'));
  edit(doc);
  const file = path.join(dir, `${name}.yaml`);
  fs.writeFileSync(file, String(doc));
  const app = new App({ outdir: out(name) });
  defineFleet(app, file);
  app.synth();
}

const zoneId = (doc: ReturnType<typeof parseDocument>, i: number) => String(doc.getIn(['zones', i, 'id']));

const diff = async (a: string, b: string): Promise<FleetDiff> => {
  const r = await runCli(['diff', out(a), out(b), '--json']);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as FleetDiff;
};

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-logpush-fleet-diff-'));
  synthFleet('base');
  synthFleet('zone-added', (doc) => {
    doc.addIn(['zones'], doc.createNode({ id: NEW_ZONE, name: 'new.acme.com', datasets: ['http_requests'] }));
  });
  synthFleet('reviewed', (doc) => {
    doc.addIn(['zones'], doc.createNode({ id: NEW_ZONE, name: 'new.acme.com', datasets: ['http_requests'] }));
    doc.setIn(['zones', 0, 'datasets'], doc.createNode(['http_requests'])); // firewall_events removed
    doc.setIn(
      ['zones', 1, 'datasets', 0],
      doc.createNode({ dataset: 'http_requests', fields: ['ClientIP', 'EdgeStartTimestamp', 'RayID'] }),
    );
    doc.setIn(['buckets', 'main', 'name'], 'acme-cloudflare-logs-v2');
  });
}, 180_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('cdktf-logpush diff on two syntheses of a fleet', () => {
  test('a zone added touches only its own shard stack', async () => {
    const d = await diff('base', 'zone-added');
    expect(d.pipelines.added).toEqual([
      expect.objectContaining({ zoneId: NEW_ZONE, dataset: 'http_requests' }),
    ]);
    expect(d.pipelines.removed).toEqual([]);
    expect(d.pipelines.changed).toEqual([]);
    expect(d.touchedStacks).toEqual([d.pipelines.added[0]!.stack]);
    expect(d.touchedStacks[0]).toMatch(/^logpush-shard-\d+$/);
    expect(d.recreations).toEqual([]);
  });

  test('zone added, dataset removed, fields changed, bucket renamed: the rename warns about re-creation', async () => {
    const base = parseDocument(fs.readFileSync(FLEET_FILE, 'utf8'));
    const first = zoneId(base, 0);
    const second = zoneId(base, 1);
    const d = await diff('base', 'reviewed');
    expect(d.pipelines.added).toEqual([
      expect.objectContaining({ zoneId: NEW_ZONE, dataset: 'http_requests' }),
    ]);
    expect(d.pipelines.removed).toEqual([
      expect.objectContaining({ zoneId: first, dataset: 'firewall_events' }),
    ]);
    const fieldsChange = d.pipelines.changed
      .filter((c) => c.zoneId === second)
      .flatMap((c) => c.changes)
      .find((c) => c.fieldsAdded !== undefined);
    expect(fieldsChange).toBeDefined();
    // The renamed bucket is replaced in the foundation stack, and the run says so loudly.
    expect(d.recreations).toContainEqual(
      expect.objectContaining({
        stack: 'logpush-foundation',
        address: expect.stringMatching(/^aws_s3_bucket\./),
      }),
    );
    const md = await runCli(['diff', out('base'), out('reviewed')]);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('RE-CREATION');
    const strict = await runCli(['diff', out('base'), out('reviewed'), '--fail-on-recreate']);
    expect(strict.code).toBe(1);
  });
});
