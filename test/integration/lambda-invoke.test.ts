/**
 * The local Lambda Invoke endpoint (test/support/lambda-invoke.ts) against moto: functions are
 * created through it with the AWS SDK, as Terraform's AWS provider does, and invoked through it.
 * Skipped with one line when moto is missing (failed when CI requires the Terraform tier).
 */
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import {
  CreateFunctionCommand,
  GetFunctionCommand,
  InvokeCommand,
  LambdaClient,
  ListFunctionsCommand,
  UpdateFunctionCodeCommand,
} from '@aws-sdk/client-lambda';
import { startLambdaInvokeEndpoint, type LambdaInvokeEndpoint } from '../support/lambda-invoke';
import { clientConfigFor, motoAvailable, startMoto, type MotoServer } from '../support/moto';
import { writeZip } from '../support/zip';

const available = motoAvailable();
const required = process.env.REQUIRE_TERRAFORM_TIER === '1' && process.env.CI === 'true';
if (!available) console.log('lambda invoke endpoint tests skipped: python3 cannot import moto.server');

/** A handler module: reports its event, the variables asked for, and which packages it can load. */
const ECHO = `
exports.handler = async (event, context) => {
  if (event.fail) throw Object.assign(new Error('asked to fail'), { name: 'AskedError' });
  if (event.sleepMs) await new Promise((r) => setTimeout(r, event.sleepMs));
  console.log('echo handler ran');
  const loads = (m) => { try { require.resolve(m); return true; } catch { return false; } };
  return {
    event,
    env: Object.fromEntries((event.vars || []).map((k) => [k, process.env[k] ?? null])),
    sdk: loads('@aws-sdk/client-s3'),
    other: loads('yaml'),
    remaining: context.getRemainingTimeInMillis() > 0,
    functionName: context.functionName,
    version: 'v1',
  };
};
`;

const code = (source: string) => writeZip([{ name: 'src/echo.js', data: Buffer.from(source) }]);

(available ? describe : describe.skip)('the Lambda Invoke endpoint against moto', () => {
  jest.setTimeout(60_000);
  let moto: MotoServer;
  let endpoint: LambdaInvokeEndpoint;
  let lambda: LambdaClient;
  let role: string;

  beforeAll(async () => {
    moto = await startMoto();
    endpoint = await startLambdaInvokeEndpoint({
      motoUrl: moto.endpoint,
      environment: { ADDED_BY_TEST: 'added' },
    });
    lambda = new LambdaClient({ ...clientConfigFor(moto.endpoint), endpoint: endpoint.endpoint });
    const iam = new IAMClient(clientConfigFor(moto.endpoint));
    role = (
      await iam.send(
        new CreateRoleCommand({
          RoleName: 'echo',
          AssumeRolePolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
            ],
          }),
        }),
      )
    ).Role!.Arn!;
  });

  afterAll(async () => {
    await endpoint?.stop();
    await moto?.stop();
  });

  const create = (name: string, over: { timeout?: number; source?: string; client?: LambdaClient } = {}) =>
    (over.client ?? lambda).send(
      new CreateFunctionCommand({
        FunctionName: name,
        Runtime: 'nodejs22.x',
        Handler: 'src/echo.handler',
        Role: role,
        Timeout: over.timeout ?? 10,
        Code: { ZipFile: code(over.source ?? ECHO) },
        Environment: { Variables: { FROM_FUNCTION: 'function', ADDED_BY_TEST: 'function' } },
      }),
    );

  const invoke = async (name: string, event: unknown, logType?: 'Tail') => {
    const out = await lambda.send(
      new InvokeCommand({
        FunctionName: name,
        Payload: Buffer.from(JSON.stringify(event)),
        LogType: logType,
      }),
    );
    return {
      status: out.StatusCode,
      functionError: out.FunctionError,
      payload: JSON.parse(Buffer.from(out.Payload ?? []).toString('utf8')),
      log: out.LogResult ? Buffer.from(out.LogResult, 'base64').toString('utf8') : undefined,
    };
  };

  test('runs the uploaded code with the function environment, the added one and the runtime SDK only', async () => {
    await create('echo');
    const out = await invoke(
      'echo',
      { hello: 'world', vars: ['FROM_FUNCTION', 'ADDED_BY_TEST', 'AWS_LAMBDA_FUNCTION_NAME', 'HOME'] },
      'Tail',
    );
    expect(out).toMatchObject({
      status: 200,
      functionError: undefined,
      payload: {
        event: { hello: 'world' },
        env: {
          FROM_FUNCTION: 'function',
          ADDED_BY_TEST: 'added',
          AWS_LAMBDA_FUNCTION_NAME: 'echo',
          // a clean environment: nothing of the test process
          HOME: null,
        },
        sdk: true,
        other: false,
        remaining: true,
        functionName: 'echo',
        version: 'v1',
      },
    });
    expect(out.log).toContain('echo handler ran');
    expect((await endpoint.invocations()).at(-1)).toMatchObject({ functionName: 'echo', outcome: 'ok' });
  });

  test('every other call goes to moto: the function is there, and new code runs after UpdateFunctionCode', async () => {
    const listed = await lambda.send(new ListFunctionsCommand({}));
    expect(listed.Functions?.map((f) => f.FunctionName)).toContain('echo');
    const got = await lambda.send(new GetFunctionCommand({ FunctionName: 'echo' }));
    expect(got.Configuration?.Handler).toBe('src/echo.handler');
    await lambda.send(
      new UpdateFunctionCodeCommand({ FunctionName: 'echo', ZipFile: code(ECHO.replace("'v1'", "'v2'")) }),
    );
    const out = await invoke('echo', {});
    expect(out.payload.version).toBe('v2');
  });

  test('fails with the handler error as the Lambda API reports it (Unhandled)', async () => {
    const out = await invoke('echo', { fail: true });
    expect(out).toMatchObject({
      status: 200,
      functionError: 'Unhandled',
      payload: { errorType: 'AskedError', errorMessage: 'asked to fail' },
    });
    expect((await endpoint.invocations()).at(-1)).toMatchObject({
      outcome: 'Unhandled',
      errorType: 'AskedError',
    });
  });

  test('fails past the function timeout: the process is killed, Sandbox.Timedout', async () => {
    await create('slow', { timeout: 1 });
    const started = Date.now();
    const out = await invoke('slow', { sleepMs: 30_000 });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(out.functionError).toBe('Unhandled');
    expect(out.payload).toMatchObject({
      errorType: 'Sandbox.Timedout',
      errorMessage: expect.stringMatching(/Task timed out after 1\.00 seconds/),
    });
  });

  test('fails to run a function whose code did not pass through the endpoint', async () => {
    // (other code than the functions created through the endpoint: its SHA-256 was never seen)
    await create('bypassed', {
      client: new LambdaClient(clientConfigFor(moto.endpoint)),
      source: ECHO.replace("'v1'", "'bypassed'"),
    });
    await expect(invoke('bypassed', {})).rejects.toMatchObject({
      name: 'ServiceException',
      message: expect.stringMatching(/did not pass through this endpoint/),
    });
  });

  test('fails for a function that does not exist, as moto says', async () => {
    await expect(invoke('missing', {})).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});

if (!available && required) {
  test('fails when the terraform tier is required and moto is missing', () => {
    throw new Error('REQUIRE_TERRAFORM_TIER=1 but python3 cannot import moto.server');
  });
}
