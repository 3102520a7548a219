import { isKongNotFound } from "./errors";
import { kongFetch } from "./kong-fetch";
import { seg } from "./kong-url";
import { parseResponse } from "./parse-response";
import { type KongService, ZKongService } from "./schemas";
import type { KongTarget } from "./types";

/** A service by id or name; null when Kong answers 404. */
export async function getService(target: KongTarget, idOrName: string): Promise<KongService | null> {
  const path = `/services/${seg(idOrName)}`;
  try {
    const res = await kongFetch(target, { path });
    return parseResponse(target, ZKongService, res.body, { method: "GET", path });
  } catch (e) {
    if (isKongNotFound(e)) return null;
    throw e;
  }
}
