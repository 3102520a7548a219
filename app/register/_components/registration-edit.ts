// Editing a stored registration in the Register form: the draft it starts from, and the body the
// form replaces it with (PUT, replace semantics). Fields the form does not show (plugins, a
// contract...) are carried over as they were, so that editing the route loses nothing.
import type { Draft } from "./registration-draft";

/** A stored registration (its validated body) and where it lives. */
export type EditedRegistration = { gateway: string; name: string; spec: Record<string, unknown> };

/** Fields the form owns; everything else in the stored body is kept as it was. */
const FORM_KEYS = ["name", "microservice", "team", "upstream", "route", "gateway", "probePath"] as const;
const FORM_ROUTE_KEYS = ["paths", "hosts", "methods", "stripPath"] as const;

/** The form's draft of a stored registration. */
export function draftFromRegistration(r: EditedRegistration): Draft {
  const s = r.spec as {
    name?: string;
    microservice?: string;
    team?: string;
    upstream?: { service?: { cluster: string; namespace: string; name: string; port: number }; url?: string };
    route?: { paths?: string[]; hosts?: string[]; methods?: string[]; stripPath?: boolean };
    probePath?: string;
  };
  const svc = s.upstream?.service;
  return {
    name: r.name,
    microservice: s.microservice ?? "",
    team: s.team ?? "",
    upstreamKind: s.upstream?.url ? "url" : "service",
    service: svc ? { cluster: svc.cluster, namespace: svc.namespace, name: svc.name } : null,
    port: svc ? String(svc.port) : "",
    url: s.upstream?.url ?? "",
    paths: s.route?.paths?.length ? [...s.route.paths] : [""],
    hosts: (s.route?.hosts ?? []).join(", "),
    methods: [...(s.route?.methods ?? [])],
    stripPath: s.route?.stripPath ?? true,
    gateway: r.gateway,
    probePath: s.probePath ?? "",
  };
}

/** The replacement body: the form's body over the stored one, keeping what the form does not show. */
export function editedBody(original: Record<string, unknown>, formBody: Record<string, unknown>): Record<string, unknown> {
  const kept = Object.fromEntries(Object.entries(original).filter(([k]) => !(FORM_KEYS as readonly string[]).includes(k)));
  const originalRoute = (original.route ?? {}) as Record<string, unknown>;
  const keptRoute = Object.fromEntries(Object.entries(originalRoute).filter(([k]) => !(FORM_ROUTE_KEYS as readonly string[]).includes(k)));
  return { ...kept, ...formBody, route: { ...keptRoute, ...((formBody.route ?? {}) as Record<string, unknown>) } };
}
