// The one way Signpost changes a registration's entities on a gateway: take the name's intent
// (one change at a time), read what the gateway holds, check without writing, record it, write,
// and on any failure put the gateway back. REST, the form, the CLI and annotations all go
// through here.
import type { Db } from "../db/client";
import type { TGatewayConfig } from "../env";
import type { KongTarget } from "../kong";
import { readKongState, type KongState } from "./kong-state";
import { beginIntent, type Intent, type IntentOp } from "./registration-intent";
import { putBack, recoverIntent } from "./recover-intent";

export type ChangeSteps<T> = {
  /** checks against the current state; must not write (a failure here changes nothing) */
  check?: (current: KongState) => Promise<void> | void;
  /** writes the gateway, then records the change, ending `intent` in the same transaction */
  write: (current: KongState, intent: Intent) => Promise<T>;
};

/** Runs one registration change on `target` (see the file comment). */
export async function changeRegistration<T>(
  db: Db,
  gateways: TGatewayConfig[],
  target: KongTarget,
  change: { name: string; op: IntentOp; spec: unknown; actor: string },
  steps: ChangeSteps<T>,
): Promise<T> {
  const intent = await beginIntent(db.pool, { gateway: target.name, name: change.name }, change, {
    recover: (row) => recoverIntent(row, gateways),
  });
  let current: KongState;
  try {
    current = await readKongState(target, change.name);
    await steps.check?.(current);
    await intent.savePrevious({ kong: current });
  } catch (err) {
    await intent.abandon().catch(() => intent.release());
    throw err;
  }
  try {
    return await steps.write(current, intent);
  } catch (err) {
    throw await putBack(target, change.name, current, intent, err);
  }
}
