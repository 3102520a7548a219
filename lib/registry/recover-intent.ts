// Putting a gateway back after a registration change that failed or was interrupted.
import { ApiError } from "../api/errors";
import type { TGatewayConfig } from "../env";
import type { KongTarget } from "../kong";
import { logger } from "../log";
import { restoreKongState, type KongState } from "./kong-state";
import type { Intent, IntentRow } from "./registration-intent";
import { kongTarget } from "./resolve-gateway";

/** What an intent records of the gateway before the change (absent: nothing was written yet). */
export type IntentPrevious = { kong?: KongState };

/**
 * After a failure mid-change: restores what the gateway held and ends the intent. Returns the
 * error to answer with: the original one when the gateway is back as it was, otherwise one that
 * says the gateway still holds part of the change (the intent stays, expires, and is recovered).
 */
export async function putBack(target: KongTarget, name: string, before: KongState, intent: Intent, cause: unknown): Promise<unknown> {
  try {
    await restoreKongState(target, name, before);
  } catch (err) {
    intent.release();
    logger.warn("could not put the gateway back after a failed registration change; it will be retried", {
      gateway: target.name, name, cause: (cause as Error)?.message, error: (err as Error).message,
    });
    return new ApiError(
      "upstream_error",
      `changing "${name}" on gateway "${target.name}" failed (${(cause as Error)?.message ?? cause}), and the gateway could not be put back yet ` +
        `(${(err as Error).message}); Signpost restores it as soon as the gateway answers`,
      { gateway: target.name, restorePending: true },
    );
  }
  await intent.abandon().catch((err: Error) => {
    // The database is what failed: the intent expires and its recovery finds the gateway already back.
    intent.release();
    logger.warn("could not end a registration intent; it expires and is recovered", { gateway: target.name, name, error: err.message });
  });
  return cause;
}

/** Recovers an expired intent: puts back on its gateway what it recorded. */
export async function recoverIntent(row: IntentRow, gateways: TGatewayConfig[]): Promise<void> {
  const previous = (row.previous ?? {}) as IntentPrevious;
  if (!previous.kong) return; // interrupted before the gateway was touched
  const gw = gateways.find((g) => g.name === row.gateway);
  if (!gw) throw new Error(`gateway "${row.gateway}" is no longer configured`);
  await restoreKongState(kongTarget(gw), row.name, previous.kong);
  logger.warn("put back an interrupted registration change", { gateway: row.gateway, name: row.name, op: row.op, actor: row.actor });
}
