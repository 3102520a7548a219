// The blocking form of resolve: with a previously seen ETag and a wait, answer as soon as the
// address differs (woken by the change feed, re-checked on every event of this API), or report
// "not changed" at the timeout. Without a wait, answer at once. First answers come from the
// process's resolve cache (lib/resolve/resolve-cache.ts); re-checks after an event read the database.
import type { Db } from "../db/client";
import { catalogVersion } from "../catalog/catalog-version";
import { eventFeed } from "../events/event-feed";
import { parseDuration } from "../util/duration";
import { resolvableAnswers, resolveApi } from "./resolve-api";
import { ResolveCache, toAnswer, type ResolveAnswer } from "./resolve-cache";

const MAX_WAIT_MS = 60_000;
let waiting = 0;

export type ResolveOutcome = { answer: ResolveAnswer; changed: boolean };

const g = globalThis as unknown as { __signpostResolveCache?: ResolveCache };

/** The process-wide resolve cache on `db`, invalidated by its event feed. */
export function resolveCache(db: Db): ResolveCache {
  return (g.__signpostResolveCache ??= new ResolveCache(eventFeed(db.pool), { version: () => catalogVersion(db.pool), preload: (limit) => resolvableAnswers(db.pool, limit) }));
}

/** Resolves `name`; `changed` is false when the ETag still equals `seen`. */
export async function resolveWithWait(
  db: Db,
  name: string,
  o: { cluster?: string; seen: string | null; wait?: string; signal?: AbortSignal },
): Promise<ResolveOutcome> {
  let answer = await resolveCache(db).get(name, o.cluster, () => resolveApi(db.pool, name, o.cluster));
  const waitMs = Math.min(MAX_WAIT_MS, o.wait ? (parseDuration(o.wait) ?? 0) : 0);
  if (!o.seen || answer.etag !== o.seen || waitMs === 0) return { answer, changed: answer.etag !== o.seen };
  const deadline = Date.now() + waitMs;
  const feed = eventFeed(db.pool);
  waiting++;
  try {
    while (Date.now() < deadline && !o.signal?.aborted) {
      const id = answer.id;
      const event = await feed.next((e) => e.api.id === id || e.api.name === name, deadline - Date.now(), o.signal);
      if (!event) break;
      // An API that went away while waited on answers 404 (its address is gone); other errors retry.
      answer = await resolveApi(db.pool, name, o.cluster).then(toAnswer, (err) => {
        if ((err as { code?: string }).code === "not_found") throw err;
        return answer;
      });
      if (answer.etag !== o.seen) return { answer, changed: true };
    }
    return { answer, changed: false };
  } finally {
    waiting--;
  }
}

/** The blocking resolves of this process waiting now, for the web server's /metrics. */
export function resolveWaitMetricsText(): string {
  return [
    "# HELP signpost_resolve_waiting Blocking resolves (?wait=) of this web server waiting for their API's address to change.",
    "# TYPE signpost_resolve_waiting gauge",
    `signpost_resolve_waiting ${waiting}`,
  ].join("\n");
}
