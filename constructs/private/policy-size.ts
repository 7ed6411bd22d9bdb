import type { Construct } from 'constructs';
import { LogpushValidationError } from '../../src/errors';
import { policySizeProblem, type PolicyBuilder } from '../../src/policy';

/**
 * Fails synthesis (a construct validation) when a merged policy grows past the size AWS accepts:
 * found at `cdktf synth`, not half-way through an apply. The size depends on every grant added
 * after construction, so it cannot be checked earlier; the message is a
 * {@link LogpushValidationError}'s, naming the construct path, and cdktf reports it with that path.
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
      if (problem === undefined) return [];
      return [
        new LogpushValidationError(scope.node.path, [
          { path: 'policy', message: problem, hasValue: false, code: 'POLICY_TOO_LARGE' },
        ]).message,
      ];
    },
  });
}
