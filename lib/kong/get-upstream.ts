import { isKongNotFound } from "./errors";
import { kongFetch } from "./kong-fetch";
import { seg } from "./kong-url";
import { parseResponse } from "./parse-response";
import { type KongUpstream, ZKongUpstream } from "./schemas";
import type { KongTarget } from "./types";

/** An upstream by id or name; null when Kong answers 404. */
export async function getUpstream(target: KongTarget, idOrName: string): Promise<KongUpstream | null> {
  const path = `/upstreams/${seg(idOrName)}`;
  try {
    const res = await kongFetch(target, { path });
    return parseResponse(target, ZKongUpstream, res.body, { method: "GET", path });
  } catch (e) {
    if (isKongNotFound(e)) return null;
    throw e;
  }
}
