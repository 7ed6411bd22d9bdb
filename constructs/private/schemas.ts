import { TerraformStack, Token, type TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { describeValue, LogpushValidationError, type PropIssue } from '../../src/errors';
import { createSchemas, loadZod } from '../../src/schema';
import { INVALID_TERRAFORM_NAME_CODE, logicalIdProblem } from '../../src/terraform-names';
import type { z } from 'zod';

/** Brand check that works across copies of this package (no instanceof). */
export const hasBrand = (brand: string) => (v: unknown) =>
  typeof v === 'object' && v !== null && Symbol.for(brand) in v;

function build() {
  const base = createSchemas((v) => Token.isUnresolved(v));
  const { z } = loadZod();
  const provider = z
    .custom<TerraformProvider>((v) => typeof v === 'object' && v !== null, {
      params: { code: 'INVALID_TYPE' },
    })
    .optional();
  return {
    ...base,
    /** A provider prop. */
    provider,
    /** LogpushAlertsProps. */
    alertsProps: base.alerts.extend({ awsProvider: provider, cloudflareProvider: provider }),
  };
}

/**
 * The problems with where a construct is defined: `scope` must be a construct inside a
 * TerraformStack, `id` a non-empty string without '/' that no sibling has. Checked before anything
 * is defined, so constructs' and cdktf's own errors (plain `Error`s, or a TypeError for a non-string
 * id) never reach the user.
 */
export function scopeIssues(scope: unknown, id: unknown): PropIssue[] {
  if (!Construct.isConstruct(scope)) {
    return [
      {
        path: 'scope',
        message: 'must be a construct inside a TerraformStack',
        value: scope,
        hasValue: true,
        code: 'SCOPE_NOT_IN_STACK',
      },
    ];
  }
  if (typeof id !== 'string' || id.length === 0 || id.includes('/')) {
    return [
      {
        path: 'id',
        message: "must be a non-empty string without '/'",
        value: id,
        hasValue: true,
        code: 'INVALID_ID',
      },
    ];
  }
  const issues: PropIssue[] = [];
  if (scope.node.tryFindChild(id) !== undefined) {
    issues.push({
      path: 'id',
      message: `${scope.node.path || 'the app'} already has a construct with this id`,
      value: id,
      hasValue: true,
      code: 'ID_TAKEN',
    });
  }
  const stackIndex = scope.node.scopes.findIndex((c) => TerraformStack.isStack(c));
  if (stackIndex < 0) {
    issues.push({
      path: 'scope',
      message: 'must be a TerraformStack or a construct inside one',
      value: scope,
      hasValue: true,
      code: 'SCOPE_NOT_IN_STACK',
    });
  } else {
    issues.push(...terraformNameIssues(scope, stackIndex, id));
  }
  return issues;
}

/**
 * The ids below the stack name every Terraform resource the construct defines (cdktf's logical
 * ids): refused when those names would be invalid (see src/terraform-names.ts).
 */
function terraformNameIssues(scope: Construct, stackIndex: number, id: string): PropIssue[] {
  const below = scope.node.scopes.slice(stackIndex + 1);
  const problem = logicalIdProblem([...below.map((c) => c.node.id), id]);
  if (problem === undefined) return [];
  const own = problem.index === below.length;
  return [
    {
      path: own ? 'id' : 'scope',
      message: own ? problem.message : `the construct ${below[problem.index]!.node.path} ${problem.message}`,
      value: own ? id : problem.id,
      hasValue: true,
      code: INVALID_TERRAFORM_NAME_CODE,
    },
  ];
}

/** How a construct is named in messages: `LogBucket 'logs'`. */
export const subjectOf = (kind: string, id: unknown): string =>
  `${kind} '${typeof id === 'string' ? id : describeValue(id)}'`;

/** The construct path a construct `id` defined in `scope` will have (`app/stack/logs`). */
export function constructPathOf(scope: unknown, id: unknown): string {
  const name = typeof id === 'string' ? id : describeValue(id);
  const parent = (scope as { node?: { path?: unknown } } | undefined)?.node?.path;
  return typeof parent === 'string' && parent !== '' ? `${parent}/${name}` : name;
}

/** Throws one {@link LogpushValidationError} for the problems with `scope` and `id`, if any. */
export function checkScope(kind: string, scope: unknown, id: unknown): void {
  const issues = scopeIssues(scope, id);
  if (issues.length > 0) {
    throw new LogpushValidationError(subjectOf(kind, id), issues, {
      constructPath: constructPathOf(scope, id),
    });
  }
}

/**
 * Runs a construct's validation: the {@link LogpushValidationError} it throws carries the path of the
 * construct being defined (`constructPath`), so each construct names its path the same way.
 */
export function validating<T>(scope: unknown, id: unknown, validate: () => T): T {
  try {
    return validate();
  } catch (e) {
    if (LogpushValidationError.isLogpushValidationError(e) && e.constructPath === undefined) {
      Object.defineProperty(e, 'constructPath', { value: constructPathOf(scope, id), enumerable: true });
    }
    throw e;
  }
}

let cached: ReturnType<typeof build> | undefined;

/** The zod schemas with cdktf's token predicate, built on first use. */
export function schemas(): ReturnType<typeof build> {
  cached ??= build();
  return cached;
}

/**
 * What a schema accepts, for the compile-time link between each construct's props interface and its
 * schema (see src/type-checks.ts), which sits beside the construct so this module need not import the
 * props back.
 */
export type SchemaInput<K extends keyof ReturnType<typeof build>> = z.input<ReturnType<typeof build>[K]>;
