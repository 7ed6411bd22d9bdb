import fc from 'fast-check';
import {
  ancestorsOf,
  cisPathConflictMessage,
  fleetPrefixConflictMessage,
  PrefixClaims,
  prefixConflictMessage,
  prefixesOverlap,
} from '../../../src/model/claims';

describe('model/claims', () => {
  test('tells equal and nested prefixes apart from siblings', () => {
    expect(prefixesOverlap('logs', 'logs')).toBe(true);
    expect(prefixesOverlap('logs', 'logs/zone2')).toBe(true);
    expect(prefixesOverlap('logs/zone2', 'logs')).toBe(true);
    expect(prefixesOverlap('logs', 'logs2')).toBe(false);
    expect(prefixesOverlap('a/b', 'a/c')).toBe(false);
    expect(ancestorsOf('a/b/c')).toEqual(['a', 'a/b']);
    expect(ancestorsOf('a')).toEqual([]);
  });

  test('sibling prefixes are all free', () => {
    const claims = new PrefixClaims();
    for (const p of ['cf/http', 'cf/dns', 'cf/http2', 'other']) {
      expect(claims.conflict(p)).toBeUndefined();
      claims.claim(p, `owner of ${p}`);
    }
    expect(claims.size).toBe(4);
    expect(claims.prefixes()).toEqual(['cf/http', 'cf/dns', 'cf/http2', 'other']);
  });

  test('fails an equal, an enclosing and an enclosed prefix, naming the claim met', () => {
    const claims = new PrefixClaims();
    claims.claim('cf/http', 'a');
    claims.claim('cf/dns/z1', 'b');
    expect(claims.conflict('cf/http')).toEqual({
      kind: 'equal',
      other: 'cf/http',
      owner: 'a',
      code: 'PREFIX_OVERLAP',
    });
    expect(claims.conflict('cf/http/z9')).toEqual({
      kind: 'inside',
      other: 'cf/http',
      owner: 'a',
      code: 'PREFIX_OVERLAP',
    });
    expect(claims.conflict('cf/dns')).toEqual({
      kind: 'contains',
      other: 'cf/dns/z1',
      owner: 'b',
      code: 'PREFIX_OVERLAP',
    });
    expect(claims.conflict('cf')).toMatchObject({ kind: 'contains', other: 'cf/http', owner: 'a' });
  });

  test('fails a prefix under another grant, and a grant over another prefix', () => {
    const claims = new PrefixClaims();
    // Two zones of a per-dataset bucket share one grant by design.
    claims.claim('cf/http_requests/z1', 'zone1', 'cf/http_requests');
    expect(claims.conflict('cf/http_requests/z2', 'cf/http_requests')).toBeUndefined();
    claims.claim('cf/http_requests/z2', 'zone2', 'cf/http_requests');
    // A per-prefix claimant under that grant would be reachable by its writer and reader.
    expect(claims.conflict('cf/http_requests/mine')).toEqual({
      kind: 'under-grant',
      other: 'cf/http_requests',
      grant: 'cf/http_requests/mine',
      owner: 'zone1',
      code: 'PREFIX_UNDER_GRANT',
    });
    const other = new PrefixClaims();
    other.claim('cf/dns_logs/mine', 'mine');
    expect(other.conflict('cf/dns_logs/z1', 'cf/dns_logs')).toMatchObject({
      kind: 'covers-grant',
      other: 'cf/dns_logs/mine',
      grant: 'cf/dns_logs',
      code: 'PREFIX_UNDER_GRANT',
    });
  });

  test('a released claim frees its prefix and its grant; releasing twice is harmless', () => {
    const claims = new PrefixClaims();
    const release = claims.claim('cf/http/z1', 'a', 'cf/http');
    const keep = claims.claim('cf/http/z2', 'b', 'cf/http');
    release();
    release();
    expect(claims.conflict('cf/http/z1', 'cf/http')).toBeUndefined();
    expect(claims.conflict('cf/http/z2', 'cf/http')).toMatchObject({ kind: 'equal', owner: 'b' });
    keep();
    expect(claims.size).toBe(0);
    expect(claims.conflict('cf')).toBeUndefined();
    expect(claims.conflict('cf/http/mine')).toBeUndefined();
  });

  test('agrees with prefixesOverlap on any set of prefixes (fast-check)', () => {
    const segment = fc.constantFrom('a', 'b', 'c');
    const prefix = fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => s.join('/'));
    fc.assert(
      fc.property(fc.array(prefix, { maxLength: 12 }), (prefixes) => {
        const claims = new PrefixClaims();
        const claimed: string[] = [];
        for (const p of prefixes) {
          const expected = claimed.some((c) => prefixesOverlap(c, p));
          expect(claims.conflict(p) !== undefined).toBe(expected);
          if (!expected) {
            claims.claim(p, p);
            claimed.push(p);
          }
        }
      }),
    );
  });

  test('the messages name the prefix met, its claimant and the bucket', () => {
    const equal = { kind: 'equal', other: 'logs', owner: 'test/first', code: 'PREFIX_OVERLAP' } as const;
    expect(prefixConflictMessage(equal, 'bucket test/logs')).toBe(
      'overlaps prefix "logs" of test/first in bucket test/logs: prefixes in one bucket must be neither equal nor nested',
    );
    expect(fleetPrefixConflictMessage('logs', equal, 'bucket "main"')).toBe(
      'prefix "logs" in bucket "main" is also the prefix of test/first',
    );
    expect(fleetPrefixConflictMessage('logs/a', { ...equal, kind: 'inside' }, 'bucket "main"')).toBe(
      'prefix "logs/a" in bucket "main" lies inside the prefix "logs" of test/first',
    );
    expect(cisPathConflictMessage(equal, 'bucket b')).toMatch(
      /^overlaps the path "logs" of test\/first in bucket b: CIS jobs/,
    );
  });
});
