/**
 * The stand-in provider executable (bundled by ./mirror.ts): `node provider.js <dir>` serves the
 * schemas in `<dir>/schemas.json` with the certificate `<dir>/server.pem` / `<dir>/server.key`, and
 * the behaviours of that provider (./behaviours.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { behavioursFor } from './behaviours';
import type { ProviderSchemas } from './schema';
import { serve } from './server';
// esbuild bundles the proto as text (loader "text").
import protoText from './tfplugin6-minimal.proto';

const dir = process.argv[2]!;
const schemas = JSON.parse(fs.readFileSync(path.join(dir, 'schemas.json'), 'utf8')) as ProviderSchemas;
serve({
  schemas,
  behaviours: behavioursFor(schemas.name),
  protoText,
  cert: fs.readFileSync(path.join(dir, '..', 'server.pem'), 'utf8'),
  key: fs.readFileSync(path.join(dir, '..', 'server.key'), 'utf8'),
}).catch((e: unknown) => {
  process.stderr.write(`stand-in provider failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
