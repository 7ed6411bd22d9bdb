import fc from 'fast-check';
import { cloudflareWriteStatement, denyInsecureTransportStatement, PolicyBuilder } from '../../src/policy';

describe('PolicyBuilder', () => {
  test('merges statements that differ only in resources, sorted', () => {
    const doc = new PolicyBuilder()
      .add(cloudflareWriteStatement('b', 'z'))
      .add(denyInsecureTransportStatement('b'))
      .add(cloudflareWriteStatement('b', 'a'))
      .render();
    expect(doc.Statement).toEqual([
      {
        Sid: 'AllowCloudflareLogpushPutObject',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::391854517948:user/cloudflare-logpush' },
        Action: 's3:PutObject',
        Resource: ['arn:aws:s3:::b/a/*', 'arn:aws:s3:::b/z/*'],
      },
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ]);
  });

  test('merges condition values when asked', () => {
    const list = (prefix: string) => ({
      Sid: 'List',
      Effect: 'Allow' as const,
      Action: 's3:ListBucket',
      Resource: 'arn:aws:s3:::b',
      Condition: { StringLike: { 's3:prefix': [`${prefix}/*`] } },
    });
    const doc = new PolicyBuilder()
      .add(list('b'), { mergeConditionValues: true })
      .add(list('a'), { mergeConditionValues: true })
      .render();
    expect(doc.Statement).toEqual([
      { ...list('x'), Condition: { StringLike: { 's3:prefix': ['a/*', 'b/*'] } } },
    ]);
  });

  test('keeps statements with different conditions apart', () => {
    const b = new PolicyBuilder();
    b.add({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'r1', Condition: { Bool: { x: 'true' } } });
    b.add({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'r2', Condition: { Bool: { x: 'false' } } });
    expect(b.statementCount).toBe(2);
  });

  test('renders the same document whatever the order of adds (property)', () => {
    const prefixes = fc.uniqueArray(fc.stringMatching(/^[a-z]{1,6}(\/[a-z]{1,6})?$/), {
      minLength: 1,
      maxLength: 20,
    });
    fc.assert(
      fc.property(prefixes, fc.infiniteStream(fc.nat()), (ps, rnd) => {
        const shuffled = [...ps].sort(() => (rnd.next().value % 3) - 1);
        const a = new PolicyBuilder();
        const b = new PolicyBuilder();
        ps.forEach((p) => a.add(cloudflareWriteStatement('bkt', p)));
        a.add(denyInsecureTransportStatement('bkt'));
        b.add(denyInsecureTransportStatement('bkt'));
        shuffled.forEach((p) => b.add(cloudflareWriteStatement('bkt', p)));
        expect(b.toJson()).toBe(a.toJson());
      }),
    );
  });

  test('re-renders after an add (the cache is invalidated)', () => {
    const b = new PolicyBuilder().add(cloudflareWriteStatement('b', 'one'));
    const first = b.toJson();
    b.add(cloudflareWriteStatement('b', 'two'));
    expect(b.toJson()).not.toBe(first);
    expect(b.toJson()).toContain('b/two/*');
  });
});
