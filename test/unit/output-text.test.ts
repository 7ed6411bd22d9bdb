import fc from 'fast-check';
import {
  markdownCode,
  mermaidLabel,
  terminalText,
  workflowCommandData,
  workflowCommandProperty,
} from '../../src/output-text';

/** Every control character and direction override a hostile file could hold. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const hostile = fc.string({
  unit: fc.constantFrom(
    'a',
    ' ',
    '`',
    '"',
    '#',
    '<',
    '>',
    '%',
    ':',
    ',',
    '\n',
    '\r',
    '\u001b',
    '\u202e',
    '\u0085',
    'é',
  ),
  maxLength: 40,
});

describe('output-text', () => {
  test('terminal: control characters and direction overrides shown, never acted on', () => {
    expect(terminalText('zone\u001b[31mred\n::warning::x\u202e')).toBe(
      'zone\\u001b[31mred\\u000a::warning::x\\u202e',
    );
    fc.assert(fc.property(hostile, (s) => !UNSAFE.test(terminalText(s))));
  });

  test('terminal: printable text passes unchanged', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme-ascii' }), (s) => terminalText(s) === s));
  });

  test('markdown: one code span on one line, whatever the text', () => {
    expect(markdownCode('a`b\nc')).toBe("`a'b\\u000ac`");
    fc.assert(
      fc.property(hostile, (s) => {
        const out = markdownCode(s);
        return (
          out.startsWith('`') && out.endsWith('`') && !out.slice(1, -1).includes('`') && !UNSAFE.test(out)
        );
      }),
    );
  });

  test("workflow command: no text ends the annotation or starts another command (actions/toolkit's escapes)", () => {
    expect(workflowCommandData('50%\r\n::add-mask::x')).toBe('50%25%0D%0A::add-mask::x');
    expect(workflowCommandProperty('a:b,c\n')).toBe('a%3Ab%2Cc%0A');
    fc.assert(
      fc.property(hostile, (s) => {
        const data = workflowCommandData(s);
        const prop = workflowCommandProperty(s);
        return !UNSAFE.test(data) && !UNSAFE.test(prop) && !/[:,]/.test(prop);
      }),
    );
  });

  test('mermaid: one quoted label on one line, markup as entity codes', () => {
    expect(mermaidLabel('a"<b>#`')).toBe('"a#34;#60;b#62;#35;#96;"');
    fc.assert(
      fc.property(hostile, (s) => {
        const out = mermaidLabel(s);
        const inner = out.slice(1, -1);
        return out.startsWith('"') && out.endsWith('"') && !/["<>`]/.test(inner) && !UNSAFE.test(inner);
      }),
    );
  });
});
