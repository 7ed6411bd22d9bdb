/**
 * src/terraform-names.ts: the rule that a construct id makes a valid Terraform name, without a
 * framework. The constructs' use of it (refusals naming the construct) is tested in
 * test/themes/terraform-names.test.ts.
 */
import {
  fleetPipelineId,
  INVALID_TERRAFORM_NAME_CODE,
  isTerraformName,
  logicalIdProblem,
} from '../../src/terraform-names';

describe('the rule, framework-free', () => {
  test.each([
    [['http'], undefined],
    [['_x'], undefined],
    [['Default', 'http'], undefined],
    [['.', 'http'], undefined], // stripped to "", the names start with "_"
    [['2024-http'], 0],
    [['team', '2024'], undefined],
    [['Default', '9x'], 1],
    [['.9'], 0],
  ] as const)('logicalIdProblem(%j) -> index %j', (components, index) => {
    expect(logicalIdProblem(components)?.index).toBe(index);
  });

  test('a fleet pipeline id starts with its scope, whatever the id', () => {
    expect(fleetPipelineId('zone', '4e5f60718293a4b5c6d7e8f901223344', 'firewall_events')).toBe(
      'zone-4e5f60718293a4b5c6d7e8f901223344-firewall_events',
    );
    expect(fleetPipelineId('account', '01a7362d577a6c3019a474fd6f485823', 'audit_logs')).toBe(
      'account-01a7362d577a6c3019a474fd6f485823-audit_logs',
    );
  });
});

describe('isTerraformName', () => {
  test.each(['a', '_', 'http_requests', 'A-9_b'])('%j is a Terraform name', (name) => {
    expect(isTerraformName(name)).toBe(true);
  });

  test.each(['', '9a', '-a', 'a.b', 'a b', 'é'])('fails for %j', (name) => {
    expect(isTerraformName(name)).toBe(false);
  });

  test('fails with the index and the id of the offending component, and the code is stable', () => {
    expect(logicalIdProblem(['Default', '9x'])).toMatchObject({
      index: 1,
      id: '9x',
      message: expect.stringContaining('(e.g. "p-9x")'),
    });
    expect(INVALID_TERRAFORM_NAME_CODE).toBe('INVALID_TERRAFORM_NAME');
  });
});
