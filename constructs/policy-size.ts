import type { Construct } from 'constructs';
import { policySizeProblem, type PolicyBuilder } from '../src/policy';

/**
 * Fails synthesis (a construct validation) when a merged policy grows past the size AWS accepts:
 * found at `cdktf synth`, not half-way through an apply.
 */
export function validatePolicySize(
  scope: Construct,
  what: string,
  policy: PolicyBuilder,
  limit: number,
): void {
  scope.node.addValidation({
    validate: () => {
      const problem = policySizeProblem(what, policy.toJson(), limit);
      return problem ? [problem] : [];
    },
  });
}
