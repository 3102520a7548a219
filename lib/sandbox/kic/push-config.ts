// KIC in DB-less mode (sendconfig/inmemory.go): the whole translation as one declarative config,
// POSTed to /config?check_hash=1&flatten_errors=1. A refusal (400 with flattened_errors) is
// reported entity by entity and the last good config is posted again.
import type { DesiredState } from "./types";

/** Kong's declarative format 3.0 for a translation: services with nested routes, upstreams with targets, certificates with SNIs. */
export function toDeclarativeConfig(desired: DesiredState): Record<string, unknown> {
  const routesOf = (name: string) => desired.routes.filter((r) => r.service === name).map(({ service: _s, protocols, ...r }) => ({
    ...r, ...(protocols ? { protocols } : {}),
  }));
  return {
    _format_version: "3.0",
    services: desired.services.map((s) => ({ ...s, routes: routesOf(s.name) })),
    upstreams: desired.upstreams.map((u) => ({ ...u })),
    certificates: desired.certificates.map((c) => ({ ...c, snis: c.snis.map((name) => ({ name })) })),
  };
}

/** What a push did: the status, and one line per entity Kong refused. */
export type PushResult = { status: number; errors: string[] };

type Flattened = { entity_type?: string; entity_name?: string; entity_id?: string; errors?: { field?: string; message: string }[] };

async function post(adminUrl: string, config: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${adminUrl}/config?check_hash=1&flatten_errors=1`, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(config),
  });
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = text;
  }
  return { status: res.status, body };
}

/** Posts `config`; on a 400 names each refused entity and posts `lastGood` again (when given). */
export async function pushConfig(adminUrl: string, config: unknown, lastGood?: unknown): Promise<PushResult> {
  let r: { status: number; body: unknown };
  try {
    r = await post(adminUrl, config);
  } catch (err) {
    return { status: 0, errors: [`POST /config failed: ${(err as Error).message}`] };
  }
  if (r.status < 400) return { status: r.status, errors: [] };
  const flattened = ((r.body as { flattened_errors?: Flattened[] } | null)?.flattened_errors ?? []);
  const errors = flattened.flatMap((f) => (f.errors ?? []).map((e) =>
    `${f.entity_type ?? "entity"} ${f.entity_name ?? f.entity_id ?? "?"}: ${e.field ? `${e.field}: ` : ""}${e.message}`));
  if (errors.length === 0) errors.push(`POST /config answered ${r.status}: ${JSON.stringify(r.body)}`);
  if (lastGood !== undefined) await post(adminUrl, lastGood).catch(() => undefined);
  return { status: r.status, errors };
}
