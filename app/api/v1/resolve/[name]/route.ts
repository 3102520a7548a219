// GET /api/v1/resolve/{name} - the API's stable address with an ETag that changes only when the
// address does; If-None-Match -> 304; ?wait=30s blocks until it changes (304 at the timeout)
import { route, rawJson } from "@/lib/api/route";
import { ZResolveParams, ZResolveQuery } from "@/lib/api/schemas/resolve";
import { resolveWithWait } from "@/lib/resolve/resolve-with-wait";
import { getDb } from "@/lib/db/client";
import { otherMethods } from "@/lib/api/other-methods";

export const dynamic = "force-dynamic";

export const GET = route({ access: "read", params: ZResolveParams, query: ZResolveQuery }, async ({ params, query, req }) => {
  const seen = req.headers.get("if-none-match") ?? query.etag ?? null;
  const { answer, changed } = await resolveWithWait(getDb(), params.name, { cluster: query.cluster, seen, wait: query.wait, signal: req.signal });
  const headers = { etag: answer.etag, "cache-control": "no-cache", ...(answer.index ? { "x-signpost-index": answer.index } : {}) };
  return changed ? rawJson(answer.body, 200, headers) : new Response(null, { status: 304, headers });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
