/**
 * Every stack of every example, as its program synthesizes it, through the real Terraform CLI:
 * `terraform init` installs hashicorp/aws 5.100.0 and the stand-ins for cloudflare/cloudflare
 * 5.14.0, panther-labs/panther 0.2.12 and IBM-Cloud/ibm 2.5.0 from filesystem mirrors only, and
 * `terraform validate` checks every attribute the library writes against the providers' schemas and
 * validators (test/fixtures/standin-schemas/*.json, test/standins/schemas.test.ts). Skipped with one line
 * when terraform or the AWS mirror is missing, unless the tier is required.
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  ensureHandler,
  exampleDirs,
  synthExample,
  type SynthesizedStack,
} from '../support/tfplugin/examples';
import { buildStandInMirror, cliConfig, type StandInMirror } from '../support/tfplugin/mirror';
import { findTools, Terraform, tempDir, tierRequired } from './harness';

const tools = findTools();
const missing = [
  ...(tools.terraform ? [] : ['terraform on PATH']),
  ...(tools.mirror ? [] : ['a hashicorp/aws mirror']),
];
if (missing.length) console.log(`stand-in validate tier skipped: missing ${missing.join(', ')}`);

(missing.length === 0 ? describe : describe.skip)(
  'every example validates against the stand-in providers',
  () => {
    jest.setTimeout(20 * 60_000);
    let standIns: StandInMirror;
    let tf: Terraform;
    let work: string;
    const basicStacks: SynthesizedStack[] = [];

    beforeAll(async () => {
      ensureHandler();
      standIns = await buildStandInMirror();
      work = tempDir('standins-validate-');
      tf = new Terraform(
        tools.terraform!,
        cliConfig(path.join(work, 'terraform.rc'), standIns, tools.mirror),
      );
    });
    afterAll(() => {
      standIns?.dispose();
      if (work) fs.rmSync(work, { recursive: true, force: true });
    });

    /** The stacks validated, per example. */
    const validated = new Map<string, string[]>();

    test.each(exampleDirs().map((d) => [path.basename(d), d]))(
      'examples/%s: terraform init + validate of every stack',
      (name, dir) => {
        const stacks = synthExample(dir, path.join(work, name));
        expect(stacks.length).toBeGreaterThan(0);
        for (const s of stacks) {
          const init = tf.run(s.dir, ['init', '-backend=false', '-input=false']);
          expect([s.name, init.status, init.status === 0 ? '' : init.output]).toEqual([s.name, 0, '']);
          expect([s.name, tf.run(s.dir, ['validate']).output]).toEqual([
            s.name,
            expect.stringContaining('Success! The configuration is valid.'),
          ]);
        }
        if (name === 'basic') basicStacks.push(...stacks);
        validated.set(
          name,
          stacks.map((s) => s.name),
        );
      },
    );

    test('the fleet example validated with its foundation and every shard (zone-<id> names are valid Terraform)', () => {
      const fleet = validated.get('fleet') ?? [];
      expect(fleet.length).toBeGreaterThan(2);
      expect(fleet.some((n) => /foundation/.test(n))).toBe(true);
    });

    /** Validates a copy of the basic example's stack after `edit` changed its JSON. */
    const validateEdited = (
      edit: (json: Record<string, Record<string, Record<string, Record<string, unknown>>>>) => void,
    ) => {
      const stack = basicStacks[0]!;
      const dir = fs.mkdtempSync(path.join(work, 'edited-'));
      fs.cpSync(stack.dir, dir, { recursive: true });
      const file = path.join(dir, 'cdk.tf.json');
      const json = JSON.parse(fs.readFileSync(file, 'utf8')) as Parameters<typeof edit>[0];
      edit(json);
      fs.writeFileSync(file, JSON.stringify(json));
      return tf.run(dir, ['validate']);
    };
    const only = (json: Parameters<Parameters<typeof validateEdited>[0]>[0], type: string) =>
      Object.values(json.resource![type]!)[0]!;

    test('fails validate for a misspelt attribute', () => {
      expect(basicStacks).toHaveLength(1);
      const r = validateEdited((json) => {
        const job = only(json, 'cloudflare_logpush_job');
        job.destination_config = job.destination_conf;
        delete job.destination_conf;
      });
      expect(r.status).not.toBe(0);
      expect(r.output).toContain('Extraneous JSON object property');
      expect(r.output).toContain('destination_config');
    });

    test('fails validate for values the providers refuse (one-of, ranges, formats)', () => {
      const dataset = validateEdited((json) => {
        only(json, 'cloudflare_logpush_job').dataset = 'http_request';
      });
      expect(dataset.status).not.toBe(0);
      expect(dataset.output).toContain('value must be one of');
      const interval = validateEdited((json) => {
        only(json, 'cloudflare_logpush_job').max_upload_interval_seconds = 10;
      });
      expect(interval.output).toContain('between 30 and 300');
      const name = validateEdited((json) => {
        only(json, 'panther_s3_source').name = 'cloudflare_logs';
      });
      expect(name.status).not.toBe(0);
      expect(name.output).toMatch(/must only include\s+alphanumeric characters, dashes\s+and\s+spaces/);
    });
  },
);

if (missing.length && tierRequired()) {
  test('fails when the stand-in validate tier is required but cannot run', () => {
    throw new Error(`missing: ${missing.join(', ')}`);
  });
}
