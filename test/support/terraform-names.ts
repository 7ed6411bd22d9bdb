/**
 * Every name a synthesized stack gives Terraform, and the ones Terraform would refuse. The grammar
 * is written out here, not imported from src/, so the guard does not share a mistake with the code
 * it guards: hashicorp/hcl v2 `hclsyntax.ValidIdentifier` (first character a letter or `_`, then
 * letters, digits, `_` and `-`), as Terraform's "Invalid resource name" error states it.
 */
export const TERRAFORM_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** One name in a stack: where it is (`resource.aws_s3_bucket`, `output`, `provider.aws alias`) and what. */
export interface StackName {
  readonly where: string;
  readonly name: string;
}

type Block = Record<string, unknown>;
const keysOf = (v: unknown): string[] => (v && typeof v === 'object' ? Object.keys(v) : []);

/** Every resource, data source, output, variable, module, local and provider alias name of a stack. */
export function namesOf(json: Block): StackName[] {
  const names: StackName[] = [];
  for (const kind of ['resource', 'data'] as const) {
    const byType = (json[kind] ?? {}) as Record<string, Block>;
    for (const [type, byName] of Object.entries(byType)) {
      for (const name of keysOf(byName)) names.push({ where: `${kind}.${type}`, name });
    }
  }
  for (const kind of ['output', 'variable', 'module', 'locals'] as const) {
    for (const name of keysOf(json[kind])) names.push({ where: kind, name });
  }
  const providers = (json.provider ?? {}) as Record<string, Block[] | Block>;
  for (const [type, configs] of Object.entries(providers)) {
    for (const config of Array.isArray(configs) ? configs : [configs]) {
      if (typeof config.alias === 'string') {
        names.push({ where: `provider.${type} alias`, name: config.alias });
      }
    }
  }
  return names;
}

/** The names of a stack that Terraform refuses, as `where name` lines. */
export const invalidNames = (json: Block): string[] =>
  namesOf(json)
    .filter((n) => !TERRAFORM_IDENTIFIER.test(n.name))
    .map((n) => `${n.where} ${n.name}`);
