/**
 * Builds the stand-in providers into a Terraform filesystem mirror in a temporary directory (never
 * committed): one esbuild bundle of ./main.ts, a certificate for localhost (openssl), and per
 * provider its schemas (test/fixtures/standin-schemas/*.json, ./fixtures.ts) and an executable at
 * `registry.terraform.io/<ns>/<name>/<version>/linux_amd64/terraform-provider-<name>_v<version>`.
 *
 * `cliConfig` writes a Terraform CLI configuration whose only installation methods are filesystem
 * mirrors (these, and the hashicorp/aws mirror when given): no `direct {}`, no checkpoint, so
 * Terraform never reaches a registry.
 */
import { spawnSync } from 'child_process';
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { allSchemas } from './fixtures';
import type { ProviderSchemas } from './schema';

export interface StandInMirror {
  /** The temporary directory holding everything. */
  readonly root: string;
  /** The filesystem mirror (holds `registry.terraform.io/...`). */
  readonly mirror: string;
  readonly providers: readonly ProviderSchemas[];
  /** Removes the directory. */
  dispose(): void;
}

/** `registry.terraform.io/<namespace>/<name>` as Terraform normalizes it (lower case). */
export const providerAddress = (p: Pick<ProviderSchemas, 'namespace' | 'name'>): string =>
  `registry.terraform.io/${p.namespace.toLowerCase()}/${p.name}`;

/** A V8 code cache in front of the bundle: a provider process starts several times per command. */
const LAUNCHER = `'use strict';
const fs = require('fs'), path = require('path'), vm = require('vm'), Module = require('module');
const file = path.join(__dirname, 'provider.js'), cacheFile = file + '.cache';
const code = Module.wrap(fs.readFileSync(file, 'utf8'));
let cachedData; try { cachedData = fs.readFileSync(cacheFile); } catch {}
const script = new vm.Script(code, { filename: file, cachedData });
if (!cachedData || script.cachedDataRejected) { try { fs.writeFileSync(cacheFile, script.createCachedData()); } catch {} }
const m = { exports: {} };
script.runInThisContext()(m.exports, Module.createRequire(file), m, file, __dirname);
`;

function certificate(root: string): void {
  const r = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      path.join(root, 'server.key'),
      '-out',
      path.join(root, 'server.pem'),
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`openssl failed: ${r.stderr}`);
}

/** Builds the mirror (about a second: one bundle, one certificate, three schema sets). */
export async function buildStandInMirror(
  providers: readonly ProviderSchemas[] = allSchemas(),
): Promise<StandInMirror> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-standins-'));
  await esbuild.build({
    entryPoints: [path.join(__dirname, 'main.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile: path.join(root, 'provider.js'),
    loader: { '.proto': 'text' },
    logLevel: 'error',
  });
  fs.writeFileSync(path.join(root, 'launch.js'), LAUNCHER);
  certificate(root);
  const mirror = path.join(root, 'mirror');
  for (const p of providers) {
    const dir = path.join(root, `p-${p.name}`);
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'schemas.json'), JSON.stringify(p));
    const bin = path.join(mirror, providerAddress(p), p.version, 'linux_amd64');
    fs.mkdirSync(bin, { recursive: true });
    const exe = path.join(bin, `terraform-provider-${p.name}_v${p.version}`);
    fs.writeFileSync(
      exe,
      `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(root, 'launch.js'))} ${JSON.stringify(dir)}\n`,
    );
    fs.chmodSync(exe, 0o755);
  }
  return { root, mirror, providers, dispose: () => fs.rmSync(root, { recursive: true, force: true }) };
}

/**
 * Writes a Terraform CLI configuration with filesystem mirrors only: the stand-ins, and the
 * hashicorp/aws mirror when `awsMirror` is given.
 */
export function cliConfig(file: string, standIns: StandInMirror, awsMirror?: string): string {
  const include = standIns.providers.map((p) => JSON.stringify(providerAddress(p)));
  const aws = awsMirror
    ? `  filesystem_mirror {\n    path    = ${JSON.stringify(awsMirror)}\n    include = ["registry.terraform.io/hashicorp/aws"]\n  }\n`
    : '';
  fs.writeFileSync(
    file,
    `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(standIns.mirror)}\n    include = [${include.join(', ')}]\n  }\n${aws}}\ndisable_checkpoint = true\n`,
  );
  return file;
}
