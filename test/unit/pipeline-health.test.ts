/** The state rule of a running pipeline (src/pipeline-health.ts), at its boundaries. */
import {
  classifyJob,
  destinationKey,
  matchJob,
  okFromHealthRows,
  type JobHealthFields,
} from '../../src/pipeline-health';

const NOW = new Date('2026-11-29T09:00:00Z');
const at = (minutesBefore: number) => new Date(NOW.getTime() - minutesBefore * 60_000).toISOString();
const job = (f: Partial<JobHealthFields>): JobHealthFields => ({ id: 1, enabled: true, ...f });

describe('classifyJob', () => {
  test.each([
    ['no job', 'missing', undefined],
    ['disabled wins over failing', 'disabled', job({ enabled: false, last_error: at(0) })],
    ['an error after the last push', 'failing', job({ last_complete: at(5), last_error: at(1) })],
    [
      'an error at the same instant as the last push',
      'failing',
      job({ last_complete: at(5), last_error: at(5) }),
    ],
    ['an error and never a push', 'failing', job({ last_error: at(1) })],
    ['an error before the last push: recovered', 'ok', job({ last_complete: at(1), last_error: at(5) })],
    ['never pushed', 'stale', job({})],
    ['pushed exactly at the window', 'ok', job({ last_complete: at(60) })],
    [
      'pushed just outside the window',
      'stale',
      job({ last_complete: new Date(NOW.getTime() - 60 * 60_000 - 1).toISOString() }),
    ],
  ] as const)('%s: %s', (_name, state, j) => {
    expect(classifyJob(j, NOW, 60)).toBe(state);
  });
});

test('matchJob: dataset and destination before "?"; an unresolved destination matches the only job of its dataset', () => {
  const jobs = [
    job({ id: 1, dataset: 'http_requests', destination_conf: 's3://a/x/{DATE}?region=us-west-2' }),
    job({ id: 2, dataset: 'http_requests', destination_conf: 's3://a/y/{DATE}?region=us-west-2&sse=AES256' }),
    job({ id: 3, dataset: 'dns_logs', destination_conf: 's3://a/y/{DATE}?region=us-west-2' }),
  ];
  expect(
    matchJob({ dataset: 'http_requests', destination: 's3://a/y/{DATE}?region=us-west-2' }, jobs)?.id,
  ).toBe(2);
  expect(
    matchJob({ dataset: 'firewall_events', destination: 's3://a/y/{DATE}?region=us-west-2' }, jobs),
  ).toBeUndefined();
  expect(
    matchJob({ dataset: 'dns_logs', destination: 's3://${aws_s3_bucket.b.bucket}/y?region=us-west-2' }, jobs)
      ?.id,
  ).toBe(3);
  expect(matchJob({ dataset: 'http_requests' }, jobs)).toBeUndefined();
  expect(destinationKey('cos://b/p?region=us-south&instance-id=x')).toBe('cos://b/p');
});

test('okFromHealthRows: ok only with a success in the window and no failure at or after it', () => {
  const row = (status: number, minutesBefore: number, jobId = 7) => ({
    jobId,
    status,
    datetimeMinute: at(minutesBefore),
  });
  expect(okFromHealthRows(7, [row(200, 3), row(403, 5)], NOW, 60)).toEqual({ lastSuccess: at(3) });
  expect(okFromHealthRows(7, [row(200, 3), row(403, 3)], NOW, 60)).toBeUndefined();
  expect(okFromHealthRows(7, [row(200, 3), row(500, 1)], NOW, 60)).toBeUndefined();
  expect(okFromHealthRows(7, [row(200, 61)], NOW, 60)).toBeUndefined();
  expect(okFromHealthRows(7, [row(200, 1, 8)], NOW, 60)).toBeUndefined();
});
