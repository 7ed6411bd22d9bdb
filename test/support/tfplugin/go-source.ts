/**
 * A small reader of Go source, enough to read the schema literals of Terraform providers written with
 * terraform-plugin-framework (`schema.StringAttribute{Required: true, ...}`) and with
 * terraform-plugin-sdk v2 (`map[string]*schema.Schema{"name": {Type: schema.TypeString, ...}}`).
 *
 * It parses expressions only (composite literals, calls, selectors, literals, `+`), not statements:
 * callers locate the literal with a regular expression and parse from there. Function literals are
 * skipped. Test infrastructure only.
 */

export type GoNode =
  | { readonly k: 'lit'; readonly v: string | number | boolean }
  | { readonly k: 'ident'; readonly name: string }
  | { readonly k: 'call'; readonly fn: string; readonly args: readonly GoNode[] }
  | { readonly k: 'comp'; readonly type: string | null; readonly elems: readonly GoElem[] }
  | { readonly k: 'func' }
  | { readonly k: 'unary'; readonly op: string; readonly x: GoNode }
  | { readonly k: 'bin'; readonly op: string; readonly l: GoNode; readonly r: GoNode };

export interface GoElem {
  readonly key?: GoNode;
  readonly value: GoNode;
}

interface Token {
  readonly t: 'ident' | 'str' | 'num' | 'punct';
  readonly v: string;
}

const PUNCT = [
  '...',
  '&&',
  '||',
  '==',
  '!=',
  '<=',
  '>=',
  ':=',
  '<-',
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  ',',
  ':',
  '.',
  '&',
  '*',
  '=',
  ';',
  '+',
  '-',
  '!',
  '|',
  '<',
  '>',
  '/',
  '%',
  '^',
];

/** Go tokens from `offset` on (comments dropped, strings decoded). */
function tokenize(src: string, offset: number): Token[] {
  const out: Token[] = [];
  let i = offset;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (src.startsWith('//', i)) {
      const end = src.indexOf('\n', i);
      i = end < 0 ? src.length : end;
    } else if (src.startsWith('/*', i)) {
      i = src.indexOf('*/', i + 2) + 2;
    } else if (c === '"') {
      let j = i + 1;
      let raw = '';
      while (src[j] !== '"') {
        if (src[j] === '\\') {
          raw += src.slice(j, j + 2);
          j += 2;
        } else raw += src[j++];
      }
      out.push({ t: 'str', v: JSON.parse(`"${raw.replace(/\\'/g, "'")}"`) as string });
      i = j + 1;
    } else if (c === '`') {
      const end = src.indexOf('`', i + 1);
      out.push({ t: 'str', v: src.slice(i + 1, end) });
      i = end + 1;
    } else if (c === "'") {
      const end = src.indexOf("'", i + 1);
      out.push({ t: 'str', v: src.slice(i + 1, end) });
      i = end + 1;
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9][0-9_.xXa-fA-FeE]*/.exec(src.slice(i, i + 40))!;
      out.push({ t: 'num', v: m[0] });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i, i + 200))!;
      out.push({ t: 'ident', v: m[0] });
      i += m[0].length;
    } else {
      const p = PUNCT.find((p) => src.startsWith(p, i));
      if (!p) throw new Error(`go-source: unexpected ${JSON.stringify(c)} at ${i}`);
      out.push({ t: 'punct', v: p });
      i += p.length;
    }
  }
  return out;
}

class Parser {
  private i = 0;
  constructor(private readonly toks: Token[]) {}

  private peek(o = 0): Token | undefined {
    return this.toks[this.i + o];
  }
  private is(v: string, o = 0): boolean {
    const t = this.peek(o);
    return t !== undefined && t.t === 'punct' && t.v === v;
  }
  private expect(v: string): void {
    if (!this.is(v)) throw new Error(`go-source: expected ${v}, got ${JSON.stringify(this.peek())}`);
    this.i++;
  }
  /** Skips a balanced (), [] or {} group starting at the current token. */
  private skipGroup(): void {
    const open = this.peek()!.v;
    const close = { '(': ')', '[': ']', '{': '}' }[open]!;
    let depth = 0;
    do {
      const t = this.toks[this.i++]!;
      if (t.t === 'punct' && t.v === open) depth++;
      if (t.t === 'punct' && t.v === close) depth--;
    } while (depth > 0);
  }

  /** A type: `*T`, `[]T`, `map[K]V`, `pkg.T`, `interface{}`, `pkg.T[X]`; returned as its text. */
  type(): string {
    if (this.is('*')) {
      this.i++;
      return `*${this.type()}`;
    }
    if (this.is('[')) {
      this.i++;
      this.expect(']');
      return `[]${this.type()}`;
    }
    const t = this.peek()!;
    if (t.t === 'ident' && t.v === 'map') {
      this.i++;
      this.expect('[');
      const k = this.type();
      this.expect(']');
      return `map[${k}]${this.type()}`;
    }
    if (t.t === 'ident' && t.v === 'interface') {
      this.i++;
      this.skipGroup();
      return 'interface{}';
    }
    if (t.t === 'ident' && t.v === 'func') {
      this.i++;
      this.skipGroup();
      return 'func';
    }
    let name = this.ident();
    while (this.is('.')) {
      this.i++;
      name += `.${this.ident()}`;
    }
    if (this.is('[')) this.skipGroup();
    return name;
  }
  private ident(): string {
    const t = this.toks[this.i++];
    if (!t || t.t !== 'ident') throw new Error(`go-source: expected an identifier, got ${JSON.stringify(t)}`);
    return t.v;
  }

  expr(): GoNode {
    let l = this.unary();
    while (this.is('+') || this.is('|') || this.is('-') || this.is('*') || this.is('/')) {
      const op = this.toks[this.i++]!.v;
      l = { k: 'bin', op, l, r: this.unary() };
    }
    return l;
  }
  private unary(): GoNode {
    if (this.is('&') || this.is('*') || this.is('-') || this.is('!')) {
      const op = this.toks[this.i++]!.v;
      return { k: 'unary', op, x: this.unary() };
    }
    return this.primary();
  }
  private primary(): GoNode {
    const t = this.peek()!;
    let node: GoNode;
    if (t.t === 'str') {
      this.i++;
      node = { k: 'lit', v: t.v };
    } else if (t.t === 'num') {
      this.i++;
      node = { k: 'lit', v: Number(t.v.replace(/_/g, '')) };
    } else if (t.t === 'ident' && (t.v === 'true' || t.v === 'false')) {
      this.i++;
      node = { k: 'lit', v: t.v === 'true' };
    } else if (t.t === 'ident' && t.v === 'func') {
      this.i++;
      this.skipGroup(); // parameters
      while (!this.is('{')) {
        if (this.is('(') || this.is('[')) this.skipGroup();
        else this.i++;
      }
      this.skipGroup(); // body
      return { k: 'func' };
    } else if (this.is('(')) {
      this.i++;
      node = this.expr();
      this.expect(')');
    } else if (this.is('{')) {
      return this.composite(null);
    } else if (this.is('[') || (t.t === 'ident' && t.v === 'map')) {
      return this.composite(this.type());
    } else {
      node = { k: 'ident', name: this.ident() };
    }
    for (;;) {
      if (this.is('.')) {
        this.i++;
        if (this.is('(')) {
          this.skipGroup(); // type assertion
          continue;
        }
        const name = this.ident();
        node = node.k === 'ident' ? { k: 'ident', name: `${node.name}.${name}` } : node;
      } else if (this.is('[')) {
        this.skipGroup(); // index or type arguments
      } else if (this.is('(')) {
        this.i++;
        const args: GoNode[] = [];
        while (!this.is(')')) {
          args.push(this.expr());
          if (this.is('...')) this.i++;
          if (this.is(',')) this.i++;
        }
        this.i++;
        node = { k: 'call', fn: node.k === 'ident' ? node.name : '?', args };
      } else if (this.is('{') && node.k === 'ident') {
        return this.composite(node.name);
      } else {
        return node;
      }
    }
  }
  private composite(type: string | null): GoNode {
    this.expect('{');
    const elems: GoElem[] = [];
    while (!this.is('}')) {
      const first = this.expr();
      if (this.is(':')) {
        this.i++;
        elems.push({ key: first, value: this.expr() });
      } else {
        elems.push({ value: first });
      }
      if (this.is(',')) this.i++;
    }
    this.i++;
    return { k: 'comp', type, elems };
  }
}

/** Parses the Go expression that starts at `offset` of `src`. */
export function parseGoExpr(src: string, offset: number): GoNode {
  return new Parser(tokenize(src, offset)).expr();
}

/** Parses the expression that starts where `pattern` matches `src` (the match's start, or its group 1). */
export function parseGoExprAt(src: string, pattern: RegExp, what: string): GoNode {
  const m = pattern.exec(src);
  if (!m) throw new Error(`go-source: ${what} not found (${pattern.source})`);
  const offset = m[1] === undefined ? m.index : m.index + m[0].indexOf(m[1]);
  return parseGoExpr(src.slice(0, findEnd(src, offset)), offset);
}

/** The end of the balanced expression starting at `offset` (first `{` matched): bounds tokenizing. */
function findEnd(src: string, offset: number): number {
  // Tokenize lazily up to the matching brace: good enough for schema literals in generated code.
  let depth = 0;
  let seen = false;
  let i = offset;
  let inStr: string | null = null;
  while (i < src.length) {
    const c = src[i]!;
    if (inStr) {
      if (c === '\\' && inStr === '"') i++;
      else if (c === inStr) inStr = null;
    } else if (src.startsWith('//', i)) {
      i = src.indexOf('\n', i);
      if (i < 0) return src.length;
      continue;
    } else if (c === '"' || c === '`') inStr = c;
    else if (c === '{') {
      depth++;
      seen = true;
    } else if (c === '}') {
      depth--;
      if (seen && depth === 0) return i + 1;
    }
    i++;
  }
  return src.length;
}

/** `const name = "value"` declarations (single and grouped) of some Go files. */
export function goStringConstants(...sources: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const src of sources) {
    for (const m of src.matchAll(
      /^\s*(?:const\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*(?:string\s*)?=\s*"([^"\n]*)"\s*$/gm,
    )) {
      if (!out.has(m[1]!)) out.set(m[1]!, m[2]!);
    }
  }
  return out;
}

/** The value of a keyed element of a composite literal. */
export function field(node: GoNode, key: string): GoNode | undefined {
  if (node.k !== 'comp') return undefined;
  return node.elems.find((e) => e.key?.k === 'ident' && e.key.name === key)?.value;
}

/** A literal's value, else undefined. */
export function literal(node: GoNode | undefined): string | number | boolean | undefined {
  if (!node) return undefined;
  if (node.k === 'lit') return node.v;
  if (node.k === 'unary' && node.op === '-' && node.x.k === 'lit' && typeof node.x.v === 'number') {
    return -node.x.v;
  }
  if (node.k === 'bin' && node.op === '+') {
    const l = literal(node.l);
    const r = literal(node.r);
    if (typeof l === 'string' && typeof r === 'string') return l + r;
  }
  return undefined;
}
