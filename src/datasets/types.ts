/** One catalogue entry: field name, Cloudflare's type text, and `'deprecated'` when Cloudflare marks it so. */
export type FieldEntry = readonly [name: string, type: string, deprecated?: 'deprecated'];
