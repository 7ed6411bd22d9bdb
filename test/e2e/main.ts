/**
 * `npm run e2e -- <example dir> [--keep]`: applies every stack of the example end to end against
 * the stand-ins, the emulators and moto (./runner.ts); exits 1 on any failure, 2 on bad usage.
 */
import * as fs from 'fs';
import * as path from 'path';
import { runE2E } from './runner';

async function main(argv: string[]): Promise<number> {
  const keep = argv.includes('--keep');
  const dirs = argv.filter((a) => a !== '--keep');
  if (dirs.length !== 1 || !fs.existsSync(path.join(dirs[0]!, 'main.ts'))) {
    process.stderr.write('usage: npm run e2e -- examples/<name> [--keep]   (a folder with a main.ts)\n');
    return 2;
  }
  const started = Date.now();
  const result = await runE2E(dirs[0]!, { keep });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.ok) {
    process.stdout.write(`\ne2e ${dirs[0]}: ok (${result.stacks.join(', ')}) in ${seconds} s\n`);
    return 0;
  }
  process.stderr.write(`\ne2e ${dirs[0]}: FAILED at ${result.failure} (${seconds} s)\n`);
  return 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`e2e: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
