/** src/review/policy-atoms.ts: IAM policy documents read back as sets of grants ("atoms"). */
import { atomKey, atomsOf } from '../../../src/review/policy-atoms';

const keys = (policy: unknown, identity = 'role:x') => (atomsOf(policy, identity) ?? []).map(atomKey).sort();

describe('atomsOf', () => {
  test('one atom per effect x principal x action x resource; an identity policy is the identity', () => {
    const atoms = atomsOf(
      {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: ['s3:GetObject', 's3:ListBucket'],
            Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'],
          },
        ],
      },
      'role:reader',
    );
    expect(atoms).toHaveLength(4);
    expect(atoms).toContainEqual({
      effect: 'Allow',
      principal: 'role:reader',
      action: 's3:ListBucket',
      resource: 'arn:aws:s3:::b/*',
    });
  });

  test('a resource policy names its principals by kind; Not* keys are kept as NOT', () => {
    const atoms = atomsOf(
      JSON.stringify({
        Statement: {
          Effect: 'Deny',
          Principal: { AWS: ['arn:aws:iam::111111111111:root', 'arn:aws:iam::222222222222:root'] },
          NotAction: 's3:GetObject',
          NotResource: 'arn:aws:s3:::b/public/*',
        },
      }),
      'unused',
    );
    expect(atoms).toEqual([
      {
        effect: 'Deny',
        principal: 'AWS:arn:aws:iam::111111111111:root',
        action: 'NOT s3:GetObject',
        resource: 'NOT arn:aws:s3:::b/public/*',
      },
      {
        effect: 'Deny',
        principal: 'AWS:arn:aws:iam::222222222222:root',
        action: 'NOT s3:GetObject',
        resource: 'NOT arn:aws:s3:::b/public/*',
      },
    ]);
  });

  test('a condition on one key with several values is one alternative per value; ForAllValues stays whole', () => {
    const two = keys({
      Statement: [
        {
          Effect: 'Allow',
          Action: 's3:ListBucket',
          Resource: 'arn:aws:s3:::b',
          Condition: { StringLike: { 's3:prefix': ['a/*', 'b/*'] } },
        },
      ],
    });
    const one = keys({
      Statement: [
        {
          Effect: 'Allow',
          Action: 's3:ListBucket',
          Resource: 'arn:aws:s3:::b',
          Condition: { StringLike: { 's3:prefix': 'a/*' } },
        },
      ],
    });
    expect(two).toHaveLength(2);
    // Narrowing a grant of two prefixes to one removes exactly one atom.
    expect(two.filter((k) => !one.includes(k))).toHaveLength(1);
    const all = atomsOf(
      {
        Statement: [
          {
            Effect: 'Allow',
            Action: 's3:GetObject',
            Resource: '*',
            Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a', 'b'] } },
          },
        ],
      },
      'i',
    );
    expect(all).toHaveLength(1);
  });

  test('the key is the same for the same grant written in another order', () => {
    const a = keys({
      Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'r' }],
    });
    const b = keys({
      Statement: [
        { Effect: 'Allow', Action: 's3:PutObject', Resource: 'r' },
        { Effect: 'Allow', Action: 's3:GetObject', Resource: ['r'] },
      ],
    });
    expect(a).toEqual(b);
  });

  test('fails to read a Terraform expression or a non-object as a document (undefined: compared as text)', () => {
    expect(atomsOf('${jsonencode(local.policy)}', 'i')).toBeUndefined();
    expect(atomsOf(42, 'i')).toBeUndefined();
    expect(atomsOf({}, 'i')).toEqual([]);
  });
});
