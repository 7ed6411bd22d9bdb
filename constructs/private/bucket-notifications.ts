/**
 * A bucket's single S3 event notification configuration (AWS keeps one per bucket; two Terraform
 * resources for one bucket overwrite each other): the topic notifications every SIEM registers,
 * merged into one `aws_s3_bucket_notification` at synth in a deterministic order, or handed to a
 * system outside Terraform. Not API: LogBucket's public methods delegate to it.
 */
import {
  S3BucketNotification,
  type S3BucketNotificationTopic,
} from '@cdktf/provider-aws/lib/s3-bucket-notification';
import { dependable, Lazy, type ITerraformDependable, type TerraformProvider } from 'cdktf';
import type { Construct } from 'constructs';
import type { PropIssue } from '../../src/errors';

/** One S3 event notification into an SNS topic. */
export interface BucketTopicNotification {
  /** ARN of the SNS topic. */
  readonly topicArn: string;
  /** S3 event names, e.g. `s3:ObjectCreated:*`. */
  readonly events: readonly string[];
  /** Only keys starting with this (a registered prefix followed by `/`). */
  readonly filterPrefix: string;
  /** Only keys ending with this, e.g. `.log.gz`. */
  readonly filterSuffix?: string;
  /** Resources the notification needs to exist first (the topic policy). */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/** Where the notification resource goes: the bucket construct and its resource. */
export interface NotificationHost {
  readonly scope: Construct;
  readonly provider?: TerraformProvider;
  /** The `aws_s3_bucket`'s id attribute. */
  readonly bucketId: string;
  /** With `adopt` and `notification` imported: the existing bucket's name, the import id. */
  readonly importName: () => string | undefined;
}

export class BucketNotifications {
  private readonly topics: BucketTopicNotification[] = [];
  private readonly keys = new Set<string>();
  private resource?: S3BucketNotification;
  private owner?: string;
  private readonly dependencies = new Set<ITerraformDependable>();

  constructor(private readonly host: NotificationHost) {}

  /** How many configurations the bucket has (S3 allows 100; src/model/limits.ts). */
  public get count(): number {
    return this.topics.length;
  }

  /** The problem with adding a topic notification (the configuration belongs to someone else). */
  public addIssue(): PropIssue | undefined {
    if (this.owner === undefined) return undefined;
    return {
      path: 'notification',
      message: `the notification configuration of bucket ${this.host.scope.node.path} belongs to ${this.owner}, which manages it outside Terraform; a second notification would overwrite it`,
      hasValue: false,
      code: 'NOTIFICATION_OWNED_ELSEWHERE',
    };
  }

  /** Adds a notification (the same one again is one configuration); defines the resource on first use. */
  public add(notification: BucketTopicNotification): void {
    // The same entry again (pipelines sharing a per-dataset prefix) is one configuration.
    const key = [
      notification.topicArn,
      notification.filterPrefix,
      notification.filterSuffix ?? '',
      [...notification.events].sort().join(','),
    ].join('\u0000');
    if (!this.keys.has(key)) {
      this.keys.add(key);
      this.topics.push(notification);
    }
    if (!this.resource) {
      this.resource = new S3BucketNotification(this.host.scope, 'Notification', {
        provider: this.host.provider,
        bucket: this.host.bucketId,
        topic: Lazy.anyValue({ produce: () => this.render() }) as unknown as S3BucketNotificationTopic[],
      });
      const importName = this.host.importName();
      if (importName !== undefined) this.resource.importFrom(importName, this.host.provider);
    }
    const known = this.dependencies.size;
    for (const d of notification.dependsOn ?? []) this.dependencies.add(d);
    // Only when a dependency is new: each cdktf token costs a full stack trace.
    if (this.dependencies.size > known) {
      this.resource.dependsOn = [...this.dependencies].map(dependable);
    }
  }

  /** The problem with handing the configuration to `owner` (someone else defines or owns it already). */
  public disclaimIssue(owner: string): PropIssue | undefined {
    if (this.resource || (this.owner !== undefined && this.owner !== owner)) {
      return {
        path: 'notifications',
        message: `${owner} wants to own the notification configuration of bucket ${this.host.scope.node.path}, but ${this.owner ?? 'this library'} already defines it; AWS keeps one per bucket`,
        value: owner,
        hasValue: true,
        code: 'NOTIFICATION_OWNED_ELSEWHERE',
      };
    }
    return undefined;
  }

  /** Hands the configuration to `owner` (check {@link disclaimIssue} first). */
  public disclaim(owner: string): void {
    this.owner = owner;
  }

  /** The topic configurations, sorted by prefix (a stable plan whatever the registration order). */
  private render() {
    return [...this.topics]
      .sort((a, b) => (a.filterPrefix < b.filterPrefix ? -1 : a.filterPrefix > b.filterPrefix ? 1 : 0))
      .map((n) => ({
        id: `logpush-${n.filterPrefix.replace(/[^A-Za-z0-9-]/g, '-').replace(/-+$/, '')}`,
        topic_arn: n.topicArn,
        events: [...n.events],
        filter_prefix: n.filterPrefix,
        ...(n.filterSuffix !== undefined ? { filter_suffix: n.filterSuffix } : {}),
      }));
  }
}
