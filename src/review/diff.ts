/**
 * What changes between two synthesized cdktf outputs (`cdktf.out/`), as a reviewer needs it:
 * Logpush jobs added, removed, changed (which attributes), moved; grants widened or narrowed; stacks
 * touched; and every change that makes Terraform re-create a resource, with the reason.
 *
 * Which attributes force a replacement is provider knowledge (./replacement-rules.ts); a forcing
 * attribute that references a replaced resource is replaced too (its value becomes unknown,
 * Terraform plans a replacement). Framework-free: it compares JSON and never needs cdktf.
 */
import { grantDiff } from './grants';
import { asStrings, canonical, isRecord, references, str } from './private/json';
import { CIS_JOB, CLOUDFLARE_JOB as JOB, FORCES_REPLACEMENT } from './replacement-rules';
import type { ResourceBlock, StackJson, SynthOutput } from './synth-output';
import {
  SECRET_ATTRIBUTES,
  type AttributeChange,
  type DestinationChange,
  type JobChange,
  type JobMove,
  type JobRef,
  type Recreation,
  type SynthDiff,
} from './types';

/** The stack as Terraform sees it, without cdktf metadata and the local backend's absolute path (differs per checkout). */
function stackForComparison(json: StackJson): string {
  const copy = JSON.parse(JSON.stringify(json)) as {
    terraform?: { backend?: { local?: { path?: unknown } } };
  };
  if (copy.terraform?.backend?.local) delete copy.terraform.backend.local.path;
  return canonical(copy);
}

function jobRef(stack: string, id: string, block: ResourceBlock): JobRef {
  const meta = (block['//'] as { metadata?: { path?: string } } | undefined)?.metadata;
  const ref: JobRef = {
    stack,
    address: `${JOB}.${id}`,
    ...(meta?.path ? { path: meta.path } : {}),
    ...(str(block.dataset) ? { dataset: str(block.dataset) } : {}),
    ...(str(block.zone_id) ? { zoneId: str(block.zone_id) } : {}),
    ...(str(block.account_id) ? { accountId: str(block.account_id) } : {}),
    ...(str(block.destination_conf) ? { destination: str(block.destination_conf) } : {}),
  };
  return ref;
}

/** Every resource of every stack: `stack\u0000type.id` to its block. */
function resourcesOf(
  out: SynthOutput,
): Map<string, { stack: string; type: string; id: string; block: ResourceBlock }> {
  const all = new Map<string, { stack: string; type: string; id: string; block: ResourceBlock }>();
  for (const [stack, json] of out) {
    for (const [type, byId] of Object.entries(json.resource ?? {})) {
      for (const [id, block] of Object.entries(byId)) {
        all.set(`${stack}\u0000${type}.${id}`, { stack, type, id, block });
      }
    }
  }
  return all;
}

/** The changed attributes of a job (nested `output_options` by sub-attribute; field lists as added/removed). */
function jobChanges(oldBlock: ResourceBlock, newBlock: ResourceBlock): AttributeChange[] {
  const changes: AttributeChange[] = [];
  const keys = new Set([...Object.keys(oldBlock), ...Object.keys(newBlock)]);
  keys.delete('//');
  keys.delete('depends_on');
  for (const key of [...keys].sort()) {
    const a = oldBlock[key];
    const b = newBlock[key];
    if (canonical(a) === canonical(b)) continue;
    if (key === 'output_options' && isRecord(a ?? {}) && isRecord(b ?? {})) {
      const oa = (a ?? {}) as Record<string, unknown>;
      const ob = (b ?? {}) as Record<string, unknown>;
      for (const sub of [...new Set([...Object.keys(oa), ...Object.keys(ob)])].sort()) {
        if (canonical(oa[sub]) === canonical(ob[sub])) continue;
        if (sub === 'field_names') {
          const before = new Set(asStrings(oa[sub]));
          const after = new Set(asStrings(ob[sub]));
          changes.push({
            attribute: 'output_options.field_names',
            fieldsAdded: [...after].filter((f) => !before.has(f)),
            fieldsRemoved: [...before].filter((f) => !after.has(f)),
          });
        } else {
          changes.push({ attribute: `output_options.${sub}`, old: oa[sub], new: ob[sub] });
        }
      }
      continue;
    }
    changes.push(SECRET_ATTRIBUTES.has(key) ? { attribute: key } : { attribute: key, old: a, new: b });
  }
  return changes;
}

/** The bucket of an `s3://bucket/...` destination. */
function bucketOf(destination: string | undefined): string | undefined {
  return destination?.match(/^s3:\/\/([^/?]+)/)?.[1];
}

type Resources = ReturnType<typeof resourcesOf>;

/**
 * IBM CIS jobs whose address changes: the provider has no ForceNew attribute on
 * `ibm_cis_logpush_job` (./replacement-rules.ts), so a new address is its one way to be re-created:
 * Terraform destroys the job at the old address and creates one at the new address. A job of the
 * same CIS instance, domain and dataset removed at one address and added at another is reported,
 * unless the new stack declares a `moved` block for exactly that pair.
 */
function cisJobMoves(before: Resources, after: Resources, newOut: SynthOutput): Recreation[] {
  const identity = (b: ResourceBlock) =>
    `${str(b.cis_id) ?? ''}|${str(b.domain_id) ?? ''}|${str(b.dataset) ?? ''}`;
  const removed = [...before.entries()].filter(([k, r]) => r.type === CIS_JOB && !after.has(k));
  const added = [...after.entries()].filter(([k, a]) => a.type === CIS_JOB && !before.has(k));
  const taken = new Set<string>();
  const out: Recreation[] = [];
  for (const [, r] of removed) {
    const match = added.find(([ak, a]) => !taken.has(ak) && identity(a.block) === identity(r.block));
    if (!match) continue;
    const [ak, a] = match;
    taken.add(ak);
    const from = `${CIS_JOB}.${r.id}`;
    const to = `${CIS_JOB}.${a.id}`;
    const sameStack = a.stack === r.stack;
    if (sameStack && newOut.get(a.stack)?.moved?.some((m) => m.from === from && m.to === to)) continue;
    out.push({
      stack: a.stack,
      address: to,
      job: true,
      reason:
        `the IBM CIS job moves from ${sameStack ? '' : `stack ${r.stack} `}${from} to ` +
        `${sameStack ? '' : `stack ${a.stack} `}${to}: Terraform destroys the old job and creates a new one` +
        (sameStack
          ? ' (a `moved` block from the old to the new address avoids it)'
          : ' (across stacks: move the state by hand, e.g. terraform state mv / import, or keep the address)') +
        ` (${FORCES_REPLACEMENT[CIS_JOB]!.source}). Logpush never backfills: the logs between destroy and create are lost`,
    });
  }
  return out;
}

/** Compares two synthesized outputs. */
export function diffSynth(oldOut: SynthOutput, newOut: SynthOutput): SynthDiff {
  const added = [...newOut.keys()].filter((s) => !oldOut.has(s)).sort();
  const removed = [...oldOut.keys()].filter((s) => !newOut.has(s)).sort();
  const changed = [...newOut.keys()]
    .filter((s) => oldOut.has(s) && stackForComparison(oldOut.get(s)!) !== stackForComparison(newOut.get(s)!))
    .sort();

  const before = resourcesOf(oldOut);
  const after = resourcesOf(newOut);

  // Resources replaced in place (same address): forcing attributes, then references to replaced resources.
  const recreations: Recreation[] = [];
  const replaced = new Set<string>();
  const reasons = new Map<string, string>();
  for (const [key, n] of after) {
    const o = before.get(key);
    if (!o || o.type !== n.type) continue;
    const rule = FORCES_REPLACEMENT[n.type];
    if (!rule) continue;
    const forced = rule.attributes.filter(
      (attr) =>
        canonical(o.block[attr]) !== canonical(n.block[attr]) &&
        !(rule.ifConfigured?.includes(attr) && n.block[attr] === undefined),
    );
    if (forced.length) {
      replaced.add(key);
      reasons.set(
        key,
        forced
          .map(
            (attr) =>
              `${attr}: ${JSON.stringify(o.block[attr] ?? null)} -> ${JSON.stringify(n.block[attr] ?? null)}`,
          )
          .join('; ') + ` (${rule.source})`,
      );
    }
  }
  for (let grew = true; grew;) {
    grew = false;
    for (const [key, n] of after) {
      if (replaced.has(key) || !before.has(key)) continue;
      const rule = FORCES_REPLACEMENT[n.type];
      if (!rule) continue;
      for (const rKey of replaced) {
        const r = after.get(rKey)!;
        if (r.stack !== n.stack) continue;
        const target = `${r.type}.${r.id}`;
        const attr = rule.attributes.find((a) => references(n.block[a], target));
        if (attr) {
          replaced.add(key);
          reasons.set(key, `${attr} references ${target}, which is replaced (${rule.source})`);
          grew = true;
          break;
        }
      }
    }
  }
  for (const key of [...replaced].sort()) {
    const n = after.get(key)!;
    const o = before.get(key)!;
    let reason = reasons.get(key)!;
    const lifecycle = o.block.lifecycle as { prevent_destroy?: boolean } | undefined;
    if (lifecycle?.prevent_destroy) {
      reason +=
        '. lifecycle.prevent_destroy is set: `terraform plan` fails until the old resource leaves the state ' +
        '(`terraform state rm`, keeping it) or the change is reverted';
    }
    if (n.type === 'aws_s3_bucket' || n.type === 'ibm_cos_bucket') {
      reason += '. Logs already written stay in the old bucket';
    }
    if (n.type === 'cloudflare_logpush_ownership_challenge') {
      reason += ': Cloudflare writes a new challenge file and the job gets a new ownership token';
    }
    if (n.type === JOB) {
      reason += '. Cloudflare never backfills: the logs between destroy and create are lost';
    }
    recreations.push({ stack: n.stack, address: `${n.type}.${n.id}`, job: n.type === JOB, reason });
  }
  recreations.push(...cisJobMoves(before, after, newOut));

  // Jobs: added, removed, moved (an address change is a destroy + create), changed.
  const jobsBefore = [...before.entries()].filter(([, r]) => r.type === JOB);
  const jobsAfter = [...after.entries()].filter(([, r]) => r.type === JOB);
  const addedJobs = jobsAfter.filter(([k]) => !before.has(k));
  const removedJobs = jobsBefore.filter(([k]) => !after.has(k));
  const identity = (b: ResourceBlock) =>
    `${str(b.zone_id) ?? ''}|${str(b.account_id) ?? ''}|${str(b.dataset) ?? ''}`;
  const moved: JobMove[] = [];
  const movedFrom = new Set<string>();
  const movedTo = new Set<string>();
  const declaredMoves = new Set<string>();
  for (const [stack, json] of newOut) {
    for (const m of json.moved ?? []) declaredMoves.add(`${stack}\u0000${m.from}\u0000${m.to}`);
  }
  // Pair a removed and an added job of the same zone/account and dataset; the same destination first.
  for (const sameDestination of [true, false]) {
    for (const [rk, r] of removedJobs) {
      if (movedFrom.has(rk)) continue;
      const match = addedJobs.find(
        ([ak, a]) =>
          !movedTo.has(ak) &&
          identity(a.block) === identity(r.block) &&
          (!sameDestination || a.block.destination_conf === r.block.destination_conf),
      );
      if (!match) continue;
      const [ak, a] = match;
      movedFrom.add(rk);
      movedTo.add(ak);
      const from = jobRef(r.stack, r.id, r.block);
      const to = jobRef(a.stack, a.id, a.block);
      moved.push({ from, to });
      if (a.stack === r.stack && declaredMoves.has(`${a.stack}\u0000${from.address}\u0000${to.address}`)) {
        continue;
      }
      recreations.push({
        stack: a.stack,
        address: to.address,
        job: true,
        reason:
          `the job moves from ${r.stack === a.stack ? '' : `stack ${r.stack} `}${from.address} to ` +
          `${r.stack === a.stack ? '' : `stack ${a.stack} `}${to.address}: Terraform destroys the old job and creates a new one` +
          (r.stack === a.stack
            ? ' (a `moved` block from the old to the new address avoids it)'
            : ' (across stacks: move the state by hand, e.g. terraform state mv / import, or keep the address)') +
          '. Cloudflare never backfills: the logs between destroy and create are lost',
      });
    }
  }

  const changedJobs: JobChange[] = [];
  const destinationChanges: DestinationChange[] = [];
  for (const [key, n] of jobsAfter) {
    const o = before.get(key);
    if (!o) continue;
    const changes = jobChanges(o.block, n.block);
    if (!changes.length) continue;
    changedJobs.push({ ...jobRef(n.stack, n.id, n.block), changes });
    const kind = changes.find((c) => c.attribute === 'kind');
    if (kind && !replaced.has(key)) {
      recreations.push({
        stack: n.stack,
        address: `${JOB}.${n.id}`,
        job: true,
        reason:
          `kind: ${JSON.stringify(kind.old ?? null)} -> ${JSON.stringify(kind.new ?? null)}. The API accepts kind only on create: ` +
          'the update fails, so the job has to be re-created. Cloudflare never backfills: the logs between destroy and create are lost',
      });
    }
    const oldDest = str(o.block.destination_conf);
    const newDest = str(n.block.destination_conf);
    if (oldDest !== undefined && newDest !== undefined && oldDest !== newDest && !replaced.has(key)) {
      const oldBucket = bucketOf(oldDest);
      const newBucket = bucketOf(newDest);
      destinationChanges.push({
        ...jobRef(n.stack, n.id, n.block),
        oldDestination: oldDest,
        newDestination: newDest,
        note:
          'destination_conf is updated in place (no RequiresReplace in cloudflare/cloudflare 5.14.0), but Cloudflare ' +
          'accepts the update only with a new ownership token: the ownership challenge (destination_conf RequiresReplace) ' +
          'is re-created and a new challenge file is read' +
          (oldBucket && newBucket && oldBucket !== newBucket
            ? `. The bucket changes (${oldBucket} -> ${newBucket}): logs written so far stay in ${oldBucket}, and ` +
              'readers (SIEM, retention) must follow'
            : ''),
      });
    }
  }

  const grants = grantDiff(oldOut, newOut);

  return {
    touchedStacks: [...added, ...changed].sort(),
    stacks: { added, removed, changed },
    pipelines: {
      added: addedJobs.filter(([k]) => !movedTo.has(k)).map(([, r]) => jobRef(r.stack, r.id, r.block)),
      removed: removedJobs.filter(([k]) => !movedFrom.has(k)).map(([, r]) => jobRef(r.stack, r.id, r.block)),
      changed: changedJobs,
      moved,
    },
    destinationChanges,
    grants,
    recreations,
  };
}
