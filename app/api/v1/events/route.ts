// GET /api/v1/events - the change log: server-sent events (Accept: text/event-stream, resume
// with Last-Event-ID or ?after=) or JSON pages (?after=&limit=); filters api, team, type
import { route } from "@/lib/api/route";
import { ZEventQuery } from "@/lib/api/schemas/event";
import { ZBigintId } from "@/lib/api/schemas/common";
import { findEvents } from "@/lib/events/find-events";
import { newestEventId } from "@/lib/events/newest-event-id";
import { sseResponse } from "@/lib/events/sse-response";
import { acquireStream } from "@/lib/events/sse-limits";
import { actorStillValid } from "@/lib/auth/actor-still-valid";
import { clientAddress } from "@/lib/auth/client-address";
import { getDb } from "@/lib/db/client";
import { loadConfig } from "@/lib/env";
import { ApiError } from "@/lib/api/errors";
import { otherMethods } from "@/lib/api/other-methods";

export const dynamic = "force-dynamic";

export const GET = route({ access: "read", query: ZEventQuery }, async ({ query, req, actor }) => {
  const db = getDb();
  if (!(req.headers.get("accept") ?? "").includes("text/event-stream")) return findEvents(db.pool, query);
  const header = req.headers.get("last-event-id");
  if (header !== null && !ZBigintId("an event id").safeParse(header).success) throw new ApiError("bad_request", "Last-Event-ID must be an event id");
  const config = loadConfig();
  const client = clientAddress(req);
  const release = acquireStream(client, config.SIGNPOST_SSE_MAX_PER_CLIENT);
  if (!release) {
    throw new ApiError("rate_limited", `${client} already has ${config.SIGNPOST_SSE_MAX_PER_CLIENT} event streams open on this server; close one first`, undefined, { "retry-after": "5" });
  }
  try {
    const resume = header ?? query.after ?? null;
    // Without a resume point a stream starts at the newest event (only what happens from now).
    const after = resume ?? (await newestEventId(db.pool));
    return sseResponse(db, after, query, req.signal, {
      bufferBytes: config.SIGNPOST_SSE_BUFFER_BYTES,
      maxReplay: config.SIGNPOST_SSE_MAX_REPLAY,
      stillAuthorized: actor?.tokenId || actor?.sessionId ? () => actorStillValid(db.prisma, actor) : undefined,
      onEnd: release,
    });
  } catch (err) {
    release();
    throw err;
  }
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
