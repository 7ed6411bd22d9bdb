/** `cdktf-logpush datasets` and `fields` through the real bin. */
import { parse } from 'yaml';
import { allFields, datasetsOf, fieldsOf } from '../../src/datasets';
import { parseFleet, planFleet } from '../../src/fleet';
import { runCli } from '../support/cli';

describe('cdktf-logpush datasets', () => {
  test('lists every dataset of both scopes with field counts and provider support', async () => {
    const r = await runCli(['datasets']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(datasetsOf('zone').length + datasetsOf('account').length);
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(`^zone +http_requests +${fieldsOf('zone', 'http_requests').length} fields`),
      ),
    );
    // websocket_analytics is in Cloudflare's docs but not in the 5.14.0 provider's dataset enum.
    expect(lines).toContainEqual(expect.stringMatching(/^zone +websocket_analytics .*not in provider/));
    expect(r.stdout).not.toContain('\u001b[');
  });

  test('--scope account --json: only account datasets, as JSON', async () => {
    const r = await runCli(['datasets', '--scope', 'account', '--json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as {
      name: string;
      scope: string;
      fields: number;
      inProvider: boolean;
    }[];
    expect(rows.map((x) => x.name)).toEqual(datasetsOf('account'));
    expect(rows.every((x) => x.scope === 'account')).toBe(true);
    expect(rows.find((x) => x.name === 'audit_logs')).toEqual(
      expect.objectContaining({ fields: fieldsOf('account', 'audit_logs').length, inProvider: true }),
    );
  });

  test('fails with exit 2 on an unknown scope', async () => {
    const r = await runCli(['datasets', '--scope', 'planet']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Allowed choices are zone, account');
  });
});

describe('cdktf-logpush fields', () => {
  test('lists fields with types and deprecated marks', async () => {
    const r = await runCli(['fields', 'http_requests']);
    expect(r.code).toBe(0);
    const entries = fieldsOf('zone', 'http_requests');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(entries.length);
    expect(lines).toContainEqual(expect.stringMatching(/^ClientIP +string$/));
    const deprecated = entries.find((e) => e[2] === 'deprecated')!;
    expect(lines).toContainEqual(
      expect.stringMatching(new RegExp(`^${deprecated[0]} +${deprecated[1]} +\\(deprecated\\)$`)),
    );
  });

  test('--paste prints a YAML fields: block with every non-deprecated field (what all means)', async () => {
    const r = await runCli(['fields', 'dns_logs', '--paste']);
    expect(r.code).toBe(0);
    expect(parse(r.stdout)).toEqual({ fields: [...allFields('zone', 'dns_logs')] });
  });

  test("--paste --indent 8 pastes under a fleet file's dataset entry as it is", async () => {
    const r = await runCli(['fields', 'dns_logs', '--paste', '--indent', '8']);
    expect(r.code).toBe(0);
    const file = [
      'version: 1',
      'buckets:',
      '  main: { name: acme-cloudflare-logs, region: us-west-2 }',
      'zones:',
      '  - id: 023e105f4ecef8ad9ca31a8372d0c353',
      '    datasets:',
      '      - dataset: dns_logs',
      r.stdout.trimEnd(),
      '',
    ].join('\n');
    expect(planFleet(parseFleet(file, 'logpush.yaml')).pipelines[0]!.fields).toEqual([
      ...allFields('zone', 'dns_logs'),
    ]);
  });

  test('--paste --format ts prints a TypeScript property', async () => {
    const r = await runCli(['fields', 'audit_logs', '--paste', '--format', 'ts']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      `fields: [\n${allFields('account', 'audit_logs')
        .map((f) => `  '${f}',\n`)
        .join('')}],\n`,
    );
  });

  test('--json gives name, type and deprecated per field', async () => {
    const r = await runCli(['fields', 'firewall_events', '--scope', 'account', '--json']);
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout) as {
      dataset: string;
      scope: string;
      fields: { name: string; type: string; deprecated: boolean }[];
    };
    expect(d.scope).toBe('account');
    expect(d.fields).toHaveLength(fieldsOf('account', 'firewall_events').length);
  });

  test('fails with exit 2 for a dataset of both scopes without --scope, and explains', async () => {
    const r = await runCli(['fields', 'firewall_events']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('"firewall_events" exists in both scopes');
    expect(r.stderr).toContain('pass --scope zone or --scope account');
  });

  test('fails with exit 1 for an unknown dataset and names the closest', async () => {
    const r = await runCli(['fields', 'http_request']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('unknown dataset "http_request"; closest: http_requests');
  });

  test('fails with exit 1 for a dataset of the other scope', async () => {
    const r = await runCli(['fields', 'audit_logs', '--scope', 'zone']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      '"audit_logs" is not a zone dataset but an account dataset: use --scope account',
    );
  });

  test('fails with exit 2 without a dataset or with an unknown format', async () => {
    expect((await runCli(['fields'])).code).toBe(2);
    const r = await runCli(['fields', 'dns_logs', '--paste', '--format', 'hcl']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Allowed choices are yaml, ts');
  });

  test.each(['abc', '-1', '33', '2.5'])(
    'fails with exit 2 and the allowed range for --indent %s',
    async (v) => {
      const r = await runCli(['fields', 'dns_logs', '--paste', `--indent=${v}`]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('--indent must be a whole number of spaces from 0 to 32');
    },
  );
});
