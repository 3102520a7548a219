import { kongFetch } from "./kong-fetch";
import { seg } from "./kong-url";
import type { KongTarget } from "./types";

/** DELETE /routes/{name or id}; 204 even when missing. Kong also deletes the route's plugins. */
export async function deleteRoute(target: KongTarget, nameOrId: string): Promise<void> {
  await kongFetch(target, { method: "DELETE", path: `/routes/${seg(nameOrId)}` });
}
