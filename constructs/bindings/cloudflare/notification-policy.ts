/**
 * `cloudflare_notification_policy`, hand-written: the same class, config and JSON as
 * `@cdktf/provider-cloudflare/lib/notification-policy` (13.9.1), for CDK Terrain apps (see
 * ./schema.ts). Attributes checked against internal/services/notification_policy/schema.go at
 * v5.14.0: `account_id`, `alert_type`, `name`, `mechanisms` (single nested: `email`, `pagerduty`,
 * `webhooks`, each a set of `{ id }`) required; `alert_interval`, `description`, `enabled`,
 * `filters` (single nested, every member a list of strings) optional; `id`, `created`, `modified`
 * computed.
 */
import { TerraformResource, type IResolvable, type TerraformMetaArguments } from 'cdktf';
import type { Construct } from 'constructs';
import { definedOnly, hclSimple, hclStringList, metaArguments, type HclAttribute } from '../hcl';
import { CLOUDFLARE_GENERATOR_METADATA } from './schema';

/** `filters`: which events of the alert type notify (every member a list of strings). */
export interface NotificationPolicyFilters {
  readonly actions?: string[];
  readonly affectedAsns?: string[];
  readonly affectedComponents?: string[];
  readonly affectedLocations?: string[];
  readonly airportCode?: string[];
  readonly alertTriggerPreferences?: string[];
  readonly alertTriggerPreferencesValue?: string[];
  readonly enabled?: string[];
  readonly environment?: string[];
  readonly event?: string[];
  readonly eventSource?: string[];
  readonly eventType?: string[];
  readonly groupBy?: string[];
  readonly healthCheckId?: string[];
  readonly incidentImpact?: string[];
  readonly inputId?: string[];
  readonly insightClass?: string[];
  readonly limit?: string[];
  readonly logoTag?: string[];
  readonly megabitsPerSecond?: string[];
  readonly newHealth?: string[];
  readonly newStatus?: string[];
  readonly packetsPerSecond?: string[];
  readonly poolId?: string[];
  readonly popNames?: string[];
  readonly product?: string[];
  readonly projectId?: string[];
  readonly protocol?: string[];
  readonly queryTag?: string[];
  readonly requestsPerSecond?: string[];
  readonly selectors?: string[];
  readonly services?: string[];
  readonly slo?: string[];
  readonly status?: string[];
  readonly targetHostname?: string[];
  readonly targetIp?: string[];
  readonly targetZoneName?: string[];
  readonly trafficExclusions?: string[];
  readonly tunnelId?: string[];
  readonly tunnelName?: string[];
  readonly type?: string[];
  readonly where?: string[];
  readonly zones?: string[];
}

/** The Terraform name and the config name of every member of `filters`, in the schema's order. */
const FILTERS: readonly (readonly [string, keyof NotificationPolicyFilters])[] = [
  ['actions', 'actions'],
  ['affected_asns', 'affectedAsns'],
  ['affected_components', 'affectedComponents'],
  ['affected_locations', 'affectedLocations'],
  ['airport_code', 'airportCode'],
  ['alert_trigger_preferences', 'alertTriggerPreferences'],
  ['alert_trigger_preferences_value', 'alertTriggerPreferencesValue'],
  ['enabled', 'enabled'],
  ['environment', 'environment'],
  ['event', 'event'],
  ['event_source', 'eventSource'],
  ['event_type', 'eventType'],
  ['group_by', 'groupBy'],
  ['health_check_id', 'healthCheckId'],
  ['incident_impact', 'incidentImpact'],
  ['input_id', 'inputId'],
  ['insight_class', 'insightClass'],
  ['limit', 'limit'],
  ['logo_tag', 'logoTag'],
  ['megabits_per_second', 'megabitsPerSecond'],
  ['new_health', 'newHealth'],
  ['new_status', 'newStatus'],
  ['packets_per_second', 'packetsPerSecond'],
  ['pool_id', 'poolId'],
  ['pop_names', 'popNames'],
  ['product', 'product'],
  ['project_id', 'projectId'],
  ['protocol', 'protocol'],
  ['query_tag', 'queryTag'],
  ['requests_per_second', 'requestsPerSecond'],
  ['selectors', 'selectors'],
  ['services', 'services'],
  ['slo', 'slo'],
  ['status', 'status'],
  ['target_hostname', 'targetHostname'],
  ['target_ip', 'targetIp'],
  ['target_zone_name', 'targetZoneName'],
  ['traffic_exclusions', 'trafficExclusions'],
  ['tunnel_id', 'tunnelId'],
  ['tunnel_name', 'tunnelName'],
  ['type', 'type'],
  ['where', 'where'],
  ['zones', 'zones'],
];

/** An email destination: the address, as `id`. */
export interface NotificationPolicyMechanismsEmail {
  /** The email address. */
  readonly id?: string;
}
/** A PagerDuty destination. */
export interface NotificationPolicyMechanismsPagerduty {
  /** The PagerDuty service id. */
  readonly id?: string;
}
/** A webhook destination. */
export interface NotificationPolicyMechanismsWebhooks {
  /** The webhook's id. */
  readonly id?: string;
}

/** `mechanisms`: where notifications go. */
export interface NotificationPolicyMechanisms {
  /** Email destinations. */
  readonly email?: NotificationPolicyMechanismsEmail[] | IResolvable;
  /** PagerDuty destinations. */
  readonly pagerduty?: NotificationPolicyMechanismsPagerduty[] | IResolvable;
  /** Webhook destinations. */
  readonly webhooks?: NotificationPolicyMechanismsWebhooks[] | IResolvable;
}

/** Configuration of a `cloudflare_notification_policy`. */
export interface NotificationPolicyConfig extends TerraformMetaArguments {
  /** The account. */
  readonly accountId: string;
  /** How often a repeated alert may notify, e.g. `30m`. */
  readonly alertInterval?: string;
  /** The alert type, e.g. `logo_match_alert`, `health_check_status_notification`. */
  readonly alertType: string;
  /** Free text. */
  readonly description?: string;
  /** Whether the policy notifies. */
  readonly enabled?: boolean | IResolvable;
  /** Which events notify. */
  readonly filters?: NotificationPolicyFilters;
  /** Where notifications go. */
  readonly mechanisms: NotificationPolicyMechanisms;
  /** The policy's name. */
  readonly name: string;
}

const MECHANISMS = ['email', 'pagerduty', 'webhooks'] as const;
const MECHANISM_CLASS = { email: 'Email', pagerduty: 'Pagerduty', webhooks: 'Webhooks' } as const;

const filtersToTerraform = (f: NotificationPolicyFilters | undefined) =>
  f && Object.fromEntries(FILTERS.map(([tf, key]) => [tf, f[key]]));

const filtersToHcl = (f: NotificationPolicyFilters | undefined) =>
  f && definedOnly(Object.fromEntries(FILTERS.map(([tf, key]) => [tf, hclStringList(f[key])])));

const idsToTerraform = (v: { id?: string }[] | IResolvable | undefined) =>
  Array.isArray(v) ? v.map((e) => ({ id: e.id })) : v;

const mechanismsToTerraform = (m: NotificationPolicyMechanisms | undefined) =>
  m && Object.fromEntries(MECHANISMS.map((k) => [k, idsToTerraform(m[k])]));

const mechanismsToHcl = (m: NotificationPolicyMechanisms | undefined) =>
  m &&
  definedOnly(
    Object.fromEntries(
      MECHANISMS.map((k): [string, HclAttribute] => {
        const v = m[k];
        return [
          k,
          {
            value: Array.isArray(v) ? v.map((e) => definedOnly({ id: hclSimple(e.id, 'string') })) : v,
            isBlock: true,
            type: 'set',
            storageClassType: `NotificationPolicyMechanisms${MECHANISM_CLASS[k]}List`,
          },
        ];
      }),
    ),
  );

/** A Cloudflare notification policy (`cloudflare_notification_policy`). */
export class NotificationPolicy extends TerraformResource {
  public static readonly tfResourceType = 'cloudflare_notification_policy';
  private readonly config: NotificationPolicyConfig;

  constructor(scope: Construct, id: string, config: NotificationPolicyConfig) {
    super(scope, id, {
      terraformResourceType: 'cloudflare_notification_policy',
      terraformGeneratorMetadata: CLOUDFLARE_GENERATOR_METADATA,
      ...metaArguments(config),
    });
    this.config = config;
  }

  /** The policy's id. @attribute */
  public get id(): string {
    return this.getStringAttribute('id');
  }
  /** When the policy was created. @attribute */
  public get created(): string {
    return this.getStringAttribute('created');
  }
  /** When the policy was last modified. @attribute */
  public get modified(): string {
    return this.getStringAttribute('modified');
  }
  /** The policy's name. @attribute */
  public get name(): string {
    return this.getStringAttribute('name');
  }
  /** The policy's alert type. @attribute */
  public get alertType(): string {
    return this.getStringAttribute('alert_type');
  }
  /** The policy's account. @attribute */
  public get accountId(): string {
    return this.getStringAttribute('account_id');
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    const c = this.config;
    return {
      account_id: c.accountId,
      alert_interval: c.alertInterval,
      alert_type: c.alertType,
      description: c.description,
      enabled: c.enabled,
      filters: filtersToTerraform(c.filters),
      mechanisms: mechanismsToTerraform(c.mechanisms),
      name: c.name,
    };
  }

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    const c = this.config;
    return definedOnly({
      account_id: hclSimple(c.accountId, 'string'),
      alert_interval: hclSimple(c.alertInterval, 'string'),
      alert_type: hclSimple(c.alertType, 'string'),
      description: hclSimple(c.description, 'string'),
      enabled: hclSimple(c.enabled, 'boolean'),
      filters: {
        value: filtersToHcl(c.filters),
        isBlock: true,
        type: 'struct',
        storageClassType: 'NotificationPolicyFilters',
      },
      mechanisms: {
        value: mechanismsToHcl(c.mechanisms),
        isBlock: true,
        type: 'struct',
        storageClassType: 'NotificationPolicyMechanisms',
      },
      name: hclSimple(c.name, 'string'),
    });
  }
}
