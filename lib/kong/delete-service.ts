import { kongFetch } from "./kong-fetch";
import { seg } from "./kong-url";
import type { KongTarget } from "./types";

/**
 * DELETE /services/{name or id}. Kong answers 204 even when it does not exist; a service that
 * still has routes fails with a 400 KongError (code 4, foreign key violation).
 */
export async function deleteService(target: KongTarget, nameOrId: string): Promise<void> {
  await kongFetch(target, { method: "DELETE", path: `/services/${seg(nameOrId)}` });
}
