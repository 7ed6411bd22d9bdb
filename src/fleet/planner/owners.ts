/**
 * Planning step for the zones and accounts: each owner's datasets become pipelines, each with its
 * dataset and fields checked (the same rules as the constructs' props), its bucket and SIEM
 * resolved (entry, owner, defaults), its prefix placed, its alerts and its construct id.
 */
import { closestNames, datasetsOf, isDataset, scopesOf, type Scope } from '../../datasets';
import { zoneJobCountProblem } from '../../model/limits';
import { pipelineIssues, type PipelineInput } from '../../schema';
import { fleetPipelineId } from '../../terraform-names';
import { formatPath, type FleetPath } from '../issues';
import type { PlannedPipeline } from '../plan-types';
import { isObj, pick, type Add, type Obj } from '../private/collector';
import { fleetSchemas } from '../schema';
import type { AlertsStep } from './alerts';
import type { BucketsStep } from './buckets';
import type { PrefixesStep } from './prefixes';
import { checkRef } from './private/refs';
import type { SiemsStep } from './siems';

/** A pipeline being planned: its shard is decided once every owner is counted. */
export interface DraftPipeline {
  readonly owner: string;
  readonly pipeline: Omit<PlannedPipeline, 'shard'>;
}

/** What the owners step makes: the pipelines and each owner's pipeline count (for the shards). */
export interface OwnersStep {
  readonly drafts: DraftPipeline[];
  readonly owners: { id: string; pipelines: number }[];
}

/** The steps the owners' pipelines use. */
export interface OwnerSteps {
  readonly buckets: BucketsStep;
  readonly siems: SiemsStep;
  readonly alerts: AlertsStep;
  readonly prefixes: PrefixesStep;
}

/** The file's `defaults`, their references checked. */
export function checkDefaults(root: Obj, add: Add, steps: Pick<OwnerSteps, 'buckets' | 'siems'>): Obj {
  const defaults = isObj(root.defaults) ? root.defaults : {};
  checkRef(add, ['defaults', 'bucket'], 'buckets', defaults.bucket, steps.buckets.raw);
  checkRef(add, ['defaults', 'siem'], 'siem', defaults.siem, steps.siems.raw);
  return defaults;
}

export function planOwners(root: Obj, defaults: Obj, add: Add, steps: OwnerSteps): OwnersStep {
  const { buckets } = steps;
  const pipelineOptionKeys = Object.keys(fleetSchemas().defaults.shape).filter(
    (k) => k !== 'bucket' && k !== 'siem',
  );
  const context: OwnerContext = {
    add,
    steps,
    defaults,
    defaultOptions: pick(defaults, pipelineOptionKeys),
    pipelineOptionKeys,
    onlyBucket: Object.keys(buckets.raw).length === 1 ? Object.keys(buckets.raw)[0] : undefined,
    ids: new Map(),
    drafts: [],
  };
  const owners: { id: string; pipelines: number }[] = [];
  for (const scope of ['zone', 'account'] as const) {
    const listKey = scope === 'zone' ? 'zones' : 'accounts';
    const list = root[listKey];
    if (!Array.isArray(list)) continue;
    const ownerIds = new Map<string, number>();
    list.forEach((owner: unknown, i) => {
      if (!isObj(owner)) return;
      const base: FleetPath = [listKey, i];
      const id = typeof owner.id === 'string' ? owner.id : `${listKey}[${i}]`;
      if (typeof owner.id === 'string') {
        const j = ownerIds.get(owner.id);
        if (j !== undefined) {
          add([...base, 'id'], `is also the id of ${listKey}[${j}]`, {
            value: owner.id,
            code: 'DUPLICATE_ITEM',
          });
        } else ownerIds.set(owner.id, i);
      }
      owners.push({ id, pipelines: planOwner(context, scope, owner, base, id) });
    });
  }
  return { drafts: context.drafts, owners };
}

interface OwnerContext {
  readonly add: Add;
  readonly steps: OwnerSteps;
  readonly defaults: Obj;
  readonly defaultOptions: Obj;
  readonly pipelineOptionKeys: readonly string[];
  readonly onlyBucket?: string;
  /** construct id -> where it is declared. */
  readonly ids: Map<string, string>;
  readonly drafts: DraftPipeline[];
}

/** Plans one zone's or account's pipelines; returns how many it has. */
function planOwner(ctx: OwnerContext, scope: Scope, owner: Obj, base: FleetPath, id: string): number {
  const { add, steps } = ctx;
  const listKey = base[0] as string;
  const name = typeof owner.name === 'string' ? owner.name : undefined;
  checkRef(add, [...base, 'bucket'], 'buckets', owner.bucket, steps.buckets.raw);
  checkRef(add, [...base, 'siem'], 'siem', owner.siem, steps.siems.raw);
  const ownerAlerts = steps.alerts.ownerAlerts(add, base, scope, owner);
  const datasets: unknown[] = Array.isArray(owner.datasets) ? owner.datasets : [];
  if (scope === 'zone') {
    const problem = zoneJobCountProblem(datasets.length);
    if (problem) add([...base, 'datasets'], problem.message, { value: datasets.length, code: problem.code });
  }
  const prefixOwner = {
    id,
    ...(name !== undefined ? { name } : {}),
    base,
    longestDataset: datasets
      .map((d) => (typeof d === 'string' ? d : isObj(d) && typeof d.dataset === 'string' ? d.dataset : ''))
      .reduce((a, b) => (b.length > a.length ? b : a), ''),
  };
  const seenDatasets = new Map<string, number>();
  let count = 0;
  datasets.forEach((d, k) => {
    const entryPath: FleetPath = [...base, 'datasets', k];
    const entry: Obj | undefined = typeof d === 'string' ? { dataset: d } : isObj(d) ? d : undefined;
    if (!entry || typeof entry.dataset !== 'string') return;
    const dataset = entry.dataset;
    const datasetPath: FleetPath = typeof d === 'string' ? entryPath : [...entryPath, 'dataset'];
    const twice = seenDatasets.get(dataset);
    if (twice !== undefined) {
      add(datasetPath, `is listed twice for this ${scope} (also datasets[${twice}])`, {
        value: dataset,
        code: 'DUPLICATE_ITEM',
      });
      return;
    }
    seenDatasets.set(dataset, k);
    count++;

    // The dataset and its fields.
    const options: Obj = { ...ctx.defaultOptions, ...pick(entry, ctx.pipelineOptionKeys) };
    const fieldsPath: FleetPath =
      entry.fields !== undefined
        ? [...entryPath, 'fields']
        : ctx.defaults.fields !== undefined
          ? ['defaults', 'fields']
          : entryPath;
    const fields: 'all' | string[] =
      Array.isArray(options.fields) && options.fields.every((f) => typeof f === 'string')
        ? (options.fields as string[])
        : 'all';
    const known = isDataset(scope, dataset);
    if (!known) {
      const other = scopesOf(dataset);
      if (other.length > 0) {
        add(datasetPath, `is an ${other[0]} dataset: list it under ${other[0]}s, not ${listKey}`, {
          code: 'DATASET_SCOPE_MISMATCH',
          value: dataset,
        });
      } else {
        const closest = closestNames(dataset, datasetsOf(scope));
        add(
          datasetPath,
          `unknown ${scope} dataset; closest known: ${closest.join(', ')} (\`cdktf-logpush datasets --scope ${scope}\` lists all)`,
          { value: dataset, closest, code: 'NOT_IN_CATALOGUE' },
        );
      }
    } else {
      const input: PipelineInput = {
        ...(scope === 'zone' ? { zoneId: id } : { accountId: id }),
        dataset,
        fields,
      };
      for (const p of pipelineIssues(input)) {
        const m = /^fields\.(\d+)$/.exec(p.path);
        const path = p.path === 'dataset' ? datasetPath : m ? [...fieldsPath, Number(m[1])] : entryPath;
        add(path, p.message, {
          code: p.code,
          ...(p.hasValue ? { value: p.value } : {}),
          ...(p.code !== undefined ? { code: p.code } : {}),
        });
      }
    }

    // Bucket and SIEM: the entry's, the owner's, the defaults' (and the only bucket).
    const bucketKey = [entry.bucket, owner.bucket, ctx.defaults.bucket, ctx.onlyBucket].find(
      (v): v is string => typeof v === 'string',
    );
    if (entry.bucket !== undefined) {
      checkRef(add, [...entryPath, 'bucket'], 'buckets', entry.bucket, steps.buckets.raw);
    }
    if (bucketKey === undefined) {
      add(entryPath, `has no bucket: set bucket here, on the ${scope} or in defaults`, {
        code: 'MISSING_PROP',
      });
      return;
    }
    const bucket = steps.buckets.planned.get(bucketKey);
    const siemSetting = [entry.siem, owner.siem, ctx.defaults.siem].find((v) => v !== undefined);
    if (entry.siem !== undefined) checkRef(add, [...entryPath, 'siem'], 'siem', entry.siem, steps.siems.raw);
    const siemKey = steps.siems.keyOf(siemSetting);
    const logType =
      siemKey === undefined
        ? undefined
        : steps.siems.addPipeline(add, entryPath, siemKey, {
            bucketKey,
            scope,
            dataset,
            known,
            fields,
            outputType: options.outputType,
          });

    // The prefix and its freshness filter.
    if (!bucket) return;
    const prefix = steps.prefixes.place(add, bucket, prefixOwner, entry, entryPath, dataset);
    steps.alerts.addPipeline(add, base, bucket, ownerAlerts, { dataset, prefix });
    if (siemKey !== undefined) steps.siems.addNotification(siemKey, bucket, { dataset, prefix });

    // The pipeline.
    const source = formatPath(entryPath);
    const pipelineId = fleetPipelineId(scope, id, dataset);
    const clash = ctx.ids.get(pipelineId);
    if (clash !== undefined) {
      add(datasetPath, `makes the construct id "${pipelineId}", already made by ${clash}`, {
        code: 'ID_TAKEN',
        value: dataset,
      });
    } else ctx.ids.set(pipelineId, source);
    const props = {
      ...(scope === 'zone' ? { zoneId: id } : { accountId: id }),
      dataset,
      ...options,
      fields,
      prefix,
      ...(typeof entry.name === 'string' ? { name: entry.name } : {}),
    } as PipelineInput & { prefix: string };
    ctx.drafts.push({
      owner: id,
      pipeline: {
        id: pipelineId,
        scope,
        ...(scope === 'zone'
          ? { zoneId: id, ...(name !== undefined ? { zoneName: name } : {}) }
          : { accountId: id, ...(name !== undefined ? { accountName: name } : {}) }),
        dataset,
        fields,
        bucket: bucketKey,
        ...(siemKey !== undefined ? { siem: siemKey } : {}),
        ...(logType !== undefined ? { logType } : {}),
        prefix,
        source,
        props,
        ...(ownerAlerts !== undefined ? { alerts: ownerAlerts } : {}),
      },
    });
  });
  return count;
}
