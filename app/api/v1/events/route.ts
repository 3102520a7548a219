// GET /api/v1/events - the change log: server-sent events (Accept: text/event-stream, resume
// with Last-Event-ID or ?after=) or JSON pages (?after=&limit=); filters api, team, type
import { route } from "@/lib/api/route";
import { ZEventQuery } from "@/lib/api/schemas/event";
import { findEvents } from "@/lib/events/find-events";
import { sseResponse } from "@/lib/events/sse-response";
import { getDb } from "@/lib/db/client";
import { ApiError } from "@/lib/api/errors";

export const dynamic = "force-dynamic";

export const GET = route({ access: "read", query: ZEventQuery }, async ({ query, req }) => {
  const db = getDb();
  if (!(req.headers.get("accept") ?? "").includes("text/event-stream")) return findEvents(db.pool, query);
  const resume = req.headers.get("last-event-id") ?? query.after ?? null;
  if (resume !== null && !/^\d+$/.test(resume)) throw new ApiError("bad_request", "Last-Event-ID must be an event id");
  // Without a resume point a stream starts at the newest event (only what happens from now).
  const after = resume ?? (await findEvents(db.pool, { limit: 1 })).lastEventId ?? "0";
  return sseResponse(db, after, query, req.signal);
});
