/**
 * What each stand-in provider's resources do against their APIs, as the real providers do it:
 * thin REST clients of the (emulated) services, configured the way the real providers are.
 * - cloudflare 5.14.0: `base_url` / `CLOUDFLARE_BASE_URL`, `api_token` / `CLOUDFLARE_API_TOKEN`
 *   (internal/provider.go); the challenge is `POST /{scope}/logpush/ownership` and has no Read
 *   (logpush_ownership_challenge/resource.go); jobs `POST/GET/PUT/DELETE /{scope}/logpush/jobs`;
 *   notification policies `/accounts/{id}/alerting/v3/policies`.
 * - panther 0.2.12: `url` / `PANTHER_API_URL`, `token` / `PANTHER_API_TOKEN`, header `X-API-Key`
 *   (internal/client/transport.go); `POST/GET/PUT/DELETE /log-sources/s3[/{id}]`
 *   (s3source_resource.go) and `PUT/GET/DELETE /log-source-alarms/{source_id}/{type}`.
 * - ibm 2.5.0: `ibm_cis_logpush_job` (CIS API), `ibm_cos_bucket`, `ibm_iam_user_invite` and
 *   `ibm_iam_user_policy` (COS, user-management and IAM policy APIs; see the ibm section below).
 * Without a configured URL a resource keeps its planned values (validate/plan-only use).
 * Every URL must be a loopback address: a stand-in never reaches the network.
 */
import type { Behaviours, CallContext, ResourceBehaviour } from './server';
import type { Obj, Value } from './values';

function loopback(base: string): string {
  const url = new URL(base);
  if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') {
    throw new Error(`stand-in provider: refusing non-loopback API URL ${url.origin}`);
  }
  return base.replace(/\/$/, '');
}

async function call(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> | null }> {
  const r = await fetch(`${loopback(base)}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await r.text();
  let json: Record<string, unknown> | null = null;
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : null;
  } catch {
    json = { message: text };
  }
  return { status: r.status, json };
}

const str = (v: Value | undefined): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

// ---------------------------------------------------------------------------------------------
// cloudflare

function cloudflareApi(ctx: CallContext) {
  const base = str(ctx.provider.base_url) ?? ctx.env.CLOUDFLARE_BASE_URL;
  const token = str(ctx.provider.api_token) ?? ctx.env.CLOUDFLARE_API_TOKEN ?? '';
  if (!base) return undefined;
  return async (method: string, path: string, body?: unknown) => {
    const r = await call(base, method, path, { authorization: `Bearer ${token}` }, body);
    const env = r.json as {
      success?: boolean;
      result?: unknown;
      errors?: { code: number; message: string }[];
    } | null;
    if (r.status === 404 && method === 'GET') return null;
    if (r.status >= 300 || !env?.success) {
      const errors = (env?.errors ?? []).map((e) => `${e.code}: ${e.message}`).join('; ');
      throw new Error(`${method} ${path} returned ${r.status}: ${errors || JSON.stringify(r.json)}`);
    }
    return env.result as Record<string, unknown>;
  };
}

const scopeOf = (o: Obj): string => {
  const zone = str(o.zone_id);
  const account = str(o.account_id);
  if (zone && account) throw new Error('only one of zone_id and account_id may be set');
  if (!zone && !account) throw new Error('one of zone_id or account_id must be set');
  return zone ? `/zones/${zone}` : `/accounts/${account}`;
};

const JOB_FIELDS = [
  'dataset',
  'destination_conf',
  'enabled',
  'filter',
  'frequency',
  'kind',
  'logpull_options',
  'max_upload_bytes',
  'max_upload_interval_seconds',
  'max_upload_records',
  'name',
] as const;

/** The API body of a job: its writable fields (output_options as the API spells CVE-2021-44228). */
function jobBody(o: Obj, withChallenge: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const f of JOB_FIELDS) if (o[f] !== null && o[f] !== undefined) body[f] = o[f];
  const out = o.output_options as Obj | null;
  if (out) {
    body.output_options = Object.fromEntries(
      Object.entries(out)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => [k === 'cve_2021_44228' ? 'CVE-2021-44228' : k, v]),
    );
  }
  if (withChallenge && str(o.ownership_challenge)) body.ownership_challenge = o.ownership_challenge;
  return body;
}

/** The state of a job from the API's answer: computed fields from the API, the rest as planned. */
function jobState(planned: Obj, job: Record<string, unknown>): Obj {
  return {
    ...planned,
    id: job.id as number,
    error_message: (job.error_message as string | null) ?? null,
    last_complete: (job.last_complete as string | null) ?? null,
    last_error: (job.last_error as string | null) ?? null,
  };
}

const logpushJob: ResourceBehaviour = {
  async create(ctx, planned) {
    const api = cloudflareApi(ctx);
    if (!api) return planned;
    return jobState(
      planned,
      (await api('POST', `${scopeOf(planned)}/logpush/jobs`, jobBody(planned, true)))!,
    );
  },
  async update(ctx, prior, planned) {
    const api = cloudflareApi(ctx);
    if (!api) return planned;
    // The token is needed again only when destination_conf changes (DOMAIN.md §1).
    const body = jobBody(planned, planned.destination_conf !== prior.destination_conf);
    return jobState(planned, (await api('PUT', `${scopeOf(prior)}/logpush/jobs/${String(prior.id)}`, body))!);
  },
  async delete(ctx, prior) {
    const api = cloudflareApi(ctx);
    if (api) await api('DELETE', `${scopeOf(prior)}/logpush/jobs/${String(prior.id)}`);
  },
  async read(ctx, state) {
    const api = cloudflareApi(ctx);
    if (!api) return state;
    const job = await api('GET', `${scopeOf(state)}/logpush/jobs/${String(state.id)}`);
    if (!job) return null;
    const refreshed: Obj = { ...state };
    for (const f of JOB_FIELDS) if (f in job) refreshed[f] = (job[f] as Value) ?? state[f] ?? null;
    return jobState(refreshed, job);
  },
  async import(ctx, id) {
    const api = cloudflareApi(ctx);
    const m = /^(zones|accounts)\/([^/]+)\/(\d+)$/.exec(id);
    if (!api || !m) {
      throw new Error(`import id must be "<zones|accounts>/<id>/<job id>", got ${JSON.stringify(id)}`);
    }
    const job = await api('GET', `/${m[1]}/${m[2]}/logpush/jobs/${m[3]}`);
    if (!job) throw new Error(`job ${id} not found`);
    const state: Obj = { [m[1] === 'zones' ? 'zone_id' : 'account_id']: m[2]! };
    for (const f of JOB_FIELDS) state[f] = (job[f] as Value) ?? null;
    return jobState(state, job);
  },
};

const ownershipChallenge: ResourceBehaviour = {
  async create(ctx, planned) {
    const api = cloudflareApi(ctx);
    if (!api) return planned;
    const r = (await api('POST', `${scopeOf(planned)}/logpush/ownership`, {
      destination_conf: planned.destination_conf,
    }))!;
    return {
      ...planned,
      filename: r.filename as string,
      message: (r.message as string) ?? '',
      valid: r.valid as boolean,
    };
  },
  // v5.14.0 resource.go: Read is empty; Delete does nothing at the API.
};

const POLICY_FIELDS = [
  'alert_type',
  'name',
  'description',
  'enabled',
  'alert_interval',
  'mechanisms',
  'filters',
] as const;

const notificationPolicy: ResourceBehaviour = {
  async create(ctx, planned) {
    const api = cloudflareApi(ctx);
    if (!api) return planned;
    const body = Object.fromEntries(
      POLICY_FIELDS.filter((f) => planned[f] !== null).map((f) => [f, planned[f]]),
    );
    const r = (await api('POST', `/accounts/${String(planned.account_id)}/alerting/v3/policies`, body))!;
    const got = await api(
      'GET',
      `/accounts/${String(planned.account_id)}/alerting/v3/policies/${String(r.id)}`,
    );
    return {
      ...planned,
      id: r.id as string,
      created: (got?.created as string) ?? null,
      modified: (got?.modified as string) ?? null,
    };
  },
  async update(ctx, prior, planned) {
    const api = cloudflareApi(ctx);
    if (!api) return planned;
    const body = Object.fromEntries(
      POLICY_FIELDS.filter((f) => planned[f] !== null).map((f) => [f, planned[f]]),
    );
    await api('PUT', `/accounts/${String(prior.account_id)}/alerting/v3/policies/${String(prior.id)}`, body);
    const got = await api(
      'GET',
      `/accounts/${String(prior.account_id)}/alerting/v3/policies/${String(prior.id)}`,
    );
    return {
      ...planned,
      id: prior.id!,
      created: (got?.created as string) ?? null,
      modified: (got?.modified as string) ?? null,
    };
  },
  async delete(ctx, prior) {
    const api = cloudflareApi(ctx);
    if (api) {
      await api('DELETE', `/accounts/${String(prior.account_id)}/alerting/v3/policies/${String(prior.id)}`);
    }
  },
  async read(ctx, state) {
    const api = cloudflareApi(ctx);
    if (!api) return state;
    const got = await api(
      'GET',
      `/accounts/${String(state.account_id)}/alerting/v3/policies/${String(state.id)}`,
    );
    return got ? state : null;
  },
};

// ---------------------------------------------------------------------------------------------
// panther

function pantherApi(ctx: CallContext) {
  const base = str(ctx.provider.url) ?? ctx.env.PANTHER_API_URL;
  const token = str(ctx.provider.token) ?? ctx.env.PANTHER_API_TOKEN ?? '';
  if (!base) return undefined;
  const root = base.replace(/\/public\/graphql$/, '');
  return async (method: string, path: string, body?: unknown) => {
    const r = await call(root, method, path, { 'x-api-key': token }, body);
    if (r.status === 404 && method === 'GET') return null;
    if (r.status >= 300) {
      throw new Error(`${method} ${root}${path} returned status ${r.status}: ${JSON.stringify(r.json)}`);
    }
    return r.json ?? {};
  };
}

const prefixLogTypes = (o: Obj) =>
  ((o.prefix_log_types as Obj[] | null) ?? []).map((p) => ({
    prefix: p.prefix,
    logTypes: p.log_types,
    excludedPrefixes: p.excluded_prefixes,
  }));

const s3SourceBody = (o: Obj, create: boolean) => ({
  ...(create ? { awsAccountId: o.aws_account_id, s3Bucket: o.bucket_name } : {}),
  integrationLabel: o.name,
  kmsKey: str(o.kms_key_arn),
  logProcessingRole: o.log_processing_role_arn,
  logStreamType: o.log_stream_type,
  managedBucketNotifications: o.panther_managed_bucket_notifications_enabled,
  s3PrefixLogTypes: prefixLogTypes(o),
});

const s3Source: ResourceBehaviour = {
  async create(ctx, planned) {
    const api = pantherApi(ctx);
    if (!api) return planned;
    const r = await api('POST', '/log-sources/s3', s3SourceBody(planned, true));
    return { ...planned, id: r!.integrationId as string };
  },
  async update(ctx, prior, planned) {
    const api = pantherApi(ctx);
    if (api) await api('PUT', `/log-sources/s3/${String(prior.id)}`, s3SourceBody(planned, false));
    return { ...planned, id: prior.id! };
  },
  async delete(ctx, prior) {
    const api = pantherApi(ctx);
    if (api) await api('DELETE', `/log-sources/s3/${String(prior.id)}`);
  },
  async read(ctx, state) {
    const api = pantherApi(ctx);
    if (!api) return state;
    return (await api('GET', `/log-sources/s3/${String(state.id)}`)) ? state : null;
  },
};

const sourceAlarm: ResourceBehaviour = {
  async create(ctx, planned) {
    const api = pantherApi(ctx);
    if (api) {
      await api('PUT', `/log-source-alarms/${String(planned.source_id)}/${String(planned.type)}`, {
        minutesThreshold: planned.minutes_threshold,
      });
    }
    return { ...planned, id: `${String(planned.source_id)}/${String(planned.type)}` };
  },
  async update(ctx, _prior, planned) {
    return sourceAlarm.create!(ctx, planned, planned);
  },
  async delete(ctx, prior) {
    const api = pantherApi(ctx);
    if (api) await api('DELETE', `/log-source-alarms/${String(prior.source_id)}/${String(prior.type)}`);
  },
};

// ---------------------------------------------------------------------------------------------
// ibm: ibm_cis_logpush_job through the CIS API (`IBMCLOUD_CIS_API_ENDPOINT`, ibm/conns/config.go;
// auth `X-Auth-User-Token: Bearer <IAM token>`: the stand-in takes `IBMCLOUD_CIS_TOKEN`).

function cisApi(ctx: CallContext) {
  const base = ctx.env.IBMCLOUD_CIS_API_ENDPOINT;
  if (!base) return undefined;
  return async (method: string, path: string, body?: unknown) => {
    const r = await call(
      base,
      method,
      path,
      { 'x-auth-user-token': `Bearer ${ctx.env.IBMCLOUD_CIS_TOKEN ?? ''}` },
      body,
    );
    if (r.status === 404 && method === 'GET') return null;
    const env = r.json as {
      success?: boolean;
      result?: unknown;
      errors?: { code: number; message: string }[];
    } | null;
    if (r.status >= 300 || !env?.success) {
      throw new Error(
        `${method} ${path} returned ${r.status}: ${(env?.errors ?? []).map((e) => `${e.code}: ${e.message}`).join('; ')}`,
      );
    }
    return env.result as Record<string, unknown>;
  };
}

const cisPath = (o: Obj) =>
  `/v2/${encodeURIComponent(String(o.cis_id))}/zones/${String(o.domain_id)}/logpush/jobs`;

const cisLogpushJob: ResourceBehaviour = {
  async create(ctx, planned) {
    const api = cisApi(ctx);
    if (!api) return planned;
    const body = {
      dataset: planned.dataset,
      ...(planned.name !== null ? { name: planned.name } : {}),
      ...(planned.enabled !== null ? { enabled: planned.enabled } : {}),
      ...(planned.logpull_options !== null ? { logpull_options: planned.logpull_options } : {}),
      ...(planned.frequency !== null ? { frequency: planned.frequency } : {}),
      ...(str(planned.cos) ? { cos: JSON.parse(String(planned.cos)) as unknown } : {}),
      ...(str(planned.ownership_challenge) ? { ownership_challenge: planned.ownership_challenge } : {}),
    };
    const job = (await api('POST', cisPath(planned), body))!;
    return {
      ...planned,
      job_id: job.id as number,
      id: `${String(job.id)}:${String(planned.domain_id)}:${String(planned.cis_id)}`,
      destination_conf: planned.destination_conf ?? (job.destination_conf as string),
      last_complete: null,
      last_error: null,
      error_message: null,
    };
  },
  async update(ctx, prior, planned) {
    const api = cisApi(ctx);
    if (api) {
      await api('PUT', `${cisPath(prior)}/${String(prior.job_id)}`, {
        name: planned.name,
        enabled: planned.enabled,
        logpull_options: planned.logpull_options,
        frequency: planned.frequency,
      });
    }
    return { ...planned, job_id: prior.job_id!, id: prior.id! };
  },
  async delete(ctx, prior) {
    const api = cisApi(ctx);
    if (api) await api('DELETE', `${cisPath(prior)}/${String(prior.job_id)}`);
  },
  async read(ctx, state) {
    const api = cisApi(ctx);
    if (!api) return state;
    return (await api('GET', `${cisPath(state)}/${String(state.job_id)}`)) ? state : null;
  },
};

// ibm: the bucket, the invite and the policy, through the endpoints the real provider reads from the
// environment (ibm/conns/config.go and website/docs/guides/custom-service-endpoints:
// `IBMCLOUD_USER_MANAGEMENT_ENDPOINT`, `IBMCLOUD_IAMPAP_API_ENDPOINT` for IAM policies; the COS
// bucket through `IBMCLOUD_COS_CONFIG_ENDPOINT`), against test/support/emulators/cis-api.ts (its
// table says which calls stand in for which). Auth `Authorization: Bearer <IBMCLOUD_CIS_TOKEN>`; the
// account of the invite is `IBMCLOUD_ACCOUNT_ID` (the real provider reads it from the IAM token).

function ibmApi(ctx: CallContext, variable: string) {
  const base = ctx.env[variable];
  if (!base) return undefined;
  return async (method: string, path: string, body?: unknown) => {
    const r = await call(
      base,
      method,
      path,
      { authorization: `Bearer ${ctx.env.IBMCLOUD_CIS_TOKEN ?? ''}` },
      body,
    );
    if (r.status === 404 && method === 'GET') return null;
    if (r.status >= 300) {
      const errors = ((r.json?.errors as { code: string; message: string }[] | undefined) ?? [])
        .map((e) => `${e.code}: ${e.message}`)
        .join('; ');
      throw new Error(`${method} ${path} returned ${r.status}: ${errors || JSON.stringify(r.json)}`);
    }
    return r.json ?? {};
  };
}

const cosBucket: ResourceBehaviour = {
  async create(ctx, planned) {
    const api = ibmApi(ctx, 'IBMCLOUD_COS_CONFIG_ENDPOINT');
    if (!api) return planned;
    await api('PUT', `/cos/b/${String(planned.bucket_name)}`, {
      resource_instance_id: planned.resource_instance_id,
      region_location: planned.region_location,
    });
    return planned;
  },
  async read(ctx, state) {
    const api = ibmApi(ctx, 'IBMCLOUD_COS_CONFIG_ENDPOINT');
    if (!api) return state;
    return (await api('GET', `/cos/b/${String(state.bucket_name)}`)) ? state : null;
  },
  async delete(ctx, prior) {
    const api = ibmApi(ctx, 'IBMCLOUD_COS_CONFIG_ENDPOINT');
    if (api) await api('DELETE', `/cos/b/${String(prior.bucket_name)}`);
  },
};

const accountOf = (ctx: CallContext): string => {
  const account = ctx.env.IBMCLOUD_ACCOUNT_ID;
  if (!account) throw new Error('stand-in ibm: IBMCLOUD_ACCOUNT_ID is not set');
  return account;
};
const usersOf = (o: Obj): string[] => ((o.users as Value[] | null) ?? []).map(String);

const userInvite: ResourceBehaviour = {
  async create(ctx, planned) {
    const api = ibmApi(ctx, 'IBMCLOUD_USER_MANAGEMENT_ENDPOINT');
    if (!api) return planned;
    await api('POST', `/v2/accounts/${accountOf(ctx)}/users`, {
      users: usersOf(planned).map((email) => ({ email, account_role: 'Member' })),
    });
    return planned;
  },
  async read(ctx, state) {
    const api = ibmApi(ctx, 'IBMCLOUD_USER_MANAGEMENT_ENDPOINT');
    if (!api) return state;
    const listed = (await api('GET', `/v2/accounts/${accountOf(ctx)}/users`)) as {
      resources?: { email: string }[];
    };
    const members = new Set((listed?.resources ?? []).map((u) => u.email));
    return usersOf(state).every((u) => members.has(u)) ? state : null;
  },
  async delete(ctx, prior) {
    const api = ibmApi(ctx, 'IBMCLOUD_USER_MANAGEMENT_ENDPOINT');
    if (!api) return;
    const listed = (await api('GET', `/v2/accounts/${accountOf(ctx)}/users`)) as {
      resources?: { email: string; iam_id: string }[];
    };
    for (const u of listed?.resources ?? []) {
      if (usersOf(prior).includes(u.email)) {
        await api('DELETE', `/v2/accounts/${accountOf(ctx)}/users/${encodeURIComponent(u.iam_id)}`);
      }
    }
  },
};

/** Role display names to role CRNs, as the provider resolves them for cloud-object-storage. */
const COS_ROLES: Record<string, string> = {
  'Object Writer': 'crn:v1:bluemix:public:cloud-object-storage::::serviceRole:ObjectWriter',
  'Object Reader': 'crn:v1:bluemix:public:cloud-object-storage::::serviceRole:ObjectReader',
  'Content Reader': 'crn:v1:bluemix:public:cloud-object-storage::::serviceRole:ContentReader',
  Reader: 'crn:v1:bluemix:public:iam::::serviceRole:Reader',
  Writer: 'crn:v1:bluemix:public:iam::::serviceRole:Writer',
  Manager: 'crn:v1:bluemix:public:iam::::serviceRole:Manager',
  Viewer: 'crn:v1:bluemix:public:iam::::role:Viewer',
  Operator: 'crn:v1:bluemix:public:iam::::role:Operator',
  Editor: 'crn:v1:bluemix:public:iam::::role:Editor',
  Administrator: 'crn:v1:bluemix:public:iam::::role:Administrator',
};

const policyId = (o: Obj) => String(o.id).split('/').pop()!;

const userPolicy: ResourceBehaviour = {
  async create(ctx, planned) {
    const users = ibmApi(ctx, 'IBMCLOUD_USER_MANAGEMENT_ENDPOINT');
    const iam = ibmApi(ctx, 'IBMCLOUD_IAMPAP_API_ENDPOINT');
    if (!users || !iam) return planned;
    // The provider resolves ibm_id to the user's IAM id: the user must be in the account.
    const listed = (await users('GET', `/v2/accounts/${accountOf(ctx)}/users`)) as {
      resources?: { email: string; iam_id: string }[];
    };
    const user = (listed?.resources ?? []).find((u) => u.email === planned.ibm_id);
    if (!user) throw new Error(`User ${String(planned.ibm_id)} is not found under current account`);
    const resource = ((planned.resources as Obj[] | null) ?? [])[0] ?? {};
    const service = str(resource.service);
    const roles = ((planned.roles as Value[] | null) ?? []).map((name) => {
      const id = service === 'cloud-object-storage' ? COS_ROLES[String(name)] : undefined;
      if (!id) throw new Error(`role ${String(name)} not found for service ${String(service)}`);
      return { role_id: id };
    });
    const attributes = [
      { name: 'accountId', value: accountOf(ctx) },
      ...(service ? [{ name: 'serviceName', value: service }] : []),
      ...(str(resource.resource_instance_id)
        ? [{ name: 'serviceInstance', value: String(resource.resource_instance_id) }]
        : []),
      ...(str(resource.resource_type)
        ? [{ name: 'resourceType', value: String(resource.resource_type) }]
        : []),
      ...(str(resource.resource) ? [{ name: 'resource', value: String(resource.resource) }] : []),
    ];
    const r = (await iam('POST', '/v1/policies', {
      type: 'access',
      subjects: [{ attributes: [{ name: 'iam_id', value: user.iam_id }] }],
      roles,
      resources: [{ attributes }],
      ...(str(planned.description) ? { description: planned.description } : {}),
    }))!;
    return { ...planned, id: `${String(planned.ibm_id)}/${String(r.id)}` };
  },
  async read(ctx, state) {
    const iam = ibmApi(ctx, 'IBMCLOUD_IAMPAP_API_ENDPOINT');
    if (!iam) return state;
    return (await iam('GET', `/v1/policies/${policyId(state)}`)) ? state : null;
  },
  async delete(ctx, prior) {
    const iam = ibmApi(ctx, 'IBMCLOUD_IAMPAP_API_ENDPOINT');
    if (iam) await iam('DELETE', `/v1/policies/${policyId(prior)}`);
  },
};

export function behavioursFor(provider: string): Behaviours {
  switch (provider) {
    case 'cloudflare':
      return {
        cloudflare_logpush_job: logpushJob,
        cloudflare_logpush_ownership_challenge: ownershipChallenge,
        cloudflare_notification_policy: notificationPolicy,
      };
    case 'panther':
      return { panther_s3_source: s3Source, panther_log_source_alarm: sourceAlarm };
    case 'ibm':
      return {
        ibm_cis_logpush_job: cisLogpushJob,
        ibm_cos_bucket: cosBucket,
        ibm_iam_user_invite: userInvite,
        ibm_iam_user_policy: userPolicy,
      };
    default:
      return {};
  }
}
