import type { KongServiceInput } from "./inputs";
import { kongFetch } from "./kong-fetch";
import { seg } from "./kong-url";
import { parseResponse } from "./parse-response";
import { type KongService, ZKongService } from "./schemas";
import type { KongTarget } from "./types";

/**
 * PUT /services/{name or id}: creates or replaces. Fields left out return to Kong's defaults, so
 * pass the complete desired service.
 */
export async function upsertService(target: KongTarget, nameOrId: string, input: KongServiceInput): Promise<KongService> {
  const path = `/services/${seg(nameOrId)}`;
  const res = await kongFetch(target, { method: "PUT", path, body: input });
  return parseResponse(target, ZKongService, res.body, { method: "PUT", path });
}
