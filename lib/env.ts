// Validated configuration: the only module that reads process.env.
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import YAML from "yaml";
import { parseDuration } from "./util/duration";
import { parseAddressList, type AddressListOptions } from "./net/address-list";
import { DEFAULT_SCORECARD_CONFIG, ZScorecardConfig, type TScorecardConfig } from "./scorecards/scorecard-config";

/** Thrown for bad configuration; its message is one line naming the setting. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

const boolish = z
  .enum(["true", "false", "1", "0", "yes", "no", "on", "off"])
  .transform((v) => ["true", "1", "yes", "on"].includes(v));

const port = (fallback: number) =>
  z.coerce.number().int().min(0).max(65535).default(fallback);

/** A rate per minute: a whole number, 0 meaning no limit. */
const requestsPerMinute = (fallback: number) =>
  z.string().default(String(fallback)).transform((v, ctx) => {
    if (!/^\d{1,9}$/.test(v.trim())) {
      ctx.addIssue({ code: "custom", message: `"${v}" is not a number of requests per minute (a whole number; 0 turns the limit off)` });
      return z.NEVER;
    }
    return Number(v.trim());
  });

const duration = (fallback: string) =>
  z.string().default(fallback).transform((v, ctx) => {
    const ms = parseDuration(v);
    if (ms === null) {
      ctx.addIssue({ code: "custom", message: `"${v}" is not a duration (e.g. 500ms, 30s, 5m)` });
      return z.NEVER;
    }
    return ms;
  });

/** A comma-separated list of hosts, *.suffix wildcards, IPs and CIDRs (lib/net/address-list.ts). */
const addressList = (opts: AddressListOptions = {}) =>
  z
    .string()
    .optional()
    .superRefine((v, ctx) => {
      try {
        parseAddressList(v, opts);
      } catch (err) {
        ctx.addIssue({ code: "custom", message: (err as Error).message });
      }
    });

const ZEnv = z.object({
  PORT: port(3000),
  /** the interface `signpost start` serves on: loopback unless set (0.0.0.0 in containers) */
  HOST: z.string().regex(/^[A-Za-z0-9.:_-]+$/, "must be a host name or IP address").default("127.0.0.1"),
  DATABASE_URL: z
    .string()
    .refine((v) => /^postgres(ql)?:\/\//.test(v), "must start with postgresql://")
    .optional(),
  SIGNPOST_DATA_DIR: z.string().default(".signpost"),
  SIGNPOST_SANDBOX: z.enum(["auto", "on", "off"]).default("auto"),
  SIGNPOST_SANDBOX_KUBE_PORT: port(6443),
  SIGNPOST_SANDBOX_KONG_PORT: port(8001),
  SIGNPOST_SANDBOX_KONG_MODE: z.enum(["postgres", "dbless"]).default("postgres"),
  SIGNPOST_SANDBOX_PROXY_PORT: port(8000),
  SIGNPOST_SANDBOX_PROXY_TLS_PORT: port(8443),
  SIGNPOST_EMBEDDED_DB_PORT: port(0),
  KUBECONFIG: z.string().optional(),
  SIGNPOST_KUBE_CONTEXTS: z.string().optional(),
  SIGNPOST_IN_CLUSTER: boolish.optional(),
  /** the folder of the pod's service-account token, CA and namespace (what Kubernetes mounts) */
  SIGNPOST_SERVICE_ACCOUNT_DIR: z.string().min(1).default("/var/run/secrets/kubernetes.io/serviceaccount"),
  SIGNPOST_CLUSTER_DOMAIN: z.string().regex(/^[a-z0-9.-]+$/).default("cluster.local"),
  SIGNPOST_CONFIG: z.string().optional(),
  SIGNPOST_KONG_NAME: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "lower-case letters, digits and -").default("kong"),
  SIGNPOST_KONG_ADMIN_URL: z.url().optional(),
  SIGNPOST_KONG_ADMIN_TOKEN: z.string().optional(),
  SIGNPOST_KONG_PROXY_URL: z.url().optional(),
  SIGNPOST_KONG_WORKSPACE: z.string().optional(),
  SIGNPOST_KONG_CLUSTER: z.string().optional(),
  SIGNPOST_KONG_POLL_INTERVAL: duration("10s"),
  SIGNPOST_KONG_REGISTER_VIA: z.enum(["admin-api", "ingress", "httproute", "manifest"]).optional(),
  /** namespaces Signpost may write Ingresses/HTTPRoutes in to register APIs ("*" for all); unset: none */
  SIGNPOST_KUBE_WRITE_NAMESPACES: z.string().optional(),
  /** the Gateway registered HTTPRoutes attach to, "namespace/name[/sectionName]" (the SIGNPOST_KONG_* gateway and the sandbox gateway) */
  SIGNPOST_KONG_PARENT_REF: z
    .string()
    .regex(/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?\/[a-z0-9]([a-z0-9.-]*[a-z0-9])?(\/[A-Za-z0-9._-]+)?$/, "must be namespace/name or namespace/name/sectionName")
    .optional(),
  /**
   * Set by `signpost start` for its web server only: the kubeconfig of the sandbox cluster it runs
   * (honoured only at <data dir>/sandbox.kubeconfig). Registration may write there in any namespace.
   */
  SIGNPOST_SANDBOX_KUBECONFIG: z.string().optional(),
  SIGNPOST_ADMIN_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  SIGNPOST_PUBLIC_READ: boolish.default(true),
  SIGNPOST_TRUSTED_PROXIES: addressList({ addressesOnly: true }),
  SIGNPOST_PROXY_USER_HEADER: z.string().regex(/^[A-Za-z0-9-]+$/, "must be a header name").optional(),
  SIGNPOST_PROXY_ROLE: z.enum(["viewer", "editor", "admin"]).default("viewer"),
  /** the header in which those proxies name the user's teams (team scope, lib/auth/team-scope.ts) */
  SIGNPOST_PROXY_TEAMS_HEADER: z.string().regex(/^[A-Za-z0-9-]+$/, "must be a header name").optional(),
  SIGNPOST_WEBHOOK_ALLOW: addressList(),
  SIGNPOST_UPSTREAM_DENY: addressList(),
  SIGNPOST_UPSTREAM_ALLOW: addressList(),
  /** hosts, *.suffix, IPs and CIDRs a gateway's proxy URL may be at although private/loopback (Try it, probes) */
  SIGNPOST_TRY_ALLOW: addressList(),
  /** Try-it calls one user may make per minute (429 past it) */
  SIGNPOST_TRY_LIMIT: z.coerce.number().int().min(1).max(10_000).default(10),
  /** REST and MCP requests per minute of one token, signed-in user or anonymous address: reads (GET) and writes; 0 = no limit */
  SIGNPOST_RATE_LIMIT_READ: requestsPerMinute(6000),
  SIGNPOST_RATE_LIMIT_WRITE: requestsPerMinute(1200),
  /** how often the worker probes APIs with a probe path and reads Kong's upstream target health */
  SIGNPOST_PROBE_INTERVAL: duration("30s").pipe(z.number().min(200, "must be at least 200ms")),
  /** time limit of one probe */
  SIGNPOST_PROBE_TIMEOUT: duration("5s").pipe(z.number().min(100, "must be at least 100ms")),
  /** probes (and upstream health reads) in flight at once */
  SIGNPOST_PROBE_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  SIGNPOST_SECRET_KEY: z.string().optional(),
  /** largest OpenAPI document accepted as an API's contract (REST, registration, signpost.dev/openapi-url) */
  SIGNPOST_SPEC_MAX_BYTES: z.coerce.number().int().min(1024).max(64 * 1024 * 1024).default(2 * 1024 * 1024),
  /** how often the worker refetches contracts named by signpost.dev/openapi-url (with If-None-Match) */
  SIGNPOST_SPEC_REFRESH: duration("10m"),
  /** time limit of one webhook delivery attempt */
  SIGNPOST_WEBHOOK_TIMEOUT: duration("10s"),
  /** how long a failing webhook delivery is retried before it is marked failed */
  SIGNPOST_WEBHOOK_MAX_AGE: duration("1h"),
  /** event streams one client address may hold open on one web server */
  SIGNPOST_SSE_MAX_PER_CLIENT: z.coerce.number().int().min(1).default(20),
  /** bytes an event stream may queue for a slow client before it is dropped */
  SIGNPOST_SSE_BUFFER_BYTES: z.coerce.number().int().min(4096).default(1_048_576),
  /** events replayed after Last-Event-ID at most (past that the stream restarts at the newest) */
  SIGNPOST_SSE_MAX_REPLAY: z.coerce.number().int().min(1).default(10_000),
  /** a webhook whose attempts have all failed for this long is disabled (re-enabled by hand) */
  SIGNPOST_WEBHOOK_DISABLE_AFTER: duration("3d"),
  /** retention: how long change events, audit entries, finished webhook deliveries and gone objects/APIs are kept */
  SIGNPOST_RETAIN_EVENTS: duration("90d"),
  SIGNPOST_RETAIN_AUDIT: duration("365d"),
  SIGNPOST_RETAIN_DELIVERIES: duration("30d"),
  SIGNPOST_RETAIN_GONE: duration("30d"),
  SIGNPOST_DELETE_THRESHOLD: z.coerce.number().min(0).max(1).default(0.1),
  SIGNPOST_DELETE_GRACE: duration("10m"),
  SIGNPOST_RESYNC_INTERVAL: duration("10m"),
  SIGNPOST_WATCH_IDLE_TIMEOUT: duration("5m"),
  SIGNPOST_LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  SIGNPOST_LOG_FORMAT: z.enum(["json", "pretty"]).optional(),
  SIGNPOST_BUILD_ON_START: z.enum(["auto", "always", "never"]).default("auto"),
  /** web servers LISTEN for change notifications (false: poll only; `signpost start` sets it on the embedded database, which delivers none) */
  SIGNPOST_DB_NOTIFICATIONS: boolish.default(true),
  /** `signpost start` serves the web app from the worker's process (one process for small installs) */
  SIGNPOST_SINGLE_PROCESS: boolish.default(false),
  /** port of the worker's /metrics and /healthz (`signpost worker`: default 9464; `signpost start`: only when set) */
  SIGNPOST_WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
});

/** A gateway from the environment or the config file. Tokens are kept out of logs. */
const ZGatewayConfig = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "lower-case letters, digits and -"),
  adminUrl: z.url(),
  token: z.string().optional(),
  proxyUrl: z.url().optional(),
  workspace: z.string().optional(),
  /** the cluster whose Ingress Controller feeds this gateway (links routes by name when tags are missing) */
  cluster: z.string().optional(),
  pollInterval: z.string().optional(),
  /** how APIs are registered on it (default: admin-api with a database, else through `cluster`) */
  registerVia: z.enum(["admin-api", "ingress", "httproute", "manifest"]).optional(),
  /** the IngressClass its controller serves (registration through Ingresses; default kong) */
  ingressClass: z.string().regex(/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/).optional(),
  /** the Gateway that registered HTTPRoutes attach to */
  parentRef: z
    .object({ namespace: z.string().min(1), name: z.string().min(1), sectionName: z.string().min(1).optional() })
    .strict()
    .optional(),
});
export type TGatewayConfig = z.infer<typeof ZGatewayConfig>;

const ZConfigFile = z.object({
  gateways: z.array(ZGatewayConfig).default([]),
  kubeContexts: z.array(z.string()).optional(),
  scorecards: ZScorecardConfig.optional(),
});

export type Config = z.infer<typeof ZEnv> & {
  dataDir: string;
  gateways: TGatewayConfig[];
  kubeContexts: string[] | "all" | undefined;
  /** scorecard checks, levels and extra checks (SIGNPOST_CONFIG `scorecards:`) */
  scorecards: TScorecardConfig;
  /** namespaces registration may write in: "*" for all, a list, or none */
  kubeWriteNamespaces: "*" | string[];
};

let cached: Config | undefined;

/** Parses and validates the environment once; throws ConfigError naming the bad setting. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  if (env === process.env && cached) return cached;
  const parsed = ZEnv.safeParse(stripEmpty(env));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`${String(issue.path[0])}: ${issue.message}`);
  }
  const e = parsed.data;
  if (e.SIGNPOST_PROBE_TIMEOUT > e.SIGNPOST_PROBE_INTERVAL) {
    throw new ConfigError(`SIGNPOST_PROBE_TIMEOUT: must not be longer than SIGNPOST_PROBE_INTERVAL (${e.SIGNPOST_PROBE_TIMEOUT} ms > ${e.SIGNPOST_PROBE_INTERVAL} ms)`);
  }
  const file = e.SIGNPOST_CONFIG ? readConfigFile(e.SIGNPOST_CONFIG) : undefined;
  const gateways: TGatewayConfig[] = [...(file?.gateways ?? [])];
  if (e.SIGNPOST_KONG_ADMIN_URL && !gateways.some((g) => g.name === e.SIGNPOST_KONG_NAME)) {
    gateways.push({
      name: e.SIGNPOST_KONG_NAME,
      adminUrl: e.SIGNPOST_KONG_ADMIN_URL,
      token: e.SIGNPOST_KONG_ADMIN_TOKEN,
      proxyUrl: e.SIGNPOST_KONG_PROXY_URL,
      workspace: e.SIGNPOST_KONG_WORKSPACE,
      cluster: e.SIGNPOST_KONG_CLUSTER,
      registerVia: e.SIGNPOST_KONG_REGISTER_VIA,
      parentRef: parseParentRef(e.SIGNPOST_KONG_PARENT_REF),
    });
  }
  const names = new Set<string>();
  for (const g of gateways) {
    if (names.has(g.name)) throw new ConfigError(`gateway "${g.name}" is configured twice`);
    names.add(g.name);
  }
  const contextsRaw = e.SIGNPOST_KUBE_CONTEXTS?.trim();
  const kubeContexts =
    contextsRaw === "all" ? "all" : contextsRaw ? splitList(contextsRaw) : file?.kubeContexts;
  const config: Config = {
    ...e,
    dataDir: path.resolve(e.SIGNPOST_DATA_DIR),
    gateways,
    kubeContexts,
    scorecards: file?.scorecards ?? DEFAULT_SCORECARD_CONFIG,
    kubeWriteNamespaces: e.SIGNPOST_KUBE_WRITE_NAMESPACES?.trim() === "*" ? "*" : splitList(e.SIGNPOST_KUBE_WRITE_NAMESPACES ?? ""),
  };
  if (env === process.env) cached = config;
  return config;
}

/** Forget the cached configuration (tests change the environment between cases). */
export function resetConfigCache(): void {
  cached = undefined;
}

/** Reads one raw environment variable that is not part of Signpost's own settings (e.g. HOME). */
export function rawEnv(name: string): string | undefined {
  return process.env[name];
}

function readConfigFile(file: string): z.infer<typeof ZConfigFile> {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new ConfigError(`SIGNPOST_CONFIG: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
  let doc: unknown;
  try {
    doc = YAML.parse(text);
  } catch (err) {
    throw new ConfigError(`SIGNPOST_CONFIG: ${file} is not valid YAML (${(err as Error).message.split("\n")[0]})`);
  }
  const parsed = ZConfigFile.safeParse(doc ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`SIGNPOST_CONFIG: ${file}: ${issue.path.join(".")}: ${issue.message}`);
  }
  return parsed.data;
}

/** "namespace/name[/sectionName]" as a gateway's parentRef (validated by the schema). */
export function parseParentRef(v: string | undefined): TGatewayConfig["parentRef"] {
  if (!v) return undefined;
  const [namespace, name, sectionName] = v.split("/");
  return { namespace, name, ...(sectionName ? { sectionName } : {}) };
}

function splitList(v: string): string[] {
  return v.split(",").map((s) => s.trim()).filter(Boolean);
}

function stripEmpty(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== "") out[k] = v;
  return out;
}
