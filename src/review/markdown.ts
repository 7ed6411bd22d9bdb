/** The review as Markdown for a pull-request comment. */
import { markdownCode as code } from '../output-text';
import { SECRET_ATTRIBUTES, type JobRef, type SynthDiff } from './types';

const short = (v: unknown) => {
  const text = typeof v === 'string' ? v : JSON.stringify(v ?? null);
  return code(text.length > 120 ? `${text.slice(0, 117)}...` : text);
};

function jobLabel(j: JobRef): string {
  const owner = j.zoneId ? `zone ${j.zoneId}` : j.accountId ? `account ${j.accountId}` : 'no zone/account';
  return `${code(j.stack)} ${code(j.address)} (${j.dataset ?? '?'}, ${owner})`;
}

/** The diff as Markdown for a pull-request comment. */
export function diffMarkdown(d: SynthDiff): string {
  const out: string[] = ['## cdktf-logpush diff', ''];
  const jobRecreations = d.recreations.filter((r) => r.job);
  if (d.recreations.length) {
    out.push('> [!CAUTION]');
    out.push(
      `> **RE-CREATION: ${d.recreations.length} resource(s) will be destroyed and created again` +
        (jobRecreations.length
          ? `, ${jobRecreations.length} of them Logpush job(s): Cloudflare never backfills, the logs in between are lost`
          : '') +
        '.**',
    );
    for (const r of d.recreations) {
      out.push(`> - ${r.job ? '**job** ' : ''}${code(r.stack)} ${code(r.address)}: ${r.reason}`);
    }
    out.push('');
  }
  if (d.destinationChanges.length) {
    out.push('> [!WARNING]');
    out.push(`> **${d.destinationChanges.length} job(s) change destination.**`);
    for (const c of d.destinationChanges) {
      out.push(`> - ${jobLabel(c)}: ${code(c.oldDestination)} -> ${code(c.newDestination)}. ${c.note}`);
    }
    out.push('');
  }
  const stackList = (names: readonly string[]) => (names.length ? names.map(code).join(', ') : 'none');
  out.push(`**Stacks touched:** ${stackList(d.touchedStacks)}`);
  if (d.stacks.added.length) out.push(`- added: ${stackList(d.stacks.added)}`);
  if (d.stacks.removed.length) out.push(`- removed: ${stackList(d.stacks.removed)}`);
  if (d.stacks.changed.length) out.push(`- changed: ${stackList(d.stacks.changed)}`);
  out.push('');

  const p = d.pipelines;
  out.push(
    `### Pipelines: ${p.added.length} added, ${p.removed.length} removed, ${p.changed.length} changed, ${p.moved.length} moved`,
    '',
  );
  for (const j of p.added) out.push(`- **added** ${jobLabel(j)} -> ${short(j.destination)}`);
  for (const j of p.removed) out.push(`- **removed** ${jobLabel(j)} (was -> ${short(j.destination)})`);
  for (const m of p.moved) {
    out.push(`- **moved** ${jobLabel(m.from)} -> ${code(m.to.stack)} ${code(m.to.address)}`);
  }
  for (const c of p.changed) {
    out.push(`- **changed** ${jobLabel(c)}`);
    for (const a of c.changes) {
      if (a.attribute === 'output_options.field_names') {
        const parts = [
          a.fieldsAdded?.length ? `+ ${a.fieldsAdded.join(', ')}` : '',
          a.fieldsRemoved?.length ? `- ${a.fieldsRemoved.join(', ')}` : '',
        ].filter(Boolean);
        out.push(`  - fields: ${parts.join('; ') || 'order only'}`);
      } else if (SECRET_ATTRIBUTES.has(a.attribute)) {
        out.push(`  - ${a.attribute}: changed (value not shown)`);
      } else {
        out.push(`  - ${a.attribute}: ${short(a.old)} -> ${short(a.new)}`);
      }
    }
  }
  if (!p.added.length && !p.removed.length && !p.changed.length && !p.moved.length) {
    out.push('No pipeline changes.');
  }
  out.push('');

  const widened = d.grants.filter((g) => g.change === 'widened');
  const narrowed = d.grants.filter((g) => g.change === 'narrowed');
  const unreviewed = d.grants.filter((g) => g.change === 'unreviewed');
  out.push(
    `### Grants: ${widened.length} widened, ${narrowed.length} narrowed` +
      (unreviewed.length ? `, ${unreviewed.length} unreviewed (review by hand)` : ''),
    '',
  );
  for (const g of unreviewed) {
    out.push(`- **unreviewed** ${code(g.stack)} ${code(g.address)} ${code(g.attribute)}: ${g.resource}`);
  }
  for (const g of [...widened, ...narrowed]) {
    out.push(
      `- **${g.change}** ${code(g.stack)} ${code(g.address)}: ${g.effect === 'Deny' ? (g.change === 'widened' ? 'Deny removed:' : 'Deny added:') : g.effect} ${code(g.principal)} ${code(g.action)} on ${code(g.resource)}` +
        (g.condition ? ` if ${code(g.condition)}` : ''),
    );
  }
  if (!d.grants.length) out.push('No grant changes.');
  return `${out.join('\n')}\n`;
}
