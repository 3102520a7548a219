// GET /upstreams/{id}/health (kong/api/routes/upstreams.lua, targets DAO
// page_for_upstream_with_health): each target of an upstream with the balancer's health, paged
// like any collection. A node without a balancer view of the upstream (a hybrid-mode control
// plane) sends the targets without `health` and `data`; Lua's empty table may arrive as {}.
import { z } from "zod";
import { KongError } from "./errors";
import { kongFetch } from "./kong-fetch";
import { seg } from "./kong-url";
import { parseResponse } from "./parse-response";
import type { KongTarget } from "./types";

export const TARGET_HEALTH_STATES = ["HEALTHY", "UNHEALTHY", "HEALTHCHECKS_OFF", "DNS_ERROR"] as const;
export type KongHealthState = (typeof TARGET_HEALTH_STATES)[number];

const ZAddress = z.object({ ip: z.string(), port: z.number().int(), health: z.string() });
const listOf = <T extends z.ZodType>(item: T) => z.preprocess((v) => (Array.isArray(v) ? v : []), z.array(item));

const ZTargetWithHealth = z.object({
  target: z.string(),
  weight: z.number(),
  health: z.string().nullish(),
  data: z.object({ addresses: listOf(ZAddress).optional() }).nullish(),
});

const ZHealthPage = z.object({ data: listOf(ZTargetWithHealth), offset: z.string().nullish() });

/** One target as Kong's balancer sees it. */
export type KongTargetHealth = {
  target: string;
  weight: number;
  /** null when the node does not report it (or reports a state this version does not know) */
  health: KongHealthState | null;
  addresses: { ip: string; port: number; health: string }[];
};

/** Every target of `upstream` (id or name) with its health, across all pages. */
export async function listTargetHealth(target: KongTarget, upstream: string, opts: { signal?: AbortSignal } = {}): Promise<KongTargetHealth[]> {
  const path = `/upstreams/${seg(upstream)}/health`;
  const out: KongTargetHealth[] = [];
  const seen = new Set<string>();
  let offset: string | undefined;
  do {
    const res = await kongFetch(target, { path, query: { offset }, signal: opts.signal });
    const page = parseResponse(target, ZHealthPage, res.body, { method: "GET", path });
    for (const t of page.data) {
      const health = (TARGET_HEALTH_STATES as readonly string[]).includes(t.health ?? "") ? (t.health as KongHealthState) : null;
      out.push({ target: t.target, weight: t.weight, health, addresses: (t.data?.addresses ?? []).map((a) => ({ ip: a.ip, port: a.port, health: a.health })) });
    }
    offset = page.offset ?? undefined;
    if (offset !== undefined) {
      if (seen.has(offset)) throw new KongError({ gateway: target.name, kind: "invalid-response", method: "GET", path, detail: `unexpected response to GET ${path}: pagination repeated an offset` });
      seen.add(offset);
    }
  } while (offset !== undefined);
  return out;
}
