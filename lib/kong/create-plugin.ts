import type { KongPluginInput } from "./inputs";
import { kongFetch } from "./kong-fetch";
import { seg } from "./kong-url";
import { parseResponse } from "./parse-response";
import { type KongPlugin, ZKongPlugin } from "./schemas";
import type { KongTarget } from "./types";

/**
 * Creates a plugin: global, or scoped with `on` to a service or route (id or name), which posts to
 * the nested collection. Never retried.
 */
export async function createPlugin(
  target: KongTarget,
  input: KongPluginInput,
  on?: { service: string } | { route: string },
): Promise<KongPlugin> {
  const path = !on ? "/plugins" : "service" in on ? `/services/${seg(on.service)}/plugins` : `/routes/${seg(on.route)}/plugins`;
  const res = await kongFetch(target, { method: "POST", path, body: input });
  return parseResponse(target, ZKongPlugin, res.body, { method: "POST", path });
}
