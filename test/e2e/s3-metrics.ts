/**
 * moto 5.2 has no S3 request-metrics API: `PUT /<bucket>?metrics&id=<id>`
 * (PutBucketMetricsConfiguration) falls through to CreateBucket and fails with
 * IllegalLocationConstraintException outside us-east-1. This loopback proxy sits in front of moto
 * for S3 only: it keeps metrics configurations in memory per bucket and id (Put, Get, Delete,
 * as documented for the S3 API: https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketMetricsConfiguration.html)
 * and forwards every other request to moto unchanged. The XML body Terraform puts is returned as is
 * by Get, which is what S3 does for a configuration it stored.
 */
import * as http from 'http';
import * as https from 'https';

export interface S3MetricsProxy {
  readonly endpoint: string;
  stop(): Promise<void>;
}

const readBody = (req: http.IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

export async function startS3MetricsProxy(motoEndpoint: string): Promise<S3MetricsProxy> {
  const moto = new URL(motoEndpoint);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(moto.hostname)) {
    throw new Error(`s3-metrics: ${motoEndpoint} is not a loopback address`);
  }
  const configs = new Map<string, Buffer>();
  const server = http.createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const url = new URL(req.url ?? '/', 'http://proxy');
      const bucket = url.pathname.split('/')[1] ?? '';
      if (url.searchParams.has('metrics') && url.searchParams.has('id') && bucket) {
        const key = `${bucket}\n${url.searchParams.get('id')}`;
        if (req.method === 'PUT') {
          configs.set(key, body);
          res.writeHead(200).end();
        } else if (req.method === 'DELETE') {
          configs.delete(key);
          res.writeHead(204).end();
        } else if (req.method === 'GET' && configs.has(key)) {
          res.writeHead(200, { 'content-type': 'application/xml' }).end(configs.get(key));
        } else {
          res
            .writeHead(404, { 'content-type': 'application/xml' })
            .end(
              '<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchConfiguration</Code><Message>The specified configuration does not exist.</Message></Error>',
            );
        }
        return;
      }
      const upstream = (moto.protocol === 'https:' ? https : http).request(
        {
          host: moto.hostname,
          port: moto.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
          rejectUnauthorized: false,
        },
        (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        },
      );
      upstream.on('error', (e) => {
        if (!res.headersSent) res.writeHead(502);
        res.end(String(e));
      });
      upstream.end(body);
    })().catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(e));
    });
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
