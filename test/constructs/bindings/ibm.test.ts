/**
 * The hand-written IBM bindings against the provider's own schema: every attribute they synthesize
 * exists in IBM-Cloud/terraform-provider-ibm v2.5.0 (commit 9f9b7ecf) and is settable (not computed
 * only), and every required attribute is there. The schema facts in test/fixtures/ibm-provider-schema.json
 * were extracted from the provider's Go source at that commit (file named per resource).
 */
import { Testing, TerraformStack } from 'cdktf';
import {
  IbmCisLogpushJob,
  IbmCosBucket,
  IbmIamUserInvite,
  IbmIamUserPolicy,
  IbmProvider,
} from 'cdktf-logpush';
import schema from '../../fixtures/ibm-provider-schema.json';
import type { SynthJson } from '../../support/synth';

type Attributes = Record<string, string[]>;
const META = new Set(['depends_on', 'lifecycle', 'provider', 'count', 'for_each', '//']);

/** Dotted paths of every attribute in a synthesized resource (list blocks and single blocks alike). */
function paths(value: Record<string, unknown>, prefix = ''): string[] {
  const out: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    if (prefix === '' && META.has(key)) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    out.push(path);
    const blocks = Array.isArray(v) ? v : [v];
    for (const b of blocks) {
      if (typeof b === 'object' && b !== null) out.push(...paths(b as Record<string, unknown>, path));
    }
  }
  return [...new Set(out)];
}

function checkAgainstSchema(type: keyof typeof schema, resource: Record<string, unknown>) {
  const attributes = (schema[type] as { attributes: Attributes }).attributes;
  for (const path of paths(resource)) {
    expect([path, attributes[path]]).toEqual([
      path,
      expect.arrayContaining([expect.stringMatching(/^(optional|required)$/)]),
    ]);
  }
  const present = new Set(paths(resource));
  for (const [path, flags] of Object.entries(attributes)) {
    const parent = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : '';
    if (flags.includes('required') && (parent === '' || present.has(parent))) expect(present).toContain(path);
  }
}

test('every synthesized attribute of the IBM bindings is in the provider schema, required ones included', () => {
  const stack = new TerraformStack(Testing.app(), 'bindings');
  new IbmProvider(stack, 'ibm', { region: 'us-south', ibmcloudApiKey: '${var.key}' });
  new IbmCisLogpushJob(stack, 'job', {
    cisId: 'crn',
    domainId: 'zone',
    dataset: 'http_requests',
    name: 'n',
    enabled: true,
    logpullOptions: 'fields=RayID&timestamps=rfc3339',
    frequency: 'low',
    cos: '{}',
    ownershipChallenge: '${var.t}',
  });
  new IbmCosBucket(stack, 'bucket', {
    bucketName: 'b',
    resourceInstanceId: 'crn',
    regionLocation: 'us-south',
    storageClass: 'smart',
    endpointType: 'public',
    kmsKeyCrn: 'crn',
    allowedIp: ['192.0.2.0/24'],
    activityTracking: {
      readDataEvents: true,
      writeDataEvents: true,
      managementEvents: true,
      activityTrackerCrn: 'c',
    },
    metricsMonitoring: { usageMetricsEnabled: true, requestMetricsEnabled: true, metricsMonitoringCrn: 'c' },
    expireRule: [{ enable: true, days: 1, prefix: 'p', ruleId: 'r' }],
    abortIncompleteMultipartUploadDays: [{ enable: true, daysAfterInitiation: 1, prefix: 'p', ruleId: 'r' }],
    objectVersioning: { enable: true },
    noncurrentVersionExpiration: { enable: true, noncurrentDays: 1, prefix: 'p', ruleId: 'r' },
    forceDelete: false,
  });
  new IbmIamUserInvite(stack, 'invite', { users: ['cislogp@us.ibm.com'] });
  new IbmIamUserPolicy(stack, 'policy', {
    ibmId: 'cislogp@us.ibm.com',
    roles: ['Object Writer'],
    resources: {
      service: 'cloud-object-storage',
      resourceInstanceId: 'g',
      resourceType: 'bucket',
      resource: 'b',
    },
    description: 'd',
  });
  const json = JSON.parse(Testing.synth(stack)) as SynthJson & {
    provider: { ibm: Record<string, unknown>[] };
  };
  for (const type of [
    'ibm_cis_logpush_job',
    'ibm_cos_bucket',
    'ibm_iam_user_invite',
    'ibm_iam_user_policy',
  ] as const) {
    const resources = Object.values(json.resource![type]!);
    expect(resources).toHaveLength(1);
    checkAgainstSchema(type, resources[0]!);
  }
  checkAgainstSchema('provider', json.provider.ibm[0]!);
});

test('fails the schema check for an attribute the provider does not have, or a computed one', () => {
  expect(() =>
    checkAgainstSchema('ibm_cis_logpush_job', {
      cis_id: 'c',
      domain_id: 'd',
      dataset: 'x',
      timestamps: 'unix',
    }),
  ).toThrow();
  expect(() =>
    checkAgainstSchema('ibm_cis_logpush_job', { cis_id: 'c', domain_id: 'd', dataset: 'x', job_id: 1 }),
  ).toThrow();
  expect(() => checkAgainstSchema('ibm_cis_logpush_job', { cis_id: 'c', domain_id: 'd' })).toThrow();
});
