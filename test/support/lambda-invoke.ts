/**
 * A local AWS Lambda `Invoke` endpoint for tests: point an AWS provider's (or SDK client's) Lambda
 * endpoint at it, and `Invoke` runs the function's PACKAGED code in a child Node process, the way
 * the Lambda service would, while every other Lambda API call (CreateFunction, GetFunction,
 * UpdateFunctionCode, DeleteFunction, tags, ...) goes to moto unchanged.
 *
 * ```ts
 * const moto = await startMoto({ tls: true });
 * const lambda = await startLambdaInvokeEndpoint({ motoUrl: moto.endpoint });
 * // provider "aws" { endpoints { lambda = lambda.endpoint, s3 = moto.endpoint, ... } }
 * // ... terraform apply: aws_lambda_function uploads through it, aws_lambda_invocation runs the code
 * expect(await lambda.invocations()).toContainEqual(expect.objectContaining({ outcome: 'ok' }));
 * await lambda.stop();
 * await moto.stop();
 * ```
 *
 * How it works
 * - The endpoint is a separate Node process (this file, started by {@link startLambdaInvokeEndpoint}
 *   through ts-node when it is TypeScript), so it keeps serving while the caller blocks, e.g. in a
 *   `spawnSync('terraform', ...)`. It listens on `http://127.0.0.1:<free port>` and talks to nothing
 *   but `motoUrl`, which must be a loopback address.
 * - Code: moto keeps a function's zip but does not give it back (GetFunction's `Code.Location` is an
 *   AWS URL). So the endpoint keeps the `ZipFile` of every CreateFunction / UpdateFunctionCode that
 *   passes through it, by SHA-256. An `Invoke` asks moto for the function (GetFunction, with the
 *   qualifier) and runs the zip whose SHA-256 is the function's `CodeSha256`: exactly the code moto
 *   holds for that version. A function whose code did not pass through the endpoint is refused
 *   (HTTP 500, `ServiceException`), never run from anywhere else.
 * - Runtime: `nodejs*` runtimes only. The zip is unpacked into a fresh task root; the handler
 *   (`<file>.<export>`) is required from it and called with the event (the request body, JSON) and a
 *   context (`awsRequestId`, `functionName`, `getRemainingTimeInMillis()`, ...), in a child
 *   `node` (this Node, not the runtime's version) with a clean environment: the function's own
 *   variables (GetFunction's `Environment.Variables`), then `options.environment`, then what the
 *   Lambda runtime sets itself (`AWS_REGION`, `AWS_LAMBDA_FUNCTION_NAME`, `LAMBDA_TASK_ROOT`,
 *   `_HANDLER`, `TZ`, credentials: moto's test keys). `NODE_PATH` holds the AWS SDK v3 packages
 *   (`@aws-sdk/*`) and nothing else, as the runtime provides them.
 * - Where the function's AWS SDK sends its calls is the function's business, as in AWS: the SDK
 *   reads `AWS_ENDPOINT_URL_<SERVICE>` / `AWS_ENDPOINT_URL` from the environment. Set them (and
 *   `NODE_TLS_REJECT_UNAUTHORIZED=0` for moto's self-signed certificate) in the function's
 *   environment, or in `options.environment` when the function's definition cannot be changed.
 * - Result, as the Lambda API returns it (API_Invoke): 200 with the handler's JSON result; when the
 *   handler throws, 200 with `X-Amz-Function-Error: Unhandled` and `{ errorType, errorMessage,
 *   trace }`; past the function's `Timeout`, the process is killed and the error is
 *   `Sandbox.Timedout`; `X-Amz-Log-Type: Tail` returns the last 4 KB of output in
 *   `X-Amz-Log-Result`; `InvocationType: Event` answers 202 and runs it in the background,
 *   `DryRun` answers 204.
 * - moto's own limits stay: it does not check signatures or IAM (run with test credentials).
 *
 * Sources: moto 5.2.1 `moto/awslambda/models.py` (`get_code`: `Code.Location` is
 * `https://awslambda-<region>-tasks.s3...amazonaws.com/<key>`; `_zipfile_content`: `CodeSha256` is
 * the base64 SHA-256 of the zip); hashicorp/terraform-provider-aws
 * `internal/service/lambda/invocation.go` (read at commit 0133e9ef35552b7396cf6cbd9b98bccfd24c7c26):
 * `aws_lambda_invocation` calls Invoke with `RequestResponse` and the qualifier (`$LATEST` by
 * default), and fails the apply with the payload when `FunctionError` is set.
 *
 * Every invocation is recorded (function, qualifier, outcome, error type, duration, log tail; never
 * the event or the result) before its answer is sent, and handed to the caller on request:
 * {@link LambdaInvokeEndpoint.invocations}, which asks the endpoint's process, so that it is
 * complete for every call answered so far, also right after a blocking `spawnSync`.
 *
 * The endpoint's process runs this very file (`require.main === module`): plain `node` when it is
 * JavaScript, `ts-node/register/transpile-only` when TypeScript. A bundler must keep it a file of
 * its own.
 */
import { GetFunctionCommand, LambdaClient, type FunctionConfiguration } from '@aws-sdk/client-lambda';
import { fork, spawn, type ChildProcess } from 'child_process';
import { createHash, randomUUID } from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import * as https from 'https';
import * as os from 'os';
import * as path from 'path';
import { clientConfigFor } from './moto';
import { readZip } from './zip';

export interface LambdaInvokeEndpointOptions {
  /** moto's endpoint, `http(s)://127.0.0.1:<port>`: every Lambda call but `Invoke` goes there unchanged. */
  readonly motoUrl: string;
  /**
   * Variables added to every function's environment, after its own (they win), e.g.
   * `AWS_ENDPOINT_URL_S3` when the function's definition cannot carry it.
   *
   * @default - none: the function's own environment only
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * The region the functions run in (`AWS_REGION`, `AWS_DEFAULT_REGION`).
   *
   * @default 'us-east-1'
   */
  readonly region?: string;
  /**
   * Also write each invocation's output to this process's stderr, prefixed with the function's name.
   *
   * @default false - kept in {@link LambdaInvocationRecord.logTail} only
   */
  readonly echoLogs?: boolean;
}

/** One `Invoke` the endpoint served. */
export interface LambdaInvocationRecord {
  readonly functionName: string;
  readonly qualifier: string;
  readonly requestId: string;
  /**
   * `ok`: the handler returned; `Unhandled`: it threw, timed out or its process died;
   * `refused`: the function was not run (not found, not a Node runtime, code not seen, bad event).
   */
  readonly outcome: 'ok' | 'Unhandled' | 'refused';
  /** The error's type when not ok: the handler's error name, `Sandbox.Timedout`, `Runtime.ExitError`, an API error code. */
  readonly errorType?: string;
  readonly durationMs: number;
  /** The last 4 KB of the function's stdout and stderr. */
  readonly logTail: string;
}

export interface LambdaInvokeEndpoint {
  /** `http://127.0.0.1:<port>`, for the AWS provider's `endpoints { lambda = ... }`. */
  readonly endpoint: string;
  /** Every invocation answered so far, in order (asked from the endpoint's process). */
  invocations(): Promise<readonly LambdaInvocationRecord[]>;
  /** Stops the endpoint (and any function still running); safe to call twice. */
  stop(): Promise<void>;
}

/** What the endpoint's process reports to its parent. */
type Report =
  | { readonly type: 'listening'; readonly port: number }
  | { readonly type: 'records'; readonly id: number; readonly records: LambdaInvocationRecord[] }
  | { readonly type: 'failed'; readonly message: string };

/** What the parent asks its endpoint's process. */
interface Ask {
  readonly type: 'records';
  readonly id: number;
}

const OPTIONS_VARIABLE = 'LAMBDA_INVOKE_ENDPOINT_OPTIONS';

/** The endpoint as a URL; refuses any host but 127.0.0.1, so that nothing leaves the machine. */
function loopback(endpoint: string): URL {
  const url = new URL(endpoint);
  if (url.hostname !== '127.0.0.1') throw new Error(`not a loopback endpoint: ${endpoint}`);
  return url;
}

/** The nearest directory above `from` holding `file`. */
function findUp(from: string, file: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, file))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no ${file} above ${from}`);
  }
}

/**
 * Starts the endpoint in its own process and resolves once it listens (at most 30 s).
 * Stop it with {@link LambdaInvokeEndpoint.stop}, also when the test fails.
 */
export async function startLambdaInvokeEndpoint(
  options: LambdaInvokeEndpointOptions,
): Promise<LambdaInvokeEndpoint> {
  loopback(options.motoUrl);
  const typescript = __filename.endsWith('.ts');
  const child = fork(__filename, [], {
    execArgv: typescript ? ['-r', require.resolve('ts-node/register/transpile-only')] : [],
    env: {
      ...process.env,
      [OPTIONS_VARIABLE]: JSON.stringify(options),
      ...(typescript
        ? { TS_NODE_PROJECT: path.join(findUp(__dirname, 'tsconfig.json'), 'tsconfig.json') }
        : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  // Both streams are drained (a full pipe would block the endpoint); echoed logs go to stderr.
  let output = '';
  const keep = (d: Buffer) => (output = (output + d.toString()).slice(-4000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', (d: Buffer) => {
    keep(d);
    if (options.echoLogs) process.stderr.write(d);
  });
  const asked = new Map<number, (records: LambdaInvocationRecord[]) => void>();
  let nextId = 0;
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error('did not listen within 30 s')), 30_000);
    const fail = (e: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`the Lambda Invoke endpoint could not start: ${e.message}\n${output}`));
    };
    child.on('error', fail);
    child.on('exit', (code, signal) => fail(new Error(`exited with ${code ?? signal}`)));
    child.on('message', (m: Report) => {
      if (m.type === 'listening') {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve(m.port);
      } else if (m.type === 'failed') {
        fail(new Error(m.message));
      } else if (m.type === 'records') {
        asked.get(m.id)?.(m.records);
        asked.delete(m.id);
      }
    });
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    invocations: () =>
      new Promise((resolve, reject) => {
        if (!child.connected) {
          reject(new Error('the Lambda Invoke endpoint has stopped'));
          return;
        }
        const id = nextId++;
        asked.set(id, resolve);
        child.send({ type: 'records', id } satisfies Ask);
      }),
    stop: () => terminate(child),
  };
}

/** Stops a process: SIGTERM, SIGKILL after 5 s; resolves once it has exited. Safe to call twice. */
async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exit;
  clearTimeout(force);
}

// ---------------------------------------------------------------------------------------------
// The endpoint's process
// ---------------------------------------------------------------------------------------------

/** The Lambda runtime's tail of logs returned with `X-Amz-Log-Type: Tail` (API_Invoke: "last 4 KB"). */
const LOG_TAIL_BYTES = 4096;

/**
 * The runtime bootstrap, run by `node -e` in the task root: reads the event from stdin, calls the
 * handler, writes `{ ok, payload }` to fd 3 (stdout and stderr stay the function's logs).
 */
const BOOTSTRAP = `'use strict';
const fs = require('fs');
const path = require('path');
const env = process.env;
const deadline = Date.now() + Number(env.AWS_LAMBDA_FUNCTION_TIMEOUT) * 1000;
const report = (o) => fs.writeSync(3, JSON.stringify(o));
const failure = (e) => {
  const err = e instanceof Error ? e : new Error(String(e));
  return { errorType: err.name || 'Error', errorMessage: err.message, trace: String(err.stack || '').split('\\n') };
};
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => (input += d));
process.stdin.on('end', async () => {
  try {
    const spec = env._HANDLER;
    const dot = spec.lastIndexOf('.');
    const mod = require(path.resolve(env.LAMBDA_TASK_ROOT, spec.slice(0, dot)));
    const fn = mod[spec.slice(dot + 1)];
    if (typeof fn !== 'function') {
      const e = new Error(spec + ' is undefined or not exported');
      e.name = 'Runtime.HandlerNotFound';
      throw e;
    }
    const context = {
      awsRequestId: env.LAMBDA_INVOKE_REQUEST_ID,
      functionName: env.AWS_LAMBDA_FUNCTION_NAME,
      functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
      invokedFunctionArn: env.LAMBDA_INVOKE_FUNCTION_ARN,
      memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
      logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
      callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    };
    const result = await fn(JSON.parse(input), context);
    report({ ok: true, payload: JSON.stringify(result === undefined ? null : result) });
  } catch (e) {
    report({ ok: false, payload: JSON.stringify(failure(e)) });
  }
  process.exit(0);
});
`;

interface Served {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

/** A Lambda API error, as the service answers it (`x-amzn-ErrorType`, JSON body). */
function apiError(status: number, type: string, message: string): Served {
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': type },
    body: Buffer.from(JSON.stringify({ Type: status < 500 ? 'User' : 'Service', message })),
  };
}

const readBody = (req: http.IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'content-length']);

/** Sends the request to moto as it came (method, path, headers, body); moto's answer is returned as it is. */
function forward(moto: URL, req: http.IncomingMessage, body: Buffer): Promise<Served> {
  const client = moto.protocol === 'https:' ? https : http;
  const headers = Object.fromEntries(
    Object.entries(req.headers).filter(([k]) => !HOP_BY_HOP.has(k.toLowerCase())),
  );
  return new Promise((resolve, reject) => {
    const upstream = client.request(
      {
        protocol: moto.protocol,
        hostname: moto.hostname,
        port: moto.port,
        method: req.method,
        path: req.url,
        headers: { ...headers, 'content-length': String(body.length) },
        // moto's self-signed certificate, on loopback only.
        rejectUnauthorized: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const out: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) {
            if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = Array.isArray(v) ? v.join(', ') : v;
          }
          resolve({ status: res.statusCode ?? 502, headers: out, body: Buffer.concat(chunks) });
        });
        res.on('error', reject);
      },
    );
    upstream.on('error', reject);
    upstream.end(body);
  });
}

/** The endpoint's state: the code seen, by SHA-256 (base64, as Lambda's `CodeSha256`), and unpacked task roots. */
class Endpoint {
  private readonly code = new Map<string, Buffer>();
  private readonly taskRoots = new Map<string, string>();
  private readonly work = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-invoke-'));
  private readonly sdkPath: string;
  private readonly lambda: LambdaClient;
  private readonly running = new Set<ChildProcess>();
  /** Every invocation answered, in order. */
  public readonly records: LambdaInvocationRecord[] = [];

  constructor(
    private readonly options: LambdaInvokeEndpointOptions,
    private readonly moto: URL,
  ) {
    this.lambda = new LambdaClient({
      ...clientConfigFor(options.motoUrl),
      region: this.region,
      maxAttempts: 1,
    });
    // The runtime's SDK: node_modules/@aws-sdk only (a link; its own dependencies resolve from where it lies).
    const sdk = path.dirname(path.dirname(require.resolve('@aws-sdk/client-s3/package.json')));
    this.sdkPath = path.join(this.work, 'runtime', 'node_modules');
    fs.mkdirSync(this.sdkPath, { recursive: true });
    fs.symlinkSync(sdk, path.join(this.sdkPath, '@aws-sdk'), 'dir');
  }

  private get region(): string {
    return this.options.region ?? 'us-east-1';
  }

  public async serve(req: http.IncomingMessage): Promise<Served> {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://endpoint');
    const invoke = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(url.pathname);
    if (invoke && req.method === 'POST') {
      return this.invoke(decodeURIComponent(invoke[1]!), url.searchParams.get('Qualifier'), req, body);
    }
    const answer = await forward(this.moto, req, body);
    // CreateFunction (POST .../functions) and UpdateFunctionCode (PUT .../functions/<name>/code):
    // keep the zip moto accepted.
    const uploads =
      (req.method === 'POST' && /^\/2015-03-31\/functions\/?$/.test(url.pathname)) ||
      (req.method === 'PUT' && /^\/2015-03-31\/functions\/[^/]+\/code$/.test(url.pathname));
    if (uploads && answer.status >= 200 && answer.status < 300) this.keepCode(body, answer.body);
    return answer;
  }

  private keepCode(request: Buffer, response: Buffer): void {
    const sent = JSON.parse(request.toString('utf8')) as { ZipFile?: string; Code?: { ZipFile?: string } };
    const zipFile = sent.Code?.ZipFile ?? sent.ZipFile;
    if (!zipFile) return; // code from S3 or an image: not run here
    const zip = Buffer.from(zipFile, 'base64');
    const sha = createHash('sha256').update(zip).digest('base64');
    const accepted = (JSON.parse(response.toString('utf8')) as FunctionConfiguration).CodeSha256;
    if (accepted !== undefined && accepted !== sha) {
      console.error(`lambda-invoke: moto's CodeSha256 ${accepted} is not the upload's ${sha}: not kept`);
      return;
    }
    this.code.set(sha, zip);
  }

  private async invoke(
    name: string,
    qualifierParam: string | null,
    req: http.IncomingMessage,
    payload: Buffer,
  ): Promise<Served> {
    const started = Date.now();
    const requestId = randomUUID();
    const qualifier = qualifierParam ?? '$LATEST';
    const record = (outcome: LambdaInvocationRecord['outcome'], errorType?: string, logTail = '') =>
      this.records.push({
        functionName: name,
        qualifier,
        requestId,
        outcome,
        ...(errorType ? { errorType } : {}),
        durationMs: Date.now() - started,
        logTail,
      });
    const refuse = (served: Served, type: string) => {
      record('refused', type);
      return served;
    };

    let config: FunctionConfiguration;
    try {
      const got = await this.lambda.send(
        new GetFunctionCommand({
          FunctionName: name,
          ...(qualifierParam ? { Qualifier: qualifierParam } : {}),
        }),
      );
      config = got.Configuration ?? {};
    } catch (e) {
      const err = e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
      const type = err.name ?? 'ServiceException';
      return refuse(apiError(err.$metadata?.httpStatusCode ?? 500, type, err.message ?? type), type);
    }
    if (!config.Runtime?.startsWith('nodejs') || !config.Handler) {
      return refuse(
        apiError(
          400,
          'InvalidRuntimeException',
          `runtime ${config.Runtime} is not run here: nodejs* with a handler only`,
        ),
        'InvalidRuntimeException',
      );
    }
    const zip = config.CodeSha256 ? this.code.get(config.CodeSha256) : undefined;
    if (!zip) {
      return refuse(
        apiError(
          500,
          'ServiceException',
          `the code of ${config.FunctionName} (CodeSha256 ${config.CodeSha256}) did not pass through this endpoint: create or update the function through it`,
        ),
        'ServiceException',
      );
    }
    let event: unknown;
    try {
      event = payload.length === 0 ? {} : JSON.parse(payload.toString('utf8'));
    } catch {
      return refuse(
        apiError(400, 'InvalidRequestContentException', 'Could not parse request body into json'),
        'InvalidRequestContentException',
      );
    }
    const invocationType = String(req.headers['x-amz-invocation-type'] ?? 'RequestResponse');
    if (invocationType === 'DryRun') {
      record('ok');
      return { status: 204, headers: {}, body: Buffer.alloc(0) };
    }
    const run = this.run(config, qualifier, requestId, zip, config.CodeSha256!, event);
    const finish = run.then((r) => {
      record(r.error ? 'Unhandled' : 'ok', r.error, r.logTail);
      return r;
    });
    if (invocationType === 'Event') {
      finish.catch((e: Error) => console.error(`lambda-invoke: ${name}: ${e.message}`));
      return { status: 202, headers: {}, body: Buffer.alloc(0) };
    }
    const r = await finish;
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-amz-executed-version': config.Version ?? '$LATEST',
      'x-amzn-requestid': requestId,
    };
    if (r.error) headers['x-amz-function-error'] = 'Unhandled';
    if (String(req.headers['x-amz-log-type'] ?? '') === 'Tail') {
      headers['x-amz-log-result'] = Buffer.from(r.logTail).toString('base64');
    }
    return { status: 200, headers, body: Buffer.from(r.payload) };
  }

  /** The task root of a zip: unpacked once, entries kept inside it. */
  private taskRoot(sha: string, zip: Buffer): string {
    const known = this.taskRoots.get(sha);
    if (known) return known;
    const root = path.join(this.work, `task-${this.taskRoots.size}`);
    for (const entry of readZip(zip)) {
      const target = path.resolve(root, entry.name);
      if (!target.startsWith(`${root}${path.sep}`)) {
        throw new Error(`zip entry outside the task root: ${entry.name}`);
      }
      if (entry.name.endsWith('/')) {
        fs.mkdirSync(target, { recursive: true });
        continue;
      }
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, entry.data);
    }
    fs.mkdirSync(root, { recursive: true });
    this.taskRoots.set(sha, root);
    return root;
  }

  private run(
    config: FunctionConfiguration,
    qualifier: string,
    requestId: string,
    zip: Buffer,
    sha: string,
    event: unknown,
  ): Promise<{ payload: string; error?: string; logTail: string }> {
    const root = this.taskRoot(sha, zip);
    const timeoutSeconds = config.Timeout ?? 3;
    const env: NodeJS.ProcessEnv = {
      ...(config.Environment?.Variables ?? {}),
      ...(this.options.environment ?? {}),
      // What the Lambda runtime sets itself (reserved: a function cannot set these).
      AWS_REGION: this.region,
      AWS_DEFAULT_REGION: this.region,
      AWS_EXECUTION_ENV: `AWS_Lambda_${config.Runtime}`,
      AWS_LAMBDA_FUNCTION_NAME: config.FunctionName,
      AWS_LAMBDA_FUNCTION_VERSION: config.Version ?? '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(config.MemorySize ?? 128),
      AWS_LAMBDA_FUNCTION_TIMEOUT: String(timeoutSeconds),
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${config.FunctionName}`,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_SESSION_TOKEN: 'test',
      LAMBDA_TASK_ROOT: root,
      LAMBDA_INVOKE_REQUEST_ID: requestId,
      LAMBDA_INVOKE_FUNCTION_ARN: `${config.FunctionArn ?? ''}${qualifier === '$LATEST' ? '' : `:${qualifier}`}`,
      _HANDLER: config.Handler,
      NODE_PATH: this.sdkPath,
      TZ: ':UTC',
      LANG: 'en_US.UTF-8',
    };
    return new Promise((resolve) => {
      const child = spawn(process.execPath, ['-e', BOOTSTRAP], {
        cwd: root,
        env,
        stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
      });
      this.running.add(child);
      let logs = '';
      const log = (d: Buffer) => {
        logs = (logs + d.toString()).slice(-LOG_TAIL_BYTES);
        if (this.options.echoLogs) {
          process.stderr.write(
            d
              .toString()
              .split('\n')
              .filter((l) => l)
              .map((l) => `[${config.FunctionName}] ${l}\n`)
              .join(''),
          );
        }
      };
      child.stdout!.on('data', log);
      child.stderr!.on('data', log);
      let result = '';
      (child.stdio[3] as NodeJS.ReadableStream).on('data', (d: Buffer) => (result += d.toString()));
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, timeoutSeconds * 1000);
      const error = (type: string, message: string) => ({
        payload: JSON.stringify({ errorType: type, errorMessage: message }),
        error: type,
        logTail: logs,
      });
      child.on('error', (e) => {
        clearTimeout(timer);
        this.running.delete(child);
        resolve(error('Runtime.ExitError', `RequestId: ${requestId} Error: ${e.message}`));
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        this.running.delete(child);
        if (timedOut) {
          resolve(
            error(
              'Sandbox.Timedout',
              `RequestId: ${requestId} Error: Task timed out after ${timeoutSeconds.toFixed(2)} seconds`,
            ),
          );
          return;
        }
        try {
          const out = JSON.parse(result) as { ok: boolean; payload: string };
          const type = out.ok ? undefined : (JSON.parse(out.payload) as { errorType?: string }).errorType;
          resolve({ payload: out.payload, ...(out.ok ? {} : { error: type ?? 'Error' }), logTail: logs });
        } catch {
          resolve(
            error(
              'Runtime.ExitError',
              `RequestId: ${requestId} Error: Runtime exited without providing a reason (${code ?? signal})`,
            ),
          );
        }
      });
      child.stdin!.end(JSON.stringify(event));
    });
  }

  public close(): void {
    for (const child of this.running) child.kill('SIGKILL');
    fs.rmSync(this.work, { recursive: true, force: true });
  }
}

/** The endpoint process's main: listens, reports its port, serves until told to stop. */
function main(): void {
  const send = (r: Report) => process.send?.(r);
  try {
    const options = JSON.parse(process.env[OPTIONS_VARIABLE] ?? '') as LambdaInvokeEndpointOptions;
    const endpoint = new Endpoint(options, loopback(options.motoUrl));
    process.on('message', (m: Ask) => {
      if (m.type === 'records') send({ type: 'records', id: m.id, records: endpoint.records });
    });
    const server = http.createServer((req, res) => {
      endpoint.serve(req).then(
        (r) => {
          res.writeHead(r.status, { ...r.headers, 'content-length': String(r.body.length) });
          res.end(r.body);
        },
        (e: Error) => {
          const r = apiError(502, 'ServiceException', `lambda-invoke: ${e.message}`);
          res.writeHead(r.status, r.headers);
          res.end(r.body);
        },
      );
    });
    const stop = () => {
      endpoint.close();
      server.close();
      process.exit(0);
    };
    process.on('SIGTERM', stop);
    // The parent is gone (a crashed test run): do not outlive it.
    process.on('disconnect', stop);
    server.listen(0, '127.0.0.1', () =>
      send({ type: 'listening', port: (server.address() as { port: number }).port }),
    );
  } catch (e) {
    send({ type: 'failed', message: (e as Error).message });
    process.exit(1);
  }
}

if (require.main === module) main();
