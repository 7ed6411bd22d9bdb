/**
 * IBM Cloud Internet Services into IBM Cloud Object Storage: one domain's `http_requests` and
 * `range_events`, each its own job and its own path, into one new hardened COS bucket that grants
 * CIS's writer (`cislogp@us.ibm.com`) Object Writer. The ownership tokens come from
 * `cdktf-logpush cis-ownership` through sensitive variables (TF_VAR_...), needed at the first apply only.
 */
import { App, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { CisLogpushPipeline, CosLogBucket, IbmProvider, OwnershipVerification } from 'cdktf-logpush';

/** The CIS instance and domain, and the COS instance (replace with yours). */
export const CIS_CRN =
  'crn:v1:bluemix:public:internet-svcs:global:a/4ea1882a2d3401ed1e459979941966ea:31fa970d-51d0-4b05-893e-251cba75a7b3::';
export const DOMAIN_ID = '9caf68812ae9b3f0377fdf986751a78f';
export const COS_INSTANCE_CRN =
  'crn:v1:bluemix:public:cloud-object-storage:global:a/4ea1882a2d3401ed1e459979941966ea:c84e2a79-ce6d-3c79-a7e4-7e7ab3054cfe::';

export class IbmCisStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    // Credentials come from the environment (IC_API_KEY), never from code.
    new IbmProvider(this, 'ibm', { region: 'us-south' });

    const bucket = new CosLogBucket(this, 'logs', {
      bucketName: 'acme-cis-logs',
      resourceInstanceId: COS_INSTANCE_CRN,
      region: 'us-south',
      retentionDays: 365,
    });

    for (const dataset of ['http_requests', 'range_events'] as const) {
      const token = new TerraformVariable(this, `${dataset}_ownership_token`, {
        type: 'string',
        sensitive: true,
        // Needed by the first apply only: later plans run without it ("" then).
        default: '',
        description: `Ownership token for the ${dataset} job (cdktf-logpush cis-ownership --path cis/${dataset}); first apply only`,
      });
      new CisLogpushPipeline(this, dataset, {
        cisId: CIS_CRN,
        domainId: DOMAIN_ID,
        dataset,
        fields: 'all',
        bucket,
        prefix: `cis/${dataset}`,
        timestampFormat: 'rfc3339',
        ownership: OwnershipVerification.fromToken(token.stringValue),
      });
    }
  }
}

if (require.main === module) {
  const app = new App();
  new IbmCisStack(app, 'cdktf-logpush-ibm-cis');
  app.synth();
}
