/**
 * What hand-written bindings share with the generated ones: the attribute shape cdktf's HCL
 * renderer expects (`synthesizeHclAttributes`), and the meta-arguments every resource passes on.
 */
import type { TerraformMetaArguments } from 'cdktf';

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

/** Drops attributes whose value is undefined, as generated bindings do. */
export const definedOnly = (attrs: Record<string, HclAttribute>) =>
  Object.fromEntries(Object.entries(attrs).filter(([, a]) => a.value !== undefined));

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
