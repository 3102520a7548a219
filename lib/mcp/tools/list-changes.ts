// list_changes: the change log (GET /api/v1/events as JSON pages, same lib function), from a
// cursor or from a time, filtered by API, team and type; a bounded page and the next cursor.
import { z } from "zod";
import { ApiError } from "../../api/errors";
import { ZBigintId } from "../../api/schemas/common";
import { CHANGE_EVENT_TYPES } from "../../api/schemas/webhook";
import { eventCursorAt, findEvents } from "../../events/find-events";
import { defineTool } from "../mcp-tool";

const DEFAULT_SINCE_MS = 24 * 3600_000;

export const listChanges = defineTool({
  name: "list_changes",
  title: "List recent changes",
  description:
    "Changes to the catalog in the order they happened: APIs created, updated (address, exposures or owner changed), gone, restored, " +
    "registered and deregistered, each with a before/after diff. Start from `after` (the nextCursor or an event id you saw) or from `since` " +
    "(an ISO 8601 time); with neither, the last 24 hours. Filter by `api` (id or name), `team` and `types`. Returns at most `limit` events, " +
    "`nextCursor` to pass as `after` for more (null when caught up) and `lastEventId`, the newest event id.",
  input: z.strictObject({
    after: ZBigintId("an event id").optional().describe("Only events after this event id (a cursor)"),
    since: z.iso.datetime({ offset: true }).optional().describe("Only events at or after this time, e.g. 2026-12-01T08:00:00Z"),
    api: z.string().min(1).max(300).optional().describe("Only events of this API (id or name)"),
    team: z.string().max(100).optional().describe("Only events of APIs of this team"),
    types: z.array(z.enum(CHANGE_EVENT_TYPES)).max(CHANGE_EVENT_TYPES.length).optional().describe("Only these event types"),
    limit: z.number().int().min(1).max(100).default(50).describe("Page size, 1-100"),
  }),
  annotations: { readOnlyHint: true, openWorldHint: false },
  async run(a, ctx) {
    if (a.after && a.since) throw new ApiError("bad_request", "pass either after (a cursor) or since (a time), not both");
    const after = a.after ?? (await eventCursorAt(ctx.db.pool, a.since ? new Date(a.since) : new Date(Date.now() - DEFAULT_SINCE_MS)));
    const page = await findEvents(ctx.db.pool, { after, limit: a.limit, api: a.api, team: a.team, type: a.types });
    return { events: page.data, nextCursor: page.nextCursor, lastEventId: page.lastEventId };
  },
});
