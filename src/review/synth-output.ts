/**
 * Reading a synthesized cdktf output (`cdktf.out/`): the manifest and every stack it names, checked
 * for the shape the review reads (never trusted: a hostile file fails with SYNTH_MALFORMED).
 * Framework-free: it reads JSON files and never needs cdktf.
 */
import * as fs from 'fs';
import * as path from 'path';
import { malformed, SynthOutputError } from './errors';
import { isRecord as isPlainObject } from './private/json';

/** One resource block of a synthesized stack: attribute name to value. */
export type ResourceBlock = Record<string, unknown>;

/** The parts of a synthesized stack (`cdk.tf.json`) the diff reads. */
export interface StackJson {
  readonly resource?: Record<string, Record<string, ResourceBlock>>;
  readonly data?: Record<string, Record<string, ResourceBlock>>;
  readonly moved?: ReadonlyArray<{ readonly from: string; readonly to: string }>;
  readonly terraform?: Record<string, unknown>;
  readonly [key: string]: unknown;
}

/** A synthesized app: stack name to its Terraform JSON. */
export type SynthOutput = ReadonlyMap<string, StackJson>;

/**
 * Reads `<dir>/manifest.json` and every stack it names (`synthesizedStackPath`). A directory that
 * is not a cdktf output is a {@link SynthOutputError}.
 */
export async function readSynthOutput(dir: string): Promise<SynthOutput> {
  const manifestPath = path.join(dir, 'manifest.json');
  if (!fs.existsSync(manifestPath)) {
    throw new SynthOutputError(
      `${dir} is not a synthesized cdktf output: no manifest.json (run cdktf synth)`,
      'SYNTH_NOT_FOUND',
    );
  }
  const manifest = checkManifest(manifestPath, await readJson(manifestPath));
  const stacks = new Map<string, StackJson>();
  for (const [name, entry] of Object.entries(manifest.stacks)) {
    const rel = entry.synthesizedStackPath ?? path.join('stacks', name, 'cdk.tf.json');
    const file = path.resolve(dir, rel);
    if (path.relative(path.resolve(dir), file).startsWith('..')) {
      throw new SynthOutputError(
        `${manifestPath}: stack ${name} points outside the output (${rel})`,
        'SYNTH_OUTSIDE',
      );
    }
    stacks.set(name, checkStackJson(`stack ${name} (${file})`, await readJson(file)));
  }
  return stacks;
}

/** Deepest nesting a synthesized stack may have (cdktf's are under 20 levels). */
export const MAX_SYNTH_DEPTH = 100;

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch (e) {
    throw malformed(`cannot read ${file}: ${(e as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw malformed(`${file} is not JSON: ${(e as Error).message}`);
  }
  // Iterative, so that the check itself cannot overflow the stack.
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= MAX_SYNTH_DEPTH) throw malformed(`${file} nests deeper than ${MAX_SYNTH_DEPTH} levels`);
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return value;
}

/** Terraform resource type names (`aws_s3_bucket`) and identifiers (cdktf also starts them with a digit); never a JavaScript prototype key. */
const TF_TYPE = /^[a-z][a-z0-9_]*$/;
const TF_ID = /^[A-Za-z0-9_][A-Za-z0-9_-]*$/;
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function checkManifest(
  file: string,
  value: unknown,
): { stacks: Record<string, { synthesizedStackPath?: string }> } {
  if (!isPlainObject(value) || !isPlainObject(value.stacks)) {
    throw malformed(`${file} has no "stacks" object`);
  }
  for (const [name, entry] of Object.entries(value.stacks)) {
    if (PROTOTYPE_KEYS.has(name) || !isPlainObject(entry)) {
      throw malformed(
        `${file}: stacks.${JSON.stringify(name).slice(0, 80)} is not a stack entry (an object)`,
      );
    }
    if (entry.synthesizedStackPath !== undefined && typeof entry.synthesizedStackPath !== 'string') {
      throw malformed(`${file}: stacks.${name}.synthesizedStackPath is not a string`);
    }
  }
  return value as { stacks: Record<string, { synthesizedStackPath?: string }> };
}

/** Checks the parts of a stack the diff reads: `resource` and `data` (type -> id -> block) and `moved`. */
export function checkStackJson(where: string, value: unknown): StackJson {
  if (!isPlainObject(value)) throw malformed(`${where} is not a Terraform JSON object`);
  for (const section of ['resource', 'data'] as const) {
    const byType = value[section];
    if (byType === undefined) continue;
    if (!isPlainObject(byType)) throw malformed(`${where}: "${section}" is not an object`);
    for (const [type, byId] of Object.entries(byType)) {
      if (!TF_TYPE.test(type)) {
        throw malformed(
          `${where}: ${section} type ${JSON.stringify(type).slice(0, 80)} is not a Terraform type name`,
        );
      }
      if (!isPlainObject(byId)) throw malformed(`${where}: ${section}.${type} is not an object`);
      for (const [id, block] of Object.entries(byId)) {
        if (!TF_ID.test(id) || PROTOTYPE_KEYS.has(id)) {
          throw malformed(
            `${where}: ${section}.${type} id ${JSON.stringify(id).slice(0, 80)} is not a Terraform identifier`,
          );
        }
        if (!isPlainObject(block)) throw malformed(`${where}: ${section}.${type}.${id} is not an object`);
      }
    }
  }
  if (value.moved !== undefined) {
    if (!Array.isArray(value.moved)) throw malformed(`${where}: "moved" is not a list`);
    value.moved.forEach((m: unknown, i) => {
      if (!isPlainObject(m) || typeof m.from !== 'string' || typeof m.to !== 'string') {
        throw malformed(`${where}: moved[${i}] is not { "from": string, "to": string }`);
      }
    });
  }
  if (value.terraform !== undefined && !isPlainObject(value.terraform)) {
    throw malformed(`${where}: "terraform" is not an object`);
  }
  return value as StackJson;
}
