// The one way Signpost changes what registers an API: take the name's intent (one change at a
// time), read what the gateway (or the cluster feeding it) holds, check without writing, record
// it, write, and on any failure put it back. REST, the form, the CLI and annotations all go
// through here, whatever the registration path.
import type { SqlDb } from "../db/pool";
import type { TGatewayConfig } from "../env";
import { beginIntent, type Intent, type IntentOp } from "./registration-intent";
import { putBack, recoverIntent, type IntentPrevious } from "./recover-intent";

/** Reads and restores one kind of registration state (Kong entities, or cluster objects). */
export type StateDriver<S> = {
  /** "gateway \"edge\"" or "cluster \"prod\"": named in errors */
  readonly where: string;
  read(): Promise<S>;
  restore(before: S): Promise<void>;
  /** what the intent records so that a recovery can restore it */
  record(state: S): IntentPrevious;
};

export type ChangeSteps<S, T> = {
  /** checks against the current state; must not write (a failure here changes nothing) */
  check?: (current: S) => Promise<void> | void;
  /** writes, then records the change, ending `intent` in the same transaction */
  write: (current: S, intent: Intent) => Promise<T>;
};

/** Runs one registration change (see the file comment). */
export async function changeRegistration<S, T>(
  db: SqlDb,
  gateways: TGatewayConfig[],
  key: { gateway: string; name: string },
  change: { op: IntentOp; spec: unknown; actor: string },
  driver: StateDriver<S>,
  steps: ChangeSteps<S, T>,
): Promise<T> {
  const intent = await beginIntent(db.pool, key, change, { recover: (row) => recoverIntent(row, gateways) });
  let current: S;
  try {
    current = await driver.read();
    await steps.check?.(current);
    await intent.savePrevious(driver.record(current));
  } catch (err) {
    await intent.abandon().catch(() => intent.release());
    throw err;
  }
  try {
    return await steps.write(current, intent);
  } catch (err) {
    throw await putBack(driver, key.name, current, intent, err);
  }
}
