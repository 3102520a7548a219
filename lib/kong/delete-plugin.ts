import { kongFetch } from "./kong-fetch";
import { seg } from "./kong-url";
import type { KongTarget } from "./types";

/** DELETE /plugins/{id or instance_name}; 204 even when missing. */
export async function deletePlugin(target: KongTarget, idOrInstanceName: string): Promise<void> {
  await kongFetch(target, { method: "DELETE", path: `/plugins/${seg(idOrInstanceName)}` });
}
