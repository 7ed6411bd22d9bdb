/**
 * What the hand-written Cloudflare bindings share: the provider's generator metadata (the same the
 * prebuilt `@cdktf/provider-cloudflare` 13.9.1 carries, so `required_providers` is the same) and
 * the version of the schema they were checked against.
 *
 * Why they exist: `@cdktf/provider-cloudflare` is built for cdktf 0.21 and cannot run inside a CDK
 * Terrain (cdktn) stack, and `@cdktn/provider-cloudflare` cannot be installed from the registry
 * the project builds from (DOMAIN.md §9). The cdktn flavour of the library (`cdktf-logpush/cdktn`)
 * is compiled with these in place of the prebuilt classes (scripts/flavours.ts); the cdktf flavour
 * keeps the prebuilt ones. test/constructs/bindings/cloudflare.test.ts synthesizes both side by
 * side and requires the same JSON and HCL.
 *
 * Schema: cloudflare/terraform-provider-cloudflare at tag v5.14.0 (commit
 * 262c3ddc486915fcb291224e5453dc32d3e25602), the version `@cdktf/provider-cloudflare` 13.9.1 was
 * generated from:
 * - internal/provider.go (provider arguments),
 * - internal/services/logpush_job/schema.go,
 * - internal/services/logpush_ownership_challenge/schema.go,
 * - internal/services/notification_policy/schema.go.
 */
import type { TerraformProviderGeneratorMetadata } from 'cdktf';

/** The generator metadata of `@cdktf/provider-cloudflare` 13.9.1 (cloudflare/cloudflare 5.14.0). */
export const CLOUDFLARE_GENERATOR_METADATA: TerraformProviderGeneratorMetadata = {
  providerName: 'cloudflare',
  providerVersion: '5.14.0',
  providerVersionConstraint: '~> 5.0',
};
