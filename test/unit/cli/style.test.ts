/** Colour and progress: only on a terminal, colour never with NO_COLOR; nothing of it on stdout. */
import type { CliIo } from '../../../src/cli/io';
import { run } from '../../../src/cli/main';
import { withProgress } from '../../../src/cli/style';

function memoryIo(isTTY: boolean, env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    isTTY,
    env,
    cwd: process.cwd(),
  };
  return { io, out, err };
}

const ANSI = '\u001b[';

describe('CLI colour', () => {
  test('a terminal without NO_COLOR gets coloured deprecated marks', async () => {
    const m = memoryIo(true);
    expect(await run(['fields', 'http_requests'], m.io)).toBe(0);
    expect(m.out.join('')).toContain(`${ANSI}33m(deprecated)`);
  });

  test('NO_COLOR turns colour off on a terminal', async () => {
    const m = memoryIo(true, { NO_COLOR: '1' });
    expect(await run(['fields', 'http_requests'], m.io)).toBe(0);
    expect(m.out.join('')).toContain('(deprecated)');
    expect(m.out.join('')).not.toContain(ANSI);
  });

  test('no terminal, no colour', async () => {
    const m = memoryIo(false);
    expect(await run(['datasets'], m.io)).toBe(0);
    expect(m.out.join('')).not.toContain(ANSI);
  });
});

describe('withProgress', () => {
  const slow = () => new Promise<string>((resolve) => setTimeout(() => resolve('done'), 300));

  test('on a terminal, work that outlasts the threshold shows a spinner on stderr, then clears it', async () => {
    const m = memoryIo(true);
    expect(await withProgress(m.io, 'reading', slow, 50)).toBe('done');
    expect(m.err.join('')).toContain('reading');
    expect(m.err[m.err.length - 1]).toBe('\r\u001b[2K');
    expect(m.out).toEqual([]);
  });

  test('quick work shows nothing', async () => {
    const m = memoryIo(true);
    await withProgress(m.io, 'reading', () => Promise.resolve(1), 1000);
    expect(m.err).toEqual([]);
  });

  test('off a terminal nothing is shown, however long it takes', async () => {
    const m = memoryIo(false);
    await withProgress(m.io, 'reading', slow, 50);
    expect(m.err).toEqual([]);
  });
});
