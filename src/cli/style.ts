/**
 * Presentation helpers shared by the commands: colour (only when stderr is a terminal and NO_COLOR
 * is unset, https://no-color.org) and progress (on stderr, only on a terminal, only for work that
 * outlasts a second). Nothing here writes to stdout.
 */
import type { CliIo } from './io';

/** ANSI styles; each is the identity when colour is off. */
export interface Styles {
  readonly enabled: boolean;
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly red: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly green: (s: string) => string;
}

/** Whether output may be coloured: a terminal, and NO_COLOR unset or empty. */
export function colourEnabled(io: CliIo): boolean {
  return io.isTTY && !io.env.NO_COLOR;
}

/** The styles for this run. */
export function styles(io: CliIo): Styles {
  const on = colourEnabled(io);
  const sgr = (open: number, close: number) => (s: string) =>
    on ? `\u001b[${open}m${s}\u001b[${close}m` : s;
  return {
    enabled: on,
    bold: sgr(1, 22),
    dim: sgr(2, 22),
    red: sgr(31, 39),
    yellow: sgr(33, 39),
    green: sgr(32, 39),
  };
}

/**
 * Runs `work`, and when it takes longer than `afterMs` on a terminal, shows `label` with a spinner
 * on stderr until it ends (then clears the line). Off a terminal it only runs `work`.
 */
export async function withProgress<T>(
  io: CliIo,
  label: string,
  work: () => Promise<T>,
  afterMs = 1000,
): Promise<T> {
  if (!io.isTTY) return work();
  const frames = ['-', '\\', '|', '/'];
  let frame = 0;
  let shown = false;
  let ticker: NodeJS.Timeout | undefined;
  const starter = setTimeout(() => {
    shown = true;
    ticker = setInterval(() => io.stderr(`\r${frames[frame++ % frames.length]} ${label}`), 120);
  }, afterMs);
  try {
    return await work();
  } finally {
    clearTimeout(starter);
    if (ticker) clearInterval(ticker);
    if (shown) io.stderr(`\r\u001b[2K`);
  }
}
