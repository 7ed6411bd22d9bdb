import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { ChallengeStore, ListedObject } from './challenge';

/** "Not there (yet)": NoSuchKey, or any 404 but a missing bucket, which no wait will fix. */
const isNotFound = (e: unknown): boolean => {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return (
    err.name === 'NoSuchKey' ||
    err.name === 'NotFound' ||
    (err.$metadata?.httpStatusCode === 404 && err.name !== 'NoSuchBucket')
  );
};

/** A {@link ChallengeStore} over S3. Bodies are read as raw bytes: nothing is decoded on the way. */
export function s3ChallengeStore(client: S3Client): ChallengeStore {
  return {
    async get(bucket, key) {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        const body = out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
        return { body, ...(out.VersionId ? { versionId: out.VersionId } : {}) };
      } catch (e) {
        if (isNotFound(e)) return undefined;
        throw e;
      }
    },
    async list(bucket, prefix) {
      const found: ListedObject[] = [];
      let token: string | undefined;
      do {
        const out = await client.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
        );
        for (const o of out.Contents ?? []) {
          if (o.Key) found.push({ key: o.Key, lastModified: o.LastModified ?? new Date(0) });
        }
        token = out.IsTruncated ? out.NextContinuationToken : undefined;
      } while (token);
      return found;
    },
    async delete(bucket, key, versionId) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
    },
  };
}
