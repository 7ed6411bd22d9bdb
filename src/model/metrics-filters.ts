/**
 * The request-metrics filters of one bucket (the freshness alarms' `aws_s3_bucket_metric`): a claim
 * book by filter id. Two prefixes must not make one id (src/alerts.ts `metricsFilterId`), and S3
 * takes at most 1,000 metrics configurations per bucket (src/alerts.ts owns the limit).
 */
import { ALERT_CODES, metricsConfigurationCountProblem, metricsFilterId } from '../alerts';
import type { PropIssue } from '../errors';

/** The code of a prefix whose filter id another prefix of the bucket already has. */
export const METRICS_FILTER_ID_TAKEN_CODE = 'S3_METRICS_FILTER_ID_TAKEN';

export class MetricsFilters {
  /** filter id -> the prefix it watches. */
  private readonly byId = new Map<string, string>();

  /** How many filters the bucket has. */
  public get size(): number {
    return this.byId.size;
  }

  /**
   * The problem with one more filter on `prefix` (its id taken by another prefix, or one filter over
   * S3's limit), or undefined (also when the prefix already has its filter). Claims nothing.
   *
   * @param bucket how messages name the bucket (`bucket <construct path>`)
   */
  public issue(prefix: string, bucket: string): PropIssue | undefined {
    const id = metricsFilterId(prefix);
    const known = this.byId.get(id);
    if (known === prefix) return undefined;
    if (known !== undefined) {
      return {
        path: 'prefix',
        message: `makes the request-metrics filter id "${id}" of ${bucket}, already used for prefix "${known}"; choose a prefix that differs in more than "/" and "."`,
        value: prefix,
        hasValue: true,
        code: METRICS_FILTER_ID_TAKEN_CODE,
      };
    }
    const problem = metricsConfigurationCountProblem(bucket, this.byId.size + 1);
    return problem === undefined
      ? undefined
      : { path: 'alerts', message: problem, hasValue: false, code: ALERT_CODES.metricsLimit };
  }

  /** Counts a filter on `prefix` (after {@link issue} found no problem); returns its id. */
  public claim(prefix: string): string {
    const id = metricsFilterId(prefix);
    this.byId.set(id, prefix);
    return id;
  }
}
