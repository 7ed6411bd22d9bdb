/**
 * Reads a provider's schema from its Go source: terraform-plugin-framework literals
 * (`schema.StringAttribute{...}`, nested attributes, blocks, `Default`, `PlanModifiers`,
 * `Validators`) and terraform-plugin-sdk v2 literals (`map[string]*schema.Schema{...}`, `ForceNew`,
 * `Default`, `ValidateFunc`, `ConflictsWith`, `RequiredWith`), into the model of ./schema.ts.
 */
import { field, literal, parseGoExprAt, type GoNode } from './go-source';
import type { Attribute, Block, NestedBlock, TfType, Validator } from './schema';

const str = (n: GoNode | undefined): string | undefined => {
  const v = literal(n);
  return typeof v === 'string' ? v : undefined;
};
const flag = (n: GoNode, key: string): boolean => literal(field(n, key)) === true;
const callName = (n: GoNode): string => (n.k === 'call' ? n.fn : n.k === 'ident' ? n.name : n.k);
const elems = (n: GoNode | undefined): GoNode[] => (n && n.k === 'comp' ? n.elems.map((e) => e.value) : []);
const pathsOf = (args: readonly GoNode[]): string[] =>
  args.flatMap((a) => (a.k === 'call' ? a.args.map((x) => str(x) ?? '?') : [str(a) ?? '?']));

// ---------------------------------------------------------------------------------------------
// terraform-plugin-framework

function frameworkElementType(n: GoNode | undefined): TfType {
  if (!n) return 'string';
  if (n.k === 'ident') {
    const t = n.name.replace(/^types\./, '');
    if (t === 'StringType') return 'string';
    if (t === 'Int64Type' || t === 'Float64Type' || t === 'NumberType' || t === 'Int32Type') return 'number';
    if (t === 'BoolType') return 'bool';
    if (t === 'DynamicType') return 'dynamic';
  }
  if (n.k === 'comp' && n.type?.endsWith('ObjectType')) {
    const attrTypes = field(n, 'AttrTypes');
    const out: Record<string, TfType> = {};
    if (attrTypes?.k === 'comp') {
      for (const e of attrTypes.elems) out[str(e.key)!] = frameworkElementType(e.value);
    }
    return ['object', out];
  }
  if (n.k === 'comp' && /(List|Set|Map)Type$/.test(n.type ?? '')) {
    const kind = /(List|Set|Map)Type$/.exec(n.type!)![1]!.toLowerCase() as 'list' | 'set' | 'map';
    return [kind, frameworkElementType(field(n, 'ElemType'))];
  }
  throw new Error(`extract: element type ${JSON.stringify(n)} not understood`);
}

function frameworkValidator(n: GoNode): Validator {
  const name = callName(n);
  const short = name.replace(/^[a-z0-9]+validator\./, '');
  const args = n.k === 'call' ? n.args : [];
  const nums = args.map((a) => literal(a) ?? (a.k === 'ident' ? keyConstants.get(a.name) : undefined));
  switch (short) {
    case 'OneOf':
      return { kind: 'oneOf', values: nums as (string | number)[] };
    case 'OneOfCaseInsensitive':
      return { kind: 'oneOf', values: nums as string[], caseInsensitive: true };
    case 'Between':
      return { kind: 'between', min: nums[0] as number, max: nums[1] as number };
    case 'AtLeast':
      return { kind: 'atLeast', min: nums[0] as number };
    case 'AtMost':
      return { kind: 'atMost', max: nums[0] as number };
    case 'Any':
      return { kind: 'any', of: args.map(frameworkValidator) };
    case 'LengthAtMost':
      return { kind: 'length', max: nums[0] as number };
    case 'LengthAtLeast':
      return { kind: 'length', min: nums[0] as number };
    case 'LengthBetween':
      return { kind: 'length', min: nums[0] as number, max: nums[1] as number };
    case 'SizeAtMost':
      return { kind: 'size', max: nums[0] as number };
    case 'SizeAtLeast':
      return { kind: 'size', min: nums[0] as number };
    case 'SizeBetween':
      return { kind: 'size', min: nums[0] as number, max: nums[1] as number };
    case 'RegexMatches': {
      const re = args[0]!;
      const pattern = re.k === 'call' ? str(re.args[0]) : undefined;
      return { kind: 'regex', pattern: pattern!, message: str(args[1]) };
    }
    case 'ValueStringsAre':
      return { kind: 'each', of: args.map(frameworkValidator) };
    case 'ConflictsWith':
      return { kind: 'conflictsWith', paths: pathsOf(args) };
    case 'AlsoRequires':
      return { kind: 'requiredWith', paths: pathsOf(args) };
    default:
      return { kind: 'unchecked', name };
  }
}

function frameworkDefault(n: GoNode | undefined): unknown {
  if (!n || n.k !== 'call') return undefined;
  if (/^(string|int64|float64|bool|number|int32)default\.Static/.test(n.fn)) return literal(n.args[0]);
  if (
    n.fn === 'objectdefault.StaticValue' &&
    n.args[0]?.k === 'call' &&
    n.args[0].fn === 'types.ObjectNull'
  ) {
    return null;
  }
  throw new Error(`extract: default ${n.fn} not understood`);
}

function frameworkModifiers(n: GoNode): Pick<Attribute, 'replace' | 'useStateForUnknown'> {
  const mods = elems(field(n, 'PlanModifiers')).map(callName);
  const replace = mods.some((m) => m.endsWith('.RequiresReplace'))
    ? 'always'
    : mods.some((m) => m.endsWith('.RequiresReplaceIfConfigured'))
      ? 'ifConfigured'
      : undefined;
  const useState = mods.some((m) => m.endsWith('.UseStateForUnknown'));
  return { ...(replace ? { replace } : {}), ...(useState ? { useStateForUnknown: true } : {}) };
}

const SIMPLE: Record<string, TfType> = {
  StringAttribute: 'string',
  Int64Attribute: 'number',
  Int32Attribute: 'number',
  Float64Attribute: 'number',
  Float32Attribute: 'number',
  NumberAttribute: 'number',
  BoolAttribute: 'bool',
  DynamicAttribute: 'dynamic',
};

function frameworkAttribute(name: string, n: GoNode): Attribute {
  if (n.k !== 'comp' || !n.type) throw new Error(`extract: attribute ${name} is not a literal`);
  const kind = n.type.replace(/^schema\./, '');
  const common: Attribute = {
    name,
    ...(flag(n, 'Required') ? { required: true } : {}),
    ...(flag(n, 'Optional') ? { optional: true } : {}),
    ...(flag(n, 'Computed') ? { computed: true } : {}),
    ...(flag(n, 'Sensitive') ? { sensitive: true } : {}),
    ...(field(n, 'DeprecationMessage') ? { deprecated: true } : {}),
    ...(str(field(n, 'Description')) ? { description: str(field(n, 'Description')) } : {}),
    ...(field(n, 'Default') ? { default: frameworkDefault(field(n, 'Default')) } : {}),
    ...frameworkModifiers(n),
    ...(field(n, 'Validators') ? { validators: elems(field(n, 'Validators')).map(frameworkValidator) } : {}),
  };
  if (SIMPLE[kind]) return { ...common, type: SIMPLE[kind] };
  const collection = /^(List|Set|Map)Attribute$/.exec(kind);
  if (collection) {
    const k = collection[1]!.toLowerCase() as 'list' | 'set' | 'map';
    return { ...common, type: [k, frameworkElementType(field(n, 'ElementType'))] };
  }
  if (kind === 'ObjectAttribute') {
    return {
      ...common,
      type: frameworkElementType({
        k: 'comp',
        type: 'types.ObjectType',
        elems: [{ key: { k: 'ident', name: 'AttrTypes' }, value: field(n, 'AttributeTypes')! }],
      }),
    };
  }
  if (kind === 'SingleNestedAttribute') {
    return {
      ...common,
      nested: { nesting: 'single', attributes: frameworkAttributes(field(n, 'Attributes')) },
    };
  }
  const nested = /^(List|Set|Map)NestedAttribute$/.exec(kind);
  if (nested) {
    const k = nested[1]!.toLowerCase() as 'list' | 'set' | 'map';
    return {
      ...common,
      nested: { nesting: k, attributes: frameworkAttributes(field(field(n, 'NestedObject')!, 'Attributes')) },
    };
  }
  throw new Error(`extract: attribute kind ${kind} (${name}) not understood`);
}

/** Constants that name attributes (`consts.EmailSchemaKey: schema.StringAttribute{...}`), for the read in progress. */
let keyConstants = new Map<string, string>();
const keyOf = (n: GoNode | undefined): string =>
  str(n) ?? (n?.k === 'ident' ? keyConstants.get(n.name.replace(/^\w+\./, '')) : undefined) ?? '?';

function frameworkAttributes(n: GoNode | undefined): Attribute[] {
  if (!n || n.k !== 'comp') return [];
  return n.elems.map((e) => frameworkAttribute(keyOf(e.key), e.value));
}

function frameworkBlocks(n: GoNode | undefined): NestedBlock[] {
  if (!n || n.k !== 'comp') return [];
  return n.elems.map((e) => {
    const name = keyOf(e.key);
    const b = e.value;
    const kind = (b.k === 'comp' && b.type ? b.type : '').replace(/^schema\./, '');
    if (kind === 'SingleNestedBlock') return { name, nesting: 'single', block: frameworkBlock(b) };
    const m = /^(List|Set)NestedBlock$/.exec(kind);
    if (!m) throw new Error(`extract: block kind ${kind} (${name}) not understood`);
    const size = elems(field(b, 'Validators'))
      .map(frameworkValidator)
      .find((v) => v.kind === 'size');
    return {
      name,
      nesting: m[1]!.toLowerCase() as 'list' | 'set',
      block: frameworkBlock(field(b, 'NestedObject')!),
      ...(size?.kind === 'size' && size.min !== undefined ? { minItems: size.min } : {}),
      ...(size?.kind === 'size' && size.max !== undefined ? { maxItems: size.max } : {}),
    };
  });
}

function frameworkBlock(n: GoNode): Block {
  return {
    attributes: frameworkAttributes(field(n, 'Attributes')),
    blocks: frameworkBlocks(field(n, 'Blocks')),
  };
}

/**
 * The framework schema whose `schema.Schema{` literal starts where `at` matches `src`; then the
 * edits a `Schema` method makes to it (`resp.Schema.Attributes["x"] = ...`, appended validators).
 */
export function frameworkSchema(src: string, at: RegExp, constants = new Map<string, string>()): Block {
  keyConstants = constants;
  const root = parseGoExprAt(src, at, 'schema literal');
  const block = frameworkBlock(root);
  const attributes = [...block.attributes];
  const set = (a: Attribute) => {
    const i = attributes.findIndex((x) => x.name === a.name);
    if (i >= 0) attributes[i] = a;
    else attributes.push(a);
  };
  for (const m of src.matchAll(/resp\.Schema\.Attributes\["([a-z0-9_]+)"\] = (schema\.\w+\{)/g)) {
    set(frameworkAttribute(m[1]!, parseGoExprAt(src.slice(m.index), /(schema\.\w+\{)/, m[1]!)));
  }
  for (const m of src.matchAll(/(\w+) := resp\.Schema\.Attributes\["([a-z0-9_]+)"\]/g)) {
    const append = new RegExp(`${m[1]}\\.Validators = append\\(${m[1]}\\.Validators, `).exec(src);
    if (!append) continue;
    const v = parseGoExprAt(src.slice(append.index + append[0].length), /^([\s\S])/, 'validator');
    // An edit of an attribute defined elsewhere (another file) is kept as a partial attribute.
    const a = attributes.find((x) => x.name === m[2]) ?? { name: m[2]! };
    set({ ...a, validators: [...(a.validators ?? []), frameworkValidator(v)] });
  }
  return { attributes, blocks: block.blocks };
}

// ---------------------------------------------------------------------------------------------
// terraform-plugin-sdk v2

function sdkValueType(t: string | undefined): TfType {
  switch (t) {
    case 'schema.TypeString':
      return 'string';
    case 'schema.TypeInt':
    case 'schema.TypeFloat':
      return 'number';
    case 'schema.TypeBool':
      return 'bool';
    default:
      throw new Error(`extract: SDK type ${t} not understood`);
  }
}

/** What the SDK's validator table (`validate.ValidateSchema{...}`) says about each attribute. */
export type SdkValidatorTable = Map<string, Validator>;

/** Reads `validate.ValidateSchema{Identifier: ..., ValidateFunctionIdentifier: ..., ...}` entries of a resource. */
export function sdkValidatorTable(src: string, constants: Map<string, string>): SdkValidatorTable {
  const out: SdkValidatorTable = new Map();
  for (const m of src.matchAll(/validate\.ValidateSchema\{/g)) {
    const n = parseGoExprAt(src.slice(m.index), /^([\s\S])/, 'validator schema');
    const idNode = field(n, 'Identifier');
    const id = str(idNode) ?? (idNode?.k === 'ident' ? constants.get(idNode.name) : undefined);
    const fn = callName(field(n, 'ValidateFunctionIdentifier')!).replace(/^validate\./, '');
    if (!id) continue;
    const allowed = str(field(n, 'AllowedValues'));
    if (fn === 'ValidateAllowedStringValue' && allowed) {
      out.set(id, { kind: 'oneOf', values: allowed.split(',').map((s) => s.trim()) });
    } else if (fn === 'IntBetween' || fn === 'ValidateAllowedRangeInt') {
      out.set(id, {
        kind: 'between',
        min: Number(str(field(n, 'MinValue'))),
        max: Number(str(field(n, 'MaxValue'))),
      });
    } else if (fn === 'ValidateRegexpLen' && str(field(n, 'Regexp'))) {
      out.set(id, { kind: 'regex', pattern: str(field(n, 'Regexp'))! });
    } else {
      out.set(id, { kind: 'unchecked', name: fn });
    }
  }
  return out;
}

function sdkValidator(n: GoNode | undefined, table: SdkValidatorTable, resource: string): Validator[] {
  if (!n || n.k !== 'call') return [];
  const args = n.args;
  switch (n.fn) {
    case 'validate.InvokeValidator': {
      if (str(args[0]) !== resource) return [{ kind: 'unchecked', name: `${n.fn}(${str(args[0])})` }];
      const v = table.get(str(args[1])!);
      return v ? [v] : [];
    }
    case 'validation.StringInSlice':
    case 'validate.ValidateAllowedStringValues':
      return [{ kind: 'oneOf', values: elems(args[0]).map((x) => literal(x) as string) }];
    case 'validation.IntBetween':
      return [{ kind: 'between', min: literal(args[0]) as number, max: literal(args[1]) as number }];
    case 'validate.ValidateAllowedRangeInt':
      return [{ kind: 'between', min: literal(args[0]) as number, max: literal(args[1]) as number }];
    case 'validation.IntAtLeast':
      return [{ kind: 'atLeast', min: literal(args[0]) as number }];
    default:
      return [{ kind: 'unchecked', name: n.fn }];
  }
}

function sdkKey(n: GoNode | undefined, constants: Map<string, string>): string {
  const s = str(n);
  if (s !== undefined) return s;
  if (n?.k === 'ident' && constants.has(n.name)) return constants.get(n.name)!;
  throw new Error(`extract: SDK schema key ${JSON.stringify(n)} not resolved`);
}

interface SdkContext {
  readonly constants: Map<string, string>;
  readonly table: SdkValidatorTable;
  readonly resource: string;
}

function sdkSchemaMap(n: GoNode | undefined, ctx: SdkContext): Block {
  const attributes: Attribute[] = [];
  const blocks: NestedBlock[] = [];
  if (!n || n.k !== 'comp') return { attributes, blocks };
  for (const e of n.elems) {
    const name = sdkKey(e.key, ctx.constants);
    const s = e.value;
    const type = callName(field(s, 'Type')!);
    const elem = field(s, 'Elem');
    const elemInner = elem?.k === 'unary' ? elem.x : elem;
    const required = flag(s, 'Required');
    const optional = flag(s, 'Optional');
    const computed = flag(s, 'Computed');
    const forceNew = flag(s, 'ForceNew');
    const isResourceElem = elemInner?.k === 'comp' && elemInner.type === 'schema.Resource';
    if (
      (type === 'schema.TypeList' || type === 'schema.TypeSet') &&
      isResourceElem &&
      (required || optional)
    ) {
      const min = literal(field(s, 'MinItems'));
      const max = literal(field(s, 'MaxItems'));
      blocks.push({
        name,
        nesting: type === 'schema.TypeList' ? 'list' : 'set',
        block: sdkSchemaMap(field(elemInner, 'Schema'), ctx),
        ...(typeof min === 'number' ? { minItems: min } : required ? { minItems: 1 } : {}),
        ...(typeof max === 'number' ? { maxItems: max } : {}),
        ...(forceNew ? { replace: 'always' as const } : {}),
      });
      continue;
    }
    let tfType: TfType;
    if (type === 'schema.TypeList' || type === 'schema.TypeSet' || type === 'schema.TypeMap') {
      const kind = type === 'schema.TypeList' ? 'list' : type === 'schema.TypeSet' ? 'set' : 'map';
      if (isResourceElem) {
        const inner = sdkSchemaMap(field(elemInner, 'Schema'), ctx);
        tfType = [kind, ['object', Object.fromEntries(inner.attributes.map((a) => [a.name, a.type!]))]];
      } else {
        const elemType = elemInner?.k === 'comp' ? callName(field(elemInner, 'Type')!) : 'schema.TypeString';
        tfType = [kind, sdkValueType(elemType)];
      }
    } else {
      tfType = sdkValueType(type);
    }
    const def = field(s, 'Default');
    const conflicts = field(s, 'ConflictsWith');
    const requiredWith = field(s, 'RequiredWith');
    const validators = [
      ...sdkValidator(field(s, 'ValidateFunc'), ctx.table, ctx.resource),
      ...(conflicts
        ? [{ kind: 'conflictsWith' as const, paths: elems(conflicts).map((x) => sdkKey(x, ctx.constants)) }]
        : []),
      ...(requiredWith
        ? [{ kind: 'requiredWith' as const, paths: elems(requiredWith).map((x) => sdkKey(x, ctx.constants)) }]
        : []),
    ];
    attributes.push({
      name,
      type: tfType,
      ...(required ? { required: true } : {}),
      ...(optional ? { optional: true } : {}),
      ...(computed ? { computed: true } : {}),
      ...(flag(s, 'Sensitive') ? { sensitive: true } : {}),
      ...(field(s, 'Deprecated') ? { deprecated: true } : {}),
      ...(str(field(s, 'Description')) ? { description: str(field(s, 'Description')) } : {}),
      ...(def && literal(def) !== undefined ? { default: literal(def) } : {}),
      ...(forceNew ? { replace: 'always' as const } : {}),
      ...(validators.length ? { validators } : {}),
    });
  }
  return { attributes, blocks };
}

/**
 * The SDKv2 schema whose `map[string]*schema.Schema{` literal starts where `at` matches `src`. A
 * resource (not a provider configuration) gets the `id` attribute the SDK adds, and the `timeouts`
 * block when it declares `Timeouts`.
 */
export function sdkSchema(
  src: string,
  at: RegExp,
  options: { constants: Map<string, string>; resource?: string; timeouts?: readonly string[] },
): Block {
  const ctx: SdkContext = {
    constants: options.constants,
    table: sdkValidatorTable(src, options.constants),
    resource: options.resource ?? '',
  };
  const block = sdkSchemaMap(parseGoExprAt(src, at, 'SDK schema map'), ctx);
  if (!options.resource) return block;
  const attributes = block.attributes.some((a) => a.name === 'id')
    ? block.attributes
    : [...block.attributes, { name: 'id', type: 'string' as const, optional: true, computed: true }];
  const blocks = options.timeouts
    ? [
        ...block.blocks,
        {
          name: 'timeouts',
          nesting: 'single' as const,
          block: {
            attributes: options.timeouts.map((t) => ({ name: t, type: 'string' as const, optional: true })),
            blocks: [],
          },
        },
      ]
    : block.blocks;
  return { attributes, blocks };
}

/** The `Timeouts: &schema.ResourceTimeout{Create: ..., ...}` keys of the resource function at `at`. */
export function sdkTimeouts(src: string, at: RegExp): string[] | undefined {
  const m = at.exec(src);
  if (!m) return undefined;
  const rest = src.slice(m.index);
  const t = /Timeouts:\s*&schema\.ResourceTimeout\{([^}]*)\}/.exec(rest.slice(0, rest.indexOf('Schema:')));
  if (!t) return undefined;
  return [...t[1]!.matchAll(/(Create|Read|Update|Delete|Default):/g)].map((x) => x[1]!.toLowerCase());
}
