import { isKongNotFound } from "./errors";
import { kongFetch } from "./kong-fetch";
import { seg } from "./kong-url";
import { parseResponse } from "./parse-response";
import { type KongRoute, ZKongRoute } from "./schemas";
import type { KongTarget } from "./types";

/** A route by id or name; null when Kong answers 404. */
export async function getRoute(target: KongTarget, idOrName: string): Promise<KongRoute | null> {
  const path = `/routes/${seg(idOrName)}`;
  try {
    const res = await kongFetch(target, { path });
    return parseResponse(target, ZKongRoute, res.body, { method: "GET", path });
  } catch (e) {
    if (isKongNotFound(e)) return null;
    throw e;
  }
}
