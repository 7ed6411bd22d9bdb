/**
 * The schema model the stand-in providers serve: what tfplugin6 carries (attributes, nested
 * attributes, blocks, flags) plus the behaviour a provider implements in code and the protocol
 * does not carry (defaults, RequiresReplace, validators). Plain JSON, so that it can be written
 * next to the bundled provider.
 */

export type TfType =
  | 'string'
  | 'number'
  | 'bool'
  | 'dynamic'
  | readonly ['list' | 'set' | 'map', TfType]
  | readonly ['object', { readonly [name: string]: TfType }];

export type Validator =
  | {
      readonly kind: 'oneOf';
      readonly values: readonly (string | number)[];
      readonly caseInsensitive?: boolean;
    }
  | { readonly kind: 'between'; readonly min: number; readonly max: number }
  | { readonly kind: 'atLeast'; readonly min: number }
  | { readonly kind: 'atMost'; readonly max: number }
  | { readonly kind: 'any'; readonly of: readonly Validator[] }
  /** Every element of a list or set passes all of `of`. */
  | { readonly kind: 'each'; readonly of: readonly Validator[] }
  | { readonly kind: 'regex'; readonly pattern: string; readonly message?: string }
  | { readonly kind: 'length'; readonly min?: number; readonly max?: number }
  | { readonly kind: 'size'; readonly min?: number; readonly max?: number }
  | { readonly kind: 'conflictsWith' | 'requiredWith'; readonly paths: readonly string[] }
  /** A validator the stand-in does not evaluate (named for the honesty test). */
  | { readonly kind: 'unchecked'; readonly name: string };

export interface Attribute {
  readonly name: string;
  readonly type?: TfType;
  readonly nested?: NestedObject;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly sensitive?: boolean;
  readonly deprecated?: boolean;
  readonly description?: string;
  /** The value planned when the configuration leaves the attribute null (framework `Default`, SDK `Default`). */
  readonly default?: unknown;
  readonly replace?: 'always' | 'ifConfigured';
  /** Keeps the prior value instead of planning an unknown (`UseStateForUnknown`). */
  readonly useStateForUnknown?: boolean;
  readonly validators?: readonly Validator[];
}

export interface NestedObject {
  readonly nesting: 'single' | 'list' | 'set' | 'map';
  readonly attributes: readonly Attribute[];
}

export interface Block {
  readonly attributes: readonly Attribute[];
  readonly blocks: readonly NestedBlock[];
}

export interface NestedBlock {
  readonly name: string;
  readonly nesting: 'single' | 'list' | 'set' | 'map' | 'group';
  readonly block: Block;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly replace?: 'always';
}

export interface ResourceSchema {
  readonly version: number;
  readonly block: Block;
  /** SDKv2 providers plan with the legacy type system (Terraform tolerates their planned values). */
  readonly legacyTypeSystem?: boolean;
  /** The file of the provider's source the schema was read from. */
  readonly file: string;
}

export interface ProviderSchemas {
  /** `registry.terraform.io/<namespace>/<name>`. */
  readonly namespace: string;
  readonly name: string;
  readonly version: string;
  readonly source: { readonly repo: string; readonly tag: string; readonly commit: string };
  readonly provider: ResourceSchema;
  readonly resources: Readonly<Record<string, ResourceSchema>>;
  readonly dataSources: Readonly<Record<string, ResourceSchema>>;
}

/** The cty type of an attribute (nested attributes as their object types). */
export function attributeType(a: Attribute): TfType {
  if (a.type) return a.type;
  const n = a.nested!;
  const object: TfType = ['object', Object.fromEntries(n.attributes.map((x) => [x.name, attributeType(x)]))];
  return n.nesting === 'single' ? object : [n.nesting, object];
}

/** The cty type of a block's value. */
export function blockType(b: Block): TfType {
  const attrs: Record<string, TfType> = Object.fromEntries(
    b.attributes.map((a) => [a.name, attributeType(a)]),
  );
  for (const nb of b.blocks) {
    const t = blockType(nb.block);
    attrs[nb.name] = nb.nesting === 'single' || nb.nesting === 'group' ? t : [nb.nesting, t];
  }
  return ['object', attrs];
}

/** cty's JSON type encoding (`"string"`, `["list","string"]`, `["object",{...}]`). */
export function typeJson(t: TfType): unknown {
  if (typeof t === 'string') return t;
  if (t[0] === 'object') {
    return ['object', Object.fromEntries(Object.entries(t[1]).map(([k, v]) => [k, typeJson(v)]))];
  }
  return [t[0], typeJson(t[1])];
}
