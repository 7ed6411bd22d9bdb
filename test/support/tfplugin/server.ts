/**
 * A tfplugin6 provider server in Node, started by Terraform as a plugin (hashicorp/go-plugin):
 * checks the magic cookie, listens on 127.0.0.1 with AutoMTLS (the client certificate from
 * `PLUGIN_CLIENT_CERT`, a server certificate for `localhost`), prints the handshake line
 * `1|6|tcp|127.0.0.1:PORT|grpc|<server certificate, base64 DER, no padding>`, serves the
 * `tfplugin6.Provider` service for one schema set, and exits at once on
 * `plugin.GRPCController/Shutdown`. See ../../../../shared/DOMAIN.md §12 and tfplugin6-minimal.proto (our
 * own declaration of the protocol 6.8 messages this server uses).
 *
 * The resources' behaviour beyond planning (what an API does) comes from `behaviours`; without one,
 * apply keeps the planned values and fills the unknowns (a fresh id, else null).
 */
import * as grpc from '@grpc/grpc-js';
import * as fs from 'fs';
import * as protobuf from 'protobufjs';
import { error, fillUnknowns, planChange, validate, type Diagnostic } from './plan';
import {
  blockType,
  typeJson,
  type Attribute,
  type Block,
  type NestedBlock,
  type ProviderSchemas,
  type ResourceSchema,
} from './schema';
import { fromMsgpack, toMsgpack, Unknown, type Obj, type Value } from './values';

export const MAGIC_COOKIE_KEY = 'TF_PLUGIN_MAGIC_COOKIE';
export const MAGIC_COOKIE_VALUE = 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2';

/** What a resource does against its API; every hook may throw (an error diagnostic). */
export interface ResourceBehaviour {
  create?(ctx: CallContext, planned: Obj, config: Obj): Promise<Obj>;
  update?(ctx: CallContext, prior: Obj, planned: Obj, config: Obj): Promise<Obj>;
  delete?(ctx: CallContext, prior: Obj): Promise<void>;
  /** The refreshed state, or null when the object is gone. */
  read?(ctx: CallContext, state: Obj): Promise<Obj | null>;
  import?(ctx: CallContext, id: string): Promise<Obj>;
  /** Extra validation of a (possibly partly unknown) configuration. */
  validate?(config: Obj): Diagnostic[];
}

export interface CallContext {
  /** The provider configuration Terraform sent to ConfigureProvider. */
  readonly provider: Obj;
  readonly env: NodeJS.ProcessEnv;
}

export type Behaviours = Record<string, ResourceBehaviour>;

interface Wire {
  msgpack?: Uint8Array;
  json?: Uint8Array;
}

const STRING_KIND_PLAIN = 0;

function attributeProto(a: Attribute): unknown {
  return {
    name: a.name,
    ...(a.nested
      ? {
          nested_type: {
            attributes: a.nested.attributes.map(attributeProto),
            nesting: a.nested.nesting.toUpperCase(),
          },
        }
      : { type: Buffer.from(JSON.stringify(typeJson(a.type!))) }),
    description: a.description ?? '',
    description_kind: STRING_KIND_PLAIN,
    required: !!a.required,
    optional: !!a.optional,
    computed: !!a.computed,
    sensitive: !!a.sensitive,
    deprecated: !!a.deprecated,
  };
}

function blockProto(b: Block): unknown {
  return {
    version: 0,
    attributes: b.attributes.map(attributeProto),
    block_types: b.blocks.map((nb: NestedBlock) => ({
      type_name: nb.name,
      block: blockProto(nb.block),
      nesting: nb.nesting.toUpperCase(),
      min_items: nb.minItems ?? 0,
      max_items: nb.maxItems ?? 0,
    })),
    description: '',
    description_kind: STRING_KIND_PLAIN,
    deprecated: false,
  };
}

const schemaProto = (s: ResourceSchema) => ({ version: s.version, block: blockProto(s.block) });

const diagProto = (d: Diagnostic) => ({
  severity: d.severity,
  summary: d.summary,
  detail: d.detail ?? '',
  ...(d.attribute ? { attribute: d.attribute } : {}),
});

/** Loads the protocol from the proto text (bundled as text). */
function loadProtocol(protoText: string): protobuf.Root {
  const root = protobuf.parse(protoText, { keepCase: true }).root;
  root.resolveAll();
  return root;
}

type Handler = (req: Record<string, unknown>) => Promise<Record<string, unknown>>;

/** The gRPC service definition of a protobuf service, with (de)serialization through protobufjs. */
function serviceDefinition(root: protobuf.Root, name: string): grpc.ServiceDefinition {
  const service = root.lookupService(name);
  const def: Record<string, grpc.MethodDefinition<object, object>> = {};
  for (const m of service.methodsArray) {
    m.resolve();
    const req = m.resolvedRequestType!;
    const res = m.resolvedResponseType!;
    def[m.name] = {
      path: `/${name}/${m.name}`,
      requestStream: false,
      responseStream: false,
      requestSerialize: (v: object) => Buffer.from(req.encode(req.fromObject(v)).finish()),
      requestDeserialize: (b: Buffer) =>
        req.toObject(req.decode(b), { enums: String, longs: Number, bytes: Buffer, defaults: false }),
      responseSerialize: (v: object) => Buffer.from(res.encode(res.fromObject(v)).finish()),
      responseDeserialize: (b: Buffer) => res.toObject(res.decode(b)),
    };
  }
  return def as grpc.ServiceDefinition;
}

/** A raw-bytes method (go-plugin's controller, stdio and broker services: only kept open or answered empty). */
function rawMethod(
  path: string,
  requestStream: boolean,
  responseStream: boolean,
): grpc.MethodDefinition<Buffer, Buffer> {
  return {
    path,
    requestStream,
    responseStream,
    requestSerialize: (b: Buffer) => b,
    requestDeserialize: (b: Buffer) => b,
    responseSerialize: (b: Buffer) => b,
    responseDeserialize: (b: Buffer) => b,
  };
}

export interface ServeOptions {
  readonly schemas: ProviderSchemas;
  readonly behaviours?: Behaviours;
  readonly protoText: string;
  /** PEM certificate and key the server presents (valid for localhost). */
  readonly cert: string;
  readonly key: string;
}

/** Serves the provider until Terraform shuts it down. */
export async function serve(options: ServeOptions): Promise<void> {
  if (process.env[MAGIC_COOKIE_KEY] !== MAGIC_COOKIE_VALUE) {
    process.stderr.write('This binary is a plugin. These are not meant to be executed directly.\n');
    process.exit(1);
  }
  const { schemas } = options;
  const behaviours = options.behaviours ?? {};
  const root = loadProtocol(options.protoText);
  let providerConfig: Obj = {};

  const resourceSchema = (type: string): ResourceSchema => {
    const s = schemas.resources[type] ?? schemas.dataSources[type];
    if (!s) throw new Error(`unknown resource type ${type}`);
    return s;
  };
  const decode = (w: Wire | undefined): Value => fromMsgpack(w?.msgpack);
  const encode = (v: Value, s: ResourceSchema): Wire => ({ msgpack: toMsgpack(v, blockType(s.block)) });
  const ctx = (): CallContext => ({ provider: providerConfig, env: process.env });

  const safe =
    (f: Handler): grpc.handleUnaryCall<Record<string, unknown>, Record<string, unknown>> =>
    (call, callback) => {
      f(call.request).then(
        (r) => callback(null, r),
        (e: unknown) =>
          callback(null, { diagnostics: [diagProto(error(e instanceof Error ? e.message : String(e)))] }),
      );
    };

  const capabilities = {
    plan_destroy: false,
    get_provider_schema_optional: false,
    move_resource_state: false,
  };
  const legacy = (s: ResourceSchema) => (s.legacyTypeSystem ? { legacy_type_system: true } : {});

  const impl: Record<string, Handler> = {
    async GetMetadata() {
      return {
        server_capabilities: capabilities,
        resources: Object.keys(schemas.resources).map((type_name) => ({ type_name })),
        data_sources: Object.keys(schemas.dataSources).map((type_name) => ({ type_name })),
      };
    },
    async GetProviderSchema() {
      return {
        provider: schemaProto(schemas.provider),
        resource_schemas: Object.fromEntries(
          Object.entries(schemas.resources).map(([k, v]) => [k, schemaProto(v)]),
        ),
        data_source_schemas: Object.fromEntries(
          Object.entries(schemas.dataSources).map(([k, v]) => [k, schemaProto(v)]),
        ),
        server_capabilities: capabilities,
      };
    },
    async ValidateProviderConfig(req) {
      const config = decode(req.config as Wire) as Obj | null;
      return { diagnostics: validate(schemas.provider.block, config).map(diagProto) };
    },
    async ValidateResourceConfig(req) {
      const type = req.type_name as string;
      const config = decode(req.config as Wire) as Obj | null;
      const diags = [
        ...validate(resourceSchema(type).block, config),
        ...(config ? (behaviours[type]?.validate?.(config) ?? []) : []),
      ];
      return { diagnostics: diags.map(diagProto) };
    },
    async ValidateDataResourceConfig(req) {
      const config = decode(req.config as Wire) as Obj | null;
      return { diagnostics: validate(resourceSchema(req.type_name as string).block, config).map(diagProto) };
    },
    async ConfigureProvider(req) {
      providerConfig = (decode(req.config as Wire) as Obj | null) ?? {};
      return { diagnostics: [] };
    },
    async UpgradeResourceState(req) {
      const raw = req.raw_state as { json?: Buffer } | undefined;
      return { upgraded_state: { json: raw?.json ?? Buffer.from('null') } };
    },
    async PlanResourceChange(req) {
      const type = req.type_name as string;
      const s = resourceSchema(type);
      const prior = decode(req.prior_state as Wire) as Obj | null;
      const proposed = decode(req.proposed_new_state as Wire) as Obj | null;
      const config = decode(req.config as Wire) as Obj | null;
      const { planned, requiresReplace } = planChange(s, prior, proposed, config);
      return {
        planned_state: encode(planned, s),
        requires_replace: requiresReplace.map((p) => ({
          steps: p.map((attribute_name) => ({ attribute_name })),
        })),
        planned_private: req.prior_private ?? Buffer.alloc(0),
        ...legacy(s),
      };
    },
    async ApplyResourceChange(req) {
      const type = req.type_name as string;
      const s = resourceSchema(type);
      const b = behaviours[type] ?? {};
      const prior = decode(req.prior_state as Wire) as Obj | null;
      const planned = decode(req.planned_state as Wire) as Obj | null;
      const config = (decode(req.config as Wire) as Obj | null) ?? {};
      let state: Obj | null;
      if (planned === null) {
        if (prior && b.delete) await b.delete(ctx(), prior);
        state = null;
      } else if (prior === null) {
        state = fillUnknowns(s.block, b.create ? await b.create(ctx(), planned, config) : planned);
      } else {
        state = fillUnknowns(s.block, b.update ? await b.update(ctx(), prior, planned, config) : planned);
      }
      return { new_state: encode(state, s), private: req.planned_private ?? Buffer.alloc(0), ...legacy(s) };
    },
    async ReadResource(req) {
      const type = req.type_name as string;
      const s = resourceSchema(type);
      const current = decode(req.current_state as Wire) as Obj | null;
      const b = behaviours[type];
      const state = current && b?.read ? await b.read(ctx(), current) : current;
      return { new_state: encode(state, s), private: req.private ?? Buffer.alloc(0) };
    },
    async ImportResourceState(req) {
      const type = req.type_name as string;
      const b = behaviours[type];
      if (!b?.import) {
        return {
          diagnostics: [diagProto(error('Resource Import Not Implemented', `${type} cannot be imported`))],
        };
      }
      const state = await b.import(ctx(), req.id as string);
      return { imported_resources: [{ type_name: type, state: encode(state, resourceSchema(type)) }] };
    },
    async MoveResourceState() {
      return { diagnostics: [diagProto(error('Move Resource State Not Supported'))] };
    },
    async ReadDataSource(req) {
      const type = req.type_name as string;
      const s = resourceSchema(type);
      const config = (decode(req.config as Wire) as Obj | null) ?? {};
      const b = behaviours[type];
      const state = fillUnknowns(s.block, b?.read ? ((await b.read(ctx(), config)) ?? config) : config);
      return { state: encode(state, s) };
    },
    async GetFunctions() {
      // No provider functions: an empty map is the absent field on the wire.
      return { diagnostics: [] };
    },
    async StopProvider() {
      return {};
    },
  };

  const server = new grpc.Server({
    'grpc.max_receive_message_length': 256 * 1024 * 1024,
    'grpc.max_send_message_length': 256 * 1024 * 1024,
  });
  const provider = serviceDefinition(root, 'tfplugin6.Provider');
  server.addService(provider, Object.fromEntries(Object.entries(impl).map(([k, f]) => [k, safe(f)])));
  // go-plugin: Shutdown ends the process at once; stdio and broker streams are held open.
  server.addService(
    { Shutdown: rawMethod('/plugin.GRPCController/Shutdown', false, false) },
    {
      Shutdown: (_call: unknown, cb: grpc.sendUnaryData<Buffer>) => {
        cb(null, Buffer.alloc(0));
        setImmediate(() => process.exit(0));
      },
    },
  );
  server.addService(
    { StreamStdio: rawMethod('/plugin.GRPCStdio/StreamStdio', false, true) },
    { StreamStdio: () => undefined },
  );
  server.addService(
    { StartStream: rawMethod('/plugin.GRPCBroker/StartStream', true, true) },
    { StartStream: () => undefined },
  );
  // grpc.health.v1.Health/Check: SERVING (field 1 = 1).
  server.addService(
    { Check: rawMethod('/grpc.health.v1.Health/Check', false, false) },
    {
      Check: (_call: unknown, cb: grpc.sendUnaryData<Buffer>) => cb(null, Buffer.from([0x08, 0x01])),
    },
  );

  const clientCert = process.env.PLUGIN_CLIENT_CERT;
  const credentials = clientCert
    ? grpc.ServerCredentials.createSsl(
        Buffer.from(clientCert),
        [{ cert_chain: Buffer.from(options.cert), private_key: Buffer.from(options.key) }],
        true,
      )
    : grpc.ServerCredentials.createInsecure();
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', credentials, (e, p) => (e ? reject(e) : resolve(p))),
  );
  const der = Buffer.from(
    options.cert.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, ''),
    'base64',
  );
  const certField = clientCert ? der.toString('base64').replace(/=+$/, '') : '';
  fs.writeSync(1, `1|6|tcp|127.0.0.1:${port}|grpc|${certField}\n`);
}

export { Unknown };
