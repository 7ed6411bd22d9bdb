import { ACCOUNT_DATASETS, ZONE_DATASETS } from './catalogue.generated';
import { CIS_DATASETS } from './cis-catalogue';
import { LogpushValidationError } from '../errors';
import type { FieldEntry } from './types';

export type { FieldEntry } from './types';

/** Whether a Logpush job belongs to a zone or to an account. */
export type Scope = 'zone' | 'account';
/** A Logpush dataset of zone scope, as Cloudflare's docs list them. */
export type ZoneDataset = keyof typeof ZONE_DATASETS;
/** A Logpush dataset of account scope, as Cloudflare's docs list them. */
export type AccountDataset = keyof typeof ACCOUNT_DATASETS;
/** Any Logpush dataset. */
export type Dataset = ZoneDataset | AccountDataset;

const CATALOGUE: Record<Scope, Record<string, readonly FieldEntry[]>> = {
  zone: ZONE_DATASETS,
  account: ACCOUNT_DATASETS,
};

/**
 * The datasets that the pinned Cloudflare provider (cloudflare/cloudflare 5.14.0, bound by
 * `@cdktf/provider-cloudflare` 13.9.1) accepts in `cloudflare_logpush_job.dataset`.
 *
 * @see DOMAIN.md §2: terraform-provider-cloudflare v5.14.0 internal/services/logpush_job/schema.go
 */
// prettier-ignore
export const PROVIDER_DATASETS: ReadonlySet<string> = new Set([
  'access_requests', 'audit_logs', 'audit_logs_v2', 'biso_user_actions', 'casb_findings',
  'device_posture_results', 'dex_application_tests', 'dex_device_state_events', 'dlp_forensic_copies',
  'dns_firewall_logs', 'dns_logs', 'email_security_alerts', 'firewall_events', 'gateway_dns', 'gateway_http',
  'gateway_network', 'http_requests', 'ipsec_logs', 'magic_ids_detections', 'nel_reports',
  'network_analytics_logs', 'page_shield_events', 'sinkhole_http_logs', 'spectrum_events', 'ssh_logs',
  'warp_config_changes', 'warp_toggle_changes', 'workers_trace_events', 'zaraz_events',
  'zero_trust_network_sessions',
]);

/** The dataset names of one scope, sorted. */
export function datasetsOf(scope: Scope): readonly string[] {
  return Object.keys(CATALOGUE[scope]).sort();
}

/** Whether `dataset` is a known dataset of `scope`. */
export function isDataset(scope: Scope, dataset: string): boolean {
  return Object.prototype.hasOwnProperty.call(CATALOGUE[scope], dataset);
}

/** The scopes that have a dataset of this name (`firewall_events` and `websocket_analytics` have both). */
export function scopesOf(dataset: string): Scope[] {
  return (['zone', 'account'] as const).filter((s) => isDataset(s, dataset));
}

/** Every catalogue entry of a dataset, in Cloudflare's order. Throws for an unknown dataset. */
export function fieldsOf(scope: Scope, dataset: string): readonly FieldEntry[] {
  if (!isDataset(scope, dataset)) {
    throw new LogpushValidationError('fieldsOf', [
      {
        path: 'dataset',
        message: `unknown ${scope} dataset "${dataset}"; ${scope} datasets are: ${datasetsOf(scope).join(', ')}`,
        value: dataset,
        hasValue: true,
        code: 'NOT_IN_CATALOGUE',
      },
    ]);
  }
  return CATALOGUE[scope][dataset]!;
}

const allFieldsCache = new Map<string, readonly string[]>();

/** What `fields: 'all'` means: every field of the dataset that Cloudflare does not mark deprecated. */
export function allFields(scope: Scope, dataset: string): readonly string[] {
  const key = `${scope}/${dataset}`;
  let names = allFieldsCache.get(key);
  if (!names) {
    names = Object.freeze(
      fieldsOf(scope, dataset)
        .filter((f) => f[2] !== 'deprecated')
        .map((f) => f[0]),
    );
    allFieldsCache.set(key, names);
  }
  return names;
}

const fieldSetCache = new Map<string, ReadonlyMap<string, FieldEntry>>();

/** The catalogue entry of one field, or undefined when the dataset has no such field. */
export function findField(scope: Scope, dataset: string, field: string): FieldEntry | undefined {
  const key = `${scope}/${dataset}`;
  let byName = fieldSetCache.get(key);
  if (!byName) {
    byName = new Map(fieldsOf(scope, dataset).map((f) => [f[0], f]));
    fieldSetCache.set(key, byName);
  }
  return byName.get(field);
}

/** Levenshtein distance, case-insensitive. */
function distance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (s[i - 1] === t[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[t.length]!;
}

/** The up to `count` candidates closest to `name` (ties broken alphabetically). */
export function closestNames(name: string, candidates: readonly string[], count = 3): string[] {
  return candidates
    .map((c) => ({ c, d: distance(name, c) }))
    .sort((x, y) => x.d - y.d || (x.c < y.c ? -1 : 1))
    .slice(0, count)
    .map((x) => x.c);
}

// ---- IBM Cloud Internet Services (CIS) ----

/** A CIS Logpush dataset with a field catalogue (the seed's tables). */
export type CisDataset = keyof typeof CIS_DATASETS;

/** The CIS dataset names, sorted. */
export function cisDatasets(): readonly CisDataset[] {
  return (Object.keys(CIS_DATASETS) as CisDataset[]).sort();
}

/** Whether `dataset` is a CIS dataset with a catalogue. */
export function isCisDataset(dataset: string): dataset is CisDataset {
  return Object.prototype.hasOwnProperty.call(CIS_DATASETS, dataset);
}

/** Every catalogue entry of a CIS dataset, in IBM's order. Throws for an unknown dataset. */
export function cisFieldsOf(dataset: string): readonly FieldEntry[] {
  if (!isCisDataset(dataset)) {
    throw new LogpushValidationError('cisFieldsOf', [
      {
        path: 'dataset',
        message: `unknown CIS dataset "${dataset}"; CIS datasets are: ${cisDatasets().join(', ')}`,
        value: dataset,
        hasValue: true,
        code: 'NOT_IN_CATALOGUE',
      },
    ]);
  }
  return CIS_DATASETS[dataset];
}

/** What `fields: 'all'` means for a CIS dataset: every field of its catalogue. */
export function cisAllFields(dataset: string): readonly string[] {
  return cisFieldsOf(dataset).map((f) => f[0]);
}

/** The catalogue entry of one CIS field, or undefined when the dataset has no such field. */
export function findCisField(dataset: string, field: string): FieldEntry | undefined {
  return cisFieldsOf(dataset).find((f) => f[0] === field);
}
