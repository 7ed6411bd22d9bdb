/** The allow-list for S3 and API endpoint overrides, shared by `ownership-token`, `status` and the API client. */
import { CliError, EXIT } from './io';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * An endpoint value as an error message may show it: scheme, host, port and path, never the
 * credentials (`user:secret@`), query (a presigned signature) or fragment, each replaced by `***`;
 * a value that is not a URL is not shown at all (it may be a secret pasted into the wrong option).
 */
export function shownEndpoint(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return '(not a URL; its value is not shown)';
  }
  const userinfo = url.username || url.password ? '***@' : '';
  return `"${url.protocol}//${userinfo}${url.host}${url.pathname === '/' ? '' : url.pathname}${url.search ? '?***' : ''}${url.hash ? '#***' : ''}"`;
}

/**
 * The S3 endpoint override, checked against the allow-list: `https://` anywhere, `http://` only on
 * loopback (127.0.0.1, ::1, localhost: a local emulator); no credentials, path or query in the URL.
 * Throws a usage error otherwise. The source names where it came from (option or variable).
 */
export function checkEndpoint(value: string, source: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CliError(`${source} ${shownEndpoint(value)} is not a URL`, EXIT.usage, 'ENDPOINT_NOT_ALLOWED');
  }
  const loopback = LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new CliError(
      `${source} ${shownEndpoint(value)} is not allowed: use https://, or http:// only on a loopback host (127.0.0.1, ::1, localhost)`,
      EXIT.usage,
      'ENDPOINT_NOT_ALLOWED',
    );
  }
  if (
    url.username ||
    url.password ||
    (url.pathname !== '/' && url.pathname !== '') ||
    url.search ||
    url.hash
  ) {
    throw new CliError(
      `${source} ${shownEndpoint(value)} is not allowed: give scheme, host and port only`,
      EXIT.usage,
      'ENDPOINT_NOT_ALLOWED',
    );
  }
  return url.origin;
}
