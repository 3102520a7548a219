import type { KongServiceInput } from "./inputs";
import { kongFetch } from "./kong-fetch";
import { parseResponse } from "./parse-response";
import { type KongService, ZKongService } from "./schemas";
import type { KongTarget } from "./types";

/** POST /services; a name already in use fails with a 409 KongError (code 5). Never retried. */
export async function createService(target: KongTarget, input: KongServiceInput): Promise<KongService> {
  const res = await kongFetch(target, { method: "POST", path: "/services", body: input });
  return parseResponse(target, ZKongService, res.body, { method: "POST", path: "/services" });
}
