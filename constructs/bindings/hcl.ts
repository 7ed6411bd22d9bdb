/**
 * What hand-written bindings share with the generated ones: the attribute shape cdktf's HCL
 * renderer expects (`synthesizeHclAttributes`), and the meta-arguments every resource passes on.
 */
import type { TerraformMetaArguments } from 'cdktf';
import { terraformLiteralOrThrow } from '../../src/terraform-literal';

/** An attribute as cdktf's HCL renderer expects it (the shape generated bindings emit). */
export interface HclAttribute {
  readonly value: unknown;
  readonly isBlock: boolean;
  readonly type: 'simple' | 'list' | 'set' | 'struct';
  readonly storageClassType: string;
}

/** A string, boolean or number attribute. */
export const hclSimple = (
  value: unknown,
  storageClassType: 'string' | 'boolean' | 'number',
): HclAttribute => ({
  value,
  isBlock: false,
  type: 'simple',
  storageClassType,
});

/** A list (or set: a plain array renders right only as `type: 'list'`) of strings. */
export const hclStringList = (value: readonly string[] | undefined): HclAttribute => ({
  value,
  isBlock: false,
  type: 'list',
  storageClassType: 'stringList',
});

/** A nested block (SDKv2 `TypeList` of `Resource`), as generated bindings render one. */
export const hclBlock = (value: unknown, storageClassType: string): HclAttribute => ({
  value,
  isBlock: true,
  type: 'list',
  storageClassType,
});

/**
 * Every plain string in `value` (nested in plain objects and arrays; keys too) as Terraform must
 * read it: template sequences escaped, cdktf tokens kept (src/terraform-literal.ts). Resolvables
 * (Lazy values, references) are left to cdktf. Hand-written bindings pass every attribute through
 * it, so a value the user wrote reaches Terraform as data whichever construct set it.
 */
export function dataValue<T>(value: T, path = ''): T {
  if (typeof value === 'string') {
    return terraformLiteralOrThrow('a hand-written binding', path, value, { tokens: true }) as T;
  }
  if (Array.isArray(value)) return value.map((v, i) => dataValue(v, `${path}.${i}`)) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        dataValue(k, path ? `${path}.${k}` : k),
        dataValue(v, path ? `${path}.${k}` : k),
      ]),
    ) as T;
  }
  return value;
}

/** {@link dataValue} over a resource's attributes (`synthesizeAttributes`). */
export const dataAttributes = (attrs: Record<string, unknown>): Record<string, unknown> => dataValue(attrs);

/**
 * Drops attributes whose value is undefined, as generated bindings do (`synthesizeHclAttributes`).
 * The values are left as they are: bindings that mirror a generated one (the owned Cloudflare
 * bindings) render exactly what it renders, and the constructs escape what they pass.
 */
export const definedOnly = (attrs: Record<string, HclAttribute>) =>
  Object.fromEntries(Object.entries(attrs).filter(([, a]) => a.value !== undefined));

/** {@link definedOnly}, with every value passed through {@link dataValue} (the Panther and IBM bindings). */
export const definedData = (attrs: Record<string, HclAttribute>) =>
  Object.fromEntries(
    Object.entries(definedOnly(attrs)).map(([k, a]) => [k, { ...a, value: dataValue(a.value, k) }]),
  );

/** The meta-arguments a resource's config passes to `TerraformResource`. */
export const metaArguments = (c: TerraformMetaArguments) => ({
  provider: c.provider,
  dependsOn: c.dependsOn,
  count: c.count,
  lifecycle: c.lifecycle,
  provisioners: c.provisioners,
  connection: c.connection,
  forEach: c.forEach,
});
