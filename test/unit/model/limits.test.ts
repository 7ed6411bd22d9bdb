import {
  DEFAULT_PIPELINES_PER_SHARD,
  MAX_BUCKET_NOTIFICATION_CONFIGURATIONS,
  MAX_JOBS_PER_ZONE,
  notificationCountProblem,
  shardCapacityProblem,
  zoneJobCountProblem,
  ZoneJobs,
} from '../../../src/model/limits';

describe('model/limits', () => {
  test('the limits and their sources: 4 jobs per zone, 100 notifications per bucket, 300 pipelines per shard', () => {
    expect(MAX_JOBS_PER_ZONE).toBe(4);
    expect(MAX_BUCKET_NOTIFICATION_CONFIGURATIONS).toBe(100);
    // 2 shards x 2 Cloudflare requests per pipeline x S <= 1,200 requests per 5 minutes.
    expect(2 * 2 * DEFAULT_PIPELINES_PER_SHARD).toBeLessThanOrEqual(1200);
  });

  test('a zone takes four jobs; fails the fifth, naming the four', () => {
    const zones = new ZoneJobs();
    for (let i = 0; i < MAX_JOBS_PER_ZONE; i++) {
      expect(zones.problem('z')).toBeUndefined();
      zones.claim('z', `app/job${i}`);
    }
    expect(zones.problem('other')).toBeUndefined();
    expect(zones.problem('z')).toEqual({
      message:
        'Cloudflare allows at most 4 Logpush jobs per zone; this app already defines app/job0, app/job1, app/job2, app/job3',
      code: 'ZONE_JOB_LIMIT',
    });
  });

  test('a released job frees its slot', () => {
    const zones = new ZoneJobs();
    const releases = [0, 1, 2, 3].map((i) => zones.claim('z', `j${i}`));
    releases[1]!();
    expect(zones.of('z')).toEqual(['j0', 'j2', 'j3']);
    expect(zones.problem('z')).toBeUndefined();
  });

  test('fails a fleet zone with five datasets', () => {
    expect(zoneJobCountProblem(4)).toBeUndefined();
    expect(zoneJobCountProblem(5)).toEqual({
      message: 'lists 5 datasets: Cloudflare allows at most 4 Logpush jobs per zone',
      code: 'ZONE_JOB_LIMIT',
    });
  });

  test('fails a bucket with 101 notification configurations', () => {
    expect(notificationCountProblem('bucket b', 100)).toBeUndefined();
    expect(notificationCountProblem('bucket b', 101)).toMatch(
      /^bucket b has 101 event notification configurations, over S3's limit of 100/,
    );
  });

  test('fails a shard over its capacity, saying how many shards fit', () => {
    expect(shardCapacityProblem('shard-0', 300, 300, () => 1)).toBeUndefined();
    const problem = shardCapacityProblem('shard-1', 301, 300, () => 3);
    expect(problem?.code).toBe('SHARD_TOO_FULL');
    expect(problem?.message).toMatch(
      /^shard-1 would hold 301 pipelines, more than sharding.pipelinesPerShard \(300\): set sharding.shards to 3 /,
    );
  });
});
