/**
 * The documentation's pages and their fenced blocks, which the suite checks (test/docs, test/package):
 * README.md and every .md under docs/, found on disk, so a new page is covered without editing a test.
 */
import * as fs from 'fs';
import * as path from 'path';

export interface ReadmeBlock {
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly code: string;
}

export interface FencedBlock extends ReadmeBlock {
  /** The info string's first word (`ts`, `yaml`, `sh`, ...), '' when there is none. */
  readonly lang: string;
}

/** Every fenced block of a markdown text, indented ones (in a list) included; `file` names it in errors. */
export function fencedBlocks(markdown: string, file = 'README.md'): FencedBlock[] {
  const blocks: FencedBlock[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)[^`]*$/.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, lang] = open;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !new RegExp(`^${indent}${fence}\\s*$`).test(lines[j]); j++) {
      body.push(lines[j].slice(indent.length));
    }
    if (j === lines.length) throw new Error(`${file}:${i + 1}: unterminated code block`);
    blocks.push({ lang, line: i + 1, code: body.join('\n') + '\n' });
    i = j;
  }
  return blocks;
}

/** The ```ts (or ```typescript) blocks of a markdown text. */
export function tsBlocks(markdown: string, file = 'README.md'): ReadmeBlock[] {
  return fencedBlocks(markdown, file)
    .filter((b) => b.lang === 'ts' || b.lang === 'typescript')
    .map(({ line, code }) => ({ line, code }));
}

/** README.md and every .md file under docs/ (recursively), as `/`-separated paths relative to `repo`. */
export function docPages(repo: string): string[] {
  const docs = (fs.readdirSync(path.join(repo, 'docs'), { recursive: true }) as string[])
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f.split(path.sep).join('/')}`)
    .sort();
  return ['README.md', ...docs];
}

/** A name for a block that is unique across pages: `docs-fleet-md-line-12`. */
export function blockName(file: string, line: number): string {
  return `${file.replace(/[^A-Za-z0-9]+/g, '-')}-line-${line}`;
}

/** The ts blocks of every page, each with its page. */
export function docTsBlocks(repo: string): (ReadmeBlock & { readonly file: string })[] {
  return docPages(repo).flatMap((file) =>
    tsBlocks(fs.readFileSync(path.join(repo, file), 'utf8'), file).map((b) => ({ ...b, file })),
  );
}

/** GitHub's anchor of a heading (github-slugger): lower case, punctuation dropped, spaces as `-`. */
export function headingSlug(heading: string): string {
  const text = heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1') // [text](url) -> text
    .replace(/`/g, '')
    .toLowerCase();
  return text.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
}

/** The anchors a page's headings get on GitHub (a repeated heading gets -1, -2, ...). */
export function anchorsOf(markdown: string): Set<string> {
  const fenced = new Set<number>();
  for (const b of fencedBlocks(markdown)) {
    for (let l = b.line; l <= b.line + b.code.split('\n').length; l++) fenced.add(l);
  }
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  markdown.split('\n').forEach((line, i) => {
    const h = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!h || fenced.has(i + 1)) return;
    const base = headingSlug(h[1]);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  });
  return anchors;
}

/** The relative links of a page (outside code), with their line: `[text](target)`. */
export function relativeLinks(markdown: string): { line: number; target: string }[] {
  const fenced = new Set<number>();
  for (const b of fencedBlocks(markdown)) {
    for (let l = b.line; l <= b.line + b.code.split('\n').length; l++) fenced.add(l);
  }
  const links: { line: number; target: string }[] = [];
  markdown.split('\n').forEach((text, i) => {
    if (fenced.has(i + 1)) return;
    const prose = text.replace(/`[^`]*`/g, '``');
    for (const m of prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(m[1])) continue; // https:, mailto:
      links.push({ line: i + 1, target: m[1] });
    }
  });
  return links;
}

/**
 * The relative links of `file` (relative to `repo`) that do not resolve: a missing file or folder, or
 * an anchor that no heading of the target page makes.
 */
export function brokenLinks(repo: string, file: string, markdown?: string): string[] {
  const text = markdown ?? fs.readFileSync(path.join(repo, file), 'utf8');
  const broken: string[] = [];
  for (const { line, target } of relativeLinks(text)) {
    const [where, anchor] = target.split('#', 2) as [string, string | undefined];
    const resolved =
      where === '' ? path.join(repo, file) : path.resolve(path.dirname(path.join(repo, file)), where);
    const at = `${file}:${line}: ${target}`;
    if (path.relative(repo, resolved).startsWith('..')) {
      broken.push(`${at} (outside the repository)`);
    } else if (!fs.existsSync(resolved)) {
      broken.push(`${at} (no such file)`);
    } else if (anchor !== undefined) {
      if (!resolved.endsWith('.md')) broken.push(`${at} (an anchor into a file that is not markdown)`);
      else if (!anchorsOf(where === '' ? text : fs.readFileSync(resolved, 'utf8')).has(anchor)) {
        broken.push(`${at} (no such heading)`);
      }
    }
  }
  return broken;
}
