/** src/cli/scope-option.ts: the `--scope` option `datasets` and `fields` share. */
import { Command } from 'commander';
import { SCOPE_OPTION } from '../../../src/cli/scope-option';

function parse(args: string[]): { scope?: string; error?: string } {
  const program = new Command().exitOverride().configureOutput({ writeErr: () => undefined });
  program.addOption(SCOPE_OPTION());
  try {
    program.parse(args, { from: 'user' });
    return program.opts<{ scope?: string }>();
  } catch (e) {
    return { error: (e as { code: string }).code };
  }
}

describe('--scope', () => {
  test('zone or account, and a new Option each call (commander keeps one per command)', () => {
    expect(parse(['--scope', 'zone'])).toEqual({ scope: 'zone' });
    expect(parse(['--scope', 'account'])).toEqual({ scope: 'account' });
    expect(parse([])).toEqual({});
    expect(SCOPE_OPTION()).not.toBe(SCOPE_OPTION());
  });

  test('fails for any other scope, as commander refuses a choice', () => {
    expect(parse(['--scope', 'zones'])).toEqual({ error: 'commander.invalidArgument' });
  });
});
