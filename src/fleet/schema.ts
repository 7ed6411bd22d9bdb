/**
 * The zod schema of the fleet file (`logpush.yaml`), built from the SAME pieces as the constructs'
 * props ({@link createSchemas}): a bucket entry is a LogBucket's props, a SIEM entry a
 * PantherLogSource's, a dataset entry a LogpushPipeline's. Only the fleet's own keys (references,
 * grant layout, sharding) are declared here. The JSON Schema under `schema/` is generated from it.
 */
import { GRANT_LAYOUTS } from '../model/layout';
import { DEFAULT_PIPELINES_PER_SHARD } from '../model/limits';
import type { z } from 'zod';
import { createSchemas, loadZod } from '../schema';
import type { Assert, SameShape } from '../type-checks';
import type {
  FleetAlertOverrides,
  FleetAlerts,
  FleetBucket,
  FleetDatasetEntry,
  FleetDefaults,
  FleetOwner,
  FleetPantherSiem,
  FleetSharding,
  FleetSpec,
} from './spec-types';

/** The grant layouts, declared once beside the LogBucket's layout rules. */
export { GRANT_LAYOUTS } from '../model/layout';

/** Keys of `buckets` and `siem`: they become construct ids. */
export const ENTRY_KEY = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;

function build() {
  const { z } = loadZod();
  // Values in a file are never Terraform tokens.
  const { logBucket, pipelineBase, pantherSource, alerts, pipelineAlertOptions } = createSchemas(() => false);
  const entryKey = z.string().regex(ENTRY_KEY, {
    message: 'must start with a letter and hold at most 32 letters, digits, "_" and "-"',
  });
  const ref = (what: string) => z.string().min(1, { message: `must name a key of ${what}` });
  const siemRef = z.union([ref('siem'), z.literal(false)], {
    error: 'must name a key of siem, or be false (no SIEM)',
  });

  const bucket = logBucket
    // Server access logs name another LogBucket, which a file cannot: not a key of a bucket entry.
    .omit({ bucketName: true, region: true, serverAccessLogsPrefix: true })
    .extend({
      name: logBucket.shape.bucketName.unwrap().meta({ description: 'The S3 bucket name.' }),
      region: logBucket.shape.region.unwrap().meta({ description: 'The bucket region, e.g. us-west-2.' }),
      grants: z.enum(GRANT_LAYOUTS).optional().meta({
        description:
          "per-prefix (default): one grant per pipeline prefix; per-dataset: one grant per dataset under '<prefixRoot>/<dataset>/'",
      }),
      prefixRoot: pipelineBase.shape.prefix.meta({
        description: "The first segment(s) of every pipeline prefix in this bucket (default 'cloudflare').",
      }),
    })
    .meta({ description: 'An S3 bucket (LogBucket).' });

  const panther = pantherSource
    .omit({ name: true })
    .extend({
      type: z.literal('panther'),
      bucket: ref('buckets').meta({ description: 'The key of the bucket this source reads.' }),
      name: pantherSource.shape.name
        .optional()
        .meta({ description: "The source's name in Panther (default: the key, '_' as '-')." }),
    })
    .meta({ description: 'A Panther log source (PantherLogSource).' });

  /** Per-pipeline options a file may set in `defaults` or on a dataset entry. */
  const pipelineOptions = pipelineBase.omit({
    zoneId: true,
    accountId: true,
    dataset: true,
    prefix: true,
    name: true,
  });

  const defaults = pipelineOptions
    .extend({
      bucket: ref('buckets').optional().meta({ description: 'The bucket of every pipeline.' }),
      siem: siemRef.optional().meta({ description: 'The SIEM source of every pipeline.' }),
    })
    .meta({ description: 'Options every pipeline gets unless its zone, account or entry sets them.' });

  const datasetEntry = pipelineOptions
    .extend({
      dataset: pipelineBase.shape.dataset,
      prefix: pipelineBase.shape.prefix,
      name: pipelineBase.shape.name,
      bucket: ref('buckets').optional(),
      siem: siemRef.optional(),
    })
    .meta({ description: 'A dataset with options of its own.' });

  const datasets = z
    .array(
      z.union([pipelineBase.shape.dataset.meta({ description: 'A dataset name.' }), datasetEntry], {
        error: 'must be a dataset name or an object { dataset, fields, filter, ... }',
      }),
    )
    .min(1, { message: 'must list at least one dataset' });

  const fleetAlerts = alerts.meta({
    description:
      "What the team hears when a pipeline stops: Cloudflare's failing-jobs notification policy per account, the SIEM's no-data alarm, AWS freshness alarms.",
  });
  const alertOverrides = z
    .union([z.literal(false), pipelineAlertOptions], {
      error: 'must be false (no alerts) or { cloudflareAccountId, freshnessMinutes }',
    })
    .meta({ description: "This zone's own alerts: false for none, or settings of its own." });

  const owner = (what: 'zone' | 'account') =>
    z
      .strictObject({
        id: pipelineBase.shape[what === 'zone' ? 'zoneId' : 'accountId'].unwrap(),
        name: z
          .string()
          .min(1)
          .optional()
          .meta({ description: `A label for the ${what} (its domain for a zone).` }),
        datasets,
        bucket: ref('buckets').optional(),
        siem: siemRef.optional(),
        alerts: alertOverrides.optional(),
      })
      .meta({ description: `A Cloudflare ${what} and its Logpush datasets.` });

  const sharding = z
    .strictObject({
      shards: z
        .number()
        .int({ message: 'must be a whole number' })
        .min(1, { message: 'must be at least 1' })
        .max(1000, { message: 'must be at most 1000' })
        .optional()
        .meta({ description: 'The number of pipeline stacks (pinned; default 1).' }),
      pipelinesPerShard: z
        .number()
        .int({ message: 'must be a whole number' })
        .min(1, { message: 'must be at least 1' })
        .max(1200, {
          message: "must be at most 1200 (Cloudflare's API allows 1,200 requests per 5 minutes)",
        })
        .optional()
        .meta({
          description: `The most pipelines one stack may hold (default ${DEFAULT_PIPELINES_PER_SHARD}).`,
        }),
      allowReshard: z
        .boolean()
        .optional()
        .meta({ description: 'Allow a change of shards (moves jobs between states).' }),
    })
    .meta({ description: 'How pipelines are spread over stacks.' });

  const file = z
    .strictObject({
      $schema: z.string().optional(),
      version: z.literal(1, { error: 'must be 1' }),
      buckets: z.record(entryKey, bucket),
      siem: z.record(entryKey, z.discriminatedUnion('type', [panther])).optional(),
      defaults: defaults.optional(),
      zones: z.array(owner('zone')).optional(),
      accounts: z.array(owner('account')).optional(),
      sharding: sharding.optional(),
      alerts: fleetAlerts.optional(),
    })
    .meta({
      title: 'cdktf-logpush fleet file',
      description: 'Cloudflare Logpush pipelines for many zones and accounts (logpush.yaml).',
    });

  return {
    file,
    bucket,
    panther,
    defaults,
    datasetEntry,
    owner: owner('zone'),
    sharding,
    alerts: fleetAlerts,
    alertOverrides: pipelineAlertOptions,
  };
}

let cached: ReturnType<typeof build> | undefined;

/** The fleet file's zod schemas, built on first use. */
export function fleetSchemas(): ReturnType<typeof build> {
  cached ??= build();
  return cached;
}

/** The JSON Schema of the fleet file (draft 2020-12), for editors and `npm run gen:schema`. */
export function fleetJsonSchema(): Record<string, unknown> {
  const { z } = loadZod();
  return z.toJSONSchema(fleetSchemas().file, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
}

/*
 * Compile-time link between the fleet file's interfaces (spec.ts) and this schema: a key added to,
 * removed from or retyped in one and not the other fails `tsc` here (same rule as the constructs'
 * props in constructs/private/schemas.ts: arrays compare without `readonly`, optionality must match).
 */
type Input<K extends keyof FleetSchemas> = z.input<FleetSchemas[K]>;
type FleetSchemas = ReturnType<typeof build>;
export type _FleetSpecMatchesSchema = Assert<SameShape<FleetSpec, Input<'file'>>>;
export type _FleetBucketMatchesSchema = Assert<SameShape<FleetBucket, Input<'bucket'>>>;
export type _FleetPantherMatchesSchema = Assert<SameShape<FleetPantherSiem, Input<'panther'>>>;
export type _FleetDefaultsMatchSchema = Assert<SameShape<FleetDefaults, Input<'defaults'>>>;
export type _FleetDatasetEntryMatchesSchema = Assert<SameShape<FleetDatasetEntry, Input<'datasetEntry'>>>;
export type _FleetOwnerMatchesSchema = Assert<SameShape<FleetOwner, Input<'owner'>>>;
export type _FleetAlertsMatchSchema = Assert<SameShape<FleetAlerts, Input<'alerts'>>>;
export type _FleetAlertOverridesMatchSchema = Assert<SameShape<FleetAlertOverrides, Input<'alertOverrides'>>>;
export type _FleetShardingMatchesSchema = Assert<SameShape<FleetSharding, Input<'sharding'>>>;
