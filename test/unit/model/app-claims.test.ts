import { AppClaims } from '../../../src/model/app-claims';

describe('model/app-claims', () => {
  test('one book for Cloudflare zones, S3 bucket names, CIS jobs and COS paths', () => {
    const app = new AppClaims();
    app.zoneJobs.claim('z', 'a/job');
    expect(app.zoneJobs.of('z')).toEqual(['a/job']);
    expect(app.bucketNameProblem('logs')).toBeUndefined();
    app.claimBucketName('logs', 'a/logs');
    expect(app.cisJobProblem('d', 'http_requests')).toBeUndefined();
    app.claimCisJob('d', 'http_requests', 'one/http');
    expect(app.referencedCosPathConflict('cos', 'cis/http')).toBeUndefined();
    app.claimReferencedCosPath('cos', 'cis/http', 'one/http');
    expect(app.referencedCosPathConflict('other', 'cis/http')).toBeUndefined();
    expect(app.referencedCosPathConflict('cos', 'cis/dns')).toBeUndefined();
  });

  test('fails a second LogBucket of one name', () => {
    const app = new AppClaims();
    app.claimBucketName('logs', 'a/logs');
    expect(app.bucketNameProblem('logs')).toEqual({
      message: expect.stringMatching(/^is already the bucket of a\/logs in this app: AWS keeps one policy/),
      code: 'DUPLICATE_BUCKET_NAME',
    });
  });

  test('fails a second CIS job of one domain and dataset', () => {
    const app = new AppClaims();
    app.claimCisJob('d', 'http_requests', 'one/http');
    expect(app.cisJobProblem('d', 'range_events')).toBeUndefined();
    expect(app.cisJobProblem('d', 'http_requests', '(token)')).toEqual({
      message: expect.stringMatching(
        /^domain \(token\) already has a http_requests job in this app \(one\/http\)/,
      ),
      code: 'CIS_JOB_PER_DOMAIN_DATASET',
    });
  });

  test('fails a nested path in a COS bucket given by reference', () => {
    const app = new AppClaims();
    app.claimReferencedCosPath('cos', 'cis', 'one/http');
    expect(app.referencedCosPathConflict('cos', 'cis/range')).toEqual({
      kind: 'inside',
      other: 'cis',
      owner: 'one/http',
      code: 'PREFIX_OVERLAP',
    });
  });

  test('two apps never share a book', () => {
    const a = new AppClaims();
    const b = new AppClaims();
    a.claimBucketName('logs', 'a/logs');
    expect(b.bucketNameProblem('logs')).toBeUndefined();
  });
});
