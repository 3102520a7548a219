// resolve_api: the address a caller should use, the same answer as GET /api/v1/resolve/{name}
// (the same lib function), ETag included so an agent can tell when it moved.
import { z } from "zod";
import { resolveWithWait } from "../../resolve/resolve-with-wait";
import { apiPageUrl } from "../mcp-context";
import { defineTool } from "../mcp-tool";
import { ZCluster } from "./get-api";

export const resolveApiTool = defineTool({
  name: "resolve_api",
  title: "Resolve an API to its address",
  description:
    "The stable address to call an API by its name, exactly as GET /api/v1/resolve/{name} answers: proxyUrl (the most external address: " +
    "gateway > Ingress/HTTPRoute > LoadBalancer > NodePort > ClusterIP), exposureMode, every exposure's address and status, owner, and an " +
    "etag that changes only when the address does. Use this address in generated clients and configuration rather than guessing one. " +
    "Unknown names are a tool error; a name several clusters share asks for `cluster`.",
  input: z.strictObject({
    name: z.string().min(1).max(300).describe("The API's name (e.g. usermgr)"),
    cluster: ZCluster,
  }),
  annotations: { readOnlyHint: true, openWorldHint: false },
  async run(a, ctx) {
    const { answer } = await resolveWithWait(ctx.db, a.name, { cluster: a.cluster, seen: null });
    // The stored REST body, as GET /api/v1/resolve/{name} sends it.
    const resolved = JSON.parse(answer.body) as Record<string, unknown>;
    return { ...resolved, pageUrl: apiPageUrl(ctx, answer.id) };
  },
});
