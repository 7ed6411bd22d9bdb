/** JSON helpers of the review module (not exported from it). */

/** Stable JSON for comparisons: keys sorted, cdktf's `//` metadata dropped. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const obj = v as Record<string, unknown>;
      return Object.fromEntries(
        Object.keys(obj)
          .filter((k) => k !== '//')
          .sort()
          .map((k) => [k, obj[k]]),
      );
    }
    return v;
  });
}

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The strings of a list (anything else: none). */
export function asStrings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** A value as a list of strings: a list's elements, a scalar alone, nothing for undefined. */
export const list = (v: unknown): string[] =>
  Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)];

export function dedupe<T>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((i) => {
    const k = JSON.stringify(i);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Whether a value (any depth) references `type.id` (`${type.id.attr}`). */
export function references(value: unknown, address: string): boolean {
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? null);
  return text.includes(`${address}.`) && /\$\{/.test(text);
}
