/**
 * The README's "A new app from scratch" section, followed literally in an empty temporary directory
 * outside the repository: its `sh` blocks run in order in one bash (so its `cd` carries over), each
 * block captioned with a file name ("`tsconfig.json`:") is written to that file, and the one
 * substitution is the package itself: `cdktf-logpush` in an `npm install` line becomes the tarball
 * that `npm pack` made of this repository. Packages come from the npm registry (npm's cache first).
 * Then `cdktf synth` must have written the stack, with valid Terraform names.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { invalidNames } from '../support/terraform-names';

const REPO = path.resolve(__dirname, '..', '..');
const SECTION = '## A new app from scratch';

interface Step {
  readonly kind: 'sh' | 'file';
  readonly line: number;
  readonly code: string;
  /** For a file: its name, from the caption line before the block. */
  readonly file?: string;
}

/** The section's fenced blocks in order: shell steps, and files named by the caption before them. */
export function newAppSteps(markdown: string): Step[] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(SECTION);
  if (start < 0) throw new Error(`README.md has no "${SECTION}" section`);
  const steps: Step[] = [];
  let caption: string | undefined;
  for (let i = start + 1; i < lines.length && !/^## /.test(lines[i]!); i++) {
    const open = /^```(\w+)\s*$/.exec(lines[i]!);
    if (!open) {
      if (lines[i]!.trim() !== '') caption = lines[i];
      continue;
    }
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && lines[j] !== '```'; j++) body.push(lines[j]!);
    const code = `${body.join('\n')}\n`;
    const file = caption !== undefined ? /^`([\w.-]+)`.*:$/.exec(caption)?.[1] : undefined;
    if (file !== undefined) steps.push({ kind: 'file', line: i + 1, code, file });
    else if (open[1] === 'sh') steps.push({ kind: 'sh', line: i + 1, code });
    else throw new Error(`README.md:${i + 1}: a ${open[1]} block without a "\`file\`:" caption`);
    caption = undefined;
    i = j;
  }
  return steps;
}

/** The steps as one bash script; `tarball` replaces the package name in `npm install` lines. */
export function scriptOf(steps: readonly Step[], tarball: string): string {
  const out = ['set -euo pipefail'];
  for (const s of steps) {
    if (s.kind === 'file') {
      out.push(`cat > ${s.file} <<'README_EOF'\n${s.code}README_EOF`);
    } else {
      out.push(
        s.code.replace(/^(npm (?:install|i)\b.*)$/gm, (line) =>
          line.replace(/(?<=\s)cdktf-logpush(?=\s|$)/, JSON.stringify(tarball)),
        ),
      );
    }
  }
  return `${out.join('\n')}\n`;
}

function run(cmd: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  try {
    return execFileSync(cmd, args, {
      cwd,
      // An undefined value removes the variable (CDKTF_OUTDIR: cdktf synth chooses its own).
      env: Object.fromEntries(Object.entries({ ...process.env, ...env }).filter(([, v]) => v !== undefined)),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
      timeout: 600_000,
    });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `${cmd} ${args.join(' ')} (in ${cwd}) failed: ${err.message}\n${err.stdout ?? ''}\n${err.stderr ?? ''}`,
    );
  }
}

const STEPS = newAppSteps(fs.readFileSync(path.join(REPO, 'README.md'), 'utf8'));
let work: string;

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-logpush-new-app-'));
  expect(path.relative(REPO, work).startsWith('..')).toBe(true);
  // A clean checkout (the tracked files, the repository's node_modules for the build), packed.
  const checkout = path.join(work, 'checkout');
  for (const file of run('git', ['ls-files', '-z'], REPO).split('\0').filter(Boolean)) {
    const from = path.join(REPO, file);
    if (!fs.existsSync(from)) continue;
    fs.mkdirSync(path.dirname(path.join(checkout, file)), { recursive: true });
    fs.copyFileSync(from, path.join(checkout, file));
  }
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(checkout, 'node_modules'), 'dir');
  const packJson = run('npm', ['pack', '--json', '--pack-destination', work], checkout);
  const [packed] = JSON.parse(packJson.slice(packJson.indexOf('['))) as { filename: string }[];
  fs.rmSync(checkout, { recursive: true, force: true });
  fs.writeFileSync(path.join(work, 'new-app.sh'), scriptOf(STEPS, path.join(work, packed!.filename)));
}, 300_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test('the section has the install, tsconfig.json, cdktf.json, main.ts and synth steps', () => {
  expect(STEPS.map((s) => s.file ?? s.kind)).toEqual(['sh', 'tsconfig.json', 'cdktf.json', 'main.ts', 'sh']);
  const install = STEPS[0]!.code;
  // Exact versions, TypeScript 5.9 (7.x breaks ts-node 10), and CHECKPOINT_DISABLE for synth.
  for (const pkg of [
    'typescript@5.9.',
    'ts-node@10.9.2',
    '@types/node@',
    'cdktf-cli@0.21.0',
    'cdktf@0.21.0',
  ]) {
    expect(install).toContain(pkg);
  }
  expect(STEPS[4]!.code).toMatch(/^CHECKPOINT_DISABLE=1 npx cdktf synth/m);
});

test('followed literally in an empty directory, it synthesizes the stack', () => {
  const t0 = Date.now();
  run('bash', [path.join(work, 'new-app.sh')], work, {
    // npm's cache first: the registry is asked only for what the cache lacks.
    npm_config_prefer_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    // Nothing from this repository's environment decides where cdktf writes.
    CDKTF_OUTDIR: undefined,
  });
  console.log(
    `new app from scratch: ${((Date.now() - t0) / 1000).toFixed(1)} s (npm installs and cdktf synth)`,
  );
  const stack = path.join(work, 'logs', 'cdktf.out', 'stacks', 'logs', 'cdk.tf.json');
  const json = JSON.parse(fs.readFileSync(stack, 'utf8')) as Record<string, Record<string, unknown>>;
  expect(Object.keys(json.resource!)).toEqual(
    expect.arrayContaining(['cloudflare_logpush_job', 'aws_s3_bucket', 'panther_s3_source']),
  );
  expect(invalidNames(json)).toEqual([]);
  // The app got exactly the versions the section names.
  const pkg = JSON.parse(fs.readFileSync(path.join(work, 'logs', 'package.json'), 'utf8')) as {
    devDependencies: Record<string, string>;
  };
  expect(pkg.devDependencies.typescript).toMatch(/^\^?5\.9\./);
}, 900_000);
