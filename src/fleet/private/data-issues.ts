/**
 * A fleet file holds data, never a Terraform reference: every string (key or value) with a cdktf
 * token marker is refused (src/terraform-literal.ts decides; the constructs escape the rest).
 */
import { terraformLiteral } from '../../terraform-literal';
import type { FleetPath } from '../issues';
import { isObj, type Add } from './collector';

export function dataIssues(input: unknown, path: FleetPath, add: Add, depth: number): void {
  if (depth > 64) return;
  if (typeof input === 'string') {
    const r = terraformLiteral(input);
    if ('issue' in r) add(path, r.issue.message, { value: input, code: r.issue.code });
  } else if (Array.isArray(input)) {
    input.forEach((v, i) => dataIssues(v, [...path, i], add, depth + 1));
  } else if (isObj(input)) {
    for (const [k, v] of Object.entries(input)) {
      const key = terraformLiteral(k);
      if ('issue' in key) {
        add([...path, k], key.issue.message, { value: k, code: key.issue.code, target: 'key' });
      }
      dataIssues(v, [...path, k], add, depth + 1);
    }
  }
}
