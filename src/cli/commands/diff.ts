/**
 * `cdktf-logpush diff <old cdktf.out> <new cdktf.out> [--json] [--fail-on-recreate]`: what a
 * reviewer needs from a pull request, read from two synthesized outputs.
 */
import { diffMarkdown, diffSynth, malformed, readSynthOutput } from '../../review';
import type { RegisterCommand } from '../command';
import { EXIT } from '../io';
import { withReviewErrors } from '../review-errors';
import { styles, withProgress } from '../style';

export const registerDiff: RegisterCommand = (program, io, result) => {
  program
    .command('diff')
    .description('compare two synthesized outputs: pipelines, grants, stacks touched, re-creations')
    .argument('<old>', 'the base cdktf.out directory (e.g. synthesized from the base branch)')
    .argument('<new>', 'the cdktf.out directory of the change')
    .option('--json', 'print JSON for scripts (touchedStacks: the stacks to plan)')
    .option(
      '--fail-on-recreate',
      'exit 1 when a change re-creates a resource (a Logpush job, the bucket, ...)',
    )
    .addHelpText(
      'after',
      '\nMarkdown for a pull-request comment by default. Exit codes: 0 the diff was computed (changes\n' +
        'or not); 1 only with --fail-on-recreate, when something would be destroyed and created again;\n' +
        '2 usage (a directory that is not a cdktf output, or a malformed one: SYNTH_MALFORMED).',
    )
    .action(async (oldDir: string, newDir: string, opts: { json?: boolean; failOnRecreate?: boolean }) => {
      // Large fleets (hundreds of stacks) take a second or more: progress on a terminal.
      // The review module's errors (unreadable or malformed output) are usage errors: exit 2.
      const d = await withReviewErrors(() =>
        withProgress(io, `comparing ${oldDir} and ${newDir}`, async () => {
          const [before, after] = [await readSynthOutput(oldDir), await readSynthOutput(newDir)];
          try {
            return diffSynth(before, after);
          } catch (e) {
            // Fail closed on what the checks did not foresee: exit 2 (never 1, which
            // --fail-on-recreate reads as a finding), one line, no stack trace.
            throw malformed(
              `cannot compare ${oldDir} and ${newDir}: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`,
            );
          }
        }),
      );
      io.stdout(opts.json ? `${JSON.stringify(d, null, 2)}\n` : diffMarkdown(d));
      if (d.recreations.length) {
        const s = styles(io);
        const jobs = d.recreations.filter((r) => r.job).length;
        io.stderr(
          s.red(
            s.bold(
              `WARNING: ${d.recreations.length} resource(s) re-created` +
                (jobs ? `, ${jobs} Logpush job(s): Cloudflare never backfills` : '') +
                '\n',
            ),
          ),
        );
        if (opts.failOnRecreate) result.exitCode = EXIT.finding;
      }
    });
};
