/**
 * Theme: Terraform names. Construct ids become Terraform names (cdktf's logical ids start with the first id below the
 * stack), and Terraform refuses a name that does not start with a letter or `_`. The library
 * refuses such an id before anything is defined, with the code INVALID_TERRAFORM_NAME; ids that
 * make valid names keep exactly the names they had.
 */
import { Testing, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { CosLogBucket, LogBucket, LogpushPipeline, LogpushValidationError } from 'cdktf-logpush';
import { newStack, synth } from '../support/synth';
import { invalidNames } from '../support/terraform-names';

const ZONE = '023e105f4ecef8ad9ca31a8372d0c353';

function refusal(f: () => unknown): LogpushValidationError {
  try {
    f();
  } catch (e) {
    if (LogpushValidationError.isLogpushValidationError(e)) return e;
    throw e;
  }
  throw new Error('expected a LogpushValidationError');
}

const pipeline = (scope: Construct, id: string, bucket: LogBucket) =>
  new LogpushPipeline(scope, id, {
    zoneId: ZONE,
    dataset: 'http_requests',
    bucket,
    prefix: `p/${scope.node.children.length}`,
  });

describe('construct ids that would make invalid Terraform names', () => {
  test.each(['2024-http', '-http', '9', '1.logs'])('fails: a LogpushPipeline id %j', (id) => {
    const stack = newStack();
    const bucket = new LogBucket(stack, 'logs', { bucketName: 'acme-logs', region: 'us-west-2' });
    const e = refusal(() => pipeline(stack, id, bucket));
    expect(e.codes).toEqual(['INVALID_TERRAFORM_NAME']);
    expect(e.issues[0]).toMatchObject({ path: 'id', value: id });
    expect(e.message).toMatch(/a Terraform name must start with a letter or underscore/);
    // Nothing was defined.
    expect(stack.node.tryFindChild(id)).toBeUndefined();
  });

  test('fails: a LogBucket id starting with a digit', () => {
    const e = refusal(
      () => new LogBucket(newStack(), '0logs', { bucketName: 'acme-logs', region: 'us-west-2' }),
    );
    expect(e.codes).toEqual(['INVALID_TERRAFORM_NAME']);
  });

  test('fails: a CosLogBucket id starting with a digit', () => {
    const stack = new TerraformStack(Testing.app(), 'ibm');
    const e = refusal(
      () =>
        new CosLogBucket(stack, '7logs', {
          bucketName: 'acme-cis-logs',
          resourceInstanceId:
            'crn:v1:bluemix:public:cloud-object-storage:global:a/0123456789abcdef0123456789abcdef:01234567-89ab-cdef-0123-456789abcdef::',
          region: 'us-south',
        }),
    );
    expect(e.codes).toContain('INVALID_TERRAFORM_NAME');
  });

  test('fails: a pipeline under a user construct whose id starts with a digit names that construct', () => {
    const stack = newStack();
    const bucket = new LogBucket(stack, 'logs', { bucketName: 'acme-logs', region: 'us-west-2' });
    const team = new Construct(stack, '42team');
    const e = refusal(() => pipeline(team, 'http', bucket));
    expect(e.issues[0]).toMatchObject({ path: 'scope', value: '42team', code: 'INVALID_TERRAFORM_NAME' });
    expect(e.message).toContain('test/42team');
  });

  test('ids that make valid names are accepted, and their names are what they were', () => {
    const stack = newStack();
    const bucket = new LogBucket(stack, 'logs', { bucketName: 'acme-logs', region: 'us-west-2' });
    pipeline(stack, 'http-2024', bucket);
    pipeline(stack, '_2024', bucket);
    pipeline(new Construct(stack, 'team'), '2024', bucket); // below a valid id, a digit is fine
    const json = synth(stack);
    expect(invalidNames(json as Record<string, unknown>)).toEqual([]);
    expect(Object.keys(json.resource!.cloudflare_logpush_job!).sort()).toEqual([
      '_2024_E54CD668',
      'http-2024_283B3615',
      'team_2024_8B521B1C',
    ]);
  });
});
