/**
 * Compiles a flavour of the library (scripts/flavours.ts) into lib/<outDir>/ from the same source
 * as the main build: `ts-node scripts/build-flavour.ts cdktn` (part of `npm run build`).
 *
 * 1. Type-checks the source with the flavour's own bindings in place of the prebuilt packages it
 *    maps to local files (tsconfig `paths`), so a construct that uses an attribute a hand-written
 *    binding lacks fails the build here.
 * 2. Emits the files that import a framework (the entry, index.ts, constructs/) with every module
 *    specifier rewritten through the flavour's table, in the JavaScript (`require`) and in the
 *    declarations (`import`, `export ... from`, `import("...")` types). Shared folders (src/) are
 *    not emitted again: their specifiers point at the main build's lib/src/.
 */
import * as path from 'path';
import * as ts from 'typescript';
import { FLAVOURS, REPO, rewriteSpecifier, sharedSpecifier, type Flavour } from './flavours';

function rewrite(flavour: Flavour, spec: string, fromFile: string): string {
  return sharedSpecifier(flavour, rewriteSpecifier(flavour, spec, fromFile), fromFile);
}

/** Rewrites `require("x")` calls (JavaScript, after the CommonJS transform). */
function jsTransformer(flavour: Flavour): ts.TransformerFactory<ts.SourceFile> {
  return (context) => (sourceFile) => {
    const from = sourceFile.fileName;
    const visit = (node: ts.Node): ts.Node => {
      if (
        ts.isCallExpression(node) &&
        ts.isIdentifier(node.expression) &&
        node.expression.text === 'require' &&
        node.arguments.length === 1 &&
        ts.isStringLiteral(node.arguments[0]!)
      ) {
        const spec = (node.arguments[0] as ts.StringLiteral).text;
        const next = rewrite(flavour, spec, from);
        if (next !== spec) {
          return context.factory.updateCallExpression(node, node.expression, node.typeArguments, [
            context.factory.createStringLiteral(next),
          ]);
        }
      }
      return ts.visitEachChild(node, visit, context);
    };
    return ts.visitEachChild(sourceFile, visit, context);
  };
}

/** Rewrites `import ... from`, `export ... from` and `import("x")` types (declarations). */
function dtsTransformer(flavour: Flavour): ts.TransformerFactory<ts.SourceFile | ts.Bundle> {
  return (context) => (root) => {
    if (!ts.isSourceFile(root)) return root;
    const from = root.fileName;
    const f = context.factory;
    const literal = (node: ts.Expression | undefined) =>
      node && ts.isStringLiteral(node) ? f.createStringLiteral(rewrite(flavour, node.text, from)) : node;
    const visit = (node: ts.Node): ts.Node => {
      if (ts.isImportDeclaration(node)) {
        return f.updateImportDeclaration(
          node,
          node.modifiers,
          node.importClause,
          literal(node.moduleSpecifier)!,
          node.attributes,
        );
      }
      if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
        return f.updateExportDeclaration(
          node,
          node.modifiers,
          node.isTypeOnly,
          node.exportClause,
          literal(node.moduleSpecifier),
          node.attributes,
        );
      }
      if (
        ts.isImportTypeNode(node) &&
        ts.isLiteralTypeNode(node.argument) &&
        ts.isStringLiteral(node.argument.literal)
      ) {
        return f.updateImportTypeNode(
          node,
          f.updateLiteralTypeNode(node.argument, literal(node.argument.literal) as ts.StringLiteral),
          node.attributes,
          node.qualifier,
          node.typeArguments?.map((t) => ts.visitNode(t, visit) as ts.TypeNode),
          node.isTypeOf,
        );
      }
      return ts.visitEachChild(node, visit, context);
    };
    return ts.visitEachChild(root, visit, context);
  };
}

export function buildFlavour(flavour: Flavour): void {
  const configFile = path.join(REPO, 'tsconfig.build.json');
  const parsed = ts.getParsedCommandLineOfConfigFile(configFile, undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  })!;
  // Local targets become `paths`, so the type check sees the flavour's own bindings.
  const paths: Record<string, string[]> = {};
  for (const rule of flavour.rules.filter((r) => r.local)) {
    const pattern = rule.from.source
      .replace(/^\^/, '')
      .replace(/\$$/, '')
      .replace(/\\\//g, '/')
      .replace('([a-z0-9-]+)', '*');
    paths[pattern] = [`./${rule.to.replace('$1', '*')}`];
  }
  const options: ts.CompilerOptions = {
    ...parsed.options,
    outDir: path.join(REPO, 'lib', flavour.outDir),
    rootDir: REPO,
    // Relative to the tsconfig that declares `paths` (tsconfig.json: the repository root).
    paths: { ...parsed.options.paths, ...paths },
  };
  const rootNames = [...parsed.fileNames, path.join(REPO, flavour.entry)];
  const program = ts.createProgram({ rootNames, options });
  const shared = flavour.shared.map((dir) => path.join(REPO, dir) + path.sep);
  // The files this flavour emits: the shared ones were checked (and emitted) by the main build, and
  // do not see a framework, so checking them again would only cost time.
  const own = program.getSourceFiles().filter((sf) => {
    const file = path.resolve(sf.fileName);
    const outside = !file.startsWith(REPO + path.sep) || file.includes(`${path.sep}node_modules${path.sep}`);
    return !sf.isDeclarationFile && !outside && !shared.some((dir) => file.startsWith(dir));
  });
  const diagnostics = [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...own.flatMap((sf) => [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]),
  ];
  if (diagnostics.length > 0) {
    const host: ts.FormatDiagnosticsHost = {
      getCanonicalFileName: (f) => f,
      getCurrentDirectory: () => REPO,
      getNewLine: () => '\n',
    };
    throw new Error(
      `the ${flavour.name} flavour does not type-check:\n${ts.formatDiagnostics(diagnostics, host)}`,
    );
  }
  let emitted = 0;
  for (const sf of own) {
    const result = program.emit(sf, undefined, undefined, false, {
      after: [jsTransformer(flavour)],
      afterDeclarations: [dtsTransformer(flavour)],
    });
    if (result.emitSkipped) throw new Error(`${flavour.name}: emit skipped for ${sf.fileName}`);
    emitted++;
  }
  console.log(`${flavour.name} flavour: ${emitted} files into lib/${flavour.outDir}/`);
}

if (require.main === module) {
  const names = process.argv.slice(2);
  for (const name of names) {
    const flavour = (FLAVOURS as Record<string, Flavour>)[name];
    if (!flavour) {
      throw new Error(`unknown flavour ${name}; known: ${Object.keys(FLAVOURS).join(', ')}`);
    }
    buildFlavour(flavour);
  }
}
