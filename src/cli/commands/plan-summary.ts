/**
 * `cdktf-logpush plan-summary <fleet file> [--id <fleet id>] [--json]`: what the file would make
 * exist, without cdktf: zones x datasets with their prefixes and stacks, the stacks, each bucket's
 * writer grants, and the Panther log types.
 */
import type { LoadedFleet, PlannedPipeline } from '../../fleet';
import { grantPrefixes } from '../fleet-grants';
import { plural, requireValidFleet, stackNames } from '../fleet-input';
import type { RegisterCommand } from '../command';
import { terminalText } from '../../output-text';

interface SummaryOptions {
  id?: string;
  json?: boolean;
}

const owner = (p: PlannedPipeline): string =>
  p.scope === 'zone' ? (p.zoneName ?? p.zoneId!) : `account ${p.accountName ?? p.accountId!}`;

function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) =>
    r
      .map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]! + 2)))
      .join('')
      .trimEnd(),
  );
}

/** The summary as JSON. */
export function summaryJson(file: string, fleet: LoadedFleet, fleetId?: string) {
  const { plan } = fleet;
  const stacks = stackNames(fleetId, plan.shards);
  return {
    file,
    zones: fleet.spec.zones?.length ?? 0,
    accounts: fleet.spec.accounts?.length ?? 0,
    stacks: [
      {
        name: stacks[0]!,
        kind: 'foundation',
        buckets: plan.buckets.map((b) => b.key),
        siem: plan.siems.map((s) => s.key),
      },
      ...plan.shards.map((shard, i) => ({
        name: stacks[i + 1]!,
        kind: 'shard',
        shard,
        pipelines: plan.pipelines.filter((p) => p.shard === shard).length,
      })),
    ],
    buckets: plan.buckets.map((b) => ({
      key: b.key,
      name: b.props.bucketName,
      region: b.props.region,
      grants: b.grants,
      writerGrantPrefixes: grantPrefixes(plan, b.key),
    })),
    siem: plan.siems.map((s) => ({
      key: s.key,
      type: s.type,
      name: s.props.name,
      bucket: s.bucket,
      logTypes: s.logTypes,
    })),
    pipelines: plan.pipelines.map((p) => ({
      id: p.id,
      scope: p.scope,
      ...(p.zoneId !== undefined ? { zoneId: p.zoneId, zoneName: p.zoneName } : {}),
      ...(p.accountId !== undefined ? { accountId: p.accountId, accountName: p.accountName } : {}),
      dataset: p.dataset,
      fields: p.fields,
      bucket: p.bucket,
      prefix: p.prefix,
      stack: fleetId ? `${fleetId}-${p.shard}` : p.shard,
      ...(p.siem !== undefined ? { siem: p.siem, logType: p.logType } : {}),
    })),
  };
}

/** The summary as text. */
export function summaryText(file: string, fleet: LoadedFleet, fleetId?: string): string {
  const { plan } = fleet;
  const stacks = stackNames(fleetId, plan.shards);
  const out: string[] = [];
  out.push(
    `${file}: ${plural(fleet.spec.zones?.length ?? 0, 'zone')}, ${plural(fleet.spec.accounts?.length ?? 0, 'account')}, ` +
      `${plural(plan.pipelines.length, 'pipeline')} in ${plural(stacks.length, 'stack')}`,
    '',
    'Stacks',
  );
  out.push(
    ...table([
      [
        '  ' + stacks[0]!,
        `buckets: ${plan.buckets.map((b) => b.key).join(', ')}; siem: ${plan.siems.map((s) => s.key).join(', ') || 'none'}; ownership function`,
      ],
      ...plan.shards.map((shard, i) => {
        const ps = plan.pipelines.filter((p) => p.shard === shard);
        const owners = new Set(ps.map((p) => p.zoneId ?? p.accountId)).size;
        return [
          '  ' + stacks[i + 1]!,
          `${plural(ps.length, 'pipeline')} of ${plural(owners, 'zone or account', 'zones or accounts')}`,
        ];
      }),
    ]),
  );
  out.push('', 'Buckets and Cloudflare writer grants (s3:PutObject on <prefix>/*)');
  for (const b of plan.buckets) {
    const prefixes = grantPrefixes(plan, b.key);
    out.push(
      `  ${b.key}: ${b.props.bucketName} (${b.props.region}), ${b.grants}: ${plural(prefixes.length, 'grant prefix', 'grant prefixes')}`,
    );
    for (const p of prefixes) out.push(`    ${p}/*`);
  }
  out.push('', 'SIEM');
  if (plan.siems.length === 0) out.push('  none');
  for (const s of plan.siems) {
    out.push(
      `  ${s.key}: Panther source "${s.props.name}" reading ${s.bucket}; log types: ${s.logTypes.join(', ') || 'none'}`,
    );
  }
  out.push('', 'Pipelines (zone x dataset)');
  if (plan.pipelines.length === 0) out.push('  none');
  else {
    out.push(
      ...table([
        ['  ZONE / ACCOUNT', 'DATASET', 'PREFIX', 'STACK', 'LOG TYPE'],
        ...plan.pipelines.map((p) => [
          `  ${owner(p)}`,
          p.dataset,
          `${p.bucket}:${p.prefix}`,
          fleetId ? `${fleetId}-${p.shard}` : p.shard,
          p.logType ?? '-',
        ]),
      ]),
    );
  }
  // Names from the file (zones, accounts, sources) reach a terminal: escaped, one line each.
  return `${out.map(terminalText).join('\n')}\n`;
}

export const registerPlanSummary: RegisterCommand = (program, io) => {
  program
    .command('plan-summary')
    .description(
      'what a fleet file would make exist: zones x datasets, prefixes, stacks, grants, Panther log types',
    )
    .argument('<file>', 'the fleet file (logpush.yaml; JSON accepted)')
    .option(
      '--id <fleet id>',
      "the LogpushFleet's id, to print the app's stack names (<id>-foundation, <id>-shard-0, ...)",
    )
    .option('--json', 'print JSON for scripts')
    .addHelpText('after', '\nExit codes: 0 summarised; 1 the file is invalid (problems on stderr); 2 usage.')
    .action((file: string, opts: SummaryOptions) => {
      const fleet = requireValidFleet(io, file);
      io.stdout(
        opts.json
          ? `${JSON.stringify(summaryJson(file, fleet, opts.id), null, 2)}\n`
          : summaryText(file, fleet, opts.id),
      );
    });
};
