// Putting things back after a registration change that failed or was interrupted.
import { ApiError } from "../api/errors";
import { loadConfig, type TGatewayConfig } from "../env";
import { loadClusters } from "../k8s/load-clusters";
import { logger } from "../log";
import type { StateDriver } from "./change-registration";
import { restoreKongState, type KongState } from "./kong-state";
import { restoreClusterState, type ClusterState } from "./cluster-state";
import type { Intent, IntentRow } from "./registration-intent";
import { kongTarget } from "./resolve-gateway";

/** What an intent records before the change (absent: nothing was written yet). */
export type IntentPrevious = { kong?: KongState; cluster?: { name: string; kongPlugins: boolean; state: ClusterState } };

/**
 * After a failure mid-change: restores what was there and ends the intent. Returns the error to
 * answer with: the original one when everything is back as it was, otherwise one that says part
 * of the change is still in place (the intent stays, expires, and is recovered).
 */
export async function putBack<S>(driver: StateDriver<S>, name: string, before: S, intent: Intent, cause: unknown): Promise<unknown> {
  try {
    await driver.restore(before);
  } catch (err) {
    intent.release();
    logger.warn("could not put back a failed registration change; it will be retried", {
      where: driver.where, name, cause: (cause as Error)?.message, error: (err as Error).message,
    });
    return new ApiError(
      "upstream_error",
      `changing "${name}" on ${driver.where} failed (${(cause as Error)?.message ?? cause}), and it could not be put back yet ` +
        `(${(err as Error).message}); Signpost restores it as soon as ${driver.where} answers`,
      { restorePending: true },
    );
  }
  await intent.abandon().catch((err: Error) => {
    // The database is what failed: the intent expires and its recovery finds everything back.
    intent.release();
    logger.warn("could not end a registration intent; it expires and is recovered", { where: driver.where, name, error: err.message });
  });
  return cause;
}

/** Recovers an expired intent: puts back what it recorded. */
export async function recoverIntent(row: IntentRow, gateways: TGatewayConfig[]): Promise<void> {
  const previous = (row.previous ?? {}) as IntentPrevious;
  if (previous.kong) {
    const gw = gateways.find((g) => g.name === row.gateway);
    if (!gw) throw new Error(`gateway "${row.gateway}" is no longer configured`);
    await restoreKongState(kongTarget(gw), row.name, previous.kong);
  } else if (previous.cluster) {
    const c = loadClusters(loadConfig()).find((x) => x.name === previous.cluster!.name);
    if (!c) throw new Error(`cluster "${previous.cluster.name}" is no longer configured`);
    await restoreClusterState({ name: c.name, kc: c.kc }, row.name, previous.cluster.state, previous.cluster.kongPlugins);
  } else return; // interrupted before anything was written
  logger.warn("put back an interrupted registration change", { gateway: row.gateway, name: row.name, op: row.op, actor: row.actor });
}
