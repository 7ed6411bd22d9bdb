/**
 * The Cloudflare provider (`cloudflare/cloudflare` 5.x), hand-written: the same class and config
 * as `@cdktf/provider-cloudflare/lib/provider` (13.9.1), for CDK Terrain apps, which cannot use that
 * package (see ./schema.ts). Arguments checked against internal/provider.go at v5.14.0: `api_key`,
 * `api_token`, `api_user_service_key`, `base_url`, `email`, `user_agent_operator_suffix` (all
 * optional; CLOUDFLARE_API_TOKEN and friends come from the environment).
 */
import { TerraformProvider } from 'cdktf';
import type { Construct } from 'constructs';
import { definedOnly, hclSimple } from '../hcl';
import { CLOUDFLARE_GENERATOR_METADATA } from './schema';

/** Configuration of the Cloudflare provider. */
export interface CloudflareProviderConfig {
  /** The API key (legacy; with `email`). Prefer `apiToken`. @default - CLOUDFLARE_API_KEY */
  readonly apiKey?: string;
  /** The API token (sensitive): pass a sensitive variable, never a literal. @default - CLOUDFLARE_API_TOKEN */
  readonly apiToken?: string;
  /** The API user service key (origin CA certificates only). @default - CLOUDFLARE_API_USER_SERVICE_KEY */
  readonly apiUserServiceKey?: string;
  /** Base URL of the Cloudflare API. @default - https://api.cloudflare.com/client/v4 */
  readonly baseUrl?: string;
  /** Account email, with `apiKey`. @default - CLOUDFLARE_EMAIL */
  readonly email?: string;
  /** Suffix appended to the provider's User-Agent. @default - none */
  readonly userAgentOperatorSuffix?: string;
  /** Alias, for several Cloudflare provider configurations. @default - none */
  readonly alias?: string;
}

/** The Cloudflare provider (`cloudflare/cloudflare`). */
export class CloudflareProvider extends TerraformProvider {
  public static readonly tfResourceType = 'cloudflare';
  public apiKey?: string;
  public apiToken?: string;
  public apiUserServiceKey?: string;
  public baseUrl?: string;
  public email?: string;
  public userAgentOperatorSuffix?: string;
  private _alias?: string;

  /** The provider's alias (TerraformProvider's own accessor ignores a value set on it). */
  public override get alias(): string | undefined {
    return this._alias;
  }
  public override set alias(value: string | undefined) {
    this._alias = value;
  }

  constructor(scope: Construct, id: string, config: CloudflareProviderConfig = {}) {
    super(scope, id, {
      terraformResourceType: 'cloudflare',
      terraformGeneratorMetadata: CLOUDFLARE_GENERATOR_METADATA,
      terraformProviderSource: 'cloudflare/cloudflare',
    });
    this.apiKey = config.apiKey;
    this.apiToken = config.apiToken;
    this.apiUserServiceKey = config.apiUserServiceKey;
    this.baseUrl = config.baseUrl;
    this.email = config.email;
    this.userAgentOperatorSuffix = config.userAgentOperatorSuffix;
    this.alias = config.alias;
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return {
      api_key: this.apiKey,
      api_token: this.apiToken,
      api_user_service_key: this.apiUserServiceKey,
      base_url: this.baseUrl,
      email: this.email,
      user_agent_operator_suffix: this.userAgentOperatorSuffix,
      alias: this.alias,
    };
  }

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    return definedOnly({
      api_key: hclSimple(this.apiKey, 'string'),
      api_token: hclSimple(this.apiToken, 'string'),
      api_user_service_key: hclSimple(this.apiUserServiceKey, 'string'),
      base_url: hclSimple(this.baseUrl, 'string'),
      email: hclSimple(this.email, 'string'),
      user_agent_operator_suffix: hclSimple(this.userAgentOperatorSuffix, 'string'),
      alias: hclSimple(this.alias, 'string'),
    });
  }
}
