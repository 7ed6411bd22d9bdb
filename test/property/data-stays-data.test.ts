/**
 * Data stays data (issue 17, item 1): every string a user writes (props of every construct, every
 * string of a fleet file) reaches Terraform as the value the user wrote, or is refused with a code.
 *
 * Each property generates >= 2,000 strings rich in Terraform's template sequences (`${`, `%{`,
 * `$${`, `%%{`), quotes, backslashes, newlines and unicode, synthesizes them through the public
 * constructs (batched: many cases per stack), takes the synthesized attribute values as they are
 * in `cdk.tf.json`, and has the real Terraform evaluate them (test/support/terraform-eval.ts: one
 * throwaway configuration, one output holding the whole batch, one `terraform apply`). The value
 * Terraform sees must equal the input (in Unicode NFC: Terraform normalizes every string to NFC).
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CloudflareProvider } from '@cdktf/provider-cloudflare/lib/provider';
import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import fc from 'fast-check';
import {
  LogBucket,
  LogpushFleet,
  LogpushPipeline,
  LogpushValidationError,
  OwnershipTokenReader,
  OwnershipVerification,
  PantherLogSource,
  PantherProvider,
  parseFleet,
} from 'cdktf-logpush';
import { resourcesOf, type SynthJson } from '../support/synth';
import { TerraformEvaluator, terraformAvailable } from '../support/terraform-eval';
import { dataStringArb, FC_PARAMS, hexId } from './arbitraries';

const available = terraformAvailable();
if (!available) console.log('data-stays-data properties skipped: terraform is not on PATH');

const nfc = (s: string) => s.normalize('NFC');
/** A distinct Cloudflare-shaped id per case. */
const caseId = (n: number): string => n.toString(16).padStart(32, '0');
const sample = <T>(arb: fc.Arbitrary<T>, salt: number, extra = 0): T[] =>
  fc.sample(arb, { seed: FC_PARAMS.seed + salt, numRuns: Math.max(FC_PARAMS.numRuns, 2000) + extra });

function stack(): TerraformStack {
  const s = new TerraformStack(Testing.app(), 'data');
  new AwsProvider(s, 'aws', { region: 'us-west-2' });
  new CloudflareProvider(s, 'cloudflare', {});
  new PantherProvider(s, 'panther', {});
  return s;
}
const synthOf = (s: TerraformStack): SynthJson => JSON.parse(Testing.synth(s)) as SynthJson;

/** Runs `build` on one batch, then checks what Terraform reads against what was written. */
function checkTerraformReads(
  tf: TerraformEvaluator,
  pairs: ReadonlyArray<{ readonly synthesized: unknown; readonly expected: unknown }>,
  variables?: Record<string, string>,
): void {
  const seen = tf.evaluate(
    pairs.map((p) => p.synthesized),
    variables,
  );
  const mismatches: unknown[] = [];
  pairs.forEach((p, i) => {
    const [e, g] = [p.expected, seen[i]];
    if (e !== null && typeof e === 'object' && g !== null && typeof g === 'object') {
      // Maps: report the entries that differ, not the whole map.
      const em = e as Record<string, unknown>;
      const gm = g as Record<string, unknown>;
      for (const k of new Set([...Object.keys(em), ...Object.keys(gm)])) {
        if (JSON.stringify(em[k]) !== JSON.stringify(gm[k])) {
          mismatches.push({
            key: k,
            expected: em[k],
            seen: gm[k],
            synthesized: (p.synthesized as Record<string, unknown>)?.[k],
          });
        }
      }
    } else if (JSON.stringify(e) !== JSON.stringify(g)) {
      mismatches.push({ expected: e, seen: g, synthesized: p.synthesized });
    }
  });
  expect(mismatches.slice(0, 5)).toEqual([]);
}

/** Calls `fn`; returns the codes of a LogpushValidationError it throws, or undefined. */
function refusedCodes(fn: () => unknown): readonly string[] | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    if (LogpushValidationError.isLogpushValidationError(e)) return e.codes;
    throw e;
  }
}

const nfcMap = (m: Record<string, string>) =>
  Object.fromEntries(Object.entries(m).map(([k, v]) => [nfc(k), nfc(v)]));

(available ? describe : describe.skip)('data stays data: what Terraform reads is what the user wrote', () => {
  let tf: TerraformEvaluator;
  beforeAll(() => {
    tf = new TerraformEvaluator();
  });
  afterAll(() => tf?.dispose());

  test("the issue's examples: a filter and a tag reading /proc/self/environ come out literal", () => {
    const s = stack();
    const owner = '${file("/proc/self/environ")}';
    const filter =
      '{"where":{"key":"ClientRequestHost","operator":"eq","value":"${file(\\"/proc/self/environ\\")}"}}';
    const bucket = new LogBucket(s, 'logs', {
      bucketName: 'acme-logs',
      region: 'us-west-2',
      tags: { owner },
    });
    new LogpushPipeline(s, 'http', { zoneId: hexId(1), dataset: 'http_requests', bucket, filter });
    const json = synthOf(s);
    const tags = Object.values(resourcesOf(json, 'aws_s3_bucket'))[0]!.tags;
    const job = Object.values(resourcesOf(json, 'cloudflare_logpush_job'))[0]!;
    expect(tags).toEqual({ owner: '$${file("/proc/self/environ")}' });
    checkTerraformReads(tf, [
      { synthesized: tags, expected: { owner } },
      { synthesized: job.filter, expected: filter },
    ]);
  });

  test('the ownership token reaches the job as a sensitive value: Terraform refuses to show it in an output', () => {
    // The job's ownership_challenge as synthesized, with the SSM parameter's value given as a
    // literal (the data source's `value` is itself a sensitive attribute: the Terraform tier checks
    // the provider schema, test/terraform/apply.test.ts).
    const s = stack();
    const bucket = new LogBucket(s, 'logs', { bucketName: 'acme-logs', region: 'us-west-2' });
    new LogpushPipeline(s, 'http', { zoneId: caseId(1), dataset: 'http_requests', bucket });
    const job = Object.values(resourcesOf(synthOf(s), 'cloudflare_logpush_job'))[0]!;
    const expression = (job.ownership_challenge as string).replace(
      /data\.aws_ssm_parameter\.[A-Za-z0-9_]+\.value/,
      '"eyJhbGciOiJIUzI1NiJ9.e30.c2ln"',
    );
    expect(expression).toBe('${sensitive("eyJhbGciOiJIUzI1NiJ9.e30.c2ln")}');
    expect(() => tf.evaluate([expression])).toThrow(/Output refers to sensitive values/);
  });

  test('LogBucket.tags: every value and every key (2,000 each)', () => {
    const values = sample(dataStringArb, 1);
    const keys = [
      ...new Set(
        sample(
          dataStringArb.filter((k) => k !== ''),
          2,
          1000,
        ),
      ),
    ].slice(0, 2000);
    const s = stack();
    const byValue = new LogBucket(s, 'values', {
      bucketName: 'acme-values',
      tags: Object.fromEntries(values.map((v, i) => [`k${i}`, v])),
    });
    const byKey = new LogBucket(s, 'keys', {
      bucketName: 'acme-keys',
      tags: Object.fromEntries(keys.map((k, i) => [k, `v${i}`])),
    });
    const buckets = resourcesOf(synthOf(s), 'aws_s3_bucket');
    const id = (b: LogBucket) => s.getLogicalId(b.resource);
    checkTerraformReads(tf, [
      {
        synthesized: buckets[id(byValue)]!.tags,
        expected: nfcMap(Object.fromEntries(values.map((v, i) => [`k${i}`, v]))),
      },
      {
        synthesized: buckets[id(byKey)]!.tags,
        expected: nfcMap(Object.fromEntries(keys.map((k, i) => [k, `v${i}`]))),
      },
    ]);
    expect(values.length).toBeGreaterThanOrEqual(2000);
    expect(keys.length).toBeGreaterThanOrEqual(2000);
  });

  test('LogpushPipeline.filter and .name: as written, or refused with a code (2,000 each)', () => {
    // Filters are JSON with the generated string as a value; names are free strings (allow-listed).
    const cases = sample(
      fc.record({
        value: dataStringArb,
        name: fc.oneof(dataStringArb, fc.stringMatching(/^[a-zA-Z0-9.-]{1,20}$/)),
      }),
      3,
    );
    const BATCH = 500;
    let refusedNames = 0;
    for (let start = 0; start < cases.length; start += BATCH) {
      const s = stack();
      const bucket = new LogBucket(s, 'logs', { bucketName: 'acme-logs', region: 'us-west-2' });
      const token = new TerraformVariable(s, 'token', { type: 'string', sensitive: true });
      const ownership = OwnershipVerification.fromToken(token.stringValue);
      const pairs: Array<{ synthesized: unknown; expected: unknown }> = [];
      const defined: Array<{ pipeline: LogpushPipeline; filter: string; name?: string }> = [];
      cases.slice(start, start + BATCH).forEach((c, j) => {
        const n = start + j;
        const filter = JSON.stringify({
          where: { key: 'ClientRequestHost', operator: 'eq', value: c.value },
        });
        const props = {
          zoneId: hexId(n),
          dataset: 'http_requests',
          bucket,
          prefix: `c${n}`,
          ownership,
          filter,
        };
        const codes = refusedCodes(() => new LogpushPipeline(s, `p${n}`, { ...props, name: c.name }));
        if (codes === undefined) {
          defined.push({ pipeline: s.node.findChild(`p${n}`) as LogpushPipeline, filter, name: c.name });
          return;
        }
        // Refused: only for the name, which the allow-list decides.
        expect(codes).toEqual(['INVALID_FORMAT']);
        expect(/^[a-zA-Z0-9.-]{0,512}$/.test(c.name)).toBe(false);
        refusedNames++;
        defined.push({ pipeline: new LogpushPipeline(s, `p${n}`, props), filter });
      });
      const jobs = resourcesOf(synthOf(s), 'cloudflare_logpush_job');
      for (const d of defined) {
        const job = jobs[s.getLogicalId(d.pipeline.job)]!;
        pairs.push({ synthesized: job.filter, expected: nfc(d.filter) });
        if (d.name !== undefined) pairs.push({ synthesized: job.name, expected: d.name });
      }
      checkTerraformReads(tf, pairs);
    }
    expect(cases.length).toBeGreaterThanOrEqual(2000);
    expect(refusedNames).toBeGreaterThan(0);
    expect(refusedNames).toBeLessThan(cases.length);
  });

  test('a tag that mixes text with a Terraform reference: the text escaped, the reference kept', () => {
    // Text with "${" beside a reference is refused (cdktf would rewrite the reference): see below.
    const values = sample(dataStringArb, 4).filter((v) => !v.endsWith('$') && !v.includes('${'));
    const s = stack();
    const owner = new TerraformVariable(s, 'owner', { type: 'string' });
    const bucket = new LogBucket(s, 'logs', {
      bucketName: 'acme-logs',
      tags: Object.fromEntries(values.map((v, i) => [`k${i}`, `${v}${owner.stringValue}!`])),
    });
    const tags = resourcesOf(synthOf(s), 'aws_s3_bucket')[s.getLogicalId(bucket.resource)]!.tags;
    checkTerraformReads(
      tf,
      [
        {
          synthesized: tags,
          expected: nfcMap(Object.fromEntries(values.map((v, i) => [`k${i}`, `${v}<o>!`]))),
        },
      ],
      { owner: '<o>' },
    );
    // A "$" right before the reference would make Terraform read "$${": refused.
    expect(refusedCodes(() => new LogBucket(s, 'dollar', { tags: { k: `a$${owner.stringValue}` } }))).toEqual(
      ['TERRAFORM_TEMPLATE_IN_DATA'],
    );
    // A literal "${" beside a reference: cdktf would rewrite the reference (a$${ + var -> a$$${var.owner).
    expect(
      refusedCodes(() => new LogBucket(s, 'open', { tags: { k: `a$\${${owner.stringValue}` } })),
    ).toEqual(['TERRAFORM_TEMPLATE_IN_DATA']);
  });

  test('PantherLogSource.name (a hand-written binding): as written, or refused with a code (2,000)', () => {
    const names = sample(
      fc.oneof(dataStringArb, fc.stringMatching(/^[0-9a-zA-Z-][0-9a-zA-Z- ]{0,10}[0-9a-zA-Z-]$/)),
      5,
    );
    const s = stack();
    const pairs: Array<{ synthesized: unknown; expected: unknown }> = [];
    const sources: Array<{ source: PantherLogSource; name: string }> = [];
    let refused = 0;
    names.forEach((name, n) => {
      const bucket = new LogBucket(s, `b${n}`, { bucketName: `acme-panther-${n}` });
      const codes = refusedCodes(
        () => new PantherLogSource(s, `s${n}`, { bucket, name, pantherAwsAccountId: '123456789012' }),
      );
      if (codes === undefined) sources.push({ source: s.node.findChild(`s${n}`) as PantherLogSource, name });
      else {
        expect(codes).toEqual(['INVALID_FORMAT']);
        refused++;
      }
    });
    const json = synthOf(s);
    const registered = Object.values(resourcesOf(json, 'panther_s3_source'));
    for (const { name } of sources) {
      const r = registered.find((x) => x.bucket_name === (x.bucket_name as string) && x.name === name);
      pairs.push({ synthesized: r?.name, expected: name });
    }
    checkTerraformReads(tf, pairs);
    expect(names.length).toBeGreaterThanOrEqual(2000);
    expect(refused).toBeGreaterThan(0);
    expect(sources.length).toBeGreaterThan(0);
  });

  test('values that reach a grant (bucket name, prefixes): as written, or refused (2,000 each)', () => {
    const s = stack();

    let n = 0;
    const accepted: Array<{ synthesized: () => unknown; expected: string }> = [];
    const bucketNames = sample(
      fc.oneof(dataStringArb, fc.stringMatching(/^[a-z0-9][a-z0-9.-]{1,20}[a-z0-9]$/)),
      6,
    );
    const prefixes = sample(
      fc.oneof(
        { weight: 9, arbitrary: dataStringArb },
        { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9!_.'()=-]{1,8}(\/[A-Za-z0-9_-]{1,8}){0,2}$/) },
      ),
      7,
    );
    const uniq = new Set<string>();
    for (const name of bucketNames) {
      const id = `n${n++}`;
      if (uniq.has(name)) continue;
      uniq.add(name);
      const codes = refusedCodes(() => new LogBucket(s, id, { bucketName: name }));
      if (codes) expect(codes).toEqual(['INVALID_FORMAT']);
      else {
        const b = s.node.findChild(id) as LogBucket;
        accepted.push({
          synthesized: () => resourcesOf(json!, 'aws_s3_bucket')[s.getLogicalId(b.resource)]!.bucket,
          expected: name,
        });
      }
    }
    const bucket = new LogBucket(s, 'logs', { bucketName: 'acme-prefixes', region: 'us-west-2' });
    const token = new TerraformVariable(s, 'token', { type: 'string', sensitive: true });
    const ownership = OwnershipVerification.fromToken(token.stringValue);
    for (const prefix of prefixes) {
      const id = `q${n++}`;
      const codes = refusedCodes(
        () =>
          new LogpushPipeline(s, id, {
            zoneId: caseId(n),
            dataset: 'http_requests',
            bucket,
            prefix: `x${n}/${prefix}`,
            ownership,
          }),
      );
      if (codes) expect(['INVALID_PREFIX', 'PREFIX_OVERLAP']).toEqual(expect.arrayContaining([...codes]));
      else {
        const p = s.node.findChild(id) as LogpushPipeline;
        accepted.push({
          synthesized: () =>
            resourcesOf(json!, 'cloudflare_logpush_job')[s.getLogicalId(p.job)]!.destination_conf,
          expected: `s3://acme-prefixes/x${n}/${prefix}/{DATE}`,
        });
      }
    }
    const json: SynthJson | undefined = synthOf(s);
    const seen = tf.evaluate(accepted.map((a) => a.synthesized()));
    accepted.forEach((a, i) => expect(String(seen[i]).startsWith(a.expected)).toBe(true));
    expect(accepted.length).toBeGreaterThan(100);
  });

  test('OwnershipTokenReader: a destination or filename that cdktf would write into an expression unsafely is refused', () => {
    const values = sample(dataStringArb, 8);
    const s = stack();
    const bucket = new LogBucket(s, 'logs', { bucketName: 'acme-logs', region: 'us-west-2' });
    const pairs: Array<{ synthesized: unknown; expected: unknown }> = [];
    const readers: Array<{ reader: OwnershipTokenReader; filename: string }> = [];
    values.forEach((v, n) => {
      const filename = `p${n}/ownership-challenge-${v}.txt`;
      const codes = refusedCodes(
        () =>
          new OwnershipTokenReader(s, `r${n}`, {
            bucket,
            prefix: `p${n}`,
            destinationConf: `s3://acme-logs/p${n}/{DATE}?region=us-west-2`,
            filename,
          }),
      );
      if (codes) expect(codes).toEqual(['UNSAFE_IN_EXPRESSION']);
      else readers.push({ reader: s.node.findChild(`r${n}`) as OwnershipTokenReader, filename });
    });
    const invocations = resourcesOf(synthOf(s), 'aws_lambda_invocation');
    for (const { reader, filename } of readers) {
      pairs.push({
        synthesized: invocations[s.getLogicalId(reader.invocation)]!.input,
        expected: filename,
      });
    }
    const seen = tf.evaluate(pairs.map((p) => p.synthesized));
    pairs.forEach((p, i) =>
      expect((JSON.parse(seen[i] as string) as { filename: string }).filename).toBe(p.expected),
    );
    expect(readers.length).toBeGreaterThan(100);
    expect(readers.length).toBeLessThan(values.length);
  });
});

(available ? describe : describe.skip)('data stays data: fleet files', () => {
  let tf: TerraformEvaluator;
  beforeAll(() => {
    tf = new TerraformEvaluator();
  });
  afterAll(() => tf?.dispose());

  const configureStack = (s: TerraformStack, context: { kind: string }) => {
    new AwsProvider(s, 'aws', { region: 'us-west-2' });
    if (context.kind === 'foundation') new PantherProvider(s, 'panther', {});
    else new CloudflareProvider(s, 'cloudflare', {});
  };

  test('every tag (key and value) and every filter of a fleet file reaches Terraform as written (2,000 each)', () => {
    const cases = sample(
      fc.record({ key: dataStringArb.filter((k) => k !== ''), value: dataStringArb, filter: dataStringArb }),
      9,
    );
    const BATCH = 250;
    for (let start = 0; start < cases.length; start += BATCH) {
      const batch = cases.slice(start, start + BATCH);
      const tags: Record<string, string> = {};
      batch.forEach((c, j) => {
        tags[`${c.key}`] = c.value;
        tags[`v${j}`] = c.value;
      });
      const file = {
        version: 1,
        buckets: { main: { name: `acme-fleet-${start}`, region: 'us-west-2', tags } },
        defaults: { bucket: 'main' },
        zones: batch.map((c, j) => ({
          id: caseId(start + j + 1),
          datasets: [
            {
              dataset: 'http_requests',
              filter: JSON.stringify({
                where: { key: 'ClientRequestHost', operator: 'eq', value: c.filter },
              }),
            },
          ],
        })),
      };
      // JSON is YAML: the file as a reviewer would see it, parsed by the fleet's own reader.
      const spec = parseFleet(JSON.stringify(file), 'data.json');
      const app = Testing.app();
      const fleet = new LogpushFleet(app, 'f', { spec, configureStack });
      const texts = [fleet.foundation, ...Object.values(fleet.shardStacks)].map(
        (st) => JSON.parse(Testing.synth(st)) as SynthJson,
      );
      const bucketTags = Object.values(resourcesOf(texts[0]!, 'aws_s3_bucket'))[0]!.tags;
      const jobs = texts.flatMap((j) => Object.values(resourcesOf(j, 'cloudflare_logpush_job')));
      const byZone = new Map(jobs.map((j) => [j.zone_id as string, j.filter]));
      checkTerraformReads(tf, [
        { synthesized: bucketTags, expected: nfcMap(tags) },
        ...file.zones.map((z) => ({ synthesized: byZone.get(z.id), expected: nfc(z.datasets[0]!.filter) })),
      ]);
    }
  });

  test('fails: a cdktf token marker anywhere in a fleet file is refused (TOKEN_MARKER_IN_DATA), 2,000 cases', () => {
    const marker = fc.constantFrom(
      '${TfToken[TOKEN.12]}',
      '#{TfToken[TOKEN.3]}',
      '&{TfToken[TOKEN.1]}',
      'TfToken[TOKEN.7]',
    );
    const cases = sample(
      fc.record({
        before: dataStringArb,
        marker,
        after: dataStringArb,
        where: fc.constantFrom('tag', 'key', 'filter'),
      }),
      10,
    );
    for (const c of cases) {
      const text = `${c.before}${c.marker}${c.after}`;
      const file = {
        version: 1,
        buckets: {
          main: {
            name: 'acme-fleet',
            region: 'us-west-2',
            tags: c.where === 'tag' ? { owner: text } : c.where === 'key' ? { [text]: 'x' } : { owner: 'x' },
          },
        },
        defaults: { bucket: 'main' },
        zones: [
          {
            id: hexId(1),
            datasets: [
              c.where === 'filter'
                ? {
                    dataset: 'http_requests',
                    filter: JSON.stringify({ where: { key: 'k', operator: 'eq', value: text } }),
                  }
                : 'http_requests',
            ],
          },
        ],
      };
      let error: unknown;
      try {
        parseFleet(JSON.stringify(file), 'marker.json');
      } catch (e) {
        error = e;
      }
      expect((error as { issues?: Array<{ code?: string }> }).issues?.map((i) => i.code)).toContain(
        'TOKEN_MARKER_IN_DATA',
      );
    }
  });
});
