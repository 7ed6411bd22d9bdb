/**
 * Finds secret-shaped values in synthesized Terraform JSON: JWTs (the ownership token is one), AWS
 * access key ids, Cloudflare API tokens (40 characters) and global API keys (37 hex), and literal
 * credentials in provider-style attributes. Each finding names the pattern and an excerpt.
 */
const PATTERNS: [string, RegExp][] = [
  ['JWT', /eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g],
  ['AWS access key id', /\b(?:AKIA|ASIA|AROA|AIDA)[A-Z0-9]{16}\b/g],
  // A whole JSON string value of 40 token characters with letters and digits: a Cloudflare API token
  // (not an object key: a resource's logical id such as `firewall_events_Freshness_Alarm_F6A060AD`).
  ['Cloudflare API token', /"(?=[A-Za-z0-9_-]*[0-9])(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{40}"(?!\s*:)/g],
  ['Cloudflare global API key', /"[0-9a-f]{37}"/g],
  [
    'literal credential',
    /"(?:api_token|api_key|api_user_service_key|secret_key|access_key|token|password)"\s*:\s*"(?!\$\{)[^"]+"/g,
  ],
];

export interface SecretFinding {
  readonly kind: string;
  readonly excerpt: string;
}

export function scanForSecrets(text: string): SecretFinding[] {
  const found: SecretFinding[] = [];
  for (const [kind, re] of PATTERNS) {
    for (const m of text.matchAll(re)) found.push({ kind, excerpt: m[0].slice(0, 60) });
  }
  return found;
}

/** Outputs whose value refers to a token source (an invocation result, the token's SSM parameter, a sensitive variable) but are not sensitive. */
export function insensitiveTokenOutputs(json: {
  output?: Record<string, { value: unknown; sensitive?: boolean }>;
  variable?: Record<string, { sensitive?: boolean }>;
}): string[] {
  const secretVars = Object.entries(json.variable ?? {})
    .filter(([, v]) => v.sensitive === true)
    .map(([k]) => `var.${k}`);
  return Object.entries(json.output ?? {})
    .filter(([, o]) => {
      const value = JSON.stringify(o.value);
      const carries =
        value.includes('aws_lambda_invocation.') ||
        value.includes('data.aws_ssm_parameter.') ||
        value.includes('ownership_challenge') ||
        secretVars.some((v) => value.includes(v));
      return carries && o.sensitive !== true;
    })
    .map(([k]) => k);
}
