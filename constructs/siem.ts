import type { PipelineSettings } from './logpush-pipeline';

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
}
