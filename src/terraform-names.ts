/**
 * Terraform names: the one place that decides which construct ids make valid Terraform names, and
 * what the fleet names its pipelines. The constructs (`scopeIssues`), the fleet planner
 * (`checkFleet`) and through it the CLI (`plan-summary`, `graph`, `diff` of a fleet's output) all
 * call it. Framework-free.
 *
 * Terraform's rule (hashicorp/hcl v2 `hclsyntax.ValidIdentifier`, and Terraform's "Invalid resource
 * name": "A name must start with a letter or underscore and may contain only letters, digits,
 * underscores, and dashes"): every resource, data source, output, variable, module and provider
 * alias name matches {@link TERRAFORM_NAME}.
 *
 * How cdktf derives a logical id (cdktf 0.21.0, `lib/private/unique.ts` `makeUniqueId`, called by
 * `TerraformStack.allocateLogicalId` with the ids of the construct path below the stack): ids
 * `Default` are dropped; one component is used as is; otherwise the components without
 * consecutive duplicates and without `Resource` are joined with `_` and suffixed `_<8 hex hash>`;
 * in both cases every character outside `A-Za-z0-9_-` is removed first. So every name a construct
 * defines starts with the first id below its stack (the construct's own id, or one of its
 * ancestors'), stripped of those characters: that id must start with a letter or `_`.
 */

/** Terraform's identifier grammar for resource, data source, output, variable and provider alias names. */
export const TERRAFORM_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** The stable code of a construct id that would make an invalid Terraform name. */
export const INVALID_TERRAFORM_NAME_CODE = 'INVALID_TERRAFORM_NAME';

/** Whether `name` is a valid Terraform identifier. */
export const isTerraformName = (name: string): boolean => TERRAFORM_NAME.test(name);

/** cdktf removes these characters from every id when it derives a logical id. */
const stripped = (id: string): string => id.replace(/[^A-Za-z0-9_-]/g, '');

/** Ids cdktf leaves out of (`Default`) or out of the readable part of (`Resource`) a logical id. */
const HIDDEN_IDS = new Set(['Default', 'Resource']);

/** The problem with a construct path below its stack, if the names cdktf derives from it are invalid. */
export interface LogicalIdProblem {
  /** Index in `components` of the id that makes the names invalid. */
  readonly index: number;
  /** The id. */
  readonly id: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
}

/**
 * Why the Terraform names cdktf derives for the resources under a construct path would be invalid,
 * or `undefined` when they are valid. `components` are the construct ids from the first one below
 * the stack down to the construct about to be defined (e.g. `['http']`, or `['team', 'http']`).
 */
export function logicalIdProblem(components: readonly string[]): LogicalIdProblem | undefined {
  const index = components.findIndex((c) => !HIDDEN_IDS.has(c));
  if (index < 0) return undefined;
  const id = components[index]!;
  const first = stripped(id);
  if (first === '' || /^[A-Za-z_]/.test(first)) return undefined;
  return {
    index,
    id,
    message:
      `makes Terraform names that start with "${first[0]}" (cdktf names every resource below it ` +
      `"${first}_..."), and a Terraform name must start with a letter or underscore: ` +
      `start the id with a letter or "_" (e.g. "${suggestedId(id)}")`,
  };
}

/** A valid id close to `id`, for messages. */
const suggestedId = (id: string): string => `p-${id.replace(/^-+/, '')}`;

/** Where a fleet pipeline's zone or account id comes from. */
export type FleetOwnerScope = 'zone' | 'account';

/**
 * The construct id of a fleet pipeline: `zone-<zone id>-<dataset>` or
 * `account-<account id>-<dataset>`. Cloudflare ids are 32 hex characters and start with a digit
 * 10 times in 16, so the id itself cannot lead; the scope word makes every name valid and keeps a
 * zone's and an account's pipelines apart (`firewall_events` exists in both scopes). It depends only
 * on the scope, the id and the dataset, so it never changes for a given zone and dataset.
 */
export function fleetPipelineId(scope: FleetOwnerScope, ownerId: string, dataset: string): string {
  return `${scope}-${ownerId}-${dataset}`;
}
