/**
 * The IBM provider's replacement rules (IBM-Cloud/terraform-provider-ibm v2.5.0, commit 9f9b7ec):
 * ForceNew attributes re-create, the others are updated in place; an IBM CIS job (no ForceNew
 * attribute) is re-created when its address changes, unless a `moved` block says so.
 */
import { diffSynth, FORCES_REPLACEMENT, type StackJson, type SynthOutput } from '../../../src/review';

const CIS = 'crn:v1:bluemix:public:internet-svcs:global:a/4ea1882a2d3401ed1e459979941966ea:31fa::';
const DOMAIN = '9caf68812ae9b3f0377fdf986751a78f';

const job = (over: Record<string, unknown> = {}) => ({
  cis_id: CIS,
  domain_id: DOMAIN,
  dataset: 'http_requests',
  name: 'http',
  cos: '{"bucket_name":"acme","id":"crn:cos","path":"cis/http_requests"}',
  ownership_challenge: '${var.token}',
  ...over,
});
const output = (resource: StackJson['resource'], extra: Partial<StackJson> = {}): SynthOutput =>
  new Map([['cis', { resource, ...extra }]]);

describe('review: IBM replacement rules', () => {
  test('every ibm_* type the bindings define has a rule citing the provider source at 9f9b7ec', () => {
    for (const type of [
      'ibm_cis_logpush_job',
      'ibm_cos_bucket',
      'ibm_iam_user_invite',
      'ibm_iam_user_policy',
    ]) {
      expect(FORCES_REPLACEMENT[type]?.source).toMatch(
        /^IBM-Cloud\/terraform-provider-ibm v2\.5\.0 \(commit 9f9b7ec\) ibm\/service\/.*\.go/,
      );
    }
  });

  test('an IBM CIS job renamed is re-created (job: true); the same with a moved block is not', () => {
    const before = output({ ibm_cis_logpush_job: { http_1: job() } });
    const after = output({ ibm_cis_logpush_job: { http_2: job() } });
    expect(diffSynth(before, after).recreations).toEqual([
      expect.objectContaining({ stack: 'cis', address: 'ibm_cis_logpush_job.http_2', job: true }),
    ]);
    const moved = output(
      { ibm_cis_logpush_job: { http_2: job() } },
      { moved: [{ from: 'ibm_cis_logpush_job.http_1', to: 'ibm_cis_logpush_job.http_2' }] },
    );
    expect(diffSynth(before, moved).recreations).toEqual([]);
  });

  test('an IBM CIS job of another dataset at a new address is an addition, not a move', () => {
    const before = output({ ibm_cis_logpush_job: { http_1: job() } });
    const after = output({ ibm_cis_logpush_job: { range_1: job({ dataset: 'range_events' }) } });
    expect(diffSynth(before, after).recreations).toEqual([]);
  });

  test('an IBM CIS job changed in place (cos, name) is not a re-creation', () => {
    const before = output({ ibm_cis_logpush_job: { http_1: job() } });
    const after = output({
      ibm_cis_logpush_job: { http_1: job({ name: 'web', cos: '{"bucket_name":"other"}' }) },
    });
    expect(diffSynth(before, after).recreations).toEqual([]);
  });

  test('ibm_iam_user_policy: ibm_id is ForceNew, roles are not; ibm_iam_user_invite users are updated in place', () => {
    const policy = (ibm_id: string, roles: string[]) => ({ ibm_id, roles });
    const before = output({
      ibm_iam_user_policy: { writer: policy('cislogp@us.ibm.com', ['Object Writer']) },
      ibm_iam_user_invite: { invite: { users: ['cislogp@us.ibm.com'] } },
    });
    const rolesOnly = output({
      ibm_iam_user_policy: { writer: policy('cislogp@us.ibm.com', ['Writer']) },
      ibm_iam_user_invite: { invite: { users: ['someone@example.com'] } },
    });
    expect(diffSynth(before, rolesOnly).recreations).toEqual([]);
    const newUser = output({
      ibm_iam_user_policy: { writer: policy('someone@example.com', ['Object Writer']) },
      ibm_iam_user_invite: { invite: { users: ['cislogp@us.ibm.com'] } },
    });
    expect(diffSynth(before, newUser).recreations).toEqual([
      {
        stack: 'cis',
        address: 'ibm_iam_user_policy.writer',
        job: false,
        reason: expect.stringContaining('ibm_id: "cislogp@us.ibm.com" -> "someone@example.com"'),
      },
    ]);
  });

  test('ibm_cos_bucket: a new storage class or location re-creates the bucket', () => {
    const bucket = (over: Record<string, unknown> = {}) => ({
      bucket_name: 'acme',
      resource_instance_id: 'crn:cos',
      region_location: 'us-south',
      storage_class: 'smart',
      ...over,
    });
    const before = output({ ibm_cos_bucket: { logs: bucket() } });
    for (const over of [
      { storage_class: 'standard' },
      { region_location: 'eu-de' },
      { kms_key_crn: 'crn:kms' },
    ]) {
      expect(diffSynth(before, output({ ibm_cos_bucket: { logs: bucket(over) } })).recreations).toEqual([
        expect.objectContaining({ address: 'ibm_cos_bucket.logs', job: false }),
      ]);
    }
    // expire_rule and the like are updated in place.
    expect(
      diffSynth(before, output({ ibm_cos_bucket: { logs: bucket({ expire_rule: [{ days: 30 }] }) } }))
        .recreations,
    ).toEqual([]);
  });
});
