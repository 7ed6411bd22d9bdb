/**
 * `npm run bench:hostile`: validating hostile fleet files (issue 17 item 8) against a baseline
 * measured in the same run: a valid fleet file of the same size. Prints one JSON line per file with
 * the median of 5 runs and the ratio to the baseline; exit code 1 when a hostile file takes longer
 * than BUDGET_MS or more than MAX_RATIO times the baseline (work bounded by the fleet file limits,
 * not by the file's aliases). Not a timed test: a loaded machine must not fail the build.
 */
import { parseFleetWithPlan } from '../src/fleet';
import { ALIAS_BOMB, aliasedUnknownFields } from '../test/support/hostile-fleet';
import { generateFleetYaml } from './fleet-validate';

const RUNS = 5;
/** Before the bounds, 30 KB of aliased unknown fields took 19.6 s in-process. */
const BUDGET_MS = 6_000;
const MAX_RATIO = 50;

/** Median wall time of validating `text`, in ms (a refusal counts: it is the expected outcome). */
function median(text: string): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint();
    try {
      parseFleetWithPlan(text, 'bench.yaml');
    } catch {
      // refused: that is what a hostile file should get
    }
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
}

function main(): void {
  const hostile = { 'aliased-unknown-fields-30kb': aliasedUnknownFields(30_000), 'alias-bomb': ALIAS_BOMB };
  let failed = false;
  for (const [name, text] of Object.entries(hostile)) {
    // A valid file of about the same size, generated the way bench:fleet-validate does.
    let zones = 1;
    while (generateFleetYaml(zones).length < text.length) zones *= 2;
    const baselineMs = median(generateFleetYaml(zones));
    const ms = median(text);
    const ratio = ms / baselineMs;
    const ok = ms <= BUDGET_MS && ratio <= MAX_RATIO;
    if (!ok) failed = true;
    console.log(
      JSON.stringify({
        name,
        bytes: text.length,
        ms: Math.round(ms),
        baselineMs: Math.round(baselineMs),
        ratio: Number(ratio.toFixed(2)),
        budgetMs: BUDGET_MS,
        ok,
      }),
    );
  }
  process.exitCode = failed ? 1 : 0;
}

main();
