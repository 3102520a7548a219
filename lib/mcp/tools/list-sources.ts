// list_sources: every cluster and gateway Signpost syncs, with its state and freshness, as
// GET /api/v1/sources answers it to this caller (internal details for editors and admins only).
import { z } from "zod";
import { listSources } from "../../sources/list-sources";
import { sourcesFor } from "../../sources/redact-source";
import { seesInternals } from "../../auth/sees-internals";
import { defineTool } from "../mcp-tool";

export const listSourcesTool = defineTool({
  name: "list_sources",
  title: "List sources and their freshness",
  description:
    "The clusters and gateways the catalog is synced from, each with its state (live, syncing, degraded, unreachable, stopped), the time of " +
    "its last full sync and last event, object counts and its last error. Check it before trusting an address: an API of a source that is not " +
    "live may be out of date.",
  input: z.strictObject({}),
  annotations: { readOnlyHint: true, openWorldHint: false },
  async run(_a, ctx) {
    return { sources: sourcesFor(await listSources(ctx.db.prisma), seesInternals(ctx.actor)), checkedAt: new Date().toISOString() };
  },
});
