/**
 * Issue 17 item 7: `diff` fails closed on grants. Every attribute that can carry an IAM, bucket,
 * topic or queue policy, inline or attached, is expanded into grant atoms or, when not understood,
 * reported as an unreviewed grant change; never "0 widened".
 */
import { diffMarkdown, diffSynth, type StackJson, type SynthOutput } from '../../../src/review';

const out = (stacks: Record<string, StackJson>): SynthOutput => new Map(Object.entries(stacks));
const one = (resource: StackJson['resource'], data?: StackJson['data']): SynthOutput =>
  out({ s: { resource, ...(data ? { data } : {}) } });

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::logs/*' }],
});
const ROLE = { name: 'reader', assume_role_policy: JSON.stringify({ Version: '2012-10-17', Statement: [] }) };

describe('diff: grants it did not know before are expanded or flagged, never dropped', () => {
  test.each<[string, StackJson['resource'], StackJson['resource'], string]>([
    [
      'an inline policy on aws_s3_bucket replacing aws_s3_bucket_policy',
      { aws_s3_bucket: { logs: { bucket: 'logs' } } },
      { aws_s3_bucket: { logs: { bucket: 'logs', policy: POLICY } } },
      's3:GetObject',
    ],
    [
      'AdministratorAccess attached with aws_iam_role_policy_attachment',
      { aws_iam_role: { r: ROLE } },
      {
        aws_iam_role: { r: ROLE },
        aws_iam_role_policy_attachment: { a: { role: '${aws_iam_role.r.name}', policy_arn: ADMIN } },
      },
      ADMIN,
    ],
    [
      'AdministratorAccess in managed_policy_arns of a role',
      { aws_iam_role: { r: ROLE } },
      { aws_iam_role: { r: { ...ROLE, managed_policy_arns: [ADMIN] } } },
      ADMIN,
    ],
    [
      'an inline_policy block on a role',
      { aws_iam_role: { r: ROLE } },
      { aws_iam_role: { r: { ...ROLE, inline_policy: [{ name: 'x', policy: POLICY }] } } },
      's3:GetObject',
    ],
    [
      'a policy on an SNS topic',
      { aws_sns_topic: { t: { name: 't' } } },
      { aws_sns_topic: { t: { name: 't', policy: POLICY } } },
      's3:GetObject',
    ],
    [
      'an SQS queue policy resource',
      {},
      { aws_sqs_queue_policy: { q: { queue_url: 'u', policy: POLICY } } },
      's3:GetObject',
    ],
    [
      'a policy on an SQS queue',
      { aws_sqs_queue: { q: { name: 'q' } } },
      { aws_sqs_queue: { q: { name: 'q', policy: POLICY } } },
      's3:GetObject',
    ],
    [
      'a customer managed aws_iam_policy attached to a user',
      {},
      { aws_iam_user_policy_attachment: { a: { user: 'bob', policy_arn: ADMIN } } },
      ADMIN,
    ],
    [
      'a Lambda permission for a service principal',
      {},
      {
        aws_lambda_permission: {
          p: { action: 'lambda:InvokeFunction', function_name: 'f', principal: 's3.amazonaws.com' },
        },
      },
      'lambda:InvokeFunction',
    ],
  ])('%s is a widened grant', (_name, before, after, mentioned) => {
    const d = diffSynth(one(before), one(after));
    const widened = d.grants.filter((g) => g.change === 'widened');
    expect(widened.length).toBeGreaterThan(0);
    expect(JSON.stringify(widened)).toContain(mentioned);
  });

  test.each<[string, SynthOutput, SynthOutput]>([
    [
      'a grant-bearing resource type it has no rule for (aws_kms_key policy)',
      one({ aws_kms_key: { k: { description: 'k' } } }),
      one({ aws_kms_key: { k: { description: 'k', policy: '${data.x.json}' } } }),
    ],
    [
      'an unknown *_policy resource type',
      one({}),
      one({ aws_ecr_repository_policy: { p: { repository: 'r', policy: 'x' } } }),
    ],
    [
      'an aws_iam_policy_document data source whose statements change under the same reference',
      one(
        { aws_s3_bucket_policy: { p: { bucket: 'b', policy: '${data.aws_iam_policy_document.d.json}' } } },
        { aws_iam_policy_document: { d: { statement: [{ actions: ['s3:GetObject'] }] } } },
      ),
      one(
        { aws_s3_bucket_policy: { p: { bucket: 'b', policy: '${data.aws_iam_policy_document.d.json}' } } },
        { aws_iam_policy_document: { d: { statement: [{ actions: ['s3:*'] }] } } },
      ),
    ],
    ['an S3 ACL grant', one({}), one({ aws_s3_bucket_acl: { a: { bucket: 'b', acl: 'public-read' } } })],
  ])('%s is reported as an unreviewed grant change', (_name, before, after) => {
    const d = diffSynth(before, after);
    expect(d.grants.some((g) => g.change === 'unreviewed')).toBe(true);
  });

  test('an unchanged grant-bearing resource reports nothing', () => {
    const r = {
      aws_kms_key: { k: { policy: POLICY } },
      aws_iam_role: { r: { ...ROLE, managed_policy_arns: [ADMIN] } },
    };
    expect(diffSynth(one(r), one(r)).grants).toEqual([]);
  });

  test('a detached AdministratorAccess narrows', () => {
    const attached = {
      aws_iam_role_policy_attachment: { a: { role: '${aws_iam_role.r.name}', policy_arn: ADMIN } },
    };
    const d = diffSynth(one(attached), one({}));
    expect(d.grants).toEqual([
      expect.objectContaining({ change: 'narrowed', action: expect.stringContaining(ADMIN) }),
    ]);
  });

  test('the Markdown counts unreviewed grants in its heading and lists each', () => {
    const md = diffMarkdown(
      diffSynth(one({}), one({ aws_s3_bucket_acl: { a: { bucket: 'b', acl: 'public-read' } } })),
    );
    expect(md).toContain('### Grants: 0 widened, 0 narrowed, 2 unreviewed (review by hand)');
    expect(md).toContain('- **unreviewed** `s` `aws_s3_bucket_acl.a` `acl`');
  });

  test('values in the Markdown stay inside their code span: no line break, backtick or escape gets out', () => {
    const job = (filter: string) => ({
      zone_id: '023e105f4ecef8ad9ca31a8372d0c353',
      dataset: 'http_requests',
      destination_conf: 's3://b/p',
      filter,
    });
    const md = diffMarkdown(
      diffSynth(
        one({ cloudflare_logpush_job: { j: job('a') } }),
        one({ cloudflare_logpush_job: { j: job('b\n```\n## injected\n\u001b[2J`x`') } }),
      ),
    );
    expect(md).not.toContain('## injected\n');
    expect(md).not.toContain('```');
    expect(md).not.toContain('\u001b');
    expect(md).toContain('\\u000a');
  });
});
