/**
 * Generates `schema/logpush.schema.json`, the JSON Schema of the fleet file, from the same zod
 * schemas that validate it (zod 4's `z.toJSONSchema`). Editors use it through a first line
 * `# yaml-language-server: $schema=<path or URL>/logpush.schema.json`. Run with
 * `npm run gen:schema`; `test/unit/fleet-schema.test.ts` fails when the committed file is stale.
 *
 * The JSON Schema carries the shape (keys, types, enums, required keys); the rules zod checks with
 * code (id formats, ranges, datasets, references) are the validator's (`cdktf-logpush validate`).
 */
import * as fs from 'fs';
import * as path from 'path';
import { fleetJsonSchema } from '../src/fleet/schema';

export const SCHEMA_FILE = path.resolve(__dirname, '..', 'schema', 'logpush.schema.json');

/** The file's text: the schema as 2-space JSON and a final newline. */
export function renderFleetSchema(): string {
  return `${JSON.stringify(fleetJsonSchema(), null, 2)}\n`;
}

if (require.main === module) {
  fs.mkdirSync(path.dirname(SCHEMA_FILE), { recursive: true });
  fs.writeFileSync(SCHEMA_FILE, renderFleetSchema());
  process.stdout.write(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}\n`);
}
