/**
 * Data stays data: the one place that turns a string the user wrote (a prop, a fleet-file value,
 * a tag, a filter, a name) into the string Terraform reads, so that the value Terraform sees is the
 * value the user wrote.
 *
 * In Terraform's JSON syntax every string value (and every key of a map given as a JSON object) is
 * a template: `${expr}` is interpolated and `%{ directive }` evaluated, so a filter or a tag holding
 * `${file("/proc/self/environ")}` would read the plan job's environment into the plan. A literal
 * `${` is written `$${`, a literal `%{` is `%%{`; nothing else is special (a backslash escapes
 * nothing). (Terraform docs, "JSON Configuration Syntax" and "String Templates"; DOMAIN.md §10;
 * checked with terraform 1.11.4: `"$$${x}"` reads `$${x}`, `"%%%{x}"` reads `%%{x}`.)
 *
 * cdktf writes `${...}` itself for references, so the escape is applied to the literal parts of a
 * value before it becomes part of a token-bearing string, never to a reference. cdktf's own
 * encodings of a token inside a string (`${TfToken[TOKEN.1]}`, lists `#{TfToken[...]}`, maps
 * `&{TfToken[...]}`; cdktf 0.21 `lib/tokens/private/encoding.js`, kept by cdktn) are recognised
 * here as text, so this module needs no framework: a fleet file holds data, never a token, and a
 * marker written in it is refused.
 */
import { LogpushValidationError, type PropIssue } from './errors';

/** A cdktf token marker in a string: `${TfToken[...]}`, `#{TfToken[...]}` or `&{TfToken[...]}`. */
const STRING_TOKEN = /\$\{TfToken\[[a-zA-Z0-9:._-]+\]\}/g;
/** Anything that cdktf could read as a token reference, complete or not. */
const ANY_TOKEN_MARKER = /[$#&]\{TfToken\[|TfToken\[TOKEN\./;

/** The code of a string whose template sequences cannot be escaped right (see {@link terraformLiteral}). */
export const TEMPLATE_IN_DATA = 'TERRAFORM_TEMPLATE_IN_DATA';
/** The code of a cdktf token marker written in data (a fleet file). */
export const TOKEN_MARKER_IN_DATA = 'TOKEN_MARKER_IN_DATA';
/** The code of an unresolved value (a token) where the library must check the value (a grant). */
export const UNRESOLVED_GRANT_VALUE = 'UNRESOLVED_GRANT_VALUE';

/** `${` -> `$${`, `%{` -> `%%{`: the text Terraform reads back as `text`. */
export function escapeTemplate(text: string): string {
  return text.replace(/([$%])\{/g, '$1$1{');
}

/** Whether `text` holds something cdktf would read as a token (its marker, complete or not). */
export function hasTokenMarker(text: string): boolean {
  return ANY_TOKEN_MARKER.test(text);
}

/** How {@link terraformLiteral} treats cdktf token markers in the value. */
export interface TerraformLiteralOptions {
  /**
   * Whether the value may hold cdktf tokens (a prop of code: a `TerraformVariable`'s value in a
   * tag). Their markers are kept as they are, so that cdktf resolves them into references; only
   * the text around them is escaped. Without it (data: a fleet file), a marker is refused.
   *
   * @default false
   */
  readonly tokens?: boolean;
  /**
   * Where the value goes. `attribute`: a plain string attribute or map key, escaped. `expression`:
   * a literal inside a Terraform expression that cdktf writes (an argument of `Fn.jsonencode`):
   * cdktf quotes it without escaping `"`, `\` or `%{` (cdktf 0.21 `tfExpression.js`, `escapeString`
   * escapes only `${` and newlines), so a quote would end the string and the rest would be code.
   * Escaping cannot be right there: such characters are refused (code UNSAFE_IN_EXPRESSION).
   *
   * @default 'attribute'
   */
  readonly context?: 'attribute' | 'expression';
}

/** The code of a literal that cannot be written inside a Terraform expression. */
export const UNSAFE_IN_EXPRESSION = 'UNSAFE_IN_EXPRESSION';

/** Printable ASCII without `"`, `\`, and no `${` / `%{`: what a literal inside an expression may hold. */
const EXPRESSION_SAFE = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/**
 * The string to hand to cdktf for a plain string attribute (or a key of a map attribute) whose
 * value the user wrote: the literal parts escaped (`$${`, `%%{`), so Terraform reads the user's
 * value; cdktf tokens kept when `tokens` allows them.
 *
 * Returns the issue instead when escaping cannot be right: a cdktf token marker where tokens are
 * not allowed (code {@link TOKEN_MARKER_IN_DATA}), or a literal `$` right before a token (`a$` +
 * `${var.x}` would read `$${var.x}`, an escape; code {@link TEMPLATE_IN_DATA}).
 *
 * Never apply it to a value that cdktf places inside an expression (an argument of `Fn.*`): cdktf
 * escapes `${` there itself.
 */
export function terraformLiteral(
  value: string,
  options: TerraformLiteralOptions = {},
): { readonly value: string } | { readonly issue: Omit<PropIssue, 'path'> } {
  if (options.context === 'expression') {
    if (options.tokens === true && hasTokenMarker(value)) {
      // cdktf renders references inside expressions itself; check the text around them.
      const text = value.replace(STRING_TOKEN, '');
      if (!hasTokenMarker(text) && EXPRESSION_SAFE.test(text) && !/[$%]\{/.test(text)) return { value };
    } else if (!hasTokenMarker(value) && EXPRESSION_SAFE.test(value) && !/[$%]\{/.test(value)) {
      return { value };
    }
    return {
      issue: {
        message:
          'goes into a Terraform expression, where only printable ASCII without ", \\, "${" and "%{" can be written as data',
        value,
        hasValue: true,
        code: hasTokenMarker(value) && options.tokens !== true ? TOKEN_MARKER_IN_DATA : UNSAFE_IN_EXPRESSION,
      },
    };
  }
  if (!hasTokenMarker(value)) return { value: escapeTemplate(value) };
  if (options.tokens !== true) {
    return {
      issue: {
        message:
          'holds a cdktf token marker (TfToken[...]): a fleet file holds data, never a Terraform reference; write the value itself',
        value,
        hasValue: true,
        code: TOKEN_MARKER_IN_DATA,
      },
    };
  }
  if (value.replace(STRING_TOKEN, '').includes('${')) {
    // cdktf reads a literal "${" beside a token as an open expression and then writes the token
    // without its "${...}" (measured: "a$${" + var becomes "a$$${var.x"): no escape survives that.
    return {
      issue: {
        message:
          'has a literal "${" in a value that also holds a Terraform reference: cdktf would read it as an open expression and rewrite the reference; pass the text and the reference separately',
        value,
        hasValue: true,
        code: TEMPLATE_IN_DATA,
      },
    };
  }
  let out = '';
  let last = 0;
  for (const m of value.matchAll(STRING_TOKEN)) {
    const literal = value.slice(last, m.index);
    if (literal.endsWith('$')) {
      return {
        issue: {
          message:
            'has a "$" right before a Terraform reference: Terraform would read "$${" as an escaped "${" and drop the reference; put another character between them',
          value,
          hasValue: true,
          code: TEMPLATE_IN_DATA,
        },
      };
    }
    out += escapeTemplate(literal) + m[0];
    last = m.index + m[0].length;
  }
  const tail = value.slice(last);
  if (hasTokenMarker(tail)) {
    // An incomplete or list/map marker inside a string: cdktf cannot resolve it as text.
    return {
      issue: {
        message:
          'holds a cdktf token marker that is not a string token (a list or map token, or a broken marker): pass the value as a string',
        value,
        hasValue: true,
        code: TEMPLATE_IN_DATA,
      },
    };
  }
  return { value: out + escapeTemplate(tail) };
}

/**
 * {@link terraformLiteral} for a value that must succeed: the escaped string, or a
 * {@link LogpushValidationError} for `subject` naming `path`.
 */
export function terraformLiteralOrThrow(
  subject: string,
  path: string,
  value: string,
  options?: TerraformLiteralOptions,
): string {
  const r = terraformLiteral(value, options);
  if ('issue' in r) throw new LogpushValidationError(subject, [{ path, ...r.issue }]);
  return r.value;
}

/**
 * Every string of a map escaped (keys and values), for a map attribute such as `tags`. Throws a
 * {@link LogpushValidationError} naming `path.<key>` when one cannot be.
 */
export function terraformLiteralMap(
  subject: string,
  path: string,
  map: Readonly<Record<string, string>>,
  options?: TerraformLiteralOptions,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(map)) {
    out[terraformLiteralOrThrow(subject, `${path}.${k}`, k, options)] = terraformLiteralOrThrow(
      subject,
      `${path}.${k}`,
      v,
      options,
    );
  }
  return out;
}

/**
 * The problem with an unresolved value (a token) in a prop that reaches a grant (a bucket name, a
 * prefix): the library checks such values against its allow-list, which it cannot do for a value
 * Terraform computes later; a string shaped like a token marker would even be resolved by cdktf
 * into another value.
 */
export function unresolvedGrantIssue(path: string, value: string): PropIssue {
  return {
    path,
    message:
      'must be known at synth (a literal string), not a Terraform reference: it reaches a bucket policy or an IAM grant, and an unresolved value cannot be checked against the allow-list',
    value,
    hasValue: true,
    code: UNRESOLVED_GRANT_VALUE,
  };
}
