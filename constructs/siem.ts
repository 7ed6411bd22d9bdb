import type { Scope } from '../src/datasets';
import type { LogBucket } from './log-bucket';

/** The resolved settings of a pipeline, as its bucket and SIEM see them. */
export interface PipelineSettings {
  /** Construct path of the pipeline, for messages. */
  readonly path: string;
  /** The bucket the pipeline writes to. */
  readonly bucket: LogBucket;
  /** Whether the pipeline pushes a zone or an account dataset. */
  readonly scope: Scope;
  /** The Logpush dataset. */
  readonly dataset: string;
  /** The fields pushed (the dataset's catalogue for `'all'`). */
  readonly fields: readonly string[];
  /** The key prefix, without leading or trailing `/`. */
  readonly prefix: string;
  /** Record format. */
  readonly outputType: 'ndjson' | 'csv';
  /** Format of timestamps in the logs. */
  readonly timestampFormat: 'rfc3339' | 'unix' | 'unixnano';
}

/**
 * A SIEM log source that reads what Logpush pipelines write. A pipeline with `siem` asks the source
 * to check it first (a refusal becomes a validation error of the pipeline, before anything is
 * defined), then registers its prefix and dataset with it.
 *
 * Implemented by {@link PantherLogSource}; a second SIEM implements the same two methods.
 */
export interface ILogSiem {
  /** The reasons this SIEM cannot read the pipeline's logs (empty when it can). */
  checkPipeline(pipeline: PipelineSettings): string[];
  /** Starts reading the pipeline's prefix. Called once per pipeline, after `checkPipeline` passed. */
  addPipeline(pipeline: PipelineSettings): void;
  /**
   * Defines the source's no-data alarm: the SIEM alarms when the source received nothing for
   * `minutesThreshold` minutes (one alarm per source; asked again, the shortest threshold wins).
   * Returns why it cannot (e.g. the source is not registered through Terraform), or undefined.
   * Called by {@link LogpushAlerts} for the pipelines that use both.
   *
   * Optional: a SIEM without a configurable no-data alarm leaves it out.
   */
  addNoDataAlarm?(minutesThreshold: number): string | undefined;
}
