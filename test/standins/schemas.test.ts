/**
 * The stand-in providers serve the schemas in test/fixtures/standin-schemas/<provider>.json, derived
 * from the providers' own Go source by scripts/gen-standin-schemas.ts (../support/tfplugin/catalogue.ts).
 * These tests keep that data honest against sources that were produced independently of it:
 * - cloudflare: the generated bindings of @cdktf/provider-cloudflare 13.9.1, which `cdktf get`
 *   generated from the real cloudflare/cloudflare 5.14.0 provider schema (names, settable vs
 *   computed-only, required, types), down to nested attributes;
 * - IBM: test/fixtures/ibm-provider-schema.json, extracted by hand from the same commit;
 * - all three: the facts DOMAIN.md §2, §6, §7 and §11 record (defaults, RequiresReplace, sensitive,
 *   validators), and an explicit list of the validators the stand-ins do not evaluate;
 * - the Go source itself, only when STANDIN_PROVIDER_SOURCES names a folder of fetched checkouts
 *   (the source is not in this repository): the JSON must be exactly what the extractor reads now.
 */
import * as fs from 'fs';
import * as path from 'path';
import ibmFixture from '../fixtures/ibm-provider-schema.json';
import { fixtureText } from '../../scripts/gen-standin-schemas';
import { SOURCES_ENV, schemasFromSources } from '../support/tfplugin/catalogue';
import { fixturePath, standinSchemas, type StandinProvider } from '../support/tfplugin/fixtures';
import type { Attribute, Block, ProviderSchemas, TfType, Validator } from '../support/tfplugin/schema';

const cloudflare = standinSchemas('cloudflare');
const panther = standinSchemas('panther');
const ibm = standinSchemas('ibm');

interface Flat {
  readonly flags: string[];
  readonly type?: TfType;
}

/** Every attribute and block of a schema as dotted paths with their flags. */
function flatten(block: Block, prefix = ''): Map<string, Flat> {
  const out = new Map<string, Flat>();
  const flagsOf = (a: Attribute) =>
    (['required', 'optional', 'computed'] as const).filter((f) => a[f]).sort();
  const visit = (attrs: readonly Attribute[], p: string) => {
    for (const a of attrs) {
      out.set(`${p}${a.name}`, { flags: flagsOf(a), ...(a.type ? { type: a.type } : {}) });
      if (a.nested) visit(a.nested.attributes, `${p}${a.name}.`);
      // A computed-only SDK list of resources is an attribute of object type: its fields share its flags.
      const objectFields = (t: TfType | undefined, q: string) => {
        const o = Array.isArray(t) && t[0] !== 'object' ? t[1] : t;
        if (!Array.isArray(o) || o[0] !== 'object') return;
        for (const [k, v] of Object.entries(o[1] as Record<string, TfType>)) {
          out.set(`${q}${k}`, { flags: flagsOf(a) });
          objectFields(v, `${q}${k}.`);
        }
      };
      objectFields(a.type, `${p}${a.name}.`);
    }
  };
  visit(block.attributes, prefix);
  for (const b of block.blocks) {
    out.set(`${prefix}${b.name}`, { flags: ['block'] });
    for (const [k, v] of flatten(b.block, `${prefix}${b.name}.`)) out.set(k, v);
  }
  return out;
}

const attr = (p: ProviderSchemas, type: string, name: string): Attribute => {
  const block = type === 'provider' ? p.provider.block : p.resources[type]!.block;
  const [head, ...rest] = name.split('.');
  let a = block.attributes.find((x) => x.name === head);
  for (const r of rest) a = a?.nested?.attributes.find((x) => x.name === r);
  if (!a) throw new Error(`${type}.${name} not in the stand-in schema`);
  return a;
};

// ---------------------------------------------------------------------------------------------
// cloudflare against the generated bindings

const BINDINGS = path.dirname(require.resolve('@cdktf/provider-cloudflare/lib/logpush-job/index.js'));
const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

interface BindingAttr {
  readonly storage: string;
  readonly required: boolean;
}

/** Settable attributes (dotted) of one resource's generated binding, with storage class and requiredness. */
function bindingAttributes(dir: string, configInterface: string): Map<string, BindingAttr> {
  const js = fs.readFileSync(path.join(BINDINGS, '..', dir, 'index.js'), 'utf8');
  const dts = fs.readFileSync(path.join(BINDINGS, '..', dir, 'index.d.ts'), 'utf8');
  const bodies = new Map<string, string>();
  for (const m of js.matchAll(/function (\w+)ToHclTerraform\(struct\) \{([\s\S]*?)\n\}/g)) {
    bodies.set(m[1]!, m[2]!);
  }
  const top = /synthesizeHclAttributes\(\) \{([\s\S]*?)\n {4}\}/.exec(js)![1]!;
  const required = new Map<string, Set<string>>();
  for (const m of dts.matchAll(/export interface (\w+) (?:extends [\w.]+ )?\{([\s\S]*?)\n\}/g)) {
    const req = new Set<string>();
    for (const p of m[2]!.matchAll(/#(\w+) \w+#\w+\}\s*\*\/\s*readonly (\w+)(\??):/g)) {
      if (!p[3]) req.add(p[1]!);
    }
    required.set(m[1]!, req);
  }
  const out = new Map<string, BindingAttr>();
  const visit = (body: string, iface: string, prefix: string) => {
    for (const m of body.matchAll(
      /(\w+): \{\s*value: ([^\n]+),\s*isBlock: \w+,\s*type: "\w+",\s*storageClassType: "(\w+)",/g,
    )) {
      const name = m[1]!;
      out.set(`${prefix}${name}`, { storage: m[3]!, required: required.get(iface)?.has(name) ?? false });
      const nested = /(\w+)ToHclTerraform\b/.exec(m[2]!);
      if (nested && bodies.has(nested[1]!)) {
        const fn = nested[1]!;
        visit(bodies.get(fn)!, fn[0]!.toUpperCase() + fn.slice(1), `${prefix}${name}.`);
      }
    }
  };
  visit(top, configInterface, '');
  return out;
}

/** The computed-only (getter without an input) top-level attributes of a binding class. */
function bindingComputedOnly(dir: string, className: string): Set<string> {
  const dts = fs.readFileSync(path.join(BINDINGS, '..', dir, 'index.d.ts'), 'utf8');
  const body = new RegExp(
    `export declare class ${className} extends cdktf\\.TerraformResource \\{([\\s\\S]*?)\\n\\}`,
  ).exec(dts)![1]!;
  const getters = new Set([...body.matchAll(/get (\w+)\(\)/g)].map((m) => m[1]!));
  return new Set([...getters].filter((g) => !g.endsWith('Input') && !getters.has(`${g}Input`)));
}

function storageOf(t: TfType | undefined, nested: boolean): string {
  if (nested) return 'nested';
  if (t === 'string') return 'string';
  if (t === 'number') return 'number';
  if (t === 'bool') return 'boolean';
  if (Array.isArray(t) && (t[0] === 'list' || t[0] === 'set') && typeof t[1] === 'string') {
    return `${t[1] === 'bool' ? 'boolean' : t[1]}List`;
  }
  if (Array.isArray(t) && t[0] === 'map' && typeof t[1] === 'string') {
    return `${t[1] === 'bool' ? 'boolean' : t[1]}Map`;
  }
  return JSON.stringify(t);
}

/** The stand-in's settable attributes (dotted), with storage class and requiredness. */
function standInSettable(block: Block): Map<string, BindingAttr> {
  const out = new Map<string, BindingAttr>();
  const visit = (attrs: readonly Attribute[], prefix: string) => {
    for (const a of attrs) {
      if (!a.required && !a.optional) continue;
      out.set(`${prefix}${a.name}`, { storage: storageOf(a.type, !!a.nested), required: !!a.required });
      if (a.nested) visit(a.nested.attributes, `${prefix}${a.name}.`);
    }
  };
  visit(block.attributes, '');
  return out;
}

const normalizeBinding = (m: Map<string, BindingAttr>) =>
  new Map(
    [...m].map(([k, v]) => [
      k,
      {
        storage: /^(string|number|boolean)(List|Map)?$/.test(v.storage) ? v.storage : 'nested',
        required: v.required,
      },
    ]),
  );

describe('cloudflare/cloudflare 5.14.0 stand-in schema', () => {
  const cases = [
    ['cloudflare_logpush_job', 'logpush-job', 'LogpushJobConfig', 'LogpushJob'],
    [
      'cloudflare_logpush_ownership_challenge',
      'logpush-ownership-challenge',
      'LogpushOwnershipChallengeConfig',
      'LogpushOwnershipChallenge',
    ],
    [
      'cloudflare_notification_policy',
      'notification-policy',
      'NotificationPolicyConfig',
      'NotificationPolicy',
    ],
  ] as const;

  test.each(cases)(
    '%s: the settable attributes, their types and requiredness are those of the generated binding',
    (type, dir, config) => {
      const fromSource = Object.fromEntries(standInSettable(cloudflare.resources[type]!.block));
      const fromBinding = Object.fromEntries(normalizeBinding(bindingAttributes(dir, config)));
      expect(Object.keys(fromSource).length).toBeGreaterThan(2);
      expect(fromSource).toEqual(fromBinding);
    },
  );

  test.each(cases)(
    '%s: the computed-only attributes are the binding getters without an input',
    (type, dir, _config, cls) => {
      const computedOnly = cloudflare.resources[type]!.block.attributes.filter(
        (a) => a.computed && !a.optional && !a.required,
      )
        .map((a) => camel(a.name))
        .sort();
      expect(computedOnly).toEqual([...bindingComputedOnly(dir, cls)].sort());
    },
  );

  test('the provider configuration is the generated provider binding', () => {
    const fromSource = Object.fromEntries(standInSettable(cloudflare.provider.block));
    const fromBinding = Object.fromEntries(
      normalizeBinding(bindingAttributes('provider', 'CloudflareProviderConfig')),
    );
    delete fromBinding.alias; // cdktf's meta-argument, not the provider's
    expect(fromSource).toEqual(fromBinding);
    // Not Sensitive in 5.14's source; a format check instead.
    expect(attr(cloudflare, 'provider', 'api_token').sensitive).toBeUndefined();
    expect(attr(cloudflare, 'provider', 'api_token').validators).toEqual([
      expect.objectContaining({ kind: 'regex', pattern: '[A-Za-z0-9-_]{40}' }),
    ]);
  });

  test('the behaviour DOMAIN.md §2 records (defaults, RequiresReplace, sensitive, validators)', () => {
    const job = (n: string) => attr(cloudflare, 'cloudflare_logpush_job', n);
    expect(job('dataset')).toMatchObject({
      default: 'http_requests',
      replace: 'ifConfigured',
      optional: true,
      computed: true,
    });
    expect(job('dataset').validators).toEqual([
      expect.objectContaining({ kind: 'oneOf', caseInsensitive: true }),
    ]);
    expect((job('dataset').validators![0] as unknown as { values: string[] }).values).toHaveLength(30);
    expect(job('destination_conf')).toMatchObject({ required: true });
    expect(job('destination_conf').sensitive).toBeUndefined(); // sensitive only from 5.22
    expect(job('destination_conf').replace).toBeUndefined(); // updated in place
    expect(job('ownership_challenge')).toMatchObject({ sensitive: true, optional: true });
    expect(job('account_id').replace).toBe('always');
    expect(job('zone_id').replace).toBe('always');
    expect(job('frequency')).toMatchObject({ default: 'high', deprecated: true });
    expect(job('kind').default).toBe('');
    expect(job('enabled').default).toBe(false);
    expect(job('max_upload_bytes').validators).toEqual([
      {
        kind: 'any',
        of: [
          { kind: 'oneOf', values: [0] },
          { kind: 'between', min: 5_000_000, max: 1_000_000_000 },
        ],
      },
    ]);
    expect(job('max_upload_interval_seconds').validators![0]).toMatchObject({
      of: [{}, { min: 30, max: 300 }],
    });
    expect(job('max_upload_records').validators![0]).toMatchObject({
      of: [{}, { min: 1000, max: 1_000_000 }],
    });
    expect(job('output_options.timestamp_format').validators).toEqual([
      { kind: 'oneOf', values: ['unixnano', 'unix', 'rfc3339'], caseInsensitive: true },
    ]);
    expect(job('output_options.cve_2021_44228').default).toBe(false);
    const challenge = cloudflare.resources.cloudflare_logpush_ownership_challenge!.block.attributes;
    expect(challenge.filter((a) => !a.computed).map((a) => [a.name, a.replace])).toEqual([
      ['account_id', 'always'],
      ['zone_id', 'always'],
      ['destination_conf', 'always'],
    ]);
    expect(challenge.some((a) => a.name === 'id')).toBe(false);
    const policy = (n: string) => attr(cloudflare, 'cloudflare_notification_policy', n);
    expect(policy('account_id')).toMatchObject({ required: true, replace: 'always' });
    expect(policy('enabled').default).toBe(true);
    expect(policy('mechanisms.email').nested?.nesting).toBe('set');
  });
});

// ---------------------------------------------------------------------------------------------
// IBM against the hand-extracted fixture

describe('IBM-Cloud/ibm 2.5.0 stand-in schema', () => {
  const fixture = ibmFixture as unknown as Record<string, { attributes: Record<string, string[]> }>;
  test.each(['ibm_cis_logpush_job', 'ibm_cos_bucket', 'ibm_iam_user_invite', 'ibm_iam_user_policy'])(
    '%s: every attribute and block, with its flags, is the fixture extracted from the same commit',
    (type) => {
      const flat = flatten(ibm.resources[type]!.block);
      flat.delete('id'); // the SDK adds it to every resource
      for (const k of [...flat.keys()]) if (k === 'timeouts' || k.startsWith('timeouts.')) flat.delete(k); // from Timeouts
      const ours = Object.fromEntries([...flat].map(([k, v]) => [k, v.flags]));
      const theirs = Object.fromEntries(
        Object.entries(fixture[type]!.attributes).map(([k, v]) => [k, [...v].sort()]),
      );
      // A block carries no flags of its own in the protocol (the SDK's Optional/Computed on it become
      // block nesting): its path must exist in the fixture, whatever the fixture's flags.
      for (const [k, v] of Object.entries(ours)) if (v[0] === 'block' && theirs[k]) ours[k] = theirs[k];
      expect(ours).toEqual(theirs);
    },
  );

  test('the provider configuration holds the fixture attributes', () => {
    const flat = flatten(ibm.provider.block);
    for (const [k, v] of Object.entries(fixture.provider!.attributes)) {
      expect([k, flat.get(k)?.flags]).toEqual([k, v]);
    }
    // Not marked Sensitive in the provider's source (ibm/provider/provider.go), unlike Cloudflare's api_token.
    expect(attr(ibm, 'provider', 'ibmcloud_api_key').sensitive).toBeUndefined();
  });

  test('the behaviour DOMAIN.md §6 records (sensitive, RequiredWith, ConflictsWith, ForceNew, timeouts)', () => {
    const job = (n: string) => attr(ibm, 'ibm_cis_logpush_job', n);
    expect(job('cos')).toMatchObject({ sensitive: true });
    expect(job('cos').validators).toEqual(
      expect.arrayContaining([
        { kind: 'requiredWith', paths: ['ownership_challenge'] },
        { kind: 'conflictsWith', paths: ['logdna', 'ibmcl', 'destination_conf'] },
      ]),
    );
    expect(job('ownership_challenge')).toMatchObject({
      sensitive: true,
      validators: [{ kind: 'requiredWith', paths: ['cos'] }],
    });
    expect(job('job_id')).toMatchObject({ type: 'number', computed: true });
    expect(ibm.resources.ibm_cis_logpush_job!.legacyTypeSystem).toBe(true);
    const bucket = (n: string) => attr(ibm, 'ibm_cos_bucket', n);
    expect(bucket('bucket_name').replace).toBe('always');
    expect(bucket('endpoint_type').default).toBe('public');
    expect(bucket('storage_class').validators).toEqual([
      expect.objectContaining({ kind: 'oneOf' }),
      { kind: 'conflictsWith', paths: ['satellite_location_id'] },
    ]);
    expect(
      ibm.resources
        .ibm_cos_bucket!.block.blocks.find((b) => b.name === 'timeouts')
        ?.block.attributes.map((a) => a.name),
    ).toEqual(['create', 'update', 'delete']);
    expect(attr(ibm, 'ibm_iam_user_policy', 'ibm_id').replace).toBe('always');
  });
});

// ---------------------------------------------------------------------------------------------
// panther against DOMAIN.md §7 / §11

describe('panther-labs/panther 0.2.12 stand-in schema', () => {
  test('panther_s3_source: the table of DOMAIN.md §7', () => {
    const s = (n: string) => attr(panther, 'panther_s3_source', n);
    expect(s('aws_account_id')).toMatchObject({ required: true, replace: 'always' });
    expect(s('bucket_name')).toMatchObject({ required: true, replace: 'always' });
    expect(s('name').validators).toEqual([
      {
        kind: 'regex',
        pattern: '^[0-9a-zA-Z- ]+$',
        message: 'must only include alphanumeric characters, dashes and spaces',
      },
      { kind: 'length', max: 32 },
    ]);
    expect(s('log_stream_type').validators).toEqual([
      { kind: 'oneOf', values: ['Auto', 'Lines', 'JSON', 'JsonArray', 'CloudWatchLogs', 'XML'] },
    ]);
    expect(s('kms_key_arn')).toMatchObject({ optional: true, computed: true, default: '' });
    expect(s('panther_managed_bucket_notifications_enabled')).toMatchObject({ default: true });
    expect(s('prefix_log_types').nested?.nesting).toBe('list');
    expect(s('prefix_log_types').nested?.attributes.map((a) => [a.name, a.required])).toEqual([
      ['excluded_prefixes', true],
      ['log_types', true],
      ['prefix', true],
    ]);
    expect(s('log_stream_type_options.retain_envelope_fields').default).toBe(false);
    expect(s('id')).toMatchObject({ computed: true, useStateForUnknown: true });
    expect(attr(panther, 'provider', 'token').sensitive).toBe(true);
  });

  test('panther_log_source_alarm: the generated schema as the resource edits it (§11)', () => {
    const a = (n: string) => attr(panther, 'panther_log_source_alarm', n);
    expect(a('source_id')).toMatchObject({ required: true, replace: 'always' });
    expect(a('type')).toMatchObject({
      required: true,
      replace: 'always',
      validators: [{ kind: 'oneOf', values: ['SOURCE_NO_DATA'] }],
    });
    expect(a('minutes_threshold')).toMatchObject({
      required: true,
      validators: [{ kind: 'between', min: 15, max: 43200 }],
    });
    expect(a('id')).toMatchObject({ computed: true });
  });
});

test('the validators the stand-ins do not evaluate are exactly these', () => {
  const unchecked: string[] = [];
  const visit = (p: ProviderSchemas, where: string, block: Block) => {
    const each = (attrs: readonly Attribute[], prefix: string) => {
      for (const a of attrs) {
        const walk = (v: Validator) => {
          if (v.kind === 'unchecked') unchecked.push(`${where}.${prefix}${a.name}: ${v.name}`);
          if (v.kind === 'any' || v.kind === 'each') v.of.forEach(walk);
        };
        (a.validators ?? []).forEach(walk);
        if (a.nested) each(a.nested.attributes, `${prefix}${a.name}.`);
      }
    };
    each(block.attributes, '');
    for (const b of block.blocks) visit(p, `${where}.${b.name}`, b.block);
  };
  for (const p of [cloudflare, panther, ibm]) {
    visit(p, `${p.name}:provider`, p.provider.block);
    for (const [t, s] of Object.entries(p.resources)) visit(p, t, s.block);
  }
  // ValidateCloudData looks the CIS instance up in IBM Cloud's resource controller: no API here.
  expect(unchecked.sort()).toEqual(['ibm_cis_logpush_job.cis_id: ValidateCloudData']);
});

test('fails the comparison with the bindings for a renamed, re-flagged or retyped attribute', () => {
  const job = cloudflare.resources.cloudflare_logpush_job!.block;
  const binding = Object.fromEntries(normalizeBinding(bindingAttributes('logpush-job', 'LogpushJobConfig')));
  const edited = (change: (a: Attribute) => Attribute) =>
    Object.fromEntries(
      standInSettable({
        ...job,
        attributes: job.attributes.map((a) => (a.name === 'destination_conf' ? change(a) : a)),
      }),
    );
  expect(edited((a) => a)).toEqual(binding);
  expect(edited((a) => ({ ...a, name: 'destination_config' }))).not.toEqual(binding);
  expect(edited((a) => ({ ...a, required: false, optional: true }))).not.toEqual(binding);
  expect(edited((a) => ({ ...a, type: 'number' }))).not.toEqual(binding);
});

describe('the JSON fixtures against the Go source', () => {
  const root = process.env[SOURCES_ENV];
  if (!root) {
    test.skip(`skipped: ${SOURCES_ENV} does not name a folder of provider checkouts`, () => undefined);
    return;
  }
  test.each(schemasFromSources(root).map((p) => [p.name, p] as const))(
    '%s: the committed JSON is what scripts/gen-standin-schemas.ts reads from the checkout',
    (name, p) => {
      const committed: unknown = JSON.parse(fs.readFileSync(fixturePath(name as StandinProvider), 'utf8'));
      expect(committed).toEqual(JSON.parse(fixtureText(p)));
    },
  );
});
