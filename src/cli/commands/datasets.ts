/**
 * `cdktf-logpush datasets [--scope zone|account] [--json]`: the Logpush datasets in the catalogue,
 * with their scope, field counts, and whether the pinned Cloudflare provider accepts them.
 */
import { datasetsOf, fieldsOf, PROVIDER_DATASETS, type Scope } from '../../datasets';
import type { RegisterCommand } from '../command';
import { SCOPE_OPTION } from '../scope-option';
import { styles } from '../style';

/** One dataset as `datasets --json` prints it. */
export interface DatasetSummary {
  readonly name: string;
  readonly scope: Scope;
  /** Every catalogue field, deprecated ones included. */
  readonly fields: number;
  readonly deprecatedFields: number;
  /** Whether `cloudflare_logpush_job.dataset` accepts it in cloudflare/cloudflare 5.14.0. */
  readonly inProvider: boolean;
}

/** The catalogue's datasets of the given scopes, zone first, each scope sorted by name. */
export function summarizeDatasets(scopes: readonly Scope[]): DatasetSummary[] {
  return scopes.flatMap((scope) =>
    datasetsOf(scope).map((name) => {
      const fields = fieldsOf(scope, name);
      return {
        name,
        scope,
        fields: fields.length,
        deprecatedFields: fields.filter((f) => f[2] === 'deprecated').length,
        inProvider: PROVIDER_DATASETS.has(name),
      };
    }),
  );
}

export const registerDatasets: RegisterCommand = (program, io) => {
  program
    .command('datasets')
    .description('list the Logpush datasets of the catalogue (scope, field counts, provider support)')
    .addOption(SCOPE_OPTION())
    .option('--json', 'print JSON for scripts')
    .addHelpText(
      'after',
      '\n"not in provider" marks a dataset that cloudflare/cloudflare 5.14.0 (the provider this\n' +
        'package binds) does not accept yet in cloudflare_logpush_job.dataset.',
    )
    .action((opts: { scope?: Scope; json?: boolean }) => {
      const scopes: Scope[] = opts.scope ? [opts.scope] : ['zone', 'account'];
      const rows = summarizeDatasets(scopes);
      if (opts.json) {
        io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      const s = styles(io);
      const width = Math.max(...rows.map((r) => r.name.length));
      const lines = rows.map((r) => {
        const notes = [
          r.deprecatedFields ? s.yellow(`${r.deprecatedFields} deprecated`) : '',
          r.inProvider ? '' : s.red('not in provider'),
        ].filter(Boolean);
        return `${r.scope.padEnd(8)}${r.name.padEnd(width + 2)}${String(r.fields).padStart(4)} fields${notes.length ? `  (${notes.join(', ')})` : ''}`;
      });
      io.stdout(`${lines.join('\n')}\n`);
    });
};
