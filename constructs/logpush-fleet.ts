import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { LogpushValidationError } from '../src/errors';
import { resolveFields, resolveOutput } from '../src/model/settings';
import {
  loadFleetFileWithPlan,
  planFleet,
  type FleetPlan,
  type FleetSpec,
  type PlannedPipeline,
} from '../src/fleet';
import { closestNames } from '../src/datasets';
import { LogBucket } from './log-bucket';
import { LogpushAlerts, type IPipelineAlerts } from './logpush-alerts';
import {
  claimUndefinedPipeline,
  LogpushPipeline,
  registerWithSharedResources,
  type PipelineSettings,
} from './logpush-pipeline';
import { OwnershipVerificationFunction } from './ownership-verification';
import { PantherLogSource } from './panther-log-source';
import type { ILogSiem } from './siem';

/** The environment variable that selects the shards an app synthesizes (comma-separated names). */
export const LOGPUSH_SHARDS_ENV = 'LOGPUSH_SHARDS';

/** What {@link LogpushFleetOptions.configureStack} is told about the stack it configures. */
export interface FleetStackContext {
  /** The fleet's id. */
  readonly fleetId: string;
  /** `foundation` (buckets, SIEM sources, the ownership function) or `shard` (pipelines). */
  readonly kind: 'foundation' | 'shard';
  /** The shard's name (`shard-0`, ...), for a shard stack. */
  readonly shard?: string;
}

/** Options of a {@link LogpushFleet} (everything but the spec). */
export interface LogpushFleetOptions {
  /**
   * Called once for each stack the fleet defines, right after the stack is created and before
   * anything is defined in it: define the providers (AWS, Cloudflare, Panther) and the backend there.
   * The library never defines providers. The foundation stack uses AWS (and Panther, with a
   * Panther source; and Cloudflare, with `alerts` naming a mechanism: the notification policies);
   * shard stacks use Cloudflare and AWS (to invoke the ownership function, and for per-pipeline
   * freshness alarms in a `per-prefix` bucket).
   */
  readonly configureStack: (stack: TerraformStack, context: FleetStackContext) => void;
  /**
   * The shards to define, by name (`shard-0`, ...): a CI matrix synthesizes (and plans) one shard
   * per job. The foundation stack is always defined, and it is the same whichever shards are
   * selected (as long as at least one is), because every pipeline registers its grants and SIEM
   * entry with it.
   *
   * @default - the shards named in the `LOGPUSH_SHARDS` environment variable (comma-separated), or
   * every shard when it is unset or empty
   */
  readonly shards?: readonly string[];
}

/** Properties of a {@link LogpushFleet}. */
export interface LogpushFleetProps extends LogpushFleetOptions {
  /** The fleet: a parsed fleet file (`loadFleetFile`, `parseFleet`) or the same shape as an object. */
  readonly spec: FleetSpec;
}

/**
 * Defines a whole fleet of Logpush pipelines from one fleet file, as stacks of the app: a
 * foundation stack `<id>-foundation` (buckets, SIEM sources, the ownership function) and one stack
 * `<id>-<shard>` per shard of pipelines (`<id>-shard-0`, ...). Which shard a pipeline lives in
 * depends only on its zone (or account) id and the pinned shard count, so adding or removing a zone
 * changes only its own shard's stack.
 *
 * Everything is defined through {@link LogBucket}, {@link PantherLogSource} and
 * {@link LogpushPipeline}: the same validation, grants and ownership verification as by hand.
 *
 * @example
 * LogpushFleet.fromFile(app, 'logpush', 'logpush.yaml', { configureStack: (stack) => { new AwsProvider(stack, 'aws', { region }); ... } });
 */
export class LogpushFleet extends Construct {
  /** Reads, validates and plans a fleet file (YAML or JSON), then defines the fleet. */
  public static fromFile(
    scope: Construct,
    id: string,
    path: string,
    options: LogpushFleetOptions,
  ): LogpushFleet {
    const { spec, plan } = loadFleetFileWithPlan(path);
    return new LogpushFleet(scope, id, { ...options, spec }, plan);
  }

  /** What the fleet file means: buckets, SIEM sources, pipelines and their shards. */
  public readonly plan: FleetPlan;
  /** The foundation stack. */
  public readonly foundation: TerraformStack;
  /** The fleet's alerts (in the foundation stack, id `alerts`), when the file declares them. */
  public readonly alerts?: LogpushAlerts;
  /** The shard stacks defined (all, or the selected ones), by shard name. */
  public readonly shardStacks: Readonly<Record<string, TerraformStack>>;
  /** The buckets, by key in the file. */
  public readonly buckets: Readonly<Record<string, LogBucket>>;
  /** The SIEM sources, by key in the file. */
  public readonly siems: Readonly<Record<string, PantherLogSource>>;
  /** The pipelines defined (those of the defined shards), by planned id (`zone-<zone id>-<dataset>` or `account-<account id>-<dataset>`). */
  public readonly pipelines: Readonly<Record<string, LogpushPipeline>>;

  constructor(scope: Construct, id: string, props: LogpushFleetProps, plan?: FleetPlan) {
    const resolvedPlan = plan ?? planFleet(props.spec);
    const selected = selectShards(id, resolvedPlan.shards, props.shards ?? shardsFromEnv());
    super(scope, id);
    this.plan = resolvedPlan;

    this.foundation = this.defineStack(scope, `${id}-foundation`, props, { fleetId: id, kind: 'foundation' });
    this.buckets = this.defineBuckets();
    this.siems = this.defineSiems();
    // The Cloudflare notification policies and the topic live in the foundation: the same whichever shards are defined.
    if (resolvedPlan.alerts) this.alerts = new LogpushAlerts(this.foundation, 'alerts', resolvedPlan.alerts);

    const stacks: Record<string, TerraformStack> = {};
    for (const shard of resolvedPlan.shards) {
      if (selected.has(shard)) {
        stacks[shard] = this.defineStack(scope, `${id}-${shard}`, props, {
          fleetId: id,
          kind: 'shard',
          shard,
        });
      }
    }
    this.shardStacks = stacks;
    this.pipelines = this.definePipelines(id, stacks);
  }

  private defineStack(
    scope: Construct,
    stackId: string,
    props: LogpushFleetProps,
    context: FleetStackContext,
  ): TerraformStack {
    const stack = new TerraformStack(scope, stackId);
    props.configureStack(stack, context);
    return stack;
  }

  private defineBuckets(): Record<string, LogBucket> {
    const buckets: Record<string, LogBucket> = {};
    const used = new Set(this.plan.pipelines.map((p) => p.bucket));
    // Under `buckets/<key>`, as in the file: a key never collides with the app's provider ids.
    const scope = new Construct(this.foundation, 'buckets');
    for (const b of this.plan.buckets) {
      const bucket = new LogBucket(scope, b.key, { ...b.props, prefixRoot: b.prefixRoot });
      // The ownership function serves every pipeline into the bucket, whichever shards are defined.
      if (used.has(b.key)) OwnershipVerificationFunction.getOrCreate(bucket).allowChallengeAccess(bucket);
      buckets[b.key] = bucket;
    }
    return buckets;
  }

  private defineSiems(): Record<string, PantherLogSource> {
    const siems: Record<string, PantherLogSource> = {};
    const scope = new Construct(this.foundation, 'siem');
    for (const s of this.plan.siems) {
      siems[s.key] = new PantherLogSource(scope, s.key, {
        ...s.props,
        bucket: this.buckets[s.bucket]!,
      });
    }
    return siems;
  }

  private definePipelines(
    id: string,
    stacks: Record<string, TerraformStack>,
  ): Record<string, LogpushPipeline> {
    const pipelines: Record<string, LogpushPipeline> = {};
    for (const p of this.plan.pipelines) {
      const bucket = this.buckets[p.bucket]!;
      const siem: ILogSiem | undefined = p.siem !== undefined ? this.siems[p.siem] : undefined;
      const stack = stacks[p.shard];
      const alerts: IPipelineAlerts | undefined =
        this.alerts && p.alerts
          ? Object.keys(p.alerts).length > 0
            ? this.alerts.forPipeline(p.alerts)
            : this.alerts
          : undefined;
      if (stack) {
        pipelines[p.id] = new LogpushPipeline(stack, p.id, { ...p.props, bucket, siem, alerts });
      } else {
        // Not defined here, but its claims (zone job, prefix) hold in the app, and its grants,
        // SIEM entry and shared alerts are the foundation's all the same.
        const settings = unsynthesizedSettings(`${id}-${p.shard}/${p.id}`, p, bucket);
        claimUndefinedPipeline(this, settings, p.props.zoneId);
        registerWithSharedResources(settings, siem, alerts, { accountId: p.accountId });
      }
    }
    return pipelines;
  }
}

/** The settings a planned pipeline would have, for one whose shard is not defined. */
function unsynthesizedSettings(path: string, p: PlannedPipeline, bucket: LogBucket): PipelineSettings {
  return {
    path,
    bucket,
    scope: p.scope,
    dataset: p.dataset,
    fields: resolveFields(p.scope, p.dataset, p.fields),
    prefix: p.prefix,
    ...resolveOutput(p.props),
  };
}

function shardsFromEnv(): readonly string[] | undefined {
  const value = process.env[LOGPUSH_SHARDS_ENV]?.trim();
  if (value === undefined || value === '') return undefined;
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function selectShards(
  id: string,
  shards: readonly string[],
  wanted: readonly string[] | undefined,
): Set<string> {
  if (wanted === undefined) return new Set(shards);
  const known = new Set(shards);
  const issues = wanted
    .map((name, i) => ({ name, i }))
    .filter(({ name }) => !known.has(name))
    .map(({ name, i }) => ({
      path: `shards.${i}`,
      message: `no such shard; the fleet has ${shards.join(', ')} (closest: ${closestNames(name, shards).join(', ')})`,
      value: name,
      hasValue: true,
      code: 'UNKNOWN_SHARD',
    }));
  if (issues.length > 0) throw new LogpushValidationError(`LogpushFleet '${id}'`, issues);
  return new Set(wanted);
}
