/**
 * The Terraform tier's harness: finds the tools (terraform, the hashicorp/aws provider mirror, moto),
 * writes a Terraform CLI config for the run, runs terraform commands, and defines the test-only AWS
 * provider that points at moto.
 *
 * Nothing here talks to any address but 127.0.0.1: the provider's endpoints are moto's, and the
 * provider comes from a local filesystem mirror (or Terraform's default installation when
 * `TF_PLUGIN_MIRROR` names none and none is found).
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { spawnSync } from 'child_process';
import type { Construct } from 'constructs';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { motoAvailable } from '../support/moto';

/** The region the tier deploys into (moto accepts any). */
export const REGION = 'us-east-1';

export interface Tools {
  readonly terraform?: string;
  /** Directory holding `registry.terraform.io/hashicorp/aws/...`, if any. */
  readonly mirror?: string;
  readonly moto: boolean;
  /** What is missing, for the skip line; empty when the tier can run. */
  readonly missing: string[];
}

function which(cmd: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() || undefined : undefined;
}

/** Finds a filesystem mirror of hashicorp/aws: `TF_PLUGIN_MIRROR`, else a search of the usual depth. */
function findMirror(): string | undefined {
  const configured = process.env.TF_PLUGIN_MIRROR;
  if (configured) return configured;
  const r = spawnSync(
    'sh',
    ['-c', "find / -maxdepth 5 -type d -path '*registry.terraform.io/hashicorp/aws' 2>/dev/null | head -n 1"],
    { encoding: 'utf8', timeout: 60_000 },
  );
  const hit = r.stdout?.trim();
  return hit ? path.resolve(hit, '..', '..', '..') : undefined;
}

/** Looks for terraform, the provider mirror and moto. */
export function findTools(): Tools {
  const terraform = which('terraform');
  const mirror = findMirror();
  const moto = motoAvailable();
  const missing = [...(terraform ? [] : ['terraform on PATH']), ...(moto ? [] : ['python3 -m moto.server'])];
  return { terraform, mirror, moto, missing };
}

/** Whether a missing tool must fail the run instead of skipping the tier. */
export const tierRequired = (): boolean =>
  process.env.CI === 'true' && process.env.REQUIRE_TERRAFORM_TIER === '1';

/** Writes a CLI config for this run: the filesystem mirror for hashicorp/aws, else Terraform's default. */
export function writeCliConfig(dir: string, tools: Tools): string {
  const file = path.join(dir, 'terraform.rc');
  const pluginCache = path.join(dir, 'plugin-cache');
  fs.mkdirSync(pluginCache, { recursive: true });
  const installation = tools.mirror
    ? `provider_installation {
  filesystem_mirror {
    path    = ${JSON.stringify(tools.mirror)}
    include = ["registry.terraform.io/hashicorp/aws"]
  }
  direct {
    exclude = ["registry.terraform.io/hashicorp/aws"]
  }
}
`
    : '';
  fs.writeFileSync(
    file,
    `${installation}plugin_cache_dir = ${JSON.stringify(pluginCache)}\ndisable_checkpoint = true\n`,
  );
  return file;
}

/**
 * Writes a CLI config that can install providers from the filesystem mirror only (no `direct`
 * block: a provider that is not in the mirror fails `init` with a local error, never a request to
 * a registry), with a plugin cache shared by every init of the run and checkpoints disabled.
 * `plugin_cache_may_break_dependency_lock_file`: a new directory has no lock file, and without it
 * Terraform (>= 1.4) re-installs into the cache on every init instead of linking from it, so two
 * inits at once race on the cache directory ("mkdir ...: file exists").
 */
export function writeOfflineCliConfig(dir: string, mirror: string): string {
  const file = path.join(dir, 'terraform-offline.rc');
  const pluginCache = path.join(dir, 'plugin-cache');
  fs.mkdirSync(pluginCache, { recursive: true });
  fs.writeFileSync(
    file,
    `provider_installation {
  filesystem_mirror {
    path = ${JSON.stringify(mirror)}
  }
}
plugin_cache_dir = ${JSON.stringify(pluginCache)}
plugin_cache_may_break_dependency_lock_file = true
disable_checkpoint = true
`,
  );
  return file;
}

export interface TerraformRun {
  readonly status: number;
  readonly output: string;
}

/** Runs terraform with the run's CLI config and moto's test credentials. */
export class Terraform {
  private readonly env: NodeJS.ProcessEnv;

  constructor(
    private readonly bin: string,
    cliConfig: string,
  ) {
    this.env = {
      ...process.env,
      TF_CLI_CONFIG_FILE: cliConfig,
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
      CHECKPOINT_DISABLE: '1',
      // moto accepts any credentials; they reach Terraform through the environment, never the JSON.
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_REGION: REGION,
      AWS_EC2_METADATA_DISABLED: 'true',
    };
  }

  /** Runs a command; returns its status and combined output. */
  public run(cwd: string, args: string[]): TerraformRun {
    const r = spawnSync(this.bin, [...args, '-no-color'], {
      cwd,
      env: this.env,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      timeout: 15 * 60_000,
    });
    return { status: r.status ?? -1, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
  }

  /** Runs a command that must succeed. */
  public ok(cwd: string, args: string[]): string {
    const r = this.run(cwd, args);
    if (r.status !== 0) {
      throw new Error(`terraform ${args.join(' ')} failed (${r.status}) in ${cwd}:\n${r.output}`);
    }
    return r.output;
  }
}

/**
 * The test-only AWS provider: every service the stacks use points at moto, S3 path-style, no
 * credential or account look-ups against real AWS. The library never creates providers; the
 * app (here, the test) does, so this is the only place moto is named. `lambdaEndpoint` (a local
 * Lambda Invoke endpoint, test/support/lambda-invoke.ts) takes the Lambda calls instead of moto.
 */
export function motoAwsProvider(
  scope: Construct,
  id: string,
  endpoint: string,
  lambdaEndpoint: string = endpoint,
): AwsProvider {
  return new AwsProvider(scope, id, {
    region: REGION,
    s3UsePathStyle: true,
    // moto serves HTTPS with a self-signed certificate (the bucket denies requests without TLS).
    insecure: true,
    skipCredentialsValidation: true,
    skipMetadataApiCheck: 'true',
    skipRegionValidation: true,
    endpoints: [
      {
        s3: endpoint,
        iam: endpoint,
        sts: endpoint,
        sns: endpoint,
        lambda: lambdaEndpoint,
        cloudwatchlogs: endpoint,
        cloudwatch: endpoint,
        ssm: endpoint,
      },
    ],
  });
}

/** A fresh temporary directory for one run. */
export const tempDir = (prefix: string): string => fs.mkdtempSync(path.join(os.tmpdir(), prefix));
