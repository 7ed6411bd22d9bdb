/**
 * `cdktf-logpush graph <fleet file> [-o <file>] [--json]`: a Mermaid flowchart of the fleet, zones
 * (grouped by stack) -> datasets -> bucket prefixes -> SIEM, on stdout unless `-o` names a file.
 * GitHub renders Mermaid in Markdown, so the diagram can go in a README or a pull-request comment.
 */
import * as fs from 'fs';
import { closestNames } from '../../datasets';
import type { FleetPlan } from '../../fleet';
import { requireValidFleet } from '../fleet-input';
import { CliError, EXIT } from '../io';
import type { RegisterCommand } from '../command';
import { grantPrefixes } from '../fleet-grants';
import { mermaidLabel as label } from '../../output-text';
import { grantPrefixOf } from '../../model/layout';

interface GraphOptions {
  output?: string;
  json?: boolean;
  shard?: string[];
}

/**
 * The plan limited to some shards. Mermaid renders at most 50,000 characters and 500 edges by
 * default (https://mermaid.js.org/config/schema-docs/config.html: maxTextSize, maxEdges).
 */
export function onlyShards(plan: FleetPlan, shards: readonly string[] | undefined): FleetPlan {
  if (shards === undefined) return plan;
  const unknown = shards.filter((s) => !plan.shards.includes(s));
  if (unknown.length > 0) {
    throw new CliError(
      `no shard ${unknown.map((s) => `"${s}"`).join(', ')}; the fleet has ${plan.shards.join(', ')} (closest: ${closestNames(unknown[0]!, plan.shards).join(', ')})`,
      EXIT.usage,
    );
  }
  const wanted = new Set(shards);
  return { ...plan, pipelines: plan.pipelines.filter((p) => wanted.has(p.shard)) };
}

export interface GraphNode {
  readonly id: string;
  readonly label: string;
  readonly kind: 'zone' | 'account' | 'dataset' | 'prefix' | 'siem';
  /** The subgraph it is drawn in: a stack for zones, accounts and datasets, a bucket for prefixes. */
  readonly group?: string;
}
export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly label?: string;
}
export interface FleetGraph {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

/** The fleet as nodes and edges. Prefix nodes are the grant units: one per dataset with per-dataset grants. */
export function fleetGraph(plan: FleetPlan): FleetGraph {
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  const node = (n: GraphNode) => nodes.has(n.id) || nodes.set(n.id, n);
  const edge = (e: GraphEdge) => edges.set(`${e.from}>${e.to}`, e);
  const owners = new Map<string, string>();
  const ownerId = (key: string) => {
    if (!owners.has(key)) owners.set(key, `o${owners.size}`);
    return owners.get(key)!;
  };
  const buckets = new Map(plan.buckets.map((b) => [b.key, b]));
  const prefixNodes = new Map<string, string>();
  plan.buckets.forEach((b) =>
    grantPrefixes(plan, b.key).forEach((prefix) => {
      const id = `p${prefixNodes.size}`;
      prefixNodes.set(`${b.key}:${prefix}`, id);
      node({ id, label: `${prefix}/`, kind: 'prefix', group: `bucket ${b.key}: ${b.props.bucketName}` });
    }),
  );
  plan.siems.forEach((s, i) => node({ id: `s${i}`, label: `Panther: ${s.props.name}`, kind: 'siem' }));
  const siemIds = new Map(plan.siems.map((s, i) => [s.key, `s${i}`]));

  plan.pipelines.forEach((p, i) => {
    const ownerKey = p.zoneId ?? p.accountId!;
    const o = ownerId(ownerKey);
    node({
      id: o,
      label: p.scope === 'zone' ? (p.zoneName ?? p.zoneId!) : `account ${p.accountName ?? p.accountId!}`,
      kind: p.scope,
      group: p.shard,
    });
    const d = `d${i}`;
    node({ id: d, label: p.dataset, kind: 'dataset', group: p.shard });
    edge({ from: o, to: d });
    const bucket = buckets.get(p.bucket)!;
    const grantPrefix = grantPrefixOf(bucket.grants, bucket.prefixRoot, p);
    const pn = prefixNodes.get(`${p.bucket}:${grantPrefix}`)!;
    edge({ from: d, to: pn });
    if (p.siem !== undefined) edge({ from: pn, to: siemIds.get(p.siem)!, label: p.logType });
  });
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

/** The graph as a Mermaid flowchart (left to right), subgraphs for stacks and buckets. */
export function mermaid(graph: FleetGraph): string {
  const lines = ['flowchart LR'];
  const groups = new Map<string, GraphNode[]>();
  const loose: GraphNode[] = [];
  for (const n of graph.nodes) {
    if (n.group === undefined) loose.push(n);
    else groups.set(n.group, [...(groups.get(n.group) ?? []), n]);
  }
  let g = 0;
  for (const [group, members] of groups) {
    lines.push(`  subgraph g${g++}[${label(group)}]`);
    for (const n of members) lines.push(`    ${shape(n)}`);
    lines.push('  end');
  }
  for (const n of loose) lines.push(`  ${shape(n)}`);
  for (const e of graph.edges) {
    lines.push(e.label ? `  ${e.from} -->|${label(e.label)}| ${e.to}` : `  ${e.from} --> ${e.to}`);
  }
  return `${lines.join('\n')}\n`;
}

function shape(n: GraphNode): string {
  switch (n.kind) {
    case 'zone':
    case 'account':
      return `${n.id}([${label(n.label)}])`;
    case 'prefix':
      return `${n.id}[/${label(n.label)}/]`;
    case 'siem':
      return `${n.id}[(${label(n.label)})]`;
    default:
      return `${n.id}[${label(n.label)}]`;
  }
}

export const registerGraph: RegisterCommand = (program, io) => {
  program
    .command('graph')
    .description('draw a fleet file as a Mermaid flowchart: zones -> datasets -> bucket prefixes -> SIEM')
    .argument('<file>', 'the fleet file (logpush.yaml; JSON accepted)')
    .option('-o, --output <file>', 'write the diagram to this file instead of stdout')
    .option('--json', 'print the graph as JSON nodes and edges instead of Mermaid')
    .option(
      '--shard <name...>',
      'draw only these shards (e.g. shard-3): a large fleet exceeds what Mermaid renders',
    )
    .addHelpText(
      'after',
      "\nGitHub renders a ```mermaid block in Markdown, up to Mermaid's default limits (50,000 characters,\n500 edges): draw a large fleet shard by shard.\nExit codes: 0 drawn; 1 the file is invalid (problems on stderr); 2 usage, e.g. an unwritable -o or an unknown shard.",
    )
    .action((file: string, opts: GraphOptions) => {
      const { plan } = requireValidFleet(io, file);
      const graph = fleetGraph(onlyShards(plan, opts.shard));
      const text = opts.json ? `${JSON.stringify(graph, null, 2)}\n` : mermaid(graph);
      if (opts.output === undefined) {
        io.stdout(text);
        return;
      }
      try {
        fs.writeFileSync(opts.output, text);
      } catch (e) {
        throw new CliError(`cannot write ${opts.output}: ${(e as Error).message}`, EXIT.usage);
      }
      if (io.isTTY) io.stderr(`wrote ${opts.output}\n`);
    });
};
