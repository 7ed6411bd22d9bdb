/**
 * Planning step 2, the SIEM sources: each entry of `siem` reads a declared bucket; a pipeline's SIEM
 * must read the bucket the pipeline writes to and parse its dataset (Panther's log types); each
 * source's log types are collected from its pipelines.
 */
import { allFields, type Scope } from '../../datasets';
import { grantPrefixOf, type LaidOutPipeline } from '../../model/layout';
import { notificationCountProblem, NOTIFICATION_COUNT_CODE } from '../../model/limits';
import { pantherLogType } from '../../panther';
import type { FleetPath } from '../issues';
import type { PlannedBucket, PlannedSiem } from '../plan-types';
import { has, isObj, pick, type Add, type Obj } from '../private/collector';
import { checkRef } from './private/refs';

/** The file's SIEM sources, and the log types their pipelines bring. */
export class SiemsStep {
  /** siem key -> the log types of its pipelines. */
  private readonly logTypes = new Map<string, Set<string>>();
  /** bucket key -> the S3 -> SNS notification entries self-managed sources add (`<siem>\0<grant prefix>`). */
  private readonly notifications = new Map<string, Set<string>>();

  constructor(
    /** The file's `siem` table. */
    public readonly raw: Obj,
    bucketsRaw: Obj,
    add: Add,
  ) {
    for (const [key, s] of Object.entries(raw)) {
      if (!isObj(s)) continue;
      checkRef(add, ['siem', key, 'bucket'], 'buckets', s.bucket, bucketsRaw);
      this.logTypes.set(key, new Set());
    }
  }

  /** The key of a pipeline's SIEM source when the setting names a declared one. */
  public keyOf(setting: unknown): string | undefined {
    return typeof setting === 'string' && has(this.raw, setting) ? setting : undefined;
  }

  /**
   * Checks a pipeline against its SIEM source (same bucket, a dataset it parses, the fields it
   * needs) and returns its log type, collected for the source; undefined with a problem added.
   */
  public addPipeline(
    add: Add,
    entryPath: FleetPath,
    siemKey: string,
    pipeline: {
      readonly bucketKey: string;
      readonly scope: Scope;
      readonly dataset: string;
      /** Whether the dataset is one of the scope's (its fields are then known). */
      readonly known: boolean;
      readonly fields: 'all' | string[];
      readonly outputType: unknown;
    },
  ): string | undefined {
    const { bucketKey, scope, dataset, fields } = pipeline;
    const siem = this.raw[siemKey] as Obj;

    if (typeof siem.bucket === 'string' && siem.bucket !== bucketKey) {
      add(
        entryPath,
        `writes to bucket "${bucketKey}", but its siem "${siemKey}" reads bucket "${siem.bucket}"`,
        {
          code: 'SIEM_BUCKET_MISMATCH',
          value: dataset,
        },
      );
    }
    if (!pipeline.known) return undefined;
    const r = pantherLogType({
      scope,
      dataset,
      fields: fields === 'all' ? allFields(scope, dataset) : fields,
      outputType: pipeline.outputType === 'csv' ? 'csv' : 'ndjson',
    });
    if ('problems' in r) {
      // A dataset Panther cannot parse can still be pushed, without the SIEM: say how.
      const fix = r.noLogType
        ? `; to push it without the SIEM, opt this entry out: { dataset: ${dataset}, siem: false }`
        : '';
      for (const problem of r.problems) {
        add(entryPath, `siem "${siemKey}": ${problem}${fix}`, {
          value: dataset,
          code: 'SIEM_REFUSES_PIPELINE',
        });
      }
      return undefined;
    }
    this.logTypes.get(siemKey)?.add(r.logType);
    return r.logType;
  }

  /**
   * Counts the S3 -> SNS notification entry a pipeline's source adds to the pipeline's bucket: one
   * per grant prefix (src/model/layout.ts) for a self-managed source, none for a Panther-managed one.
   */
  public addNotification(siemKey: string, bucket: PlannedBucket, pipeline: LaidOutPipeline): void {
    if ((this.raw[siemKey] as Obj).notifications === 'panther-managed') return;
    let entries = this.notifications.get(bucket.key);
    if (!entries) this.notifications.set(bucket.key, (entries = new Set()));
    entries.add(`${siemKey}\0${grantPrefixOf(bucket.grants, bucket.prefixRoot, pipeline)}`);
  }

  /**
   * Adds the problem of each bucket whose self-managed sources would need more event notification
   * configurations than S3 allows (one per source and grant prefix): the limit LogBucket checks at
   * synth, found when the file is validated.
   */
  public finish(add: Add): void {
    for (const [bucketKey, entries] of this.notifications) {
      const problem = notificationCountProblem(`bucket "${bucketKey}"`, entries.size);
      if (problem === undefined) continue;
      const siems = [...new Set([...entries].map((e) => e.split('\0')[0]!))];
      add(['siem', siems[0]!], problem, { value: entries.size, code: NOTIFICATION_COUNT_CODE });
    }
  }

  /** The planned sources, each with its pipelines' log types, sorted. */
  public planned(): PlannedSiem[] {
    return Object.entries(this.raw)
      .filter((e): e is [string, Obj] => isObj(e[1]))
      .map(([key, s]) => {
        const rest = pick(
          s,
          Object.keys(s).filter((k) => k !== 'type' && k !== 'bucket'),
        );
        return {
          key,
          type: 'panther' as const,
          bucket: s.bucket as string,
          props: {
            ...rest,
            name: typeof s.name === 'string' ? s.name : key.replace(/_/g, '-'),
          } as PlannedSiem['props'],
          logTypes: [...(this.logTypes.get(key) ?? [])].sort(),
        };
      });
  }
}
