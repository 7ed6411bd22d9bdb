/**
 * Validation and planning of a fleet file in one pass. The zod schema checks each entry (the same
 * rules as the constructs' props); the planner's steps (./plan/) check what no single entry can:
 * references, duplicates, dataset scope, Cloudflare's jobs-per-zone limit, prefix collisions,
 * Panther's log types and the shards' capacity. Both run on every file, so a file with several
 * mistakes gets all of them at once.
 */
import type { FleetIssue } from './issues';
import type { FleetPlan } from './plan-types';
import { planFile } from './planner';
import { issueCollector, type Locator } from './private/collector';
import { dataIssues } from './private/data-issues';
import { addZodIssues } from './private/zod-issues';
import { fleetSchemas } from './schema';
import type { FleetSpec } from './spec-types';

export type { Locator } from './private/collector';

export interface CheckResult {
  readonly issues: FleetIssue[];
  /** Set when there are no issues. */
  readonly spec?: FleetSpec;
  /** Set when there are no issues. */
  readonly plan?: FleetPlan;
}

/** Validates a fleet file's data and, when it is valid, plans it. */
export function checkFleet(input: unknown, file: string, locate: Locator): CheckResult {
  const { add, finish } = issueCollector(file, locate);
  const schemas = fleetSchemas();
  const parsed = schemas.file.safeParse(input);
  if (!parsed.success) addZodIssues(parsed.error.issues, input, [], schemas.file, add);
  const plan = planFile(input, add);
  dataIssues(input, [], add, 0);
  const issues = finish();
  if (issues.length > 0) return { issues };
  return { issues, spec: parsed.data as FleetSpec, plan };
}
