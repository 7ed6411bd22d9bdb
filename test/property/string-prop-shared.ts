/**
 * What the "every string" properties share (test/property/every-string-prop.test.ts for the
 * constructs, every-fleet-string.test.ts for fleet files): the generators of values of an allowed
 * shape, the case counts, and synthesis with each resource's construct path.
 */
import { ISSUE_CODES } from '../../src/error-codes';
import { TerraformStack } from 'cdktf';
import { invokeAspects } from 'cdktf/lib/synthesize/synthesizer';
import fc from 'fast-check';
import { datasetsOf, PROVIDER_DATASETS } from '../../src/datasets';
import type { SynthJson } from '../support/synth';
import { dataStringArb, FC_PARAMS } from './arbitraries';

/** The least number of values each prop is run with. */
export const CASES = Math.max(FC_PARAMS.numRuns, 2000);
export const nfd = (s: string) => s.normalize('NFD');

/** Data strings, or (with weight `valid` in 10) values of the shape the prop allows. */
export const mixed = (valid: number, ...shapes: fc.Arbitrary<string>[]) =>
  fc.oneof(
    { weight: 10 - valid, arbitrary: dataStringArb },
    ...shapes.map((arbitrary) => ({ weight: Math.max(1, Math.round(valid / shapes.length)), arbitrary })),
  );
export const hex32 = fc.string({
  unit: fc.constantFrom(...'0123456789abcdef'),
  minLength: 32,
  maxLength: 32,
});
export const uuid = fc.uuid();
export const ACCOUNT = '123456789012';

export const ZONE_DATASETS = datasetsOf('zone').filter((d) => PROVIDER_DATASETS.has(d));
export const ACCOUNT_DATASETS = datasetsOf('account').filter((d) => PROVIDER_DATASETS.has(d));

/** The counts a prop ran with. */
export interface PropStats {
  cases: number;
  refused: number;
  accepted: number;
  checked: number;
  applies: number;
  ms: number;
}

/**
 * The stack's Terraform JSON as `Testing.synth` makes it (aspects invoked, tokens resolved), with
 * the `//.metadata.path` of each resource that `Testing.synth` strips (cdktf 0.21
 * lib/testing/index.js `synth`).
 */
export function synthWithMetadata(stack: TerraformStack): SynthJson {
  invokeAspects(stack);
  return JSON.parse(JSON.stringify(stack.toTerraform())) as SynthJson;
}

/** A prop covered elsewhere: the test that covers it. */
export type Covered = { readonly coveredBy: string };
export const BY_EXISTING = (test: string): Covered => ({ coveredBy: `data-stays-data.test.ts: ${test}` });

export const AWS_REGIONS = ['us-west-2', 'eu-west-1', 'ap-southeast-2', 'us-gov-west-1', 'cn-north-1'];
export const awsRegionArb = fc.oneof(
  fc.constantFrom(...AWS_REGIONS),
  fc.stringMatching(/^[a-z]{2}-[a-z]{4,9}-[1-9]$/),
);
export const bucketNameArb = fc.stringMatching(/^[a-z0-9][a-z0-9.-]{1,20}[a-z0-9]$/);
export const segmentArb = fc
  .stringMatching(/^[A-Za-z0-9!_.'()=-]{1,8}$/)
  .filter((s) => s !== '.' && s !== '..');
export const prefixShapeArb = fc.array(segmentArb, { minLength: 1, maxLength: 3 }).map((s) => s.join('/'));

/**
 * A 32-hex Cloudflare-shaped id unique to (`n`, `salt`): `hexId` of arbitraries.ts pads with "a",
 * a hex digit, so `hexId(1)` and `hexId(0xa1)` are the same id.
 */
export const caseId = (n: number, salt = 0): string =>
  `${n.toString(16).padStart(8, '0')}${salt.toString(16).padStart(4, '0')}`.padStart(32, '0');

/** The codes that say how a value stays data (escaped, or refused because it cannot be): named per prop. */
const DATA_CODES = new Set([
  'TERRAFORM_TEMPLATE_IN_DATA',
  'TOKEN_MARKER_IN_DATA',
  'UNRESOLVED_GRANT_VALUE',
  'UNSAFE_IN_EXPRESSION',
  'TOKEN_LITERAL_IN_JSON',
]);

/**
 * The codes a value may be refused with for its shape or a rule of its prop (docs/errors.md): every
 * documented issue code but the data codes above, which a runner must name where a prop allows them.
 */
export const RULE_CODES: readonly string[] = Object.keys(ISSUE_CODES).filter((c) => !DATA_CODES.has(c));
