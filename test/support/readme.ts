/** The TypeScript blocks of README.md, which the suite type-checks and runs (test/docs, test/package). */

export interface ReadmeBlock {
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly code: string;
}

/** The ```ts (or ```typescript) blocks of a markdown text. */
export function tsBlocks(markdown: string): ReadmeBlock[] {
  const blocks: ReadmeBlock[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*(ts|typescript)\s*$/.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence] = open;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !lines[j].startsWith(indent + fence); j++) {
      body.push(lines[j].slice(indent.length));
    }
    if (j === lines.length) throw new Error(`README.md:${i + 1}: unterminated code block`);
    blocks.push({ line: i + 1, code: body.join('\n') + '\n' });
    i = j;
  }
  return blocks;
}
