/**
 * Terraform values on the wire (tfplugin6 `DynamicValue.msgpack`, cty's msgpack encoding): unknown
 * values are msgpack extension 0 (cty writes `d4 00 00`), refined unknowns extension 12 (kept and
 * re-encoded byte for byte). Objects carry every attribute of their type, null when unset.
 */
import { decode, encode, ExtensionCodec } from '@msgpack/msgpack';
import { attributeType, blockType, type Block, type TfType } from './schema';

/** An unknown value ("known after apply"); `raw` holds the refinements of an extension-12 value. */
export class Unknown {
  constructor(public readonly raw?: Uint8Array) {}
}
export const UNKNOWN = new Unknown();

export type Value = null | string | number | boolean | Unknown | Value[] | { [k: string]: Value };
export type Obj = { [k: string]: Value };

const codec = new ExtensionCodec();
codec.register({
  type: 0,
  encode: (v: unknown) => (v instanceof Unknown && !v.raw ? new Uint8Array([0]) : null),
  decode: () => UNKNOWN,
});
codec.register({
  type: 12,
  encode: (v: unknown) => (v instanceof Unknown && v.raw ? v.raw : null),
  decode: (data: Uint8Array) => new Unknown(data.slice()),
});

/** Decodes a DynamicValue's msgpack (null when absent). */
export function fromMsgpack(bytes: Uint8Array | undefined | null): Value {
  if (!bytes || bytes.length === 0) return null;
  return normalize(decode(bytes, { extensionCodec: codec, useBigInt64: false }));
}

function normalize(v: unknown): Value {
  if (v instanceof Unknown || v === null || typeof v !== 'object') {
    return typeof v === 'bigint' ? Number(v) : (v as Value);
  }
  if (Array.isArray(v)) return v.map(normalize);
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [String(k), normalize(x)]));
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normalize(x)]));
}

/** Encodes a value of `type` (objects conformed to their attributes). */
export function toMsgpack(value: Value, type: TfType): Uint8Array {
  return encode(conform(value, type), { extensionCodec: codec, ignoreUndefined: false });
}

/** The value with exactly the attributes its type has (missing ones null), numbers as numbers. */
export function conform(value: Value, type: TfType): unknown {
  if (value === null || value === undefined || value instanceof Unknown) return value ?? null;
  if (type === 'dynamic') return value;
  if (typeof type === 'string') {
    if (type === 'number' && typeof value === 'string') return Number(value);
    if (type === 'string' && typeof value !== 'string') return String(value);
    return value;
  }
  if (type[0] === 'object') {
    const o = value as Obj;
    return Object.fromEntries(Object.entries(type[1]).map(([k, t]) => [k, conform(o[k] ?? null, t)]));
  }
  if (type[0] === 'map') {
    return Object.fromEntries(Object.entries(value as Obj).map(([k, v]) => [k, conform(v, type[1])]));
  }
  return (value as Value[]).map((v) => conform(v, type[1]));
}

/** A JSON state (UpgradeResourceState's raw state) as a value of the block's type. */
export function fromJson(json: unknown, block: Block): Value {
  return conform(json as Value, blockType(block)) as Value;
}

/** Whether a value is, or holds, an unknown. */
export function hasUnknown(v: Value): boolean {
  if (v instanceof Unknown) return true;
  if (v === null || typeof v !== 'object') return false;
  return Object.values(v).some(hasUnknown);
}

export function deepEqual(a: Value, b: Value): boolean {
  if (a instanceof Unknown || b instanceof Unknown) return false;
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as Obj)[k] ?? null, (b as Obj)[k] ?? null));
}

export { attributeType, blockType };
