import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/io';
import { runCli } from '../support/cli';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'fleet');
const VALID = path.join(FIXTURES, 'logpush.yaml');
const INVALID = path.join(FIXTURES, 'invalid.yaml');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-fleet-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The fixture with another shard count (and optionally allowReshard). */
function withShards(name: string, shards: number, allowReshard = false): string {
  const file = path.join(tmp, name);
  const extra = `sharding: { shards: ${shards}${allowReshard ? ', allowReshard: true' : ''} }\n`;
  fs.writeFileSync(file, fs.readFileSync(VALID, 'utf8') + extra);
  return file;
}

describe('cdktf-logpush validate', () => {
  test('a valid file: one summary line on stdout, exit 0', async () => {
    const r = await runCli(['validate', VALID]);
    expect(r).toEqual({
      code: 0,
      stdout: `${VALID}: valid: 2 zones, 1 account, 5 pipelines, 2 stacks (foundation + 1 shard)\n`,
      stderr: '',
    });
  });

  test('fails with every problem on stderr as file:line:column path: message, exit 1', async () => {
    const r = await runCli(['validate', INVALID]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(11);
    expect(lines[4]).toBe(
      `${INVALID}:12:9 zones[0].datasets[1]: unknown zone dataset; closest known: http_requests, dns_logs, zaraz_events (\`cdktf-logpush datasets --scope zone\` lists all) (got "http_request")`,
    );
    expect(lines[10]).toBe(`${INVALID}: 10 problems`);
    expect(r.stderr).not.toContain('\u001b[');
  });

  test('fails with --json: the problems as JSON on stdout, nothing on stderr', async () => {
    const r = await runCli(['validate', INVALID, '--json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { valid: boolean; issues: Record<string, unknown>[] };
    expect(out.valid).toBe(false);
    expect(out.issues).toHaveLength(10);
    expect(out.issues[5]).toEqual({
      file: INVALID,
      line: 14,
      column: 26,
      path: 'zones[0].datasets[2].fields[1]',
      message:
        'unknown field of zone dataset firewall_events; closest known: ClientIP, ClientASN, ClientIPClass',
      value: 'ClientIPP',
      code: 'NOT_IN_CATALOGUE',
    });
    // Every problem has a code of its own (docs/errors.md).
    expect(out.issues.every((i) => typeof i.code === 'string')).toBe(true);
  });

  test('fails with --github: one error annotation per problem on stdout', async () => {
    const r = await runCli(['validate', INVALID, '--github']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(10);
    expect(lines[1]).toBe(
      `::error file=${INVALID},line=5,col=37,title=siem.panther.bucket::names no entry of buckets; declared: main; closest known: main (got "mian")`,
    );
    expect(lines[5]).toMatch(
      /^::error file=.*,line=14,col=26,title=zones\[0\].datasets\[2\].fields\[1\]::unknown field/,
    );
  });

  test('--json on a valid file', async () => {
    const r = await runCli(['validate', VALID, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      file: VALID,
      valid: true,
      zones: 2,
      accounts: 1,
      pipelines: 5,
      stacks: 2,
      shards: ['shard-0'],
    });
  });

  test('fails with exit 2 on a missing file or argument', async () => {
    const missing = await runCli(['validate', path.join(tmp, 'nope.yaml')]);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(/no such fleet file/);
    const none = await runCli(['validate']);
    expect(none.code).toBe(2);
    expect(none.stdout).toBe('');
  });

  test('fails on a YAML syntax error with its position', async () => {
    const file = path.join(tmp, 'broken.yaml');
    fs.writeFileSync(file, 'version: 1\nbuckets:\n  main: { name: x\n');
    const r = await runCli(['validate', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+ YAML: `));
  });

  test('fails with --base when the shard count changes without allowReshard', async () => {
    const base = withShards('base.yaml', 1);
    const next = withShards('next.yaml', 2);
    const r = await runCli(['validate', next, '--base', base]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /next\.yaml:21:21 sharding\.shards: changes from 1 to 2 shards, which moves \d+ pipelines? to another stack/,
    );
    const confirmed = await runCli(['validate', withShards('confirmed.yaml', 2, true), '--base', base]);
    expect(confirmed.code).toBe(0);
    const same = await runCli(['validate', withShards('same.yaml', 1), '--base', base]);
    expect(same.code).toBe(0);
  });

  test('--help documents the exit codes', async () => {
    const r = await runCli(['validate', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage: cdktf-logpush validate \[options\] <file>/);
    expect(r.stdout).toMatch(/Exit codes: 0 valid; 1 problems/);
  });
});

describe('cdktf-logpush plan-summary', () => {
  test('zones x datasets, prefixes, stacks, grants and Panther log types', async () => {
    const r = await runCli(['plan-summary', VALID, '--id', 'logs']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('logs-foundation  buckets: main; siem: panther; ownership function');
    expect(r.stdout).toContain('logs-shard-0     5 pipelines of 3 zones or accounts');
    expect(r.stdout).toContain('main: acme-cloudflare-logs (us-west-2), per-dataset: 4 grant prefixes');
    expect(r.stdout).toContain('    cloudflare/http_requests/*\n');
    expect(r.stdout).toContain('log types: Cloudflare.Audit, Cloudflare.Firewall, Cloudflare.HttpRequest');
    expect(r.stdout).toMatch(
      /example\.com +firewall_events +main:cloudflare\/firewall_events\/023e105f4ecef8ad9ca31a8372d0c353 +logs-shard-0 +Cloudflare\.Firewall/,
    );
    expect(r.stdout).toMatch(
      /example\.org +dns_logs +main:cloudflare\/dns_logs\/1f2e3d4c5b6a79881f2e3d4c5b6a7988 +logs-shard-0 +-\n/,
    );
  });

  test('--json for scripts', async () => {
    const r = await runCli(['plan-summary', VALID, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.stacks.map((s: { name: string }) => s.name)).toEqual(['foundation', 'shard-0']);
    expect(out.buckets[0].writerGrantPrefixes).toEqual([
      'cloudflare/audit_logs',
      'cloudflare/dns_logs',
      'cloudflare/firewall_events',
      'cloudflare/http_requests',
    ]);
    expect(out.pipelines[0]).toEqual({
      id: 'zone-023e105f4ecef8ad9ca31a8372d0c353-http_requests',
      scope: 'zone',
      zoneId: '023e105f4ecef8ad9ca31a8372d0c353',
      zoneName: 'example.com',
      dataset: 'http_requests',
      fields: 'all',
      bucket: 'main',
      prefix: 'cloudflare/http_requests/023e105f4ecef8ad9ca31a8372d0c353',
      stack: 'shard-0',
      siem: 'panther',
      logType: 'Cloudflare.HttpRequest',
    });
  });

  test('fails on an invalid file: problems on stderr, nothing on stdout, exit 1', async () => {
    const r = await runCli(['plan-summary', INVALID]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${INVALID}:17:9 zones[2].id:`);
  });
});

describe('cdktf-logpush graph', () => {
  test('a Mermaid flowchart on stdout: zones -> datasets -> prefixes -> SIEM', async () => {
    const r = await runCli(['graph', VALID]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('flowchart LR');
    expect(lines).toContain('  subgraph g0["bucket main: acme-cloudflare-logs"]');
    expect(lines).toContain('    o0(["example.com"])');
    expect(lines).toContain('    p3[/"cloudflare/http_requests/"/]');
    expect(lines).toContain('  s0[("Panther: panther")]');
    // example.com -> http_requests -> cloudflare/http_requests/ -> Panther
    expect(lines).toEqual(
      expect.arrayContaining(['  o0 --> d0', '  d0 --> p3', '  p3 -->|"Cloudflare.HttpRequest"| s0']),
    );
    // dns_logs has no SIEM: its prefix has no edge onward.
    expect(lines.filter((l) => l.startsWith('  p1 -->'))).toEqual([]);
  });

  test('-o writes the file and keeps stdout empty', async () => {
    const out = path.join(tmp, 'fleet.mmd');
    const r = await runCli(['graph', VALID, '-o', out]);
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(fs.readFileSync(out, 'utf8')).toMatch(/^flowchart LR\n/);
  });

  test('--json: nodes and edges', async () => {
    const r = await runCli(['graph', VALID, '--json']);
    const graph = JSON.parse(r.stdout) as { nodes: { kind: string }[]; edges: unknown[] };
    expect(graph.nodes.filter((n) => n.kind === 'dataset')).toHaveLength(5);
    expect(graph.edges).toContainEqual({ from: 'p3', to: 's0', label: 'Cloudflare.HttpRequest' });
  });

  test('--shard draws only the named shards; fails with exit 2 on an unknown shard', async () => {
    const file = withShards('graph-shards.yaml', 3);
    const all = await runCli(['plan-summary', file, '--json']);
    const pipelines = JSON.parse(all.stdout).pipelines as { stack: string; dataset: string }[];
    const shard = pipelines[0]!.stack;
    const inShard = pipelines.filter((p) => p.stack === shard).length;
    expect(inShard).toBeLessThan(pipelines.length);
    const r = await runCli(['graph', file, '--json', '--shard', shard]);
    expect(r.code).toBe(0);
    const graph = JSON.parse(r.stdout) as { nodes: { kind: string; group?: string }[] };
    const datasets = graph.nodes.filter((n) => n.kind === 'dataset');
    expect(datasets).toHaveLength(inShard);
    expect(datasets.every((n) => n.group === shard)).toBe(true);
    const bad = await runCli(['graph', file, '--shard', 'shard-9']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/no shard "shard-9"; the fleet has shard-0, shard-1, shard-2/);
  });

  test('fails with exit 1 on an invalid file and exit 2 on an unwritable output', async () => {
    expect((await runCli(['graph', INVALID])).code).toBe(1);
    const r = await runCli(['graph', VALID, '-o', path.join(tmp, 'no', 'such', 'dir', 'x.mmd')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/cannot write/);
  });
});

describe('colour', () => {
  function io(env: NodeJS.ProcessEnv): CliIo & { err: string[] } {
    const err: string[] = [];
    return { stdout: () => undefined, stderr: (t) => err.push(t), isTTY: true, env, cwd: process.cwd(), err };
  }

  test('problems are coloured on a terminal, and not with NO_COLOR', async () => {
    const tty = io({});
    expect(await run(['validate', INVALID], tty)).toBe(1);
    expect(tty.err.join('')).toContain('\u001b[1m');
    const plain = io({ NO_COLOR: '1' });
    expect(await run(['validate', INVALID], plain)).toBe(1);
    expect(plain.err.join('')).not.toContain('\u001b[');
  });
});

test('docs/cli.md shows the graph of the fleet file it names, as `graph` draws it', async () => {
  const root = path.join(__dirname, '..', '..');
  const readme = fs.readFileSync(path.join(root, 'docs', 'cli.md'), 'utf8');
  // The block follows a sentence ending "The fleet of `<file>`:" (regenerate with `cdktf-logpush graph <file>`).
  const m = /The fleet of\s+`([^`]+)`:\s*\n\s*```mermaid\n([\s\S]*?)```/.exec(readme)!;
  expect(m).not.toBeNull();
  const r = await runCli(['graph', path.join(root, m[1]!)]);
  expect(r.code).toBe(0);
  expect(m[2]).toBe(r.stdout);
});

test('validating a fleet never loads cdktf or constructs (the built package, in a fresh process)', () => {
  const script = [
    "const { loadFleetFileWithPlan } = require('./lib/src/fleet');",
    `const { plan } = loadFleetFileWithPlan(${JSON.stringify(VALID)});`,
    'const loaded = Object.keys(require.cache).filter((k) => /[\\\\/]node_modules[\\\\/](cdktf|constructs|@cdktf)[\\\\/]/.test(k));',
    'process.stdout.write(JSON.stringify({ pipelines: plan.pipelines.length, loaded }));',
  ].join('\n');
  const r = spawnSync(process.execPath, ['-e', script], {
    cwd: path.join(__dirname, '..', '..'),
    encoding: 'utf8',
  });
  expect(r.stderr).toBe('');
  expect(JSON.parse(r.stdout)).toEqual({ pipelines: 5, loaded: [] });
});
