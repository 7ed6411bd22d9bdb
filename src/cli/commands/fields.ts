/**
 * `cdktf-logpush fields <dataset> [--scope zone|account] [--paste [--format yaml|ts] [--indent N]] [--json]`:
 * a dataset's fields with their types and deprecated marks, or the list ready to paste into
 * `fields:` (every field that is not deprecated: what `fields: 'all'` means).
 */
import { Option } from 'commander';
import { allFields, closestNames, datasetsOf, fieldsOf, scopesOf, type Scope } from '../../datasets';
import { CliError, EXIT } from '../io';
import type { RegisterCommand } from '../command';
import { styles } from '../style';
import { SCOPE_OPTION } from '../scope-option';

/** The scope of `dataset`: the one asked for, or the only one that has it. */
export function resolveScope(dataset: string, scope: Scope | undefined): Scope {
  const scopes = scopesOf(dataset);
  if (scope) {
    if (scopes.includes(scope)) return scope;
    if (scopes.length) {
      throw new CliError(
        `"${dataset}" is not a ${scope} dataset but ${scopes[0] === 'account' ? 'an' : 'a'} ${scopes[0]} dataset: use --scope ${scopes[0]}`,
        EXIT.finding,
      );
    }
  } else if (scopes.length === 1) {
    return scopes[0]!;
  } else if (scopes.length === 2) {
    const counts = scopes.map((s) => `${s} (${fieldsOf(s, dataset).length} fields)`).join(' and ');
    throw new CliError(
      `"${dataset}" exists in both scopes, with different fields: ${counts}. ` +
        'A zone job logs one zone, an account job the whole account: pass --scope zone or --scope account',
      EXIT.usage,
    );
  }
  const candidates = scope
    ? datasetsOf(scope)
    : [...new Set([...datasetsOf('zone'), ...datasetsOf('account')])];
  throw new CliError(
    `unknown ${scope ? `${scope} ` : ''}dataset "${dataset}"; closest: ${closestNames(dataset, candidates).join(', ')} ` +
      '(cdktf-logpush datasets lists them all)',
    EXIT.finding,
  );
}

/** The most spaces `--indent` takes. */
export const MAX_INDENT = 32;

/**
 * The paste-ready list: a YAML `fields:` block or a TypeScript `fields: [...]` property, every line
 * indented by `indent` spaces (the column of the place it is pasted, e.g. 8 under a fleet file's
 * `zones[].datasets[]` entry).
 */
export function pasteList(names: readonly string[], format: 'yaml' | 'ts', indent = 0): string {
  const text =
    format === 'yaml'
      ? `fields:\n${names.map((n) => `  - ${n}\n`).join('')}`
      : `fields: [\n${names.map((n) => `  '${n}',\n`).join('')}],\n`;
  const pad = ' '.repeat(indent);
  return text.replace(/^(?=.)/gm, pad);
}

/** `--indent`'s value: a whole number of spaces, 0 to {@link MAX_INDENT}. */
function parseIndent(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > MAX_INDENT) {
    throw new CliError(
      `--indent must be a whole number of spaces from 0 to ${MAX_INDENT}, e.g. --indent 8 (got "${value}")`,
      EXIT.usage,
    );
  }
  return Number(value);
}

interface FieldsOptions {
  scope?: Scope;
  paste?: boolean;
  format: 'yaml' | 'ts';
  indent?: string;
  json?: boolean;
}

export const registerFields: RegisterCommand = (program, io) => {
  program
    .command('fields')
    .description("list a dataset's fields with types and deprecated marks, or print them ready to paste")
    .argument('<dataset>', 'a Logpush dataset, e.g. http_requests')
    .addOption(SCOPE_OPTION())
    .option('--paste', "print the non-deprecated fields ready to paste into `fields:` (what 'all' means)")
    .addOption(
      new Option('--format <format>', 'with --paste: YAML (fleet file) or TypeScript (props)')
        .choices(['yaml', 'ts'])
        .default('yaml'),
    )
    .option('--indent <n>', 'with --paste: indent every line by n spaces, for where it is pasted')
    .option('--json', 'print JSON for scripts')
    .addHelpText(
      'after',
      '\nExit codes: 0 listed; 1 unknown dataset (closest names on stderr); 2 usage, e.g. a dataset of\n' +
        'both scopes (firewall_events, websocket_analytics) without --scope.',
    )
    .action((dataset: string, opts: FieldsOptions) => {
      const scope = resolveScope(dataset, opts.scope);
      const indent = opts.indent === undefined ? 0 : parseIndent(opts.indent);
      if (opts.paste) {
        const names = allFields(scope, dataset);
        io.stdout(opts.json ? `${JSON.stringify(names)}\n` : pasteList(names, opts.format, indent));
        return;
      }
      const entries = fieldsOf(scope, dataset);
      if (opts.json) {
        const rows = entries.map(([name, type, deprecated]) => ({
          name,
          type,
          deprecated: deprecated === 'deprecated',
        }));
        io.stdout(`${JSON.stringify({ dataset, scope, fields: rows }, null, 2)}\n`);
        return;
      }
      const s = styles(io);
      const width = Math.max(...entries.map((e) => e[0].length));
      const lines = entries.map(([name, type, deprecated]) =>
        deprecated
          ? s.dim(`${name.padEnd(width + 2)}${type}  `) + s.yellow('(deprecated)')
          : `${name.padEnd(width + 2)}${type}`,
      );
      io.stdout(`${lines.join('\n')}\n`);
    });
};
