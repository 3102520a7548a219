// get_api: one API as REST returns it (GET /api/v1/apis/{id}: exposures with addresses, owner,
// and whatever else the REST document carries), plus what the API page shows around it: the
// request chains, its registrations, its newest change events and where its contract is, with a
// bounded summary of the contract's operations.
import { z } from "zod";
import { getApi } from "../../catalog/get-api";
import { apiIdOf } from "../../catalog/api-id-of";
import { buildChains } from "../../catalog/build-chains";
import { recentApiEvents } from "../../events/find-events";
import { listRegistrations } from "../../registry/list-registrations";
import { apiPageUrl } from "../mcp-context";
import { contractSummary } from "../resources/api-contract";
import { defineTool } from "../mcp-tool";

export const ZApiRef = z.string().min(1).max(300).describe("The API's id, key (k8s:<cluster>/<namespace>/<name>, api:<name>, kong:<gateway>/<route id>) or name");
export const ZCluster = z.string().max(200).optional().describe("The cluster, when several clusters have an API of that name");

export const getApiTool = defineTool({
  name: "get_api",
  title: "Get one API",
  description:
    "Everything Signpost knows about one API, by id, key or name: `api` is the catalog document REST returns (GET /api/v1/apis/{id}): " +
    "proxyUrl, exposureMode, every exposure with its address and status (gateway route, Ingress, HTTPRoute, LoadBalancer, NodePort, ClusterIP), " +
    "team and microservice, owner and links, labels and annotations, gateway plugins in the exposures' details, `requirements` (what a caller " +
    "must send at the proxy URL: authentication with its header or query key names, rate limits, ACL groups, CORS, size limit) and `scorecard` " +
    "(each check pass, fail or not applicable with why and the fix, and the level); `chains` lists the hops a request takes " +
    "(gateway route -> Ingress -> Service -> pods); `registrations` the gateway registrations Signpost made for it (spec, origin, drift); " +
    "`recentChanges` its newest change events; `pageUrl` its page; `contract` (null when it has none) where its OpenAPI document is " +
    "(`resource`: the MCP resource URI to read it with resources/read, `url`: the REST URL), its version, hash and media type, " +
    "`operationCount` and the first `operations` of them (method, path, operationId, summary). Unknown names are a tool error; a name several clusters share asks for `cluster`.",
  input: z.strictObject({
    api: ZApiRef,
    cluster: ZCluster,
    changes: z.number().int().min(0).max(50).default(10).describe("How many of its newest change events to include (0-50)"),
    operations: z.number().int().min(0).max(200).default(50).describe("How many of its contract's operations to list (0-200); operationCount has them all"),
  }),
  annotations: { readOnlyHint: true, openWorldHint: false },
  async run(a, ctx) {
    const id = await apiIdOf(ctx.db, a.api, a.cluster);
    const api = await getApi(ctx.db.prisma, id);
    const registrations = api.key.startsWith("api:") ? await listRegistrations(ctx.db.prisma, { name: api.key.slice(4) }) : [];
    return {
      api,
      pageUrl: apiPageUrl(ctx, api.id),
      chains: buildChains(api),
      registrations,
      recentChanges: a.changes ? await recentApiEvents(ctx.db.pool, api.id, a.changes) : [],
      contract: await contractSummary(ctx, api.id, a.operations),
    };
  },
});
