import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { Lazy, TerraformOutput, Token, type IResolvable, type TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import {
  pantherBucketLocationStatement,
  pantherInputQueueArn,
  PANTHER_LOG_TYPES,
  pantherLogType,
  pantherManagedNotificationStatements,
  pantherReadStatements,
  pantherTopicPolicy,
  pantherTrustPolicy,
} from '../src/panther';
import { PolicyBuilder, ROLE_INLINE_POLICY_MAX_CHARS } from '../src/policy';
import { LogpushValidationError } from '../src/errors';
import { prefixProblem } from '../src/names';
import { parseProps } from '../src/schema';
import { SOURCE_NO_DATA_ALARM_TYPE } from '../src/alerts';
import type { Assert, SameShape } from '../src/type-checks';
import type { z } from 'zod';
import {
  PantherLogSourceAlarm,
  PantherS3Source,
  type PantherS3SourcePrefixLogTypes,
} from './bindings/panther';
import { LogBucket, logBucketSchema } from './log-bucket';
import { validatePolicySize } from './private/policy-size';
import { checkScope, schemas, subjectOf, validating } from './private/schemas';
import type { ILogSiem, PipelineSettings } from './siem';

/** The parsed props of a source. */
type ParsedProps = ReturnType<ReturnType<typeof pantherPropsSchema>['parse']>;

/** Properties of a {@link PantherLogSource}. */
export interface PantherLogSourceProps {
  /** The bucket the pipelines write to. */
  readonly bucket: LogBucket;
  /** The source's name in Panther (`^[0-9a-zA-Z- ]+$`, at most 32 characters). */
  readonly name: string;
  /** The AWS account of the Panther deployment (trusted by the log processing role). */
  readonly pantherAwsAccountId: string;
  /**
   * The AWS account that owns the bucket.
   *
   * @default - the caller's account (`aws_caller_identity`)
   */
  readonly awsAccountId?: string;
  /**
   * The region of the Panther deployment. With self-managed notifications and this set, the topic
   * is subscribed to Panther's input queue (`panther-input-data-notifications-queue`).
   *
   * @default - no subscription is defined: Panther subscribes to the topic (its account may)
   */
  readonly pantherRegion?: string;
  /**
   * Name of the log processing role.
   *
   * @default - `PantherLogProcessingRole-<name>`
   */
  readonly roleName?: string;
  /**
   * Who manages the bucket's S3 -> SNS notifications. `self-managed`: this library defines the
   * topic, its policy and the bucket's notification configuration (one entry per pipeline prefix,
   * `*.log.gz` only). `panther-managed`: Panther creates them in your account and owns the
   * bucket's notification configuration; the library then defines none for that bucket.
   *
   * @default 'self-managed'
   */
  readonly notifications?: 'self-managed' | 'panther-managed';
  /**
   * Define the `panther_s3_source` through the Panther provider. With `false`, the stack instead
   * outputs what a person needs to finish onboarding in the Panther console: role ARN, bucket and
   * the prefix -> log type table.
   *
   * @default true
   */
  readonly registerSource?: boolean;
  /**
   * The AWS provider for the role and the topic.
   *
   * @default - the bucket's provider
   */
  readonly provider?: TerraformProvider;
  /**
   * The Panther provider for the source.
   *
   * @default - the stack's default Panther provider
   */
  readonly pantherProvider?: TerraformProvider;
}

/**
 * Defines a Panther S3 log source for Cloudflare logs: the log processing role (read-only, scoped to
 * the registered prefixes), the S3 -> SNS notifications Panther's queue reads, and the
 * `panther_s3_source` whose prefix -> log type table is collected from the pipelines naming it as
 * their `siem`.
 *
 * @see https://docs.panther.com/data-onboarding/supported-logs/cloudflare
 */
export class PantherLogSource extends Construct implements ILogSiem {
  /** The log processing role Panther assumes. */
  public readonly role: IamRole;
  /** The notification topic (self-managed notifications only). */
  public readonly topic?: SnsTopic;
  /** The `panther_s3_source` (unless `registerSource: false`). */
  public readonly source?: PantherS3Source;
  /** The AWS account of the bucket. @attribute */
  public readonly awsAccountId: string;
  /** The source's `SOURCE_NO_DATA` alarm, once {@link addNoDataAlarm} defined it. */
  public get noDataAlarm(): PantherLogSourceAlarm | undefined {
    return this.noDataAlarmResource;
  }

  private readonly bucket: LogBucket;
  private readonly provider?: TerraformProvider;
  private readonly policyDocument = new PolicyBuilder();
  private readonly logTypes = new Map<string, string>();
  private readonly topicPolicy?: SnsTopicPolicy;
  private readonly pantherProvider?: TerraformProvider;
  private noDataMinutes?: number;
  private noDataAlarmResource?: PantherLogSourceAlarm;
  /** The topic's ARN token, made once: every cdktf token costs a full stack trace. */
  private readonly topicArn?: string;

  constructor(scope: Construct, id: string, props: PantherLogSourceProps) {
    const p = validating(scope, id, () => PantherLogSource.parse(scope, id, props));
    super(scope, id);
    const managed = p.notifications === 'panther-managed';
    this.bucket = p.bucket;
    this.provider = p.provider ?? p.bucket.resource.provider;
    this.awsAccountId = p.awsAccountId ?? this.lookUpAccountId();
    this.pantherProvider = p.pantherProvider;

    this.role = this.defineRole(p);
    this.defineReadPolicy(managed);
    if (!managed) {
      this.topic = this.defineTopic(p);
      this.topicArn = this.topic.arn;
      this.topicPolicy = this.defineTopicPolicy(p);
      if (p.pantherRegion !== undefined) this.subscribePantherQueue(p, p.pantherRegion);
    }
    if (p.registerSource ?? true) {
      this.source = this.defineSource(p, managed);
    } else {
      this.defineOnboardingOutputs();
    }
  }

  /** Validates where the source is defined, its props, and that it may own the bucket's notifications. */
  private static parse(scope: Construct, id: string, props: PantherLogSourceProps): ParsedProps {
    checkScope('PantherLogSource', scope, id);
    const subject = subjectOf('PantherLogSource', id);
    const p = parseProps(subject, pantherPropsSchema(), props);
    if (p.notifications === 'panther-managed') {
      const issue = p.bucket._disclaimIssue(scope.node.path ? `${scope.node.path}/${id}` : id);
      if (issue) throw new LogpushValidationError(subject, [issue]);
    }
    return p;
  }

  /** The bucket's account, from `aws_caller_identity`. */
  private lookUpAccountId(): string {
    return new DataAwsCallerIdentity(this, 'CallerIdentity', { provider: this.provider }).accountId;
  }

  /** The log processing role, trusted by Panther's account. */
  private defineRole(p: ParsedProps): IamRole {
    return new IamRole(this, 'Role', {
      provider: this.provider,
      name: p.roleName ?? `PantherLogProcessingRole-${p.name.replace(/ /g, '-')}`.slice(0, 64),
      description: `Panther reads Cloudflare logs from ${this.bucket.node.path} (cdktf-logpush)`,
      assumeRolePolicy: JSON.stringify(pantherTrustPolicy(p.pantherAwsAccountId)),
      maxSessionDuration: 3600,
      tags: { 'panther:app': 'panther' },
    });
  }

  /**
   * The role's single inline policy, rendered at synth from the registered prefixes, with its size
   * checked; with Panther-managed notifications, also what Panther needs to manage them, and the
   * bucket's notification configuration is handed to Panther.
   */
  private defineReadPolicy(managed: boolean): void {
    const bucket = this.bucket;
    this.policyDocument.add(pantherBucketLocationStatement(bucket.bucketName));
    if (managed) {
      for (const s of pantherManagedNotificationStatements(bucket.bucketName, this.awsAccountId)) {
        this.policyDocument.add(s);
      }
      bucket.disclaimNotifications(this.node.path);
    }
    validatePolicySize(
      this,
      `the policy of ${this.role.node.path}`,
      this.policyDocument,
      ROLE_INLINE_POLICY_MAX_CHARS,
    );
    new IamRolePolicy(this, 'ReadPolicy', {
      provider: this.provider,
      name: 'ReadData',
      role: this.role.id,
      policy: Lazy.stringValue({ produce: () => this.policyDocument.toJson() }),
    });
  }

  /** The SNS topic of the bucket's notifications (self-managed notifications). */
  private defineTopic(p: ParsedProps): SnsTopic {
    return new SnsTopic(this, 'Topic', {
      provider: this.provider,
      name: `panther-notifications-${p.name.replace(/ /g, '-')}`.slice(0, 256),
    });
  }

  /** Lets the bucket publish to the topic and Panther's account subscribe to it. */
  private defineTopicPolicy(p: ParsedProps): SnsTopicPolicy {
    return new SnsTopicPolicy(this, 'TopicPolicy', {
      provider: this.provider,
      arn: this.topicArn!,
      policy: JSON.stringify(
        pantherTopicPolicy(this.topicArn!, this.bucket.bucketName, this.awsAccountId, p.pantherAwsAccountId),
      ),
    });
  }

  /** Subscribes Panther's input queue to the topic. */
  private subscribePantherQueue(p: ParsedProps, pantherRegion: string): void {
    new SnsTopicSubscription(this, 'PantherQueue', {
      provider: this.provider,
      topicArn: this.topicArn!,
      protocol: 'sqs',
      endpoint: pantherInputQueueArn(pantherRegion, p.pantherAwsAccountId),
      rawMessageDelivery: false,
    });
  }

  /** The `panther_s3_source` (id `Resource`), its prefix -> log type table rendered at synth. */
  private defineSource(p: ParsedProps, managed: boolean): PantherS3Source {
    // An IResolvable is passed through as Terraform JSON, hence snake_case.
    const prefixLogTypes = Lazy.anyValue({
      produce: () =>
        this.renderPrefixLogTypes().map((e) => ({
          prefix: e.prefix,
          log_types: e.logTypes,
          excluded_prefixes: e.excludedPrefixes,
        })),
    });
    return new PantherS3Source(this, 'Resource', {
      provider: p.pantherProvider,
      name: p.name,
      awsAccountId: this.awsAccountId,
      bucketName: this.bucket.bucketName,
      logProcessingRoleArn: this.role.arn,
      // NDJSON: one JSON record per line.
      logStreamType: 'Lines',
      pantherManagedBucketNotificationsEnabled: managed,
      prefixLogTypes: prefixLogTypes as IResolvable,
    });
  }

  /** Without `registerSource`: what a person needs to finish onboarding in the Panther console. */
  private defineOnboardingOutputs(): void {
    new TerraformOutput(this, 'RoleArn', {
      value: this.role.arn,
      description: 'Panther console > Log Sources > S3: the log processing role ARN',
    });
    new TerraformOutput(this, 'BucketName', { value: this.bucket.bucketName, description: 'the S3 bucket' });
    new TerraformOutput(this, 'PrefixLogTypes', {
      value: Lazy.anyValue({
        produce: () => Object.fromEntries(this.renderPrefixLogTypes().map((e) => [e.prefix, e.logTypes[0]])),
      }),
      description: 'S3 prefix -> Panther log type',
    });
    if (this.topic) {
      new TerraformOutput(this, 'TopicArn', {
        value: this.topicArn!,
        description: "SNS topic of the bucket's notifications, for Panther's queue",
      });
    }
  }

  /**
   * The reasons this source cannot read a pipeline: another bucket, a dataset without a Panther log
   * type, missing required fields, CSV.
   */
  public checkPipeline(pipeline: PipelineSettings): string[] {
    const result = pantherLogType(pipeline);
    const problems =
      'problems' in result
        ? result.noLogType
          ? result.problems.map((p) => `${p}; to push it without the SIEM, leave out siem for this pipeline`)
          : result.problems
        : [];
    // A prefix reaches the read grant and its s3:prefix condition: the same allow-list as the pipeline's.
    const prefix = Token.isUnresolved(pipeline.prefix) ? undefined : prefixProblem(pipeline.prefix);
    if (prefix !== undefined) problems.push(`prefix ${JSON.stringify(pipeline.prefix)} ${prefix}`);
    const notification = this.topic ? this.bucket._topicNotificationIssue() : undefined;
    if (notification) problems.push(notification.message);
    if (pipeline.bucket !== this.bucket) {
      problems.push(
        `${this.node.path} reads bucket ${this.bucket.node.path}, but the pipeline writes to ${pipeline.bucket.node.path}`,
      );
    }
    return problems;
  }

  /** Registers a pipeline's prefix: read grant, notification and prefix -> log type entry. */
  public addPipeline(pipeline: PipelineSettings): void {
    const logType = PANTHER_LOG_TYPES[pipeline.scope][pipeline.dataset];
    const problems = this.checkPipeline(pipeline);
    if (logType === undefined || problems.length > 0) {
      throw new LogpushValidationError(
        `${this.node.path}.addPipeline`,
        problems.map((message) => ({
          path: 'pipeline',
          message: `${pipeline.path}: ${message}`,
          hasValue: false,
          code: 'SIEM_REFUSES_PIPELINE',
        })),
      );
    }
    // The pipeline's prefix, or its dataset's in a per-dataset bucket: one entry for every zone.
    const prefix = this.bucket.grantPrefix(pipeline);
    const known = this.logTypes.get(prefix);
    if (known !== undefined) {
      if (known !== logType) {
        throw new LogpushValidationError(`${this.node.path}.addPipeline`, [
          {
            path: 'pipeline',
            message: `${pipeline.path}: prefix ${prefix}/ is registered for ${known}, not ${logType}`,
            hasValue: false,
            code: 'SIEM_LOG_TYPE_CONFLICT',
          },
        ]);
      }
      return;
    }
    this.logTypes.set(prefix, logType);
    const { list, get } = pantherReadStatements(this.bucket.bucketName, prefix);
    this.policyDocument.add(list, { mergeConditionValues: true });
    this.policyDocument.add(get);
    if (this.topic) {
      this.bucket.addTopicNotification({
        topicArn: this.topicArn!,
        events: ['s3:ObjectCreated:*'],
        filterPrefix: `${prefix}/`,
        // Cloudflare's log files only: the ownership challenge file never reaches Panther.
        filterSuffix: '.log.gz',
        dependsOn: [this.topicPolicy!],
      });
    }
  }

  /**
   * Defines the source's `panther_log_source_alarm` (`SOURCE_NO_DATA`, id `NoDataAlarm`): Panther
   * alarms when the source received no data for `minutesThreshold` minutes (15..43,200). Asked
   * again, the shortest threshold wins. Without a registered source (`registerSource: false`) there
   * is no source id to watch: returns why, and defines nothing.
   */
  public addNoDataAlarm(minutesThreshold: number): string | undefined {
    if (!this.source) {
      return `${this.node.path} has registerSource: false, so Panther's no-data alarm cannot name the source; configure it in the Panther console`;
    }
    this.noDataMinutes = Math.min(this.noDataMinutes ?? minutesThreshold, minutesThreshold);
    this.noDataAlarmResource ??= new PantherLogSourceAlarm(this, 'NoDataAlarm', {
      provider: this.pantherProvider,
      sourceId: this.source.id,
      type: SOURCE_NO_DATA_ALARM_TYPE,
      minutesThreshold: Lazy.numberValue({ produce: () => this.noDataMinutes }),
    });
    return undefined;
  }

  private renderPrefixLogTypes(): PantherS3SourcePrefixLogTypes[] {
    return [...this.logTypes.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([prefix, logType]) => ({ prefix: `${prefix}/`, logTypes: [logType], excludedPrefixes: [] }));
  }
}

/* Compile-time link between the props interface and its schema (see src/type-checks.ts). */
export type _PantherPropsMatchSchema = Assert<
  SameShape<PantherLogSourceProps, z.input<ReturnType<typeof pantherPropsSchema>>>
>;

let cachedPantherPropsSchema: ReturnType<typeof buildPantherPropsSchema> | undefined;

/** PantherLogSourceProps' schema. */
function pantherPropsSchema(): ReturnType<typeof buildPantherPropsSchema> {
  cachedPantherPropsSchema ??= buildPantherPropsSchema();
  return cachedPantherPropsSchema;
}

function buildPantherPropsSchema() {
  const { pantherSource, provider } = schemas();
  return pantherSource.extend({ bucket: logBucketSchema(), provider, pantherProvider: provider });
}
