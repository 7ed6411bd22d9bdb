/** The `--scope` option `datasets` and `fields` share. */
import { Option } from 'commander';

/** `--scope zone|account`: a new Option each call (commander keeps an option per command). */
export const SCOPE_OPTION = (): Option =>
  new Option('--scope <scope>', 'zone or account datasets only').choices(['zone', 'account']);
