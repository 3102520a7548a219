// Maps a request path to discovery, OpenAPI, the controls or a resource (reference §1.1, §2).
import type { IncomingMessage, ServerResponse } from "node:http";
import { handleControl, type SandboxControl } from "./control";
import { apiGroup, apiGroupList, apiResourceList, apiVersions, VERSION_INFO } from "./discovery";
import { sendError, sendJson } from "./http-util";
import type { OpenApiDocs } from "./openapi";
import { handleResource, type ResourceContext, type ResourceRoute } from "./resource-handler";
import type { ResourceRegistry } from "./resources";
import { apiErrors } from "./status-errors";
import { authorize, requestVerb } from "./authorize";

/** Everything the router needs from the running cluster. */
export type RouterContext = ResourceContext & {
  registry: ResourceRegistry;
  openapi: OpenApiDocs;
  control: SandboxControl;
  token?: string;
  serverAddress(): string;
  record(method: string, path: string): void;
};

/** Resolves /api/v1/... and /apis/<g>/<v>/... to a resource route, or undefined. */
export function resolveResource(registry: ResourceRegistry, segs: string[]): ResourceRoute | undefined {
  let group: string;
  let version: string;
  let rest: string[];
  if (segs[0] === "api") [group, version, rest] = ["", segs[1], segs.slice(2)];
  else [group, version, rest] = [segs[1], segs[2], segs.slice(3)];
  let watchPath = false;
  if (rest[0] === "watch") [watchPath, rest] = [true, rest.slice(1)];
  let namespace: string | undefined;
  let plural: string;
  let name: string | undefined;
  let sub: string | undefined;
  const nsSubresource = rest.length === 3 && (rest[2] === "status" || rest[2] === "finalize");
  if (rest[0] === "namespaces" && rest.length >= 3 && !nsSubresource) {
    if (rest.length > 5) return undefined;
    [namespace, plural, name, sub] = [rest[1], rest[2], rest[3], rest[4]];
  } else {
    if (rest.length > 3 || rest.length === 0) return undefined;
    [plural, name, sub] = [rest[0], rest[1], rest[2]];
  }
  const def = registry.byPath(group, version, plural);
  if (!def || (!def.namespaced && namespace !== undefined)) return undefined;
  if (sub !== undefined && (sub !== "status" || !def.hasStatus)) return undefined;
  return { def, namespace, name, subresource: sub as "status" | undefined, watchPath };
}

function discovery(ctx: RouterContext, segs: string[], path: string): unknown {
  if (path === "/version") return VERSION_INFO;
  if (path === "/api") return apiVersions(ctx.serverAddress());
  if (path === "/apis") return apiGroupList(ctx.registry);
  if (segs[0] === "api" && segs.length === 2) return apiResourceList(ctx.registry, "", segs[1]);
  if (segs[0] === "apis" && segs.length === 2) return apiGroup(ctx.registry, segs[1]);
  if (segs[0] === "apis" && segs.length === 3) return apiResourceList(ctx.registry, segs[1], segs[2]);
  return undefined;
}

/** The request listener of a sandbox cluster. */
export function createRouter(ctx: RouterContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://sandbox");
      const path = url.pathname.replace(/\/+$/, "") || "/";
      try {
        if (!path.startsWith("/_sandbox")) ctx.record(req.method ?? "GET", req.url ?? "/");
        if (ctx.token && req.headers.authorization !== `Bearer ${ctx.token}`) throw apiErrors.unauthorized();
        if (path.startsWith("/_sandbox")) return await handleControl(ctx.control, req, res, url);
        const segs = path.split("/").filter(Boolean);
        const isResource = (segs[0] === "api" && segs.length > 2) || (segs[0] === "apis" && segs.length > 3);
        if (!isResource) {
          if (segs[0] === "openapi" && (req.method === "GET" || req.method === "HEAD") && ctx.openapi.serve(req, res, path)) return;
          const doc = discovery(ctx, segs, path);
          if (doc === undefined) throw apiErrors.noRoute();
          if (req.method !== "GET" && req.method !== "HEAD") throw apiErrors.methodNotAllowed();
          return sendJson(res, 200, doc);
        }
        const route = resolveResource(ctx.registry, segs);
        if (!route) throw apiErrors.noRoute();
        const rules = ctx.control.denyRules();
        if (rules.length) {
          const watch = route.watchPath || url.searchParams.get("watch") === "true" || url.searchParams.get("watch") === "1";
          authorize(rules, { verb: requestVerb(req.method ?? "GET", Boolean(route.name), watch), def: route.def, namespace: route.namespace, name: route.name, subresource: route.subresource });
        }
        await handleResource(ctx, req, res, route, url.searchParams);
      } catch (err) {
        sendError(res, err);
      }
    })();
  };
}
