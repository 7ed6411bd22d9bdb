/**
 * src/terraform-literal.ts: a string the user wrote reaches Terraform as that string. `${` and
 * `%{` are escaped, cdktf token markers are kept only where tokens are allowed, and what cannot be
 * escaped right is refused with a code. The whole pipeline of it is property-tested in
 * test/property/data-stays-data.test.ts.
 */
import { LogpushValidationError } from '../../src/errors';
import {
  escapeTemplate,
  hasTokenMarker,
  TEMPLATE_IN_DATA,
  terraformLiteral,
  terraformLiteralMap,
  terraformLiteralOrThrow,
  TOKEN_MARKER_IN_DATA,
  UNRESOLVED_GRANT_VALUE,
  unresolvedGrantIssue,
  UNSAFE_IN_EXPRESSION,
} from '../../src/terraform-literal';

const TOKEN = '${TfToken[TOKEN.12]}';

describe('escapeTemplate', () => {
  test('doubles the sigil of ${ and %{, and nothing else', () => {
    expect(escapeTemplate('${file("/etc/passwd")}')).toBe('$${file("/etc/passwd")}');
    expect(escapeTemplate('%{ if true }x%{ endif }')).toBe('%%{ if true }x%%{ endif }');
    expect(escapeTemplate('$5 and 100% and \\n {}')).toBe('$5 and 100% and \\n {}');
  });
});

describe('hasTokenMarker', () => {
  test.each([TOKEN, '#{TfToken[TOKEN.1]}', '&{TfToken[TOKEN.2]}', '${TfToken[', 'TfToken[TOKEN.3'])(
    'sees a marker in %j',
    (text) => expect(hasTokenMarker(text)).toBe(true),
  );
  test('not in plain text', () => expect(hasTokenMarker('TfToken is a word')).toBe(false));
});

describe('terraformLiteral', () => {
  test('an attribute: escaped, tokens kept when allowed, the text around them escaped', () => {
    expect(terraformLiteral('a${b}')).toEqual({ value: 'a$${b}' });
    expect(terraformLiteral(`team-${TOKEN}-%{x}`, { tokens: true })).toEqual({
      value: `team-${TOKEN}-%%{x}`,
    });
  });

  test('fails for a token marker in data (a fleet file), with TOKEN_MARKER_IN_DATA', () => {
    expect(terraformLiteral(`x${TOKEN}`)).toMatchObject({
      issue: { code: TOKEN_MARKER_IN_DATA, value: `x${TOKEN}` },
    });
  });

  test('fails for a "$" right before a token, and for a literal "${" beside one (TERRAFORM_TEMPLATE_IN_DATA)', () => {
    expect(terraformLiteral(`a$${TOKEN}`, { tokens: true })).toMatchObject({
      issue: { code: TEMPLATE_IN_DATA },
    });
    expect(terraformLiteral(`\${x} ${TOKEN}`, { tokens: true })).toMatchObject({
      issue: { code: TEMPLATE_IN_DATA },
    });
    expect(terraformLiteral('a #{TfToken[TOKEN.1]}', { tokens: true })).toMatchObject({
      issue: { code: TEMPLATE_IN_DATA },
    });
  });

  test('an expression: printable ASCII passes unchanged; tokens pass where allowed', () => {
    expect(terraformLiteral('acme-logs/cloudflare', { context: 'expression' })).toEqual({
      value: 'acme-logs/cloudflare',
    });
    expect(terraformLiteral(`p/${TOKEN}`, { context: 'expression', tokens: true })).toEqual({
      value: `p/${TOKEN}`,
    });
  });

  test.each(['a"b', 'a\\b', 'a${b}', 'a%{b}', 'line\nbreak', 'é'])(
    'fails for %j inside an expression (UNSAFE_IN_EXPRESSION)',
    (value) => {
      expect(terraformLiteral(value, { context: 'expression' })).toMatchObject({
        issue: { code: UNSAFE_IN_EXPRESSION, value },
      });
    },
  );

  test('fails for a token marker inside an expression where tokens are not allowed', () => {
    expect(terraformLiteral(TOKEN, { context: 'expression' })).toMatchObject({
      issue: { code: TOKEN_MARKER_IN_DATA },
    });
  });
});

describe('the throwing forms', () => {
  test('terraformLiteralOrThrow returns the escaped value', () => {
    expect(terraformLiteralOrThrow('LogBucket', 'tags.team', '${x}')).toBe('$${x}');
  });

  test('fails with a LogpushValidationError naming the subject, the path and the code', () => {
    try {
      terraformLiteralOrThrow('fleet file', 'zones.0.tags.team', `x${TOKEN}`);
      throw new Error('expected a throw');
    } catch (e) {
      expect(e).toBeInstanceOf(LogpushValidationError);
      expect((e as LogpushValidationError).issues).toEqual([
        expect.objectContaining({ path: 'zones.0.tags.team', code: TOKEN_MARKER_IN_DATA }),
      ]);
      expect((e as Error).message).toContain('fleet file');
    }
  });

  test('terraformLiteralMap escapes keys and values; fails naming the key', () => {
    expect(terraformLiteralMap('s', 'tags', { '${k}': '%{v}' })).toEqual({ '$${k}': '%%{v}' });
    expect(() => terraformLiteralMap('s', 'tags', { team: `a${TOKEN}` })).toThrow(LogpushValidationError);
    try {
      terraformLiteralMap('s', 'tags', { ok: 'x', team: `a${TOKEN}` });
    } catch (e) {
      expect((e as LogpushValidationError).issues[0]!.path).toBe('tags.team');
    }
  });

  test('unresolvedGrantIssue names the path and the value with UNRESOLVED_GRANT_VALUE', () => {
    expect(unresolvedGrantIssue('bucketName', TOKEN)).toMatchObject({
      path: 'bucketName',
      value: TOKEN,
      hasValue: true,
      code: UNRESOLVED_GRANT_VALUE,
    });
  });
});
