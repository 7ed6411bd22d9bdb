/**
 * cdktf-logpush for CDK Terrain (cdktn 0.24): `import { ... } from 'cdktf-logpush/cdktn'`.
 *
 * Compiled only into lib/cdktn/ by scripts/build-flavour.ts, from the same source as the main entry
 * point: every construct, prop, validation rule and the fleet, with `cdktf` and the prebuilt
 * provider packages swapped for `cdktn`, `@cdktn/provider-aws` and the library's own Cloudflare
 * bindings (scripts/flavours.ts). Also exports the Cloudflare provider, as `@cdktn/provider-cloudflare`
 * may not be at hand.
 */
export * from './index';
export { CloudflareProvider, type CloudflareProviderConfig } from './constructs/bindings/cloudflare/provider';
