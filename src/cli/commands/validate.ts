/**
 * `cdktf-logpush validate <fleet file> [--base <previous file>] [--json]`: every problem of a fleet
 * file at once, each with file:line:column and its path inside the file; a one-line summary when
 * it is valid. With `--base` (the file as the target branch has it) it also refuses a change of
 * `sharding.shards` that the new file does not confirm with `sharding.allowReshard: true`.
 */
import { locateInFleetText, reshardIssues, type FleetIssue, type LoadedFleet } from '../../fleet';
import { issueJson, loadFleet, plural, readFleetText, reportIssues, stackNames } from '../fleet-input';
import { describeValue } from '../../errors';
import { EXIT } from '../io';
import { workflowCommandData as ghData, workflowCommandProperty as ghProperty } from '../../output-text';
import type { RegisterCommand } from '../command';

interface ValidateOptions {
  base?: string;
  json?: boolean;
  github?: boolean;
}

/** One GitHub Actions error annotation (`::error file=...,line=...,col=...::message`) per problem. */
export function githubAnnotations(issues: readonly FleetIssue[]): string {
  return issues
    .map((i) => {
      const props = [`file=${ghProperty(i.file)}`];
      if (i.line > 0) props.push(`line=${i.line}`, `col=${i.column}`);
      if (i.path !== '') props.push(`title=${ghProperty(i.path)}`);
      const got = i.hasValue ? ` (got ${describeValue(i.value)})` : '';
      return `::error ${props.join(',')}::${ghData(`${i.message}${got}`)}\n`;
    })
    .join('');
}

/** The one-line summary of a valid fleet. */
export function fleetSummary(file: string, fleet: LoadedFleet): string {
  const zones = fleet.spec.zones?.length ?? 0;
  const accounts = fleet.spec.accounts?.length ?? 0;
  const stacks = stackNames(undefined, fleet.plan.shards).length;
  return (
    `${file}: valid: ${plural(zones, 'zone')}, ${plural(accounts, 'account')}, ` +
    `${plural(fleet.plan.pipelines.length, 'pipeline')}, ${plural(stacks, 'stack')} ` +
    `(foundation + ${plural(fleet.plan.shards.length, 'shard')})`
  );
}

export const registerValidate: RegisterCommand = (program, io, result) => {
  program
    .command('validate')
    .description('validate a fleet file: every problem with file:line:column and path')
    .argument('<file>', 'the fleet file (logpush.yaml; JSON accepted)')
    .option(
      '--base <file>',
      'the previous version of the file (e.g. from the target branch): refuse a change of sharding.shards without sharding.allowReshard: true',
    )
    .option('--json', 'print the result as JSON on stdout (valid or not)')
    .option(
      '--github',
      'print the problems as GitHub Actions error annotations on stdout (shown on the pull request diff)',
    )
    .addHelpText(
      'after',
      '\nExit codes: 0 valid; 1 problems (listed on stderr, or on stdout with --json or --github); 2 usage, e.g. no such file.',
    )
    .action((file: string, opts: ValidateOptions) => {
      const r = loadFleet(file);
      let issues: readonly FleetIssue[] = r.ok ? [] : r.issues;
      if (r.ok && opts.base !== undefined) {
        const base = loadFleet(opts.base);
        if (base.ok) {
          const allow = r.fleet.spec.sharding?.allowReshard === true;
          const found = reshardIssues(base.fleet.plan, r.fleet.plan, allow);
          if (found.length > 0) {
            const at = locateInFleetText(readFleetText(file), ['sharding', 'shards']);
            issues = found.map((i): FleetIssue => ({ ...i, file, ...at }));
          }
        }
        // An invalid base is the base branch's problem: only the new file is judged.
      }
      if (issues.length > 0 || !r.ok) {
        result.exitCode = EXIT.finding;
        if (opts.json) {
          io.stdout(`${JSON.stringify({ file, valid: false, issues: issues.map(issueJson) }, null, 2)}\n`);
        } else if (opts.github) {
          io.stdout(githubAnnotations(issues));
        } else reportIssues(io, file, issues);
        return;
      }
      const { plan, spec } = r.fleet;
      if (opts.json) {
        const summary = {
          file,
          valid: true,
          zones: spec.zones?.length ?? 0,
          accounts: spec.accounts?.length ?? 0,
          pipelines: plan.pipelines.length,
          stacks: stackNames(undefined, plan.shards).length,
          shards: plan.shards,
        };
        io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
      } else io.stdout(`${fleetSummary(file, r.fleet)}\n`);
    });
};
