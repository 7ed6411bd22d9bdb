/** A realistic ownership token: a JWT as Cloudflare issues it (the signature is not checked here). */
export function fakeChallengeToken(destinationConf = 's3://bucket/logs/{DATE}?region=us-east-1'): string {
  const part = (v: unknown) =>
    Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
  return [
    part({ alg: 'HS256', typ: 'JWT' }),
    part({ destination_conf: destinationConf, object_type: 'zone', exp: 1795000000 }),
    part('signature'),
  ].join('.');
}
