/**
 * Theme: the public API. The public API, by name. Each entry point's exports are pinned here, so adding or removing one is
 * a deliberate change seen in review (removing a name is breaking: CHANGELOG "**Breaking:**"), and
 * every name README.md, docs/ and examples/ import from the package is exported by the entry point
 * they import it from.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import * as fleetEntry from '../../fleet';
import * as ibmEntry from '../../ibm';
import * as mainEntry from '../../index';
import * as pantherEntry from '../../panther';

const ROOT = path.resolve(__dirname, '../..');

const IBM = [
  'CIS_LOGPUSH_WRITER',
  'CIS_LOGPUSH_WRITER_ROLE',
  'CisDataset:type',
  'CisLogpushPipeline',
  'CisLogpushPipelineProps:type',
  'CosDestination:type',
  'CosDestinationForms:type',
  'CosDestinationObject:type',
  'CosLogBucket',
  'CosLogBucketProps:type',
  'IBM_PROVIDER_VERSION',
  'ICosLogBucket:type',
  'IbmCisLogpushJob',
  'IbmCisLogpushJobConfig:type',
  'IbmCosBucket',
  'IbmCosBucketConfig:type',
  'IbmIamUserInvite',
  'IbmIamUserInviteConfig:type',
  'IbmIamUserPolicy',
  'IbmIamUserPolicyConfig:type',
  'IbmIamUserPolicyResources:type',
  'IbmProvider',
  'IbmProviderConfig:type',
  'LogpushValidationError',
  'PropIssue:type',
  'cisAllFields',
  'cisDatasets',
  'cisFieldsOf',
  'cosDestination',
];

const FLEET = [
  'FleetIssue:type',
  'FleetPlan:type',
  'FleetSpec:type',
  'FleetStackContext:type',
  'FleetValidationError',
  'LOGPUSH_SHARDS_ENV',
  'LogpushFleet',
  'LogpushFleetOptions:type',
  'LogpushFleetProps:type',
  'LogpushValidationError',
  'PropIssue:type',
  'loadFleetFile',
  'parseFleet',
  'planFleet',
];

const PANTHER = [
  'PantherLogSource',
  'PantherLogSourceAlarm',
  'PantherLogSourceAlarmConfig:type',
  'PantherLogSourceProps:type',
  'PantherProvider',
  'PantherProviderConfig:type',
  'PantherS3Source',
  'PantherS3SourceConfig:type',
  'PantherS3SourceLogStreamTypeOptions:type',
  'PantherS3SourcePrefixLogTypes:type',
];

/** The main entry point: everything public, the optional parts included (compatibility). */
const MAIN = [
  ...new Set([
    ...IBM,
    ...FLEET,
    ...PANTHER,
    'AccountDataset:type',
    'BucketTopicNotification:type',
    'CLOUDFLARE_LOGPUSH_PRINCIPAL',
    'CustomResourceOwnershipOptions:type',
    'Dataset:type',
    'FieldEntry:type',
    'ILogSiem:type',
    'IPipelineAlerts:type',
    'LogBucket',
    'LogBucketAdoption:type',
    'LogBucketProps:type',
    'LogpushAlerts',
    'LogpushAlertsProps:type',
    'LogpushError',
    'LogpushValidationErrorOptions:type',
    'LogpushPipeline',
    'LogpushPipelineProps:type',
    'OwnershipTokenReader',
    'OwnershipTokenReaderProps:type',
    'OwnershipVerification',
    'OwnershipVerificationFunction',
    'PROVIDER_DATASETS',
    'PipelineAlertOptions:type',
    'PipelineSettings:type',
    'PolicyDocument:type',
    'PolicyStatement:type',
    'S3Destination:type',
    'Scope:type',
    'ZoneDataset:type',
    'allFields',
    'datasetsOf',
    'fieldsOf',
    'parseS3DestinationConf',
    's3DestinationConf',
  ]),
].sort();

const PINNED: Record<string, readonly string[]> = {
  'index.ts': MAIN,
  'ibm.ts': IBM,
  'fleet.ts': FLEET,
  'panther.ts': PANTHER,
  'cdktn.ts': [...MAIN, 'CloudflareProvider', 'CloudflareProviderConfig:type'].sort(),
};

/** Helpers the constructs share among themselves: they left the public surface (issue 16). */
const INTERNAL = [
  'MAX_JOBS_PER_ZONE',
  'OwnershipBindContext',
  'claimUndefinedPipeline',
  'defaultJobName',
  'ownershipHandlerDir',
  'registerWithSharedResources',
];

/** Each entry point's exports as `name` (a value) or `name:type` (a type only), from the compiler. */
function compiledExports(): Record<string, string[]> {
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(ROOT, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  )!;
  const entries = Object.keys(PINNED).map((f) => path.join(ROOT, f));
  const program = ts.createProgram(entries, { ...config.options, noEmit: true });
  const checker = program.getTypeChecker();
  const result: Record<string, string[]> = {};
  for (const entry of entries) {
    const module = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
    result[path.relative(ROOT, entry)] = checker
      .getExportsOfModule(module)
      .map((e) => {
        const target = e.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(e) : e;
        return target.flags & ts.SymbolFlags.Value ? e.name : `${e.name}:type`;
      })
      .sort();
  }
  return result;
}

const compiled = compiledExports();

/** `import { A, type B } from 'cdktf-logpush[/sub]'` in README.md, every .md under docs/ and examples/**. */
function documentedImports(): { file: string; specifier: string; name: string }[] {
  const files = [
    'README.md',
    ...(fs.readdirSync(path.join(ROOT, 'docs'), { recursive: true }) as string[]).map((f) =>
      path.join('docs', f),
    ),
    ...(fs.readdirSync(path.join(ROOT, 'examples'), { recursive: true }) as string[])
      .filter((f) => /\.(ts|md)$/.test(f))
      .map((f) => path.join('examples', f)),
  ].filter((f) => /\.(ts|md)$/.test(f));
  const found: { file: string; specifier: string; name: string }[] = [];
  for (const file of files) {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
    for (const m of text.matchAll(
      /import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+'(cdktf-logpush(?:\/[a-z]+)?)'/g,
    )) {
      for (const part of m[1].split(',')) {
        const name = part
          .trim()
          .replace(/^type\s+/, '')
          .split(/\s+as\s+/)[0];
        if (name) found.push({ file, specifier: m[2], name });
      }
    }
  }
  return found;
}

const ENTRY_OF: Record<string, string> = {
  'cdktf-logpush': 'index.ts',
  'cdktf-logpush/ibm': 'ibm.ts',
  'cdktf-logpush/fleet': 'fleet.ts',
  'cdktf-logpush/panther': 'panther.ts',
  'cdktf-logpush/cdktn': 'cdktn.ts',
};

describe('public API', () => {
  test.each(Object.keys(PINNED))('%s exports exactly the pinned names', (entry) => {
    expect(compiled[entry]).toEqual(PINNED[entry]);
  });

  test('the values each entry point exports at run time are its pinned values, and the subpaths export the main entry point\u2019s objects', () => {
    const main = mainEntry as unknown as Record<string, unknown>;
    const values = (list: readonly string[]) => list.filter((n) => !n.endsWith(':type'));
    expect(Object.keys(main).sort()).toEqual(values(MAIN));
    const subs: Record<string, Record<string, unknown>> = {
      'ibm.ts': ibmEntry,
      'fleet.ts': fleetEntry,
      'panther.ts': pantherEntry,
    };
    for (const [entry, sub] of Object.entries(subs)) {
      expect(Object.keys(sub).sort()).toEqual(values(PINNED[entry]));
      // The same objects (not copies): instanceof and the construct-tree registries hold across entry points.
      expect([entry, Object.keys(sub).filter((name) => sub[name] !== main[name])]).toEqual([entry, []]);
    }
  });

  test('fails to find an internal helper on any entry point', () => {
    for (const [entry, names] of Object.entries(compiled)) {
      const bare = names.map((n) => n.replace(/:type$/, ''));
      expect([entry, bare.filter((n) => INTERNAL.includes(n))]).toEqual([entry, []]);
    }
  });

  test('every name README.md, docs/ and examples/ import from the package is exported by that entry point', () => {
    const imports = documentedImports();
    // The scan sees the documentation's imports (a regex that matched nothing would pass vacuously).
    expect(imports.length).toBeGreaterThan(20);
    expect(imports.map((i) => i.file)).toEqual(
      expect.arrayContaining(['README.md', 'examples/fleet/main.ts']),
    );
    const missing = imports.filter((i) => {
      const entry = ENTRY_OF[i.specifier];
      return !entry || !compiled[entry].some((n) => n.replace(/:type$/, '') === i.name);
    });
    expect(missing).toEqual([]);
  });

  test('package.json declares each subpath entry point in exports and in typesVersions', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      exports: Record<string, { types: string; default: string }>;
      typesVersions: { '*': Record<string, string[]> };
    };
    for (const sub of ['ibm', 'fleet', 'panther']) {
      expect(pkg.exports[`./${sub}`]).toEqual({ types: `./lib/${sub}.d.ts`, default: `./lib/${sub}.js` });
      expect(pkg.typesVersions['*'][sub]).toEqual([`lib/${sub}.d.ts`]);
      expect(pkg.exports[`./cdktn/${sub}`]).toEqual({
        types: `./lib/cdktn/${sub}.d.ts`,
        default: `./lib/cdktn/${sub}.js`,
      });
      expect(pkg.typesVersions['*'][`cdktn/${sub}`]).toEqual([`lib/cdktn/${sub}.d.ts`]);
    }
  });
});
