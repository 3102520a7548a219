// Readiness: the database must answer within 2 s; sources are reported (an unreachable cluster
// makes the catalog degraded, not the web server unready).
import type pg from "pg";
import { webReadiness } from "./readiness";

type Queryable = Pick<pg.Pool, "query">;

export type Readiness = {
  status: "ready" | "degraded" | "unavailable";
  database: { ok: boolean; error?: string };
  sources: { kind: string; name: string; state: string; workerSeenAt: string | null }[];
};

/** Checks the database and summarises the sources. */
export async function readiness(db: Queryable): Promise<Readiness> {
  const started = webReadiness();
  if (!started.ready) return { status: "unavailable", database: { ok: false, error: started.error ?? "starting" }, sources: [] };
  try {
    const { rows } = await Promise.race([
      db.query<{ kind: string; name: string; state: string; heartbeat_at: Date | null }>(`SELECT kind, name, state, heartbeat_at FROM sources ORDER BY kind, name`),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error("no answer within 2 s")), 2000).unref()),
    ]);
    const sources = rows.map((r) => ({ kind: r.kind, name: r.name, state: r.state, workerSeenAt: r.heartbeat_at?.toISOString() ?? null }));
    const degraded = sources.some((s) => s.state !== "live");
    return { status: degraded ? "degraded" : "ready", database: { ok: true }, sources };
  } catch (err) {
    return { status: "unavailable", database: { ok: false, error: (err as Error).message }, sources: [] };
  }
}
