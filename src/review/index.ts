/**
 * The review module: what a change to synthesized cdktf output does, for a pull request. Reading
 * outputs (./synth-output), replacement rules (./replacement-rules), policy atoms
 * (./policy-atoms), grants (./grants), the diff (./diff) and its Markdown (./markdown).
 * Framework-free; the CLI's `diff` and `status` commands call it.
 */
export { diffSynth } from './diff';
export { malformed, SynthOutputError, type SynthOutputErrorCode } from './errors';
export { grantDiff } from './grants';
export { diffMarkdown } from './markdown';
export { atomsOf, type Atom } from './policy-atoms';
export { CIS_JOB, CLOUDFLARE_JOB, FORCES_REPLACEMENT, type ReplacementRule } from './replacement-rules';
export {
  checkStackJson,
  MAX_SYNTH_DEPTH,
  readSynthOutput,
  type ResourceBlock,
  type StackJson,
  type SynthOutput,
} from './synth-output';
export type {
  AttributeChange,
  DestinationChange,
  GrantChange,
  JobChange,
  JobMove,
  JobRef,
  Recreation,
  SynthDiff,
} from './types';
