// The blocking form of resolve: with a previously seen ETag and a wait, answer as soon as the
// address differs (woken by the change feed, re-checked on every event of this API), or report
// "not changed" at the timeout. Without a wait, answer at once.
import type { Db } from "../db/client";
import type { TResolved } from "../api/schemas/resolve";
import { eventFeed } from "../events/event-feed";
import { parseDuration } from "../util/duration";
import { resolveApi } from "./resolve-api";

const MAX_WAIT_MS = 60_000;

export type ResolveOutcome = { resolved: TResolved; changed: boolean };

/** Resolves `name`; `changed` is false when the ETag still equals `seen`. */
export async function resolveWithWait(
  db: Db,
  name: string,
  o: { cluster?: string; seen: string | null; wait?: string; signal?: AbortSignal },
): Promise<ResolveOutcome> {
  let resolved = await resolveApi(db.pool, name, o.cluster);
  const waitMs = Math.min(MAX_WAIT_MS, o.wait ? (parseDuration(o.wait) ?? 0) : 0);
  if (!o.seen || resolved.etag !== o.seen || waitMs === 0) return { resolved, changed: resolved.etag !== o.seen };
  const deadline = Date.now() + waitMs;
  const feed = eventFeed(db.pool);
  while (Date.now() < deadline && !o.signal?.aborted) {
    const event = await feed.next((e) => e.api.id === resolved.id || e.api.name === name, deadline - Date.now());
    if (!event) break;
    // An API that went away while waited on answers 404 (its address is gone); other errors retry.
    resolved = await resolveApi(db.pool, name, o.cluster).catch((err) => {
      if ((err as { code?: string }).code === "not_found") throw err;
      return resolved;
    });
    if (resolved.etag !== o.seen) return { resolved, changed: true };
  }
  return { resolved, changed: false };
}
