import { App, TerraformStack, Testing } from 'cdktf';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { configureStack, defineFleet, FLEET_FILE } from '../../examples/fleet/main';
import { LogpushFleet, LogpushPipeline, LogpushValidationError, parseFleet } from '../../index';
import {
  onlyResource,
  resourceCounts,
  resourcesOf,
  scrubAssetHashes,
  type SynthJson,
} from '../support/synth';

interface Synthesized {
  /** Stack name -> its cdk.tf.json text (asset hashes scrubbed). */
  readonly texts: Record<string, string>;
  readonly manifest: { stacks: Record<string, { dependencies: string[] }> };
  readonly fleet: LogpushFleet;
}

/** Synthesizes the example's fleet (from `file`) into a fresh outdir and reads every stack back. */
function synthFleet(file: string = FLEET_FILE, shards?: readonly string[]): Synthesized {
  const app: App = Testing.app();
  const fleet = defineFleet(app, file, shards);
  app.synth();
  const manifest = JSON.parse(fs.readFileSync(path.join(app.outdir, 'manifest.json'), 'utf8'));
  const texts: Record<string, string> = {};
  for (const name of Object.keys(manifest.stacks)) {
    texts[name] = scrubAssetHashes(
      fs.readFileSync(path.join(app.outdir, 'stacks', name, 'cdk.tf.json'), 'utf8'),
    );
  }
  return { texts, manifest, fleet };
}

const json = (s: Synthesized, stack: string): SynthJson => JSON.parse(s.texts[stack]!) as SynthJson;
const jobsOf = (s: Synthesized, stack: string) =>
  Object.values(resourcesOf(json(s, stack), 'cloudflare_logpush_job'));

/** A copy of the example's fleet file, edited. */
function editedFleet(edit: (text: string) => string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleet-'));
  const file = path.join(dir, 'logpush.yaml');
  fs.writeFileSync(file, edit(fs.readFileSync(FLEET_FILE, 'utf8')));
  return file;
}

const NEW_ZONE = '5d41402abc4b2a76b9719d911017c592';
const addZone = (text: string) =>
  text.replace(
    /\naccounts:\n/,
    `\n  - id: ${NEW_ZONE}\n    name: new.acme-9.com\n    datasets: [http_requests, firewall_events]\naccounts:\n`,
  );
/** The example's third zone (api.acme-1.com) and its lines. */
const REMOVED_ZONE = '8c2a781485f861971895b1f9f1f91cc1';
const removeZone = (text: string) =>
  text.replace(
    `  - id: ${REMOVED_ZONE}\n    name: api.acme-1.com\n    datasets: [http_requests, firewall_events]\n`,
    '',
  );

/** The stacks whose synthesized JSON differs between two syntheses (or exists in one only). */
function changedStacks(a: Synthesized, b: Synthesized): string[] {
  const names = [...new Set([...Object.keys(a.texts), ...Object.keys(b.texts)])].sort();
  return names.filter((n) => a.texts[n] !== b.texts[n]);
}

describe('LogpushFleet: examples/fleet', () => {
  let full: Synthesized;
  beforeAll(() => {
    full = synthFleet();
  });

  test('a foundation stack and one stack per shard, named from the fleet id and the shard names', () => {
    expect(Object.keys(full.texts).sort()).toEqual([
      'logpush-foundation',
      'logpush-shard-0',
      'logpush-shard-1',
      'logpush-shard-2',
      'logpush-shard-3',
    ]);
    for (const shard of ['shard-0', 'shard-1', 'shard-2', 'shard-3']) {
      expect(full.manifest.stacks[`logpush-${shard}`]!.dependencies).toEqual(['logpush-foundation']);
    }
  });

  test('the foundation holds the bucket, the Panther source, the ownership function and the alerts; no Cloudflare job', () => {
    const foundation = json(full, 'logpush-foundation');
    const counts = resourceCounts(foundation);
    // Cloudflare: only the alerts' notification policies, one per account (issue 19).
    expect(Object.keys(counts).filter((t) => t.startsWith('cloudflare_'))).toEqual([
      'cloudflare_notification_policy',
    ]);
    expect(counts).toMatchObject({
      aws_s3_bucket: 1,
      aws_s3_bucket_policy: 1,
      aws_s3_bucket_notification: 1,
      aws_lambda_function: 1,
      panther_s3_source: 1,
    });
    expect(onlyResource(foundation, 'aws_s3_bucket').bucket).toBe('acme-cloudflare-logs');
    // Per-dataset grants: one entry per dataset, whatever the number of zones.
    expect(onlyResource(foundation, 'panther_s3_source').prefix_log_types).toEqual([
      { prefix: 'cloudflare/audit_logs/', log_types: ['Cloudflare.Audit'], excluded_prefixes: [] },
      { prefix: 'cloudflare/firewall_events/', log_types: ['Cloudflare.Firewall'], excluded_prefixes: [] },
      { prefix: 'cloudflare/http_requests/', log_types: ['Cloudflare.HttpRequest'], excluded_prefixes: [] },
    ]);
  });

  test('the shards hold every pipeline of the file (92) and nothing else; each job in its per-dataset prefix', () => {
    const shards = Object.keys(full.texts).filter((n) => n !== 'logpush-foundation');
    let jobs = 0;
    for (const shard of shards) {
      const counts = resourceCounts(json(full, shard));
      expect(Object.keys(counts).sort()).toEqual([
        'aws_lambda_invocation',
        'cloudflare_logpush_job',
        'cloudflare_logpush_ownership_challenge',
      ]);
      expect(counts.cloudflare_logpush_job).toBeGreaterThan(0);
      jobs += counts.cloudflare_logpush_job!;
      for (const job of jobsOf(full, shard)) {
        const id = (job.zone_id ?? job.account_id) as string;
        expect(job.destination_conf).toBe(
          `s3://acme-cloudflare-logs/cloudflare/${job.dataset as string}/${id}/{DATE}?region=us-west-2`,
        );
      }
    }
    // 40 zones x 2 datasets, 10 zones x 1, 2 accounts x 1.
    expect(jobs).toBe(92);
    expect(Object.keys(full.fleet.pipelines)).toHaveLength(92);
  });

  test('adding a zone changes only the stack of its shard', () => {
    const added = synthFleet(editedFleet(addZone));
    const changed = changedStacks(full, added);
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatch(/^logpush-shard-\d$/);
    const newJobs = jobsOf(added, changed[0]!).filter((j) => j.zone_id === NEW_ZONE);
    expect(newJobs.map((j) => j.dataset).sort()).toEqual(['firewall_events', 'http_requests']);
    expect(jobsOf(added, changed[0]!)).toHaveLength(jobsOf(full, changed[0]!).length + 2);
  });

  test('removing a zone changes only the stack of its shard', () => {
    const removed = synthFleet(editedFleet(removeZone));
    const changed = changedStacks(full, removed);
    expect(changed).toHaveLength(1);
    expect(jobsOf(full, changed[0]!).filter((j) => j.zone_id === REMOVED_ZONE)).toHaveLength(2);
    expect(jobsOf(removed, changed[0]!).filter((j) => j.zone_id === REMOVED_ZONE)).toHaveLength(0);
  });

  test('one shard alone: only its stack and the foundation, both identical to the full synthesis', () => {
    const one = synthFleet(FLEET_FILE, ['shard-2']);
    expect(Object.keys(one.texts).sort()).toEqual(['logpush-foundation', 'logpush-shard-2']);
    expect(one.texts['logpush-foundation']).toBe(full.texts['logpush-foundation']);
    expect(one.texts['logpush-shard-2']).toBe(full.texts['logpush-shard-2']);
  });

  test('LOGPUSH_SHARDS selects the shards when the app names none', () => {
    process.env.LOGPUSH_SHARDS = 'shard-1, shard-3';
    try {
      const app = Testing.app();
      const fleet = defineFleet(app);
      expect(Object.keys(fleet.shardStacks)).toEqual(['shard-1', 'shard-3']);
    } finally {
      delete process.env.LOGPUSH_SHARDS;
    }
  });

  test('fails: selecting shards still registers every claim of the app (zone jobs, prefixes)', () => {
    // GIVEN a fleet whose zone has Cloudflare's 4 jobs, and only the OTHER shard selected
    const ZONE = '0123456789abcdef0123456789abcdef';
    const yaml = [
      'version: 1',
      'sharding: { shards: 2 }',
      'buckets:',
      '  main: { name: acme-claims-logs, region: us-west-2 }',
      'defaults: { bucket: main }',
      'zones:',
      `  - id: ${ZONE}`,
      '    datasets: [http_requests, firewall_events, dns_logs, zaraz_events]',
      '  - id: fedcba9876543210fedcba9876543210',
      '    datasets: [http_requests_other]',
    ].join('\n');
    const spec = parseFleet(yaml.replace('http_requests_other', 'firewall_events'), 'claims.yaml');
    const planned = new LogpushFleet(Testing.app(), 'probe', { spec, configureStack, shards: [] }).plan;
    const planned0 = planned.pipelines.find((p) => p.dataset === 'http_requests' && p.props.zoneId === ZONE)!;
    const zoneShard = planned0.shard;
    const other = planned.shards.find((s) => s !== zoneShard)!;
    const app = Testing.app();
    const fleet = new LogpushFleet(app, 'logpush', { spec, configureStack, shards: [other] });
    expect(Object.keys(fleet.shardStacks)).toEqual([other]);
    const stack = new TerraformStack(app, 'hand-written');
    configureStack(stack, { fleetId: 'x', kind: 'shard' });
    const bucket = fleet.buckets.main!;
    // WHEN a fifth job on that zone, THEN refused (Cloudflare allows 4 per zone)
    let fifth: unknown;
    try {
      new LogpushPipeline(stack, 'fifth', { zoneId: ZONE, dataset: 'spectrum_events', bucket });
    } catch (e) {
      fifth = e;
    }
    expect(LogpushValidationError.isLogpushValidationError(fifth)).toBe(true);
    expect((fifth as Error).message).toMatch(/at most 4 Logpush jobs per zone/);
    // WHEN a pipeline on the unselected shard's prefix, THEN refused
    let prefix: unknown;
    try {
      new LogpushPipeline(stack, 'same-prefix', {
        zoneId: 'fedcba9876543210fedcba9876543211',
        dataset: 'http_requests',
        bucket,
        prefix: planned0.prefix,
      });
    } catch (e) {
      prefix = e;
    }
    expect((prefix as LogpushValidationError).codes).toEqual(['PREFIX_OVERLAP']);
  });

  test('fails on an unknown shard name, naming the known ones', () => {
    const app = Testing.app();
    expect(() => defineFleet(app, FLEET_FILE, ['shard-9', 'shard-1'])).toThrow(LogpushValidationError);
    expect(() => defineFleet(Testing.app(), FLEET_FILE, ['shard-9'])).toThrow(
      /shards\.0: no such shard; the fleet has shard-0, shard-1, shard-2, shard-3/,
    );
    // Refused before anything was defined.
    expect(app.node.children).toHaveLength(0);
  });
});

describe('docs/fleet.md', () => {
  test("the file of the page's program defines a fleet: a foundation and its 4 shards", () => {
    const section = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'fleet.md'), 'utf8');
    // The program's inline file (`parseFleet(\`...\`, 'logpush.yaml')`).
    const yaml = /parseFleet\(\s*`([\s\S]*?)`/.exec(section)![1]!;
    const app = Testing.app();
    const fleet = new LogpushFleet(app, 'logpush', {
      spec: parseFleet(yaml, 'docs/fleet.md'),
      configureStack: () => undefined,
    });
    expect(Object.keys(fleet.shardStacks)).toEqual(['shard-0', 'shard-1', 'shard-2', 'shard-3']);
    expect(Object.keys(fleet.pipelines).sort()).toEqual([
      'account-01a7362d577a6c3019a474fd6f485823-audit_logs',
      'zone-023e105f4ecef8ad9ca31a8372d0c353-dns_logs',
      'zone-023e105f4ecef8ad9ca31a8372d0c353-firewall_events',
      'zone-023e105f4ecef8ad9ca31a8372d0c353-http_requests',
    ]);
  });
});
