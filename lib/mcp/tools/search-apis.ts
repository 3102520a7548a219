// search_apis: the catalog list (GET /api/v1/apis) for agents: free text and facets, a bounded
// page, a cursor for the next one. Same query schema and lib function as REST.
import { z } from "zod";
import { ApiError } from "../../api/errors";
import { ZApiListQuery, ZExposureMode } from "../../api/schemas/api";
import { findApis } from "../../catalog/find-apis";
import { apiPageUrl } from "../mcp-context";
import { defineTool } from "../mcp-tool";

const values = (what: string) => z.string().max(500).optional().describe(`${what}; several separated by commas`);

export const searchApis = defineTool({
  name: "search_apis",
  title: "Search the API catalog",
  description:
    "Finds APIs in the Signpost catalog (Kubernetes Services, Ingresses, HTTPRoutes and Kong gateway routes, linked into one entry per API). " +
    "Matches `query` as a substring of name, microservice, team, host, path or URL, narrowed by the facets. Returns for each API its id, name, " +
    "proxyUrl (the address a client should call), exposureMode, team, owner, microservice, cluster, namespace, gateways, scorecard " +
    "(level and failing checks), health (answering or failing since when, for APIs with a probe path) and pageUrl (the catalog list item of REST without exposures, labels and annotations); at most `limit` per page, and `nextCursor` to pass as `cursor` " +
    "for the next page (null on the last). Use get_api with an id for the full picture, resolve_api for the address to call.",
  input: z.strictObject({
    query: z.string().max(200).optional().describe("Substring of name, microservice, team, host, path or URL (case-insensitive)"),
    team: values("Owning team"),
    microservice: values("Microservice"),
    cluster: values("Kubernetes cluster (context) name"),
    namespace: values("Kubernetes namespace"),
    exposureMode: z.array(ZExposureMode).max(8).optional().describe("Only APIs reachable this way (any of them)"),
    gateway: values("Gateway the API is routed through"),
    failing: values("Only APIs failing any of these scorecard checks (owner, contract, auth, rate_limit, https, gateway_only, endpoints, docs, or a configured one)"),
    level: values("Only APIs at these scorecard levels (by default gold, silver, bronze, none)"),
    health: values("Only APIs whose health probe finds them answering or failing"),
    includeGone: z.boolean().default(false).describe("Also list APIs that vanished from their sources (kept for a while)"),
    limit: z.number().int().min(1).max(50).default(20).describe("Page size, 1-50"),
    cursor: z.string().max(500).optional().describe("nextCursor of the previous page"),
  }),
  annotations: { readOnlyHint: true, openWorldHint: false },
  async run(a, ctx) {
    const parsed = ZApiListQuery.safeParse({
      q: a.query, team: a.team, microservice: a.microservice, cluster: a.cluster, namespace: a.namespace, mode: a.exposureMode,
      gateway: a.gateway, failing: a.failing, level: a.level, health: a.health, includeGone: a.includeGone ? "true" : "false", limit: a.limit, cursor: a.cursor,
    });
    if (!parsed.success) throw new ApiError("bad_request", `invalid arguments: ${parsed.error.issues[0].path.join(".")}: ${parsed.error.issues[0].message}`);
    const query = parsed.data;
    const page = await findApis(ctx.db.pool, query);
    return {
      // The REST list item without its bulky parts (get_api has them): what REST adds to list items flows in.
      apis: page.data.map(({ exposures: _e, labels: _l, annotations: _a, ...api }) => ({ ...api, pageUrl: apiPageUrl(ctx, api.id) })),
      nextCursor: page.nextCursor,
    };
  },
});
