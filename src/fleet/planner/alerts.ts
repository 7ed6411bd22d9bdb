/**
 * Planning step for the file's `alerts`: its own rules (src/alerts.ts), each zone's overrides, and
 * the request-metrics filters the freshness alarms add per bucket (S3 allows 1,000 per bucket).
 */
import {
  ALERT_CODES,
  alertsPropsIssues,
  freshnessPrefixOf,
  metricsConfigurationCountProblem,
} from '../../alerts';
import type { Scope } from '../../datasets';
import type { FleetPath } from '../issues';
import type { PlannedBucket, PlannedPipeline } from '../plan-types';
import type { FleetAlerts } from '../spec-types';
import { isObj, pick, type Add, type Obj } from '../private/collector';

export class AlertsStep {
  /** The file's `alerts`, if it declares them. */
  public readonly alerts?: Obj;
  private readonly freshnessOn: boolean;
  /** bucket key -> the prefixes with a freshness filter. */
  private readonly metricsFilters = new Map<string, Set<string>>();

  constructor(root: Obj, add: Add) {
    this.alerts = isObj(root.alerts) ? root.alerts : undefined;
    if (this.alerts) {
      for (const i of alertsPropsIssues(this.alerts as Parameters<typeof alertsPropsIssues>[0])) {
        add(['alerts', i.path], i.message, { value: i.value, code: i.code });
      }
    }
    this.freshnessOn = this.alerts !== undefined && this.alerts.freshnessAlarms !== false;
  }

  /** The file's alerts, as the plan carries them. */
  public get planned(): FleetAlerts | undefined {
    return this.alerts as FleetAlerts | undefined;
  }

  /** A zone's or account's alerts: none, the file's, or the file's with its overrides. */
  public ownerAlerts(add: Add, base: FleetPath, scope: Scope, owner: Obj): PlannedPipeline['alerts'] {
    const override = owner.alerts;
    if (override !== undefined && this.alerts === undefined) {
      add(
        [...base, 'alerts'],
        'sets alerts of its own, but the file declares no alerts: add a top-level alerts',
        {
          value: override,
          code: ALERT_CODES.overrideWithoutAlerts,
        },
      );
    }
    if (scope === 'account' && isObj(override) && override.cloudflareAccountId !== undefined) {
      add(
        [...base, 'alerts', 'cloudflareAccountId'],
        "is for zones: an account's pipelines notify through the account's own policy",
        { value: override.cloudflareAccountId, code: ALERT_CODES.accountOverrideOnAccount },
      );
    }
    return this.alerts === undefined || override === false
      ? undefined
      : isObj(override)
        ? (pick(override, ['cloudflareAccountId', 'freshnessMinutes']) as PlannedPipeline['alerts'])
        : {};
  }

  /** Counts a pipeline's freshness filter: its dataset's in a per-dataset bucket (a zone's window cannot differ). */
  public addPipeline(
    add: Add,
    base: FleetPath,
    bucket: PlannedBucket,
    ownerAlerts: PlannedPipeline['alerts'],
    pipeline: { readonly dataset: string; readonly prefix: string },
  ): void {
    if (ownerAlerts === undefined || !this.freshnessOn) return;
    if (bucket.grants === 'per-dataset' && ownerAlerts.freshnessMinutes !== undefined) {
      add(
        [...base, 'alerts', 'freshnessMinutes'],
        `bucket "${bucket.key}" grants per dataset: its freshness alarms are per dataset, shared by every zone; set alerts.freshnessMinutes instead`,
        { value: ownerAlerts.freshnessMinutes, code: ALERT_CODES.sharedFreshnessOverride },
      );
    }
    let filters = this.metricsFilters.get(bucket.key);
    if (!filters) this.metricsFilters.set(bucket.key, (filters = new Set()));
    filters.add(freshnessPrefixOf(bucket.grants, bucket.prefixRoot, pipeline));
  }

  /** Adds the problem of each bucket with more metrics filters than S3 allows. */
  public finish(add: Add): void {
    for (const [bucketKey, filters] of this.metricsFilters) {
      const problem = metricsConfigurationCountProblem(`bucket "${bucketKey}"`, filters.size);
      if (problem !== undefined) {
        add(['alerts'], problem, { value: filters.size, code: ALERT_CODES.metricsLimit });
      }
    }
  }
}
