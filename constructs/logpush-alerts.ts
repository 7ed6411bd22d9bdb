import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { NotificationPolicy } from '@cdktf/provider-cloudflare/lib/notification-policy';
import { Annotations, Lazy, TerraformStack, Token, type TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import {
  alertsPropsIssues,
  DEFAULT_FRESHNESS_MINUTES,
  DEFAULT_SIEM_NO_DATA_MINUTES,
  FAILING_LOGPUSH_JOB_ALERT_TYPE,
} from '../src/alerts';
import { LogpushValidationError, type PropIssue } from '../src/errors';
import { parseProps } from '../src/schema';
import type { Assert, SameShape } from '../src/type-checks';
import { FreshnessAlarm } from './private/freshness-alarm';
import { AppRegistry, type FailingJobsPolicy } from './private/registry';
import { checkScope, schemas, subjectOf, validating, type SchemaInput } from './private/schemas';
import type { ILogSiem, PipelineSettings } from './siem';

const LOGPUSH_ALERTS_BRAND = Symbol.for('cdktf-logpush/LogpushAlerts');

/** Properties of {@link LogpushAlerts}. */
export interface LogpushAlertsProps {
  /**
   * The Cloudflare accounts whose failing Logpush jobs notify: one notification policy
   * (`failing_logpush_job_disabled_alert`) per account, defined once per app however many
   * `LogpushAlerts` name the account. A zone's id does not tell its account: name the accounts of
   * the zones here (or per pipeline with {@link LogpushAlerts.forPipeline}).
   *
   * @default - the accounts of the account-scoped pipelines that use these alerts
   * @see https://blog.cloudflare.com/logpush-filters-alerts/
   */
  readonly cloudflareAccountIds?: readonly string[];
  /**
   * Email addresses Cloudflare notifies when it disables a failing Logpush job.
   *
   * @default - no email
   */
  readonly emails?: readonly string[];
  /**
   * Ids of Cloudflare webhook destinations (Notifications > Destinations) to call.
   *
   * @default - no webhook
   */
  readonly webhookIds?: readonly string[];
  /**
   * Ids of PagerDuty services connected to the Cloudflare account.
   *
   * @default - no PagerDuty service
   */
  readonly pagerDutyIds?: readonly string[];
  /**
   * Define the no-data alarm of each pipeline's SIEM source (`panther_log_source_alarm`,
   * `SOURCE_NO_DATA`): Panther alarms when the source receives nothing. Free; one per source.
   *
   * @default true
   */
  readonly siemNoDataAlarm?: boolean;
  /**
   * Minutes without data before the SIEM's no-data alarm fires: 15 to 43,200. A source shared by
   * several `LogpushAlerts` takes the shortest.
   *
   * @default 60
   */
  readonly siemNoDataMinutes?: number;
  /**
   * Define AWS freshness alarms: an S3 request-metrics filter and a CloudWatch alarm on
   * `PutRequests` per dataset prefix in a `per-dataset` bucket, per pipeline in a `per-prefix` one.
   * Billed by AWS per metric and per alarm each month (about $3 per filter-month: see
   * docs/alerts.md); S3 allows 1,000 filters per bucket.
   *
   * @default true
   */
  readonly freshnessAlarms?: boolean;
  /**
   * Minutes without one new object under a watched prefix before its alarm fires: 5 to 1,440, a
   * multiple of 5 (one CloudWatch period). A zone with little traffic needs a longer window.
   *
   * @default 60
   */
  readonly freshnessMinutes?: number;
  /**
   * The SNS topic the CloudWatch alarms notify (alarm and OK), in the bucket's region.
   *
   * @default - a topic is defined (`Topic`); subscribe your team to `topic`
   */
  readonly topicArn?: string;
  /**
   * The AWS provider of the topic this construct defines.
   *
   * @default - the stack's default AWS provider
   */
  readonly awsProvider?: TerraformProvider;
  /**
   * The Cloudflare provider of the notification policies.
   *
   * @default - the stack's default Cloudflare provider
   */
  readonly cloudflareProvider?: TerraformProvider;
}

/** What one pipeline sets apart from its {@link LogpushAlerts}' props. */
export interface PipelineAlertOptions {
  /**
   * The Cloudflare account of the pipeline's zone: its failing-jobs policy is defined too.
   *
   * @default - the alerts' `cloudflareAccountIds` (an account pipeline adds its own account)
   */
  readonly cloudflareAccountId?: string;
  /**
   * The pipeline's freshness window (5 to 1,440 minutes, a multiple of 5). In a `per-dataset`
   * bucket the alarm is the dataset's, shared by every zone: the shortest window wins.
   *
   * @default - the alerts' `freshnessMinutes`
   */
  readonly freshnessMinutes?: number;
}

/** The alerts a {@link LogpushPipeline} uses: a {@link LogpushAlerts}, or one with pipeline options. */
export interface IPipelineAlerts {
  /** @internal */
  readonly _alerts: LogpushAlerts;
  /** @internal */
  readonly _options: PipelineAlertOptions;
}

/** What a pipeline tells its alerts. @internal */
export interface AlertedPipeline {
  readonly settings: PipelineSettings;
  readonly accountId?: string;
  readonly siem?: ILogSiem;
  /** The pipeline construct, when it is defined here (per-pipeline alarms go under it). */
  readonly construct?: Construct;
  /** The AWS provider for per-pipeline alarms outside the bucket's stack. */
  readonly awsProvider?: TerraformProvider;
}

/**
 * Defines what a team needs to hear about a stopped pipeline, for every {@link LogpushPipeline}
 * that names it as `alerts`:
 *
 * - Cloudflare: a notification policy `failing_logpush_job_disabled_alert` per account (email,
 *   webhooks, PagerDuty), once per app — Cloudflare's own signal that it disabled a job that kept
 *   failing (Enterprise; at most once per job per 24 h);
 * - the SIEM: the source's no-data alarm (`panther_log_source_alarm`, `SOURCE_NO_DATA`);
 * - AWS: a freshness alarm (S3 request metrics + CloudWatch on `PutRequests`, missing data
 *   breaching) per dataset prefix in a `per-dataset` bucket, per pipeline in a `per-prefix` one,
 *   into an SNS topic.
 *
 * @example
 * const alerts = new LogpushAlerts(stack, 'alerts', { cloudflareAccountIds: [accountId], emails: ['secops@example.com'] });
 * new LogpushPipeline(stack, 'http', { zoneId, dataset: 'http_requests', bucket, siem, alerts });
 */
export class LogpushAlerts extends Construct implements IPipelineAlerts {
  /** Whether `x` is a LogpushAlerts (works across copies of this package). */
  public static isLogpushAlerts(x: unknown): x is LogpushAlerts {
    return typeof x === 'object' && x !== null && LOGPUSH_ALERTS_BRAND in x;
  }

  /** @internal */
  public readonly _alerts: LogpushAlerts = this;
  /** @internal */
  public readonly _options: PipelineAlertOptions = {};
  /** The SNS topic the AWS alarms notify: the one given, or the one defined on first use. @attribute */
  public get topicArn(): string {
    // One token, made once: a shared alarm keeps a set of its topics, and each token is a new string.
    this.topicArnToken ??= this.props.topicArn ?? this.defineTopic().arn;
    return this.topicArnToken;
  }
  /**
   * The topic this construct defined: none with the `topicArn` prop; otherwise defined by the first
   * alarm that needs it, or by reading {@link topicArn} (e.g. to subscribe your team first).
   */
  public get topic(): SnsTopic | undefined {
    return this.topicResource;
  }

  private readonly props: ParsedProps;
  private readonly policies = new Map<string, FailingJobsPolicy>();
  private topicArnToken?: string;
  private topicResource?: SnsTopic;

  constructor(scope: Construct, id: string, props: LogpushAlertsProps = {}) {
    const p = validating(scope, id, () => LogpushAlerts.parse(scope, id, props));
    super(scope, id);
    Object.defineProperty(this, LOGPUSH_ALERTS_BRAND, { value: true });
    this.props = p;
    for (const accountId of p.cloudflareAccountIds ?? []) this.notifyFailingJobs(accountId);
  }

  /** Validates where the alerts are defined and their props. */
  private static parse(scope: Construct, id: string, props: LogpushAlertsProps): ParsedProps {
    checkScope('LogpushAlerts', scope, id);
    return parseProps(subjectOf('LogpushAlerts', id), schemas().alertsProps, props, alertsPropsIssues);
  }

  /**
   * These alerts with options of one pipeline (its zone's account, its own freshness window).
   *
   * @example
   * new LogpushPipeline(stack, 'quiet-zone', { zoneId, dataset: 'http_requests', bucket, alerts: alerts.forPipeline({ freshnessMinutes: 360 }) });
   */
  public forPipeline(options: PipelineAlertOptions): IPipelineAlerts {
    const o = parseProps(
      `${subjectOf('LogpushAlerts', this.node.id)}.forPipeline`,
      schemas().pipelineAlertOptions,
      options,
    );
    return { _alerts: this, _options: o };
  }

  /** Whether Cloudflare notification policies are defined (some mechanism is named). */
  private get hasMechanism(): boolean {
    const p = this.props;
    return (p.emails?.length ?? 0) + (p.webhookIds?.length ?? 0) + (p.pagerDutyIds?.length ?? 0) > 0;
  }

  /**
   * The problems with adding `pipeline` (S3's metrics limit for a per-prefix alarm); defines nothing.
   *
   * @internal
   */
  public _pipelineIssues(settings: PipelineSettings): PropIssue[] {
    if (this.props.freshnessAlarms === false) return [];
    const bucket = settings.bucket;
    const issue = bucket._metricsFilterIssue(bucket.grantPrefix(settings));
    return issue ? [issue] : [];
  }

  /**
   * Adds a pipeline: its account's notification policy, its SIEM's no-data alarm, and its freshness
   * alarm (the dataset's, under the bucket, in a per-dataset bucket; its own, under the pipeline, in
   * a per-prefix bucket, when the pipeline is defined here).
   *
   * @internal
   */
  public _addPipeline(pipeline: AlertedPipeline, options: PipelineAlertOptions): void {
    const p = this.props;
    const account = options.cloudflareAccountId ?? pipeline.accountId;
    if (account !== undefined) this.notifyFailingJobs(account);
    if (p.siemNoDataAlarm !== false && pipeline.siem?.addNoDataAlarm) {
      const reason = pipeline.siem.addNoDataAlarm(p.siemNoDataMinutes ?? DEFAULT_SIEM_NO_DATA_MINUTES);
      if (reason !== undefined) Annotations.of(this).addWarning(reason);
    }
    if (p.freshnessAlarms !== false) this.watchFreshness(pipeline, options);
  }

  /** The freshness alarm of the pipeline's prefix (per-prefix) or its dataset's (per-dataset). */
  private watchFreshness(pipeline: AlertedPipeline, options: PipelineAlertOptions): void {
    const { settings } = pipeline;
    const bucket = settings.bucket;
    const prefix = bucket.grantPrefix(settings);
    const minutes = options.freshnessMinutes ?? this.props.freshnessMinutes ?? DEFAULT_FRESHNESS_MINUTES;
    if (bucket.grants === 'per-dataset') {
      bucket._addSharedFreshnessAlarm(prefix, minutes, this.topicArn);
      return;
    }
    if (!pipeline.construct) return; // defined by its own shard
    const issue = bucket._metricsFilterIssue(prefix);
    if (issue) throw new LogpushValidationError(settings.path, [issue]);
    bucket._claimMetricsFilter(prefix);
    const sameStack = TerraformStack.of(pipeline.construct) === TerraformStack.of(bucket);
    new FreshnessAlarm(pipeline.construct, 'Freshness', {
      provider: sameStack ? bucket.resource.provider : pipeline.awsProvider,
      bucketName: bucket.bucketName,
      bucket: sameStack ? bucket.resource : undefined,
      prefix,
      periodSeconds: minutes * 60,
      topicArns: [this.topicArn],
    });
  }

  /** The account's failing-jobs policy: defined here on first use in the app, else given our mechanisms. */
  private notifyFailingJobs(accountId: string): void {
    if (!this.hasMechanism || this.policies.has(accountId)) return;
    const registry = AppRegistry.of(this);
    const mechanisms = {
      emails: this.props.emails ?? [],
      webhookIds: this.props.webhookIds ?? [],
      pagerDutyIds: this.props.pagerDutyIds ?? [],
    };
    const key = Token.isUnresolved(accountId) ? `${this.node.path}\0${accountId}` : accountId;
    let policy = registry.failingJobsPolicy(key);
    if (policy === undefined) {
      policy = this.definePolicy(accountId, this.policies.size);
      registry.claimFailingJobsPolicy(key, policy);
    }
    policy.addMechanisms(mechanisms);
    this.policies.set(accountId, policy);
  }

  /** A `cloudflare_notification_policy` whose mechanisms are the union of everyone's, at synth. */
  private definePolicy(accountId: string, index: number): FailingJobsPolicy {
    const emails = new Set<string>();
    const webhooks = new Set<string>();
    const pagerDuty = new Set<string>();
    const ids = (set: Set<string>) =>
      Lazy.anyValue({ produce: () => (set.size > 0 ? [...set].sort().map((id) => ({ id })) : undefined) });
    const resource = new NotificationPolicy(
      this,
      Token.isUnresolved(accountId) ? `FailingJobs${index}` : `FailingJobs-${accountId}`,
      {
        provider: this.props.cloudflareProvider,
        accountId,
        name: 'Logpush job disabled after failing (cdktf-logpush)',
        description:
          'Cloudflare disabled a Logpush job that kept failing: see docs/alerts.md of cdktf-logpush for what to do',
        alertType: FAILING_LOGPUSH_JOB_ALERT_TYPE,
        enabled: true,
        mechanisms: { email: ids(emails), webhooks: ids(webhooks), pagerduty: ids(pagerDuty) },
      },
    );
    return {
      path: resource.node.path,
      addMechanisms: (m) => {
        m.emails.forEach((e) => emails.add(e));
        m.webhookIds.forEach((w) => webhooks.add(w));
        m.pagerDutyIds.forEach((d) => pagerDuty.add(d));
      },
    };
  }

  /** The SNS topic of the AWS alarms, defined on first use (id `Topic`). */
  private defineTopic(): SnsTopic {
    this.topicResource ??= new SnsTopic(this, 'Topic', {
      provider: this.props.awsProvider,
      namePrefix: 'logpush-alerts-',
    });
    return this.topicResource;
  }
}

/** The parsed props of alerts. */
type ParsedProps = ReturnType<ReturnType<typeof schemas>['alertsProps']['parse']>;

/* Compile-time link between the props interface and its schema (see src/type-checks.ts). */
export type _AlertsPropsMatchSchema = Assert<SameShape<LogpushAlertsProps, SchemaInput<'alertsProps'>>>;
export type _PipelineAlertOptionsMatchSchema = Assert<
  SameShape<PipelineAlertOptions, SchemaInput<'pipelineAlertOptions'>>
>;
