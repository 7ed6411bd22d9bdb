/**
 * What the handler's AWS SDK clients share (S3 for the challenge, SSM for the token): the bounded
 * request handler options and the shape of an SDK error the handler reads.
 */

/**
 * `requestHandler` options with short connection and socket timeouts (the nodejs22.x runtime's SDK
 * builds its `NodeHttpHandler` from them, nothing else is imported). Older
 * @smithy/node-http-handler: `requestTimeout` is a socket idle timeout. Newer: a whole-request
 * timer that only warns unless `throwOnRequestTimeout`; `socketTimeout` is then the idle timeout.
 */
export function boundedRequestHandler(connectionTimeout: number, requestTimeout: number) {
  return { connectionTimeout, requestTimeout, socketTimeout: requestTimeout, throwOnRequestTimeout: true };
}

/** The fields of an AWS SDK v3 error the handler reads. */
export interface SdkError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}
