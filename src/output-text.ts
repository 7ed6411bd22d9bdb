/**
 * Text from a file or a synthesized output made safe for the medium it is shown in: a terminal, a
 * Markdown code span, a GitHub Actions workflow command, a Mermaid label. One owner of these rules,
 * so every command escapes a zone name or an unknown key the same way (issue 17, finding 8).
 */

/**
 * Characters a terminal acts on rather than shows: C0 and C1 controls (line breaks, ESC and so
 * every escape sequence, BEL, backspace) and the Unicode direction overrides that reorder what is
 * shown (CVE-2021-42574, "Trojan Source").
 */
const TERMINAL_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Text made safe to print on a terminal: every unsafe character as a visible `\uXXXX`. */
export function terminalText(text: string): string {
  return text.replace(TERMINAL_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Text as a Markdown code span: a backtick becomes `'` and a line break or other control character
 * a visible `\uXXXX`, so no value can end the span, the list item or the comment's structure.
 */
export function markdownCode(text: string): string {
  return `\`${terminalText(text.replace(/`/g, "'"))}\``;
}

/**
 * Data of a GitHub Actions workflow command: `%`, CR and LF escaped as GitHub requires
 * (actions/toolkit `packages/core/src/command.ts` `escapeData`), so that no text can end the
 * annotation and start another command (`::warning::`, `::add-mask::`); every other control
 * character, as on a terminal, as a visible `\uXXXX`.
 */
export function workflowCommandData(text: string): string {
  return terminalText(text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
}

/** A property of a GitHub Actions workflow command: as data, and `:` and `,` escaped (`escapeProperty`). */
export function workflowCommandProperty(text: string): string {
  return workflowCommandData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * A quoted Mermaid label: `"` and characters Mermaid reads as markup become entity codes (`#35;`,
 * https://mermaid.js.org/syntax/flowchart.html "Entity codes to escape characters"); so do line
 * breaks and every other control character, backticks (a ```` ``` ```` would close the Markdown
 * fence the diagram is pasted in) and Unicode direction overrides: a label is always one line.
 */
export function mermaidLabel(text: string): string {
  return `"${text.replace(/[#"<>`\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `#${c.charCodeAt(0)};`)}"`;
}
