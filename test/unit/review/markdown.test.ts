/**
 * src/review/markdown.ts (with SECRET_ATTRIBUTES of src/review/types.ts): the diff as a pull-request
 * comment. Built from hand-made diffs here; test/unit/review/grants.test.ts renders real ones.
 */
import { diffMarkdown } from '../../../src/review/markdown';
import { SECRET_ATTRIBUTES, type SynthDiff } from '../../../src/review/types';

const ZONE = '023e105f4ecef8ad9ca31a8372d0c353';
const EMPTY: SynthDiff = {
  touchedStacks: [],
  stacks: { added: [], removed: [], changed: [] },
  pipelines: { added: [], removed: [], changed: [], moved: [] },
  destinationChanges: [],
  grants: [],
  recreations: [],
};
const job = {
  stack: 'shard-0',
  address: 'cloudflare_logpush_job.http',
  dataset: 'http_requests',
  zoneId: ZONE,
};

describe('diffMarkdown', () => {
  test('an empty diff says so, and nothing alarming', () => {
    expect(diffMarkdown(EMPTY)).toBe(
      [
        '## cdktf-logpush diff',
        '',
        '**Stacks touched:** none',
        '',
        '### Pipelines: 0 added, 0 removed, 0 changed, 0 moved',
        '',
        'No pipeline changes.',
        '',
        '### Grants: 0 widened, 0 narrowed',
        '',
        'No grant changes.',
        '',
      ].join('\n'),
    );
  });

  test('a re-created job is a CAUTION that says logs are lost; a destination change a WARNING', () => {
    const md = diffMarkdown({
      ...EMPTY,
      touchedStacks: ['shard-0'],
      stacks: { added: [], removed: [], changed: ['shard-0'] },
      recreations: [{ stack: 'shard-0', address: job.address, job: true, reason: 'zone_id changes' }],
      destinationChanges: [
        {
          ...job,
          oldDestination: 's3://a/x',
          newDestination: 's3://a/y',
          note: 'a new ownership challenge runs.',
        },
      ],
    });
    expect(md).toContain('> [!CAUTION]');
    expect(md).toContain(
      '1 of them Logpush job(s): Cloudflare never backfills, the logs in between are lost',
    );
    expect(md).toContain('> - **job** `shard-0` `cloudflare_logpush_job.http`: zone_id changes');
    expect(md).toContain('> [!WARNING]');
    expect(md).toContain(`(http_requests, zone ${ZONE}): \`s3://a/x\` -> \`s3://a/y\``);
    expect(md).toContain('- changed: `shard-0`');
  });

  test('changed fields are listed as added and removed; a secret attribute never shows its value', () => {
    expect(SECRET_ATTRIBUTES.has('ownership_challenge')).toBe(true);
    const md = diffMarkdown({
      ...EMPTY,
      pipelines: {
        ...EMPTY.pipelines,
        changed: [
          {
            ...job,
            changes: [
              {
                attribute: 'output_options.field_names',
                fieldsAdded: ['RayID'],
                fieldsRemoved: ['ClientIP'],
              },
              { attribute: 'ownership_challenge', old: 'eyJold.token.sig', new: 'eyJnew.token.sig' },
              { attribute: 'filter', old: 'x'.repeat(200), new: null },
            ],
          },
        ],
      },
    });
    expect(md).toContain('  - fields: + RayID; - ClientIP');
    expect(md).toContain('  - ownership_challenge: changed (value not shown)');
    expect(md).not.toContain('eyJ');
    expect(md).toContain(`  - filter: \`${'x'.repeat(117)}...\` -> \`null\``);
  });

  test('fails to let a value end its code span or its line: backticks and line breaks are neutralised', () => {
    const md = diffMarkdown({
      ...EMPTY,
      pipelines: { ...EMPTY.pipelines, added: [{ ...job, destination: 's3://a/`x`\n## injected' }] },
    });
    expect(md).not.toContain('\n## injected');
    expect(md).toContain("s3://a/'x'");
  });

  test('grants: unreviewed counted in the heading; a removed Deny is a widening', () => {
    const grant = {
      stack: 's',
      address: 'aws_s3_bucket_policy.p',
      attribute: 'policy',
      effect: 'Deny',
      principal: '*',
      action: 's3:*',
      resource: 'arn:aws:s3:::b/*',
    };
    const md = diffMarkdown({
      ...EMPTY,
      grants: [
        { ...grant, change: 'widened' },
        { ...grant, change: 'unreviewed', resource: 'an inline policy' },
      ],
    });
    expect(md).toContain('### Grants: 1 widened, 0 narrowed, 1 unreviewed (review by hand)');
    expect(md).toContain(
      '- **widened** `s` `aws_s3_bucket_policy.p`: Deny removed: `*` `s3:*` on `arn:aws:s3:::b/*`',
    );
    expect(md).toContain('- **unreviewed** `s` `aws_s3_bucket_policy.p` `policy`: an inline policy');
  });
});
