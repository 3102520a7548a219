import type { KongRouteInput } from "./inputs";
import { kongFetch } from "./kong-fetch";
import { seg } from "./kong-url";
import { parseResponse } from "./parse-response";
import { type KongRoute, ZKongRoute } from "./schemas";
import type { KongTarget } from "./types";

/** PUT /routes/{name or id}: creates or replaces; fields left out return to Kong's defaults. */
export async function upsertRoute(target: KongTarget, nameOrId: string, input: KongRouteInput): Promise<KongRoute> {
  const path = `/routes/${seg(nameOrId)}`;
  const res = await kongFetch(target, { method: "PUT", path, body: input });
  return parseResponse(target, ZKongRoute, res.body, { method: "PUT", path });
}
