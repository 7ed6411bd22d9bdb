/**
 * Evaluates strings the way Terraform reads them in a configuration: a throwaway Terraform JSON
 * configuration with one output whose value is a list of the values under test (strings, or maps
 * such as `tags`, exactly as they appear in synthesized JSON), applied by the real `terraform`
 * with no provider at all. One apply evaluates a whole batch: thousands of values in well under a
 * second.
 *
 * Terraform never reaches the network (a CLI config with only a filesystem mirror that no provider
 * is looked up in, checkpoint off), and it runs with an environment of PATH and its own settings
 * only: a value that escaped as code could read nothing secret.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** Whether `terraform` is on PATH. */
export function terraformAvailable(): boolean {
  return spawnSync('sh', ['-c', 'command -v terraform'], { encoding: 'utf8' }).status === 0;
}

/** A throwaway directory where batches of values are evaluated. */
export class TerraformEvaluator {
  private readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-eval-'));
  private readonly env: NodeJS.ProcessEnv;
  public applies = 0;

  constructor() {
    const rc = path.join(this.dir, 'terraform.rc');
    fs.writeFileSync(
      rc,
      [
        'provider_installation {',
        '  filesystem_mirror {',
        `    path    = ${JSON.stringify(path.join(this.dir, 'no-providers'))}`,
        '    include = ["*/*/*"]',
        '  }',
        '}',
        'disable_checkpoint = true',
        '',
      ].join('\n'),
    );
    this.env = {
      PATH: process.env.PATH,
      HOME: this.dir,
      TF_CLI_CONFIG_FILE: rc,
      CHECKPOINT_DISABLE: '1',
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
    };
  }

  private run(args: string[]): { status: number; stdout: string; stderr: string } {
    const r = spawnSync('terraform', [...args, '-no-color'], {
      cwd: this.dir,
      env: this.env,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      timeout: 120_000,
    });
    return { status: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
  }

  /**
   * What Terraform reads for each JSON value (as written in a `*.tf.json` file). Throws with
   * Terraform's message when the configuration does not evaluate (a value that became code).
   *
   * @param variables string variables with defaults, for values that reference `var.<name>`
   */
  public evaluate(values: readonly unknown[], variables: Record<string, string> = {}): unknown[] {
    const config = {
      ...(Object.keys(variables).length > 0
        ? {
            variable: Object.fromEntries(
              Object.entries(variables).map(([k, v]) => [k, { type: 'string', default: v }]),
            ),
          }
        : {}),
      output: { v: { value: values } },
    };
    // A fresh state per batch: outputs of a former batch never mix in.
    fs.rmSync(path.join(this.dir, 'terraform.tfstate'), { force: true });
    fs.writeFileSync(path.join(this.dir, 'main.tf.json'), JSON.stringify(config));
    const apply = this.run(['apply', '-auto-approve', '-input=false']);
    this.applies++;
    if (apply.status !== 0) throw new Error(`terraform apply failed:\n${apply.stderr || apply.stdout}`);
    const out = this.run(['output', '-json', 'v']);
    if (out.status !== 0) throw new Error(`terraform output failed:\n${out.stderr}`);
    return JSON.parse(out.stdout) as unknown[];
  }

  public dispose(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
