/**
 * Issue 17 item 8: bounded work on a hostile fleet file, in the parser every entry point shares
 * (`parseFleetWithPlan`, `loadFleetFileWithPlan` behind `LogpushFleet.fromFile`, the CLI).
 * Every refusal is a LogpushValidationError with a stable code, never a ReferenceError or a hang.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LogpushValidationError } from '../../../src/errors';
import {
  FLEET_LIMITS,
  FleetValidationError,
  loadFleetFileWithPlan,
  parseFleetWithPlan,
  readFleetFile,
} from '../../../src/fleet';
import { ALIAS_BOMB, aliasedUnknownFields } from '../../support/hostile-fleet';

/** The codes of what `fn` throws (a LogpushValidationError), or the thrown thing's name. */
function codesOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (e) {
    if (LogpushValidationError.isLogpushValidationError(e)) return e.codes;
    return [`not a LogpushValidationError: ${(e as Error).name}: ${(e as Error).message}`];
  }
  return ['did not throw'];
}

const VALID = 'version: 1\nbuckets:\n  main: { name: acme-logs, region: us-west-2 }\nzones:\n';
const zone = (i: number, datasets = '[http_requests]') =>
  `  - { id: 'f${i.toString(16).padStart(31, '0')}', datasets: ${datasets} }\n`;

describe('fleet file: bounded work on hostile input', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleet-hostile-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('fails on a YAML alias bomb with a LogpushValidationError (YAML_ALIAS_LIMIT), not a ReferenceError', () => {
    expect(codesOf(() => parseFleetWithPlan(ALIAS_BOMB, 'bomb.yaml'))).toEqual(['YAML_ALIAS_LIMIT']);
  });

  test('fails on a YAML alias bomb from a file too (loadFleetFileWithPlan, behind LogpushFleet.fromFile)', () => {
    const file = path.join(dir, 'bomb.yaml');
    fs.writeFileSync(file, ALIAS_BOMB);
    expect(codesOf(() => loadFleetFileWithPlan(file))).toEqual(['YAML_ALIAS_LIMIT']);
  });

  test('fails on an alias that expands a large list many times (FLEET_TOO_LARGE), though under the alias count', () => {
    const big = `${Array.from({ length: 5000 }, (_, i) => `f${i}`).join(', ')}`;
    const text = `${VALID.replace('zones:\n', `big: &big [${big}]\nzones:\n`)}${Array.from({ length: 200 }, (_, i) => zone(i, '*big')).join('')}`;
    expect(codesOf(() => parseFleetWithPlan(text, 'big.yaml'))).toEqual(['FLEET_TOO_LARGE']);
  });

  test('a shared dataset list used by many zones (the common use of aliases) is still accepted', () => {
    const text = `${VALID.replace('zones:\n', 'sharding: { shards: 10 }\nzones:\n')}${zone(0, '&std [http_requests, firewall_events]')}${Array.from({ length: 999 }, (_, i) => zone(i + 1, '*std')).join('')}`;
    expect(parseFleetWithPlan(text, 'shared.yaml').plan.pipelines).toHaveLength(2000);
  });

  test('fails on nesting deeper than the limit (FLEET_TOO_DEEP), also when it would overflow the parser', () => {
    const deep = (n: number) => `${VALID}${zone(1)}x: ${'['.repeat(n)}${']'.repeat(n)}\n`;
    expect(codesOf(() => parseFleetWithPlan(deep(FLEET_LIMITS.maxDepth + 5), 'deep.yaml'))).toEqual([
      'FLEET_TOO_DEEP',
    ]);
    const codes = codesOf(() => parseFleetWithPlan(deep(50_000), 'deeper.yaml'));
    expect(codes.length).toBe(1);
    expect(['FLEET_TOO_DEEP', 'YAML_SYNTAX']).toContain(codes[0]);
  });

  test('fails on an unknown YAML tag (YAML_UNKNOWN_TAG) instead of ignoring it', () => {
    const text = `${VALID}  - { id: !foo 023e105f4ecef8ad9ca31a8372d0c353, datasets: [http_requests] }\n`;
    expect(codesOf(() => parseFleetWithPlan(text, 'tag.yaml'))).toEqual(['YAML_UNKNOWN_TAG']);
  });

  test('fails on a YAML syntax error with a code (YAML_SYNTAX)', () => {
    expect(codesOf(() => parseFleetWithPlan('version: 1\nbuckets: [\n', 'bad.yaml'))).toContain(
      'YAML_SYNTAX',
    );
  });

  test('a 30 KB file of aliased unknown fields: at most maxIssues problems plus one TOO_MANY_PROBLEMS', () => {
    const text = aliasedUnknownFields(30_000);
    let error: FleetValidationError | undefined;
    try {
      parseFleetWithPlan(text, 'aliased.yaml');
    } catch (e) {
      error = e as FleetValidationError;
    }
    expect(error).toBeInstanceOf(FleetValidationError);
    expect(error!.issues.length).toBe(FLEET_LIMITS.maxIssues + 1);
    expect(error!.codes[FLEET_LIMITS.maxIssues]).toBe('TOO_MANY_PROBLEMS');
    expect(error!.message.length).toBeLessThan(200_000);
    // Before the bounds: 112,200 problems, 14.7 MB of output (about 10 s on the CLI). The work is
    // bounded by counts here; its speed is a bench/ matter, not a timed test.
  });

  test('fails on an unknown key of 100,000 characters with a message of bounded size', () => {
    const text = `${VALID}${zone(1)}? ${'k'.repeat(100_000)}\n: 1\n`;
    let message = '';
    try {
      parseFleetWithPlan(text, 'long.yaml');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('unknown key');
    expect(message.length).toBeLessThan(2_000);
  });

  test('fails on a zone name of 1 MB (it makes an invalid prefix) with messages of bounded size', () => {
    const text = `${VALID}  - { id: 'f0000000000000000000000000000001', name: '${'n'.repeat(1_000_000)}', datasets: [http_requests, firewall_events] }\n`;
    let message = '';
    try {
      parseFleetWithPlan(text, 'name.yaml');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('makes the prefix');
    expect(message.length).toBeLessThan(10_000);
  });

  test('fails on a file larger than the limit (FLEET_FILE_TOO_LARGE) without reading it all', () => {
    const file = path.join(dir, 'large.yaml');
    fs.writeFileSync(file, `${VALID}#${'x'.repeat(FLEET_LIMITS.maxFileBytes)}\n`);
    expect(codesOf(() => readFleetFile(file))).toEqual(['FLEET_FILE_TOO_LARGE']);
  });

  test('fails at once on a FIFO and on /dev/zero (FLEET_FILE_NOT_REGULAR): only regular files are read', () => {
    const fifo = path.join(dir, 'fifo.yaml');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    // A FIFO without a writer would block the open forever: refused before it is opened.
    expect(codesOf(() => readFleetFile(fifo))).toEqual(['FLEET_FILE_NOT_REGULAR']);
    expect(codesOf(() => loadFleetFileWithPlan('/dev/zero'))).toEqual(['FLEET_FILE_NOT_REGULAR']);
    expect(codesOf(() => readFleetFile(dir))).toEqual(['FLEET_FILE_NOT_REGULAR']);
  });
});
