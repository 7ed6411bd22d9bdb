/**
 * Issue 17 item 8: `LogpushFleet.fromFile` refuses a hostile fleet file with a coded
 * LogpushValidationError (it shares the CLI's parser), before anything is defined.
 */
import { App } from 'cdktf';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LogpushFleet } from '../../constructs/logpush-fleet';
import { LogpushValidationError } from '../../src/errors';
import { ALIAS_BOMB } from '../support/hostile-fleet';

describe('LogpushFleet.fromFile on hostile files', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleet-fromfile-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const codes = (file: string): readonly string[] => {
    const app = new App({ outdir: path.join(dir, 'out') });
    try {
      LogpushFleet.fromFile(app, 'logpush', file, { configureStack: () => undefined });
    } catch (e) {
      expect(app.node.children).toHaveLength(0);
      return LogpushValidationError.isLogpushValidationError(e) ? e.codes : [`${(e as Error).name}`];
    }
    return ['did not throw'];
  };

  test('fails on a YAML alias bomb with YAML_ALIAS_LIMIT', () => {
    const file = path.join(dir, 'bomb.yaml');
    fs.writeFileSync(file, ALIAS_BOMB);
    expect(codes(file)).toEqual(['YAML_ALIAS_LIMIT']);
  });

  test('fails on /dev/zero at once with FLEET_FILE_NOT_REGULAR', () => {
    expect(codes('/dev/zero')).toEqual(['FLEET_FILE_NOT_REGULAR']);
  });
});
