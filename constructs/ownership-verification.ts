import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsSsmParameter } from '@cdktf/provider-aws/lib/data-aws-ssm-parameter';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaInvocation } from '@cdktf/provider-aws/lib/lambda-invocation';
import { LogpushOwnershipChallenge } from '@cdktf/provider-cloudflare/lib/logpush-ownership-challenge';
import {
  Annotations,
  AssetType,
  DefaultTokenResolver,
  StringConcat,
  TerraformLocal,
  Fn,
  Lazy,
  TerraformAsset,
  TerraformStack,
  TerraformVariable,
  Token,
  Tokenization,
  type TerraformProvider,
} from 'cdktf';
import { Construct } from 'constructs';
import * as fs from 'fs';
import * as path from 'path';
import { LogpushError, LogpushValidationError, type PropIssue } from '../src/errors';
import {
  CHALLENGE_BASENAME,
  HANDLER_ENTRY,
  HANDLER_FILE,
  OWNERSHIP_FUNCTION_TIMEOUT_SECONDS,
  OWNERSHIP_PARAMETER_ROOT,
  OWNERSHIP_TOKEN_STORE,
  ownershipParameterPattern,
  RESULT_PARAMETER_KEY,
  type OwnershipInvocationInput,
} from '../src/ownership/contract';
import {
  bucketArn,
  objectArn,
  PolicyBuilder,
  ROLE_INLINE_POLICY_MAX_CHARS,
  ssmParameterArn,
} from '../src/policy';
import { parseProps } from '../src/schema';
import { terraformLiteralOrThrow } from '../src/terraform-literal';
import type { Assert, SameShape } from '../src/type-checks';
import type { z } from 'zod';
import { LogBucket, logBucketSchema } from './log-bucket';
import { validatePolicySize } from './private/policy-size';
import { checkScope, schemas, subjectOf, validating } from './private/schemas';

/** Options of the custom-resource ownership verification. */
export interface CustomResourceOwnershipOptions {
  /**
   * Keep the challenge file in the bucket after the token was read.
   *
   * @default false - the file is deleted (all its versions), so no log consumer ever ingests it
   */
  readonly keepChallengeFile?: boolean;
}

/** What a pipeline hands to its ownership verification. */
export interface OwnershipBindContext {
  /** The bucket Cloudflare writes to. */
  readonly bucket: LogBucket;
  /** The pipeline's key prefix. */
  readonly prefix: string;
  /** The exact `destination_conf` of the job. */
  readonly destinationConf: string;
  readonly zoneId?: string;
  readonly accountId?: string;
  /** Cloudflare provider for the challenge resource. */
  readonly cloudflareProvider?: TerraformProvider;
  /** AWS provider for the token invocation. */
  readonly awsProvider?: TerraformProvider;
}

/**
 * What an ownership input gives a provider that has no challenge resource of its own (IBM CIS):
 * the checked token and the warnings its user should see, or the issue that refuses the input.
 *
 * @internal
 */
export type ProviderNeutralToken =
  { readonly token: string; readonly warnings: readonly string[] } | { readonly issue: PropIssue };

const OWNERSHIP_VERIFICATION_BRAND = Symbol.for('cdktf-logpush/OwnershipVerification');

/**
 * How a Logpush job proves to Cloudflare that its owner controls the destination bucket.
 *
 * Cloudflare writes a token (a JWT valid for 7 days) into the bucket when asked for an ownership
 * challenge, and only creates a job (or changes its `destination_conf`) with that token.
 *
 * @see https://developers.cloudflare.com/logs/logpush/logpush-job/logpush-ownership-challenge/
 */
export abstract class OwnershipVerification {
  /**
   * Whether `x` is an OwnershipVerification, also one made by another installed copy of this
   * package (where `instanceof` fails).
   */
  public static isOwnershipVerification(x: unknown): x is OwnershipVerification {
    return typeof x === 'object' && x !== null && OWNERSHIP_VERIFICATION_BRAND in x;
  }

  /**
   * Requests the challenge and reads the token in the same apply: a
   * `cloudflare_logpush_ownership_challenge` per pipeline, and an `aws_lambda_invocation`
   * (`lifecycle_scope = "CRUD"`) of one Lambda function per stack that reads the challenge object,
   * decodes it, keeps the token in an SSM Parameter Store SecureString (one per pipeline, deleted
   * with the invocation) and deletes the file; a `data "aws_ssm_parameter"` reads it back. The token
   * lives in that parameter and in Terraform state, never in the synthesized JSON or a plan.
   */
  public static customResource(options: CustomResourceOwnershipOptions = {}): OwnershipVerification {
    return new CustomResourceVerification(options);
  }

  /**
   * Uses a token obtained by hand, e.g. a sensitive `TerraformVariable`. It must be a Terraform
   * reference: a literal token would be written into the synthesized JSON.
   */
  public static fromToken(token: string): OwnershipVerification {
    if (!Token.isUnresolved(token)) {
      throw new LogpushValidationError('OwnershipVerification.fromToken', [
        {
          path: 'token',
          message:
            'must be a Terraform reference such as a sensitive TerraformVariable, not a literal: a literal token would be written into cdk.tf.json',
          hasValue: false,
          code: 'TOKEN_LITERAL_IN_JSON',
        },
      ]);
    }
    return new TokenVerification(token);
  }

  /**
   * Defines what the verification needs in `scope` and returns the token for the job.
   *
   * @internal
   */
  public abstract _bind(scope: Construct, context: OwnershipBindContext): string;

  protected constructor() {
    Object.defineProperty(this, OWNERSHIP_VERIFICATION_BRAND, { value: true });
  }

  /**
   * The token for a provider without a challenge resource of its own (IBM CIS), checked and
   * defining nothing: `fromToken`'s token, refused as on Cloudflare when it would write a literal
   * into the JSON (`TOKEN_LITERAL_IN_JSON`). Every other verification requests the challenge with
   * Cloudflare's resource and reads it with AWS's, so it is refused (`OWNERSHIP_NEEDS_TOKEN`).
   *
   * @param _scope where the token's references are resolved (the caller's scope)
   * @internal
   */
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- refused whatever the scope; fromToken's override reads it
  public _providerNeutralToken(_scope: Construct): ProviderNeutralToken {
    return {
      issue: {
        path: 'ownership',
        message:
          "must be OwnershipVerification.fromToken(token): this verification requests the challenge with Cloudflare's " +
          'ownership challenge resource and reads it with an AWS Lambda function from S3, and this provider has neither',
        value: this,
        hasValue: true,
        code: 'OWNERSHIP_NEEDS_TOKEN',
      },
    };
  }
}

class TokenVerification extends OwnershipVerification {
  constructor(private readonly token: string) {
    super();
  }

  public _bind(scope: Construct): string {
    const checked = this._providerNeutralToken(scope);
    if ('issue' in checked) {
      throw new LogpushValidationError('OwnershipVerification.fromToken', [checked.issue]);
    }
    for (const warning of checked.warnings) Annotations.of(scope).addWarning(warning);
    return checked.token;
  }

  public override _providerNeutralToken(scope: Construct): ProviderNeutralToken {
    const literal = literalTokenProblem(scope, this.token);
    if (literal !== undefined) {
      return {
        issue: {
          path: 'token',
          message: `${literal}: the token would be written into cdk.tf.json (and Terraform's plan); pass a sensitive TerraformVariable without a default, or a resource attribute`,
          hasValue: false,
          code: 'TOKEN_LITERAL_IN_JSON',
        },
      };
    }
    const warnings = referencedVariables(this.token)
      .filter((variable) => variable.sensitive !== true)
      .map(
        (variable) =>
          `the ownership token comes from variable ${variable.node.path}, which is not sensitive: Terraform prints its value in plans and logs. Declare it with sensitive: true`,
      );
    return { token: this.token, warnings };
  }
}

/** A quoted HCL string literal inside an expression. */
const QUOTED = /"(?:[^"\\]|\\.)*"/g;
/** A traversal that reads something Terraform knows only at plan or apply: var.x, local.x, a resource, data, module. */
const REFERENCE = /(?:^|[^A-Za-z0-9_."])([A-Za-z_][A-Za-z0-9_-]*)\.([A-Za-z_][A-Za-z0-9_-]*)/g;
/** Three base64url segments: a JWT written as a literal. */
const JWT_LITERAL = /"[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*"/;

/**
 * Why `token` would put a literal token into the synthesized JSON, or undefined: it resolves to
 * text without any expression (`Lazy.stringValue`), to an expression of literals only
 * (`Fn.trimspace("eyJ...")`, `Fn.join` of literals), holds a JWT-shaped literal, refers to a
 * variable with a `default`, or to a local whose expression is one of those.
 */
function literalTokenProblem(scope: Construct, token: unknown, depth = 0): string | undefined {
  if (depth > 8) return undefined;
  let resolved: unknown;
  try {
    resolved = Tokenization.resolve(token, {
      scope,
      preparing: false,
      resolver: new DefaultTokenResolver(new StringConcat()),
    });
  } catch {
    return undefined; // resolvable only at synth: nothing literal to see now
  }
  if (typeof resolved !== 'string') return undefined;
  if (!resolved.includes('${')) return 'it resolves to a literal string, not a Terraform expression';
  if (JWT_LITERAL.test(resolved)) return 'its expression holds a literal token';
  const code = resolved.replace(QUOTED, '""');
  const refs = [...code.matchAll(REFERENCE)].map((m) => [m[1]!, m[2]!] as const);
  if (refs.length === 0) return 'its expression is built from literals only';
  const stack = TerraformStack.of(scope);
  for (const [kind, name] of refs) {
    if (kind === 'var') {
      const variable = findElement(stack, name, TerraformVariable);
      const value = (variable as { default?: unknown } | undefined)?.default;
      // An empty default (a token needed by the first apply only, as the IBM CIS example does) writes nothing.
      if (variable && value !== undefined && value !== null && String(value).trim() !== '') {
        return `variable ${variable.node.path} has a default, which is written into the JSON`;
      }
    } else if (kind === 'local') {
      const local = findElement(stack, name, TerraformLocal);
      if (local) {
        // cdktf 0.21's `expression` getter answers a reference to the local itself; the value is
        // kept in `_expression` (lib/terraform-local.js).
        const inner = literalTokenProblem(
          scope,
          (local as unknown as { _expression?: unknown })._expression,
          depth + 1,
        );
        if (inner !== undefined) return `local ${local.node.path}: ${inner}`;
      }
    }
  }
  return undefined;
}

/** The element of `stack` of class `type` whose logical id is `name`. */
function findElement<T extends TerraformVariable | TerraformLocal>(
  stack: TerraformStack,
  name: string,
  type: new (...args: never[]) => T,
): T | undefined {
  const direct = stack.node.tryFindChild(name);
  if (direct instanceof type && direct.friendlyUniqueId === name) return direct;
  return stack.node.findAll().find((c): c is T => c instanceof type && c.friendlyUniqueId === name);
}

/** The TerraformVariables a token refers to directly (`var.<id>` references). */
function referencedVariables(token: string): TerraformVariable[] {
  const found: TerraformVariable[] = [];
  for (const t of Tokenization.reverseString(token).tokens) {
    const ref = t as { identifier?: unknown; originStack?: unknown };
    if (typeof ref.identifier !== 'string' || !ref.identifier.startsWith('var.')) continue;
    if (!TerraformStack.isStack(ref.originStack)) continue;
    const name = ref.identifier.slice('var.'.length);
    // A variable is usually a direct child of its stack, id = logical id: look there first, since
    // walking the whole stack for every pipeline is quadratic in the size of a fleet.
    const direct = ref.originStack.node.tryFindChild(name);
    if (direct instanceof TerraformVariable && direct.friendlyUniqueId === name) {
      found.push(direct);
      continue;
    }
    for (const c of ref.originStack.node.findAll()) {
      if (c instanceof TerraformVariable && c.friendlyUniqueId === name) found.push(c);
    }
  }
  return found;
}

class CustomResourceVerification extends OwnershipVerification {
  constructor(private readonly options: CustomResourceOwnershipOptions) {
    super();
  }

  public _bind(scope: Construct, ctx: OwnershipBindContext): string {
    const sameStack = TerraformStack.of(scope) === TerraformStack.of(ctx.bucket);
    const challenge = new LogpushOwnershipChallenge(scope, 'Challenge', {
      provider: ctx.cloudflareProvider,
      zoneId: ctx.zoneId,
      accountId: ctx.accountId,
      destinationConf: ctx.destinationConf,
      // Cloudflare writes the file as soon as the challenge is requested: the grant must be in place.
      // (Across stacks, the pipeline's stack depends on the bucket's stack instead.)
      dependsOn: sameStack ? [ctx.bucket.policy] : undefined,
    });
    const reader = new OwnershipTokenReader(scope, 'Verification', {
      bucket: ctx.bucket,
      prefix: ctx.prefix,
      destinationConf: ctx.destinationConf,
      filename: challenge.filename,
      keepChallengeFile: this.options.keepChallengeFile,
      provider: ctx.awsProvider,
    });
    return reader.token;
  }
}

/** Properties of an {@link OwnershipTokenReader}. */
export interface OwnershipTokenReaderProps {
  /** The bucket Cloudflare wrote the challenge into. */
  readonly bucket: LogBucket;
  /** The job's key prefix: the challenge file lies under `<prefix>/`. */
  readonly prefix: string;
  /**
   * The `destination_conf` the challenge was requested for. A new value re-reads the token.
   */
  readonly destinationConf: string;
  /**
   * The challenge's `filename` (`cloudflare_logpush_ownership_challenge.filename`).
   *
   * @default - `<prefix>/ownership-challenge.txt`, the name Cloudflare documents (never another file)
   */
  readonly filename?: string;
  /**
   * Keep the challenge file after reading it.
   *
   * @default false
   */
  readonly keepChallengeFile?: boolean;
  /**
   * The AWS provider of the invocation.
   *
   * @default - the bucket's provider when in the bucket's stack, else the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * Reads an ownership challenge token from the bucket in the same apply: an `aws_lambda_invocation`
 * (`lifecycle_scope = "CRUD"`) of the bucket stack's ownership function, which keeps the token in
 * an SSM Parameter Store SecureString and returns only the parameter's name and version, and a
 * `data "aws_ssm_parameter"` that reads it back. {@link LogpushPipeline} defines one per pipeline;
 * use it directly when the challenge is requested some other way.
 *
 * The token is never in the synthesized JSON (it holds the expression) nor in a plan: the
 * invocation's `result` is not a sensitive attribute (hashicorp/aws 5.100.0), the parameter's
 * `value` is. It lives in the parameter and in Terraform state.
 */
export class OwnershipTokenReader extends Construct {
  /** The token: the `value` of the `aws_ssm_parameter` data source (a sensitive attribute). @attribute */
  public readonly token: string;
  /** The `aws_lambda_invocation`. */
  public readonly invocation: LambdaInvocation;
  /** The `data "aws_ssm_parameter"` that reads the token the invocation kept. */
  public readonly parameter: DataAwsSsmParameter;

  constructor(scope: Construct, id: string, props: OwnershipTokenReaderProps) {
    const p = validating(scope, id, () => {
      checkScope('OwnershipTokenReader', scope, id);
      const subject = subjectOf('OwnershipTokenReader', id);
      const parsed = parseProps(subject, tokenReaderPropsSchema(), props);
      // Both go into the invocation's jsonencode(...) expression, which cdktf writes without escaping
      // quotes: only text that is data there passes (src/terraform-literal.ts).
      for (const [path, value] of [
        ['destinationConf', parsed.destinationConf],
        ['filename', parsed.filename],
      ] as const) {
        if (value !== undefined) {
          terraformLiteralOrThrow(subject, path, value, { tokens: true, context: 'expression' });
        }
      }
      return parsed;
    });
    const { bucket, provider } = p;
    super(scope, id);
    const fn = OwnershipVerificationFunction.getOrCreate(bucket);
    fn.allowChallengeAccess(bucket);
    const sameStack = TerraformStack.of(this) === TerraformStack.of(bucket);
    if (!sameStack) TerraformStack.of(this).addDependency(TerraformStack.of(bucket));
    const awsProvider = provider ?? (sameStack ? fn.provider : undefined);
    this.invocation = new LambdaInvocation(this, 'Resource', {
      provider: awsProvider,
      functionName: fn.functionName,
      lifecycleScope: 'CRUD',
      input: Fn.jsonencode({
        bucket: bucket.bucketName,
        region: bucket.region,
        prefix: p.prefix,
        filename: p.filename ?? '',
        // A new challenge (new destination_conf or scope) changes the input and so re-reads the token.
        destinationConf: p.destinationConf,
        keepChallengeFile: p.keepChallengeFile ?? false,
        tokenStore: OWNERSHIP_TOKEN_STORE,
      } satisfies Required<OwnershipInvocationInput>),
    });
    // The invocation's result holds the parameter's name and version, never the token: `result` is
    // not a sensitive attribute in hashicorp/aws 5.100.0, and a plan that changes the invocation
    // prints its old value. `value` of data.aws_ssm_parameter is (`terraform providers schema`).
    // depends_on: when the invocation has changes, the read waits for the apply (the new token);
    // lookup(..., <root>): a result of an older version (a token, no `parameter`) still plans while
    // the invocation is updated to this version's input (`tokenStore`); the read waits for it. (Not
    // "": cdktf 0.21's Fn.lookup drops a falsy default.)
    this.parameter = new DataAwsSsmParameter(this, 'Token', {
      provider: awsProvider,
      name: Fn.lookup(Fn.jsondecode(this.invocation.result), RESULT_PARAMETER_KEY, OWNERSHIP_PARAMETER_ROOT),
      withDecryption: true,
      dependsOn: [this.invocation],
    });
    // sensitive(): belt and braces, for a provider version whose `value` would not be sensitive.
    this.token = Fn.sensitive(this.parameter.value);
  }
}

const FUNCTION_ID = 'LogpushOwnershipVerification';

/**
 * The directory the ownership handler is compiled into (`npm run build:handler`), found from the
 * package root above `from` (this module's directory by default).
 *
 * @throws LogpushError `PACKAGE_ROOT_NOT_FOUND` or `OWNERSHIP_HANDLER_NOT_BUILT`
 */
export function ownershipHandlerDir(from: string = __dirname): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new LogpushError(`cdktf-logpush: no package.json above ${from}`, 'PACKAGE_ROOT_NOT_FOUND');
    }
    dir = parent;
  }
  const handlerDir = path.join(dir, 'lib', 'ownership-handler');
  if (!fs.existsSync(path.join(handlerDir, HANDLER_FILE))) {
    // A source checkout used before `npm run build`: the user can fix it, so it has a code.
    throw new LogpushError(
      `cdktf-logpush: the ownership handler is not built in ${handlerDir}; run "npm run build:handler"`,
      'OWNERSHIP_HANDLER_NOT_BUILT',
    );
  }
  return handlerDir;
}

/**
 * The stack's single ownership-verification Lambda function, its role and its log group: one per
 * stack however many pipelines use it (like aws-cdk's custom resource providers). Define it through
 * {@link OwnershipVerificationFunction.getOrCreate}.
 */
export class OwnershipVerificationFunction extends Construct {
  /**
   * The instance of the bucket's stack, defined on first use with the provider of the first bucket.
   * It lives beside the buckets it serves, so a pipeline in another stack (a Cloudflare stack)
   * only invokes it.
   */
  public static getOrCreate(bucket: LogBucket): OwnershipVerificationFunction {
    const stack = TerraformStack.of(bucket);
    const existing = stack.node.tryFindChild(FUNCTION_ID) as OwnershipVerificationFunction | undefined;
    return existing ?? new OwnershipVerificationFunction(stack, FUNCTION_ID, bucket.resource.provider);
  }

  /** The `aws_lambda_function`. */
  public readonly function: LambdaFunction;
  /** The function's name, as one token shared by every invocation. @attribute */
  public readonly functionName: string;
  /** The function's execution role. */
  public readonly role: IamRole;
  /** The AWS provider of the function's resources. */
  public readonly provider?: TerraformProvider;
  private readonly policyDocument = new PolicyBuilder();

  protected constructor(scope: Construct, id: string, provider?: TerraformProvider) {
    super(scope, id);
    this.provider = provider;
    const stackName = TerraformStack.of(this).node.id;
    const name = `${stackName.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 40)}-logpush-ownership`;

    const logGroup = new CloudwatchLogGroup(this, 'LogGroup', {
      provider,
      name: `/aws/lambda/${name}`,
      retentionInDays: 30,
    });
    this.role = new IamRole(this, 'Role', {
      provider,
      name,
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      }),
    });
    this.policyDocument.add({
      Sid: 'WriteOwnLogs',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: `${logGroup.arn}:*`,
    });
    const rolePolicy = new IamRolePolicy(this, 'RolePolicy', {
      provider,
      name: 'challenge-objects',
      role: this.role.id,
      policy: Lazy.stringValue({ produce: () => this.policyDocument.toJson() }),
    });
    validatePolicySize(
      this,
      `the policy of ${this.role.node.path}`,
      this.policyDocument,
      ROLE_INLINE_POLICY_MAX_CHARS,
    );
    const asset = new TerraformAsset(this, 'Code', { path: ownershipHandlerDir(), type: AssetType.ARCHIVE });
    this.function = new LambdaFunction(this, 'Resource', {
      provider,
      functionName: name,
      description: 'cdktf-logpush: reads Cloudflare Logpush ownership challenge tokens from S3',
      role: this.role.arn,
      runtime: 'nodejs22.x',
      handler: HANDLER_ENTRY,
      filename: asset.path,
      sourceCodeHash: asset.assetHash,
      timeout: OWNERSHIP_FUNCTION_TIMEOUT_SECONDS,
      memorySize: 256,
      dependsOn: [rolePolicy, logGroup],
    });
    this.functionName = this.function.functionName;
  }

  /**
   * Lets the function read and delete the challenge objects of `bucket` (`*ownership-challenge*`
   * keys), list the bucket's keys to find one, and write and delete the token parameters of the
   * bucket's pipelines (`/cdktf-logpush/ownership/<bucket>/*` in the bucket's region). Nothing else: no log object can be read, no other parameter written, none read. The
   * grant is per bucket, not per prefix, so the role's policy stays within IAM's 10,240 characters
   * however many pipelines a bucket has.
   */
  public allowChallengeAccess(bucket: LogBucket): void {
    this.policyDocument.add({
      Sid: 'ReadAndDeleteChallengeObjects',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:DeleteObject', 's3:DeleteObjectVersion'],
      Resource: objectArn(bucket.bucketName, `*${CHALLENGE_BASENAME}*`),
    });
    this.policyDocument.add({
      Sid: 'ListServedBuckets',
      Effect: 'Allow',
      Action: 's3:ListBucket',
      Resource: bucketArn(bucket.bucketName),
    });
    // The default aws/ssm key needs no kms grant: its key policy lets every principal of the
    // account use it through SSM (AWS Systems Manager User Guide, ps-restrict-decryption.html).
    this.policyDocument.add({
      Sid: 'KeepOwnershipTokens',
      Effect: 'Allow',
      Action: ['ssm:PutParameter', 'ssm:DeleteParameter'],
      // Any account: SSM writes and deletes only the caller's own parameters (a shared parameter
      // is read-only for other accounts), and the account would cost a Terraform expression of
      // ~90 characters per bucket in a policy capped at 10,240.
      Resource: ssmParameterArn(bucket.region, '*', ownershipParameterPattern(bucket.bucketName)),
    });
  }
}

/* Compile-time link between the props interface and its schema (see src/type-checks.ts). */
export type _TokenReaderPropsMatchSchema = Assert<
  SameShape<OwnershipTokenReaderProps, z.input<ReturnType<typeof tokenReaderPropsSchema>>>
>;

let cachedTokenReaderPropsSchema: ReturnType<typeof buildTokenReaderPropsSchema> | undefined;

/** OwnershipTokenReaderProps' schema. */
function tokenReaderPropsSchema(): ReturnType<typeof buildTokenReaderPropsSchema> {
  cachedTokenReaderPropsSchema ??= buildTokenReaderPropsSchema();
  return cachedTokenReaderPropsSchema;
}

function buildTokenReaderPropsSchema() {
  const { tokenReader, provider } = schemas();
  return tokenReader.extend({ bucket: logBucketSchema(), provider });
}
