// The Register form's state, the request body it makes, and where the server's issues and
// conflicts belong in the form. Pure functions.
import type { RegistrationPreview } from "@/lib/queries/registrations";

export type ServiceRef = { cluster: string; namespace: string; name: string };

export type Draft = {
  name: string;
  microservice: string;
  team: string;
  upstreamKind: "service" | "url";
  service: ServiceRef | null;
  port: string;
  url: string;
  paths: string[];
  hosts: string;
  methods: string[];
  stripPath: boolean;
  gateway: string;
  /** the health probe path ("" for none) */
  probePath: string;
};

export const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;

export type Prefill = { service?: string; port?: string; name?: string; microservice?: string; team?: string; path?: string };

/** The first draft, from the page's query (?service=<cluster>/<ns>/<name>&port=80...). */
export function initialDraft(p: Prefill): Draft {
  const [cluster, namespace, name] = (p.service ?? "").split("/");
  const service = cluster && namespace && name ? { cluster, namespace, name } : null;
  return {
    name: p.name ?? "",
    microservice: p.microservice ?? "",
    team: p.team ?? "",
    upstreamKind: "service",
    service,
    port: p.port && /^\d+$/.test(p.port) ? p.port : "",
    url: "",
    paths: [p.path ?? ""],
    hosts: "",
    methods: [],
    stripPath: true,
    gateway: "",
    probePath: "",
  };
}

/** The registration body (ZRegistration) of a draft; the preview validates whatever it is. */
export function draftBody(d: Draft, gateway: string): Record<string, unknown> {
  const hosts = d.hosts.split(",").map((h) => h.trim()).filter(Boolean);
  const upstream =
    d.upstreamKind === "url"
      ? { url: d.url.trim() }
      : d.service
        ? { service: { ...d.service, port: Number(d.port) || 0 } }
        : {};
  return {
    name: d.name.trim(),
    ...(d.microservice.trim() ? { microservice: d.microservice.trim() } : {}),
    ...(d.team.trim() ? { team: d.team.trim() } : {}),
    upstream,
    route: {
      paths: d.paths.map((p) => p.trim()).filter(Boolean),
      ...(hosts.length ? { hosts } : {}),
      ...(d.methods.length ? { methods: d.methods } : {}),
      stripPath: d.stripPath,
    },
    ...(gateway ? { gateway } : {}),
    ...(d.probePath.trim() ? { probePath: d.probePath.trim() } : {}),
  };
}

/** True once the user has typed anything worth previewing. */
export function isStarted(d: Draft): boolean {
  return Boolean(d.name.trim() || d.paths.some((p) => p.trim()) || d.service || d.url.trim());
}

export type FieldKey = "name" | "microservice" | "team" | "upstream" | "paths" | "hosts" | "methods" | "gateway" | "probePath" | "other";

const FIELD_OF: [RegExp, FieldKey][] = [
  [/^body\.name\b/, "name"],
  [/^body\.microservice\b/, "microservice"],
  [/^body\.team\b/, "team"],
  [/^body\.upstream\b/, "upstream"],
  [/^body\.route\.paths\b/, "paths"],
  [/^body\.route\.hosts\b/, "hosts"],
  [/^body\.route\.methods\b/, "methods"],
  [/^body\.gateway\b/, "gateway"],
  [/^body\.probePath\b/, "probePath"],
];
const CONFLICT_FIELD: Record<string, FieldKey> = { name: "name", registration: "name", route: "paths", "read-only": "gateway", gateway: "gateway" };

/** Issues and conflicts of a preview (or a refused registration), grouped by form field. */
export function messagesByField(issues: RegistrationPreview["issues"], conflicts: RegistrationPreview["conflicts"] = []): Partial<Record<FieldKey, string[]>> {
  const out: Partial<Record<FieldKey, string[]>> = {};
  const add = (k: FieldKey, m: string) => {
    if (!(out[k] ??= []).includes(m)) out[k]!.push(m);
  };
  for (const i of issues) {
    const key = FIELD_OF.find(([re]) => re.test(i.field))?.[1] ?? "other";
    const index = /^body\.route\.(?:paths|hosts)\.(\d+)/.exec(i.field)?.[1];
    add(key, index !== undefined ? `${key === "paths" ? "path" : "host"} ${Number(index) + 1}: ${i.message}` : i.message);
  }
  for (const c of conflicts) add(CONFLICT_FIELD[c.kind] ?? "other", c.message);
  return out;
}
