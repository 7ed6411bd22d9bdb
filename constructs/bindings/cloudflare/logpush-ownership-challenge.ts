/**
 * `cloudflare_logpush_ownership_challenge`, hand-written: the same class, config and JSON as
 * `@cdktf/provider-cloudflare/lib/logpush-ownership-challenge` (13.9.1), for CDK Terrain apps (see
 * ./schema.ts). Attributes checked against internal/services/logpush_ownership_challenge/schema.go
 * at v5.14.0: `destination_conf` required; `account_id`, `zone_id` optional; `filename`,
 * `message`, `valid` computed.
 */
import { TerraformResource, type IResolvable, type TerraformMetaArguments } from 'cdktf';
import type { Construct } from 'constructs';
import { definedOnly, hclSimple, metaArguments } from '../hcl';
import { CLOUDFLARE_GENERATOR_METADATA } from './schema';

/** Configuration of a `cloudflare_logpush_ownership_challenge`. */
export interface LogpushOwnershipChallengeConfig extends TerraformMetaArguments {
  /** Account of an account-scoped job (or `zoneId`). */
  readonly accountId?: string;
  /** The destination the challenge file is written to. */
  readonly destinationConf: string;
  /** Zone of a zone-scoped job (or `accountId`). */
  readonly zoneId?: string;
}

/** A Logpush ownership challenge (`cloudflare_logpush_ownership_challenge`). */
export class LogpushOwnershipChallenge extends TerraformResource {
  public static readonly tfResourceType = 'cloudflare_logpush_ownership_challenge';
  private readonly config: LogpushOwnershipChallengeConfig;

  constructor(scope: Construct, id: string, config: LogpushOwnershipChallengeConfig) {
    super(scope, id, {
      terraformResourceType: 'cloudflare_logpush_ownership_challenge',
      terraformGeneratorMetadata: CLOUDFLARE_GENERATOR_METADATA,
      ...metaArguments(config),
    });
    this.config = config;
  }

  /** The key of the challenge file Cloudflare wrote. @attribute */
  public get filename(): string {
    return this.getStringAttribute('filename');
  }
  /** Cloudflare's message. @attribute */
  public get message(): string {
    return this.getStringAttribute('message');
  }
  /** Whether the challenge was written. @attribute */
  public get valid(): IResolvable {
    return this.getBooleanAttribute('valid');
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    const c = this.config;
    return { account_id: c.accountId, destination_conf: c.destinationConf, zone_id: c.zoneId };
  }

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    const c = this.config;
    return definedOnly({
      account_id: hclSimple(c.accountId, 'string'),
      destination_conf: hclSimple(c.destinationConf, 'string'),
      zone_id: hclSimple(c.zoneId, 'string'),
    });
  }
}
