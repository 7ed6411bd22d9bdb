/**
 * The ONE place where the framework and provider bindings of each flavour are chosen.
 *
 * The source (index.ts, constructs/) imports cdktf 0.21 and the prebuilt `@cdktf/provider-*`
 * submodules, as a cdktf app does; `tsc -p tsconfig.build.json` compiles it as is into lib/ (the
 * package's main entry point). scripts/build-flavour.ts compiles the same files a second time for
 * each other flavour listed here, rewriting every module specifier through the flavour's table,
 * into lib/<outDir>/ (the entry point `cdktf-logpush/<name>`). No source file is copied or edited,
 * and a file added to constructs/ is in every flavour without further ado.
 *
 * Framework-free code (src/) imports neither framework: a flavour's compiled constructs import
 * it from the main build (lib/src/), so the CLI, the validation and the fleet planner are one copy.
 */
import * as fs from 'fs';
import * as path from 'path';

/** The repository root. */
export const REPO = path.resolve(__dirname, '..');

/** One rule: a module specifier pattern, and the package (or the library's own file) it becomes. */
export interface SpecifierRule {
  readonly from: RegExp;
  /** A package specifier (`$1` = the first group), or, with `local`, a path from the repository root. */
  readonly to: string;
  /** `to` is one of the library's own source files (without extension), not a package. */
  readonly local?: boolean;
}

/** A flavour built from the same source. */
export interface Flavour {
  /** The flavour, and its entry point: `cdktf-logpush/<name>`. */
  readonly name: string;
  /** Under lib/. */
  readonly outDir: string;
  /** The source file of the entry point (compiled only in this flavour). */
  readonly entry: string;
  readonly rules: readonly SpecifierRule[];
  /** Source folders compiled once, by the main build, and shared by every flavour. */
  readonly shared: readonly string[];
  /**
   * What an app's imports become when it moves from cdktf to this flavour (docs/compatibility.md, "Migrating
   * an app from cdktf to CDK Terrain"); the package test migrates the examples with it.
   */
  readonly appRules: readonly SpecifierRule[];
}

/**
 * CDK Terrain 0.24 (`cdktn`, open-constructs/cdk-terrain): a rename of cdktf with the same API
 * (DOMAIN.md §9), so classes map one to one. `@cdktn/provider-aws` keeps the `lib/<resource>`
 * layout of `@cdktf/provider-aws`. `@cdktn/provider-cloudflare` cannot be installed where this
 * package is built and tested, so the Cloudflare resources the library defines come from its own
 * bindings (constructs/bindings/cloudflare/, checked against cloudflare/cloudflare 5.14.0).
 */
export const CDKTN: Flavour = {
  name: 'cdktn',
  outDir: 'cdktn',
  entry: 'cdktn.ts',
  rules: [
    { from: /^cdktf$/, to: 'cdktn' },
    { from: /^@cdktf\/provider-aws\/lib\/([a-z0-9-]+)$/, to: '@cdktn/provider-aws/lib/$1' },
    {
      from: /^@cdktf\/provider-cloudflare\/lib\/([a-z0-9-]+)$/,
      to: 'constructs/bindings/cloudflare/$1',
      local: true,
    },
  ],
  shared: ['src'],
  appRules: [
    { from: /^cdktf$/, to: 'cdktn' },
    { from: /^@cdktf\/provider-aws\/lib\/([a-z0-9-]+)$/, to: '@cdktn/provider-aws/lib/$1' },
    // The library's own provider class, where @cdktn/provider-cloudflare is not at hand.
    { from: /^@cdktf\/provider-cloudflare\/lib\/provider$/, to: 'cdktf-logpush/cdktn' },
    { from: /^cdktf-logpush$/, to: 'cdktf-logpush/cdktn' },
  ],
};

export const FLAVOURS = { cdktn: CDKTN } as const;

/**
 * The specifier `spec` of the source file `fromFile` (absolute) in `flavour`, relative to where
 * that file is compiled in the flavour (for local targets: the same relative layout).
 * Throws for a framework or provider import the table does not map, or a binding that is missing.
 */
export function rewriteSpecifier(flavour: Flavour, spec: string, fromFile: string): string {
  for (const rule of flavour.rules) {
    const m = rule.from.exec(spec);
    if (!m) continue;
    const target = rule.to.replace(/\$(\d)/g, (_, i: string) => m[Number(i)] ?? '');
    if (!rule.local) return target;
    const file = path.join(REPO, target);
    if (!fs.existsSync(`${file}.ts`)) {
      throw new Error(
        `${path.relative(REPO, fromFile)} imports ${spec}: the ${flavour.name} flavour has no binding for it; ` +
          `write ${target}.ts (see constructs/bindings/cloudflare/schema.ts) or map it in scripts/flavours.ts`,
      );
    }
    const rel = path.relative(path.dirname(fromFile), file).split(path.sep).join('/');
    return rel.startsWith('.') ? rel : `./${rel}`;
  }
  if (/^(cdktf|@cdktf\/)/.test(spec) && spec !== 'cdktf-logpush') {
    throw new Error(
      `${path.relative(REPO, fromFile)} imports ${spec}, which scripts/flavours.ts does not map for ${flavour.name}`,
    );
  }
  return spec;
}

/**
 * A relative specifier of `fromFile` that reaches a shared folder (src/) points, in the flavour's
 * output (lib/<outDir>/...), at the main build's copy (lib/src/...). Others stay as they are.
 */
export function sharedSpecifier(flavour: Flavour, spec: string, fromFile: string): string {
  if (!spec.startsWith('.')) return spec;
  const target = path.resolve(path.dirname(fromFile), spec);
  const rel = path.relative(REPO, target);
  if (!flavour.shared.some((dir) => rel === dir || rel.startsWith(`${dir}${path.sep}`))) return spec;
  const outFrom = path.join(REPO, 'lib', flavour.outDir, path.relative(REPO, path.dirname(fromFile)));
  return path
    .relative(outFrom, path.join(REPO, 'lib', rel))
    .split(path.sep)
    .join('/');
}

/** An app's TypeScript source with its imports moved to `flavour` (its `appRules`). */
export function migrateAppSource(flavour: Flavour, source: string): string {
  return source.replace(
    /(\bfrom\s+|\bimport\s+|\brequire\()(['"])([^'"]+)\2/g,
    (all, lead: string, q: string, spec: string) => {
      for (const rule of flavour.appRules) {
        const m = rule.from.exec(spec);
        if (m) return `${lead}${q}${rule.to.replace(/\$(\d)/g, (_, i: string) => m[Number(i)] ?? '')}${q}`;
      }
      return all;
    },
  );
}
