/**
 * The e2e runner's Cloudflare side of a challenge (`challengeDelivery`, ./runner.ts) under the load of
 * the fleet example: many challenges into ONE bucket at once, each file read and deleted by a
 * "handler" a moment later, while moto (which denies every object request under a conditional Deny)
 * needs the bucket's TLS-only Deny lifted. Every delivery and every handler call must succeed, and
 * the applied policy must be back byte for byte at the end; a challenge outside the grant is still
 * refused (the lift never hides a broken grant). Regression test of the fleet e2e's flake: one of 92
 * challenges failed with moto's empty 403 ("UnknownError") when a write raced the lift. With the
 * 0-40 ms jitter on PutBucketPolicy below, the runner of commit cf17478 fails the first test the
 * same way ("Unknown: UnknownError" at the challenge's PutObject).
 */
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetBucketPolicyCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import {
  cloudflareWriteStatement,
  denyInsecureTransportStatement,
  denyUnencryptedPutStatement,
} from '../../src/policy';
import { motoAvailable, s3ClientFor, startMoto, type MotoServer } from '../support/moto';
import { challengeDelivery, PolicyLifts } from './runner';

const BUCKET = 'acme-cloudflare-logs';
const conf = (dataset: string) => `s3://${BUCKET}/cloudflare/${dataset}/{DATE}?region=us-west-2&sse=AES256`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

(motoAvailable() ? describe : describe.skip)('e2e runner: challenge delivery into one bucket', () => {
  jest.setTimeout(120_000);
  let moto: MotoServer;
  let s3: S3Client;
  let applied: string;
  /**
   * The runner's client as a loaded machine sees it: each PutBucketPolicy reaches moto 0-40 ms late,
   * so two requests sent in one order may land in the other (moto serves each on its own thread).
   */
  let jittery: S3Client;

  beforeAll(async () => {
    moto = await startMoto({ tls: true });
    s3 = s3ClientFor(moto.endpoint);
    jittery = s3ClientFor(moto.endpoint);
    let seed = 11;
    jittery.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'PutBucketPolicyCommand') {
          seed = (seed * 1103515245 + 12345) % 2 ** 31;
          await sleep((seed / 2 ** 31) * 40);
        }
        return next(args);
      },
      { step: 'finalizeRequest', name: 'policyJitter' },
    );
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    applied = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        cloudflareWriteStatement(BUCKET, 'cloudflare/http_requests'),
        cloudflareWriteStatement(BUCKET, 'cloudflare/firewall_events'),
        denyInsecureTransportStatement(BUCKET),
        denyUnencryptedPutStatement(BUCKET),
      ],
    });
    await s3.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: applied }));
  });
  afterAll(async () => moto?.stop());

  test('60 challenges arriving while earlier lifts end, with their handlers, all succeed; the applied policy is back byte for byte', async () => {
    const lifts = new PolicyLifts(jittery);
    const deliver = challengeDelivery(jittery, lifts);
    const day = '20261129';
    const handled: string[] = [];
    // Deterministic arrivals over ~1.5 s, some at the same instant (Terraform's -parallelism); the
    // handler deletes each file within 0-40 ms, so lifts end (and are restored) all the time and
    // new challenges keep arriving while a restore or a lift is on its way to moto.
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const plan = Array.from({ length: 60 }, () => ({
      start: Math.floor(next() * 30) * 50,
      handle: next() * 40,
    }));
    await Promise.all(
      plan.map(async ({ start, handle }, n) => {
        await sleep(start);
        const dataset = n % 2 ? 'http_requests' : 'firewall_events';
        const key = `cloudflare/${dataset}/${day}/ownership-challenge-${n}.txt`;
        await deliver(conf(dataset), `${BUCKET}/${key}`, `token-${n}`);
        // The ownership handler: reads the file, then deletes it (as Terraform's invocation would).
        await sleep(handle);
        await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
        await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: key }));
        handled.push(key);
      }),
    );
    await lifts.settle();
    expect(handled).toHaveLength(60);
    const now = await s3.send(new GetBucketPolicyCommand({ Bucket: BUCKET }));
    expect(now.Policy).toBe(applied);
    // No file is left, and the applied policy is in force again at moto (its conditional Deny: an empty 403).
    expect((await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents ?? []).toEqual([]);
    await expect(
      s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'cloudflare/http_requests/x', Body: 'x' })),
    ).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
  });

  test('fails for a challenge outside the grant: AccessDenied, no file written, the policy untouched', async () => {
    await s3.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: applied }));
    const lifts = new PolicyLifts(s3);
    const deliver = challengeDelivery(s3, lifts);
    const key = 'cloudflare/dns_logs/20261129/ownership-challenge-x.txt';
    await expect(deliver(conf('dns_logs'), `${BUCKET}/${key}`, 'token-x')).rejects.toThrow(
      /^AccessDenied: .* may not s3:PutObject acme-cloudflare-logs\/cloudflare\/dns_logs\//,
    );
    await lifts.settle();
    expect((await s3.send(new GetBucketPolicyCommand({ Bucket: BUCKET }))).Policy).toBe(applied);
    await expect(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))).rejects.toThrow();
  });
});
