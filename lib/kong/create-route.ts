import type { KongRouteInput } from "./inputs";
import { kongFetch } from "./kong-fetch";
import { seg } from "./kong-url";
import { parseResponse } from "./parse-response";
import { type KongRoute, ZKongRoute } from "./schemas";
import type { KongTarget } from "./types";

/** POST /services/{service}/routes: a route bound to the service (id or name). Never retried. */
export async function createRoute(target: KongTarget, service: string, input: Omit<KongRouteInput, "service">): Promise<KongRoute> {
  const path = `/services/${seg(service)}/routes`;
  const res = await kongFetch(target, { method: "POST", path, body: input });
  return parseResponse(target, ZKongRoute, res.body, { method: "POST", path });
}
