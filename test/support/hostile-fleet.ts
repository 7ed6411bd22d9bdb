/**
 * Hostile fleet files (issue 17 item 8), built here so that tests and the measurement in
 * docs/security.md use the same ones.
 */

/** The start of a valid file: one bucket. */
const HEAD = ['version: 1', 'buckets:', '  main: { name: acme-logs, region: us-west-2 }'];

/**
 * About `bytes` of YAML: ten anchored maps of 60 unknown keys each, merged (`<<`) into every zone, so
 * that each 130-byte zone line carries 600 unknown keys: 30 KB make 112,200 problems.
 */
export function aliasedUnknownFields(bytes = 30_000): string {
  const lines = [...HEAD];
  for (let j = 0; j < 10; j++) {
    lines.push(`x${j}: &x${j} {${Array.from({ length: 60 }, (_, i) => `u${j}_${i}: 1`).join(', ')}}`);
  }
  lines.push('zones:');
  let body = `${lines.join('\n')}\n`;
  const merge = `[${Array.from({ length: 10 }, (_, j) => `*x${j}`).join(', ')}]`;
  for (let i = 0; body.length < bytes; i++) {
    body += `  - { id: 'f${i.toString(16).padStart(31, '0')}', datasets: [http_requests], <<: ${merge} }\n`;
  }
  return body;
}

/** The "billion laughs": nine levels of nine aliases each (9^7 strings once expanded). */
export const ALIAS_BOMB = [
  'version: 1',
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...['b', 'c', 'd', 'e', 'f', 'g'].map(
    (k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefg'[i]}`).join(',')}]`,
  ),
  '',
].join('\n');

/** A valid fleet whose one zone has this name. */
export function fleetWithZoneName(name: string): string {
  return [
    ...HEAD,
    'zones:',
    `  - id: 023e105f4ecef8ad9ca31a8372d0c353`,
    `    name: ${JSON.stringify(name)}`,
    '    datasets: [{ dataset: http_requests, prefix: logs/http_requests }]',
    '',
  ].join('\n');
}
