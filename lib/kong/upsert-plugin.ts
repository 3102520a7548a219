import type { KongPluginInput } from "./inputs";
import { kongFetch } from "./kong-fetch";
import { seg } from "./kong-url";
import { parseResponse } from "./parse-response";
import { type KongPlugin, ZKongPlugin } from "./schemas";
import type { KongTarget } from "./types";

/** PUT /plugins/{id}: creates or replaces the plugin with this id; fields left out return to defaults. */
export async function upsertPlugin(target: KongTarget, id: string, input: KongPluginInput): Promise<KongPlugin> {
  const path = `/plugins/${seg(id)}`;
  const res = await kongFetch(target, { method: "PUT", path, body: input });
  return parseResponse(target, ZKongPlugin, res.body, { method: "PUT", path });
}
