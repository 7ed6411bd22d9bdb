import { runSimulation } from '@cloud-copilot/iam-simulate';

/** The account that owns the log bucket in the simulations. */
export const BUCKET_ACCOUNT = '111111111111';

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

export interface Request {
  /** ARN of the calling principal. */
  readonly principal: string;
  readonly action: string;
  /** ARN of the bucket or object. */
  readonly resource: string;
  /** Policies attached to the principal (its role policies). */
  readonly identityPolicies?: readonly unknown[];
  /** The bucket policy. */
  readonly bucketPolicy?: unknown;
  /** Extra request context, e.g. `s3:prefix`. `aws:SecureTransport` defaults to 'true'. */
  readonly context?: Record<string, string | string[]>;
  /** The account that owns the bucket. @default BUCKET_ACCOUNT */
  readonly resourceAccount?: string;
}

/** Evaluates one request with an IAM policy simulator (identity + resource policy, same or cross account). */
export async function decide(r: Request): Promise<Decision> {
  const response = await runSimulation(
    {
      request: {
        principal: r.principal,
        action: r.action,
        resource: { resource: r.resource, accountId: r.resourceAccount ?? BUCKET_ACCOUNT },
        contextVariables: { 'aws:SecureTransport': 'true', ...r.context },
      },
      identityPolicies: (r.identityPolicies ?? []).map((policy, i) => ({ name: `policy${i}`, policy })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: r.bucketPolicy,
    },
    {},
  );
  if (response.resultType === 'error') {
    throw new Error(`simulation error: ${JSON.stringify(response.errors)}`);
  }
  return response.overallResult as Decision;
}

/**
 * An identity policy that allows everything: how a principal in another account (Cloudflare's
 * writer) looks from its own side, so that only the bucket policy decides.
 */
export const ALLOW_ALL = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
};

/** Replaces Terraform interpolations (`${...}`) in a synthesized policy with fixed values. */
export function withoutTokens(
  policyText: string,
  replacement = 'arn:aws:logs:us-west-2:111111111111:log-group:x',
): unknown {
  return JSON.parse(policyText.replace(/\$\{[^}]+\}/g, replacement));
}
