// The verbs on one resource path: list/watch/get, create, update, patch, delete (+ collection),
// and the /status subresource. Everything arrives here already routed and authenticated.
import type { IncomingMessage, ServerResponse } from "node:http";
import { parseDryRun } from "./dry-run";
import { validateListOptions } from "./list-options";
import { flag, intParam, parseBody, readBody, sendJson } from "./http-util";
import type { ListPager } from "./list";
import { listItem, present } from "./object-meta";
import { acceptedPatchTypes, isApplyPatch, patchTypeOf } from "./patch";
import { fieldError } from "./field-errors";
import { apiErrors, KubeApiError } from "./status-errors";
import type { ClusterStore, DeleteOptions } from "./store";
import { parseAccept, partialMetadata, toTable } from "./table";
import { groupVersion, type Json, type KubeObject, type ResourceDef } from "./types";
import type { WatchHub } from "./watch";

/** A request routed to a resource. */
export type ResourceRoute = { def: ResourceDef; namespace?: string; name?: string; subresource?: "status"; watchPath: boolean };

/** What the resource handlers work with. */
export type ResourceContext = { store: ClusterStore; pager: ListPager; hub: WatchHub };

function render(d: ResourceDef, obj: KubeObject, req: IncomingMessage, q: URLSearchParams): Json {
  const r = parseAccept(req.headers.accept, q.get("includeObject"));
  const served = present(d, obj);
  if (r.as === "Table") return toTable(d, [served], { resourceVersion: obj.metadata.resourceVersion }, r);
  if (r.as === "PartialObjectMetadata") return partialMetadata(served, r.version);
  return served;
}

function listBody(d: ResourceDef, items: KubeObject[], meta: Json, req: IncomingMessage, q: URLSearchParams): Json {
  const r = parseAccept(req.headers.accept, q.get("includeObject"));
  if (r.as === "Table") return toTable(d, items.map((o) => present(d, o)), meta, r);
  if (r.as === "PartialObjectMetadata") {
    return { kind: "PartialObjectMetadataList", apiVersion: `meta.k8s.io/${r.version}`, metadata: meta, items: items.map((o) => partialMetadata(present(d, o), r.version)) };
  }
  return { kind: `${d.kind}List`, apiVersion: groupVersion(d.group, d.version), metadata: meta, items: items.map((o) => listItem(d, o)) };
}

/**
 * The field manager of a write: the fieldManager parameter, else the User-Agent up to its first "/"
 * (at most 128 characters), as the API server derives it; "unknown" when there is neither.
 */
function managerOf(req: IncomingMessage, q: URLSearchParams): string {
  const given = q.get("fieldManager");
  if (given) return given;
  return (req.headers["user-agent"] ?? "").split("/")[0].slice(0, 128) || "unknown";
}

/** Serves one request on a resource path. */
export async function handleResource(ctx: ResourceContext, req: IncomingMessage, res: ServerResponse, route: ResourceRoute, q: URLSearchParams): Promise<void> {
  const { def: d, namespace: ns, name, subresource } = route;
  const { store } = ctx;
  const dryRun = q.getAll("dryRun");
  switch (req.method) {
    case "GET": {
      const watch = route.watchPath || flag(q, "watch");
      if (!name || watch) validateListOptions(q, watch);
      if (watch && !subresource) {
        return ctx.hub.handle(req, res, d, {
          namespace: ns, name,
          resourceVersion: q.get("resourceVersion") ?? undefined,
          resourceVersionMatch: q.get("resourceVersionMatch") ?? undefined,
          labelSelector: q.get("labelSelector") ?? undefined,
          fieldSelector: q.get("fieldSelector") ?? undefined,
          allowWatchBookmarks: flag(q, "allowWatchBookmarks"),
          sendInitialEvents: flag(q, "sendInitialEvents"),
          timeoutSeconds: intParam(q, "timeoutSeconds"),
        }, parseAccept(req.headers.accept, q.get("includeObject")));
      }
      if (name) return sendJson(res, 200, render(d, store.getIn(d, ns, name), req, q));
      const page = ctx.pager.list(d, {
        namespace: ns,
        labelSelector: q.get("labelSelector") ?? undefined,
        fieldSelector: q.get("fieldSelector") ?? undefined,
        limit: intParam(q, "limit"),
        continue: q.get("continue") ?? undefined,
        resourceVersion: q.get("resourceVersion") ?? undefined,
        resourceVersionMatch: q.get("resourceVersionMatch") ?? undefined,
      });
      const meta: Json = { resourceVersion: page.resourceVersion };
      if (page.continue) meta.continue = page.continue;
      if (page.remainingItemCount !== undefined) meta.remainingItemCount = page.remainingItemCount;
      return sendJson(res, 200, listBody(d, page.items, meta, req, q));
    }
    case "POST": {
      if (name || subresource || (d.namespaced && ns === undefined)) throw apiErrors.methodNotAllowed();
      const w = { dryRun: parseDryRun(dryRun, "CreateOptions"), manager: managerOf(req, q) };
      const body = parseBody(await readBody(req), req.headers["content-type"]);
      return sendJson(res, 201, render(d, store.createIn(d, ns, body, w), req, q));
    }
    case "PUT": {
      if (!name) throw apiErrors.methodNotAllowed();
      const w = { dryRun: parseDryRun(dryRun, "UpdateOptions"), manager: managerOf(req, q) };
      const body = parseBody(await readBody(req), req.headers["content-type"]);
      return sendJson(res, 200, render(d, store.replaceIn(d, ns, name, body, subresource, w), req, q));
    }
    case "PATCH": {
      if (!name) throw apiErrors.methodNotAllowed();
      if (isApplyPatch(req.headers["content-type"])) return applyPatch(ctx, req, res, route, q);
      checkForce(q, false);
      const type = patchTypeOf(req.headers["content-type"]);
      // Built-in kinds are go-restful routes that only consume the patch types: anything else is
      // refused before the patch handler, with go-restful's own text.
      if (!type && !d.custom) throw new KubeApiError({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: "415: Unsupported Media Type", reason: "UnsupportedMediaType", details: {}, code: 415 });
      if (!type || (type === "strategic" && d.custom)) throw apiErrors.unsupportedMediaType(acceptedPatchTypes(d.custom));
      const w = { dryRun: parseDryRun(dryRun, "PatchOptions"), manager: managerOf(req, q) };
      const patch = parseBody(await readBody(req), "application/json");
      return sendJson(res, 200, render(d, store.patchIn(d, ns, name, patch, type, subresource, w), req, q));
    }
    case "DELETE": {
      if (subresource) throw apiErrors.methodNotAllowed();
      const body = (parseBody(await readBody(req), req.headers["content-type"]) ?? {}) as Json;
      const propagationPolicy = (q.get("propagationPolicy") ?? body.propagationPolicy) as DeleteOptions["propagationPolicy"];
      // kubectl delete --dry-run=server puts dryRun in the DeleteOptions body.
      const bodyDryRun: string[] = Array.isArray(body.dryRun) ? body.dryRun.map(String) : [];
      const opts: DeleteOptions = { propagationPolicy, preconditions: body.preconditions, dryRun: parseDryRun([...dryRun, ...bodyDryRun], "DeleteOptions") };
      if (name) return sendJson(res, 200, present(d, store.deleteIn(d, ns, name, opts)));
      if (d.verbs && !d.verbs.includes("deletecollection")) throw apiErrors.methodNotAllowed();
      const gone = store.deleteCollectionIn(d, ns, q.get("labelSelector") ?? undefined, q.get("fieldSelector") ?? undefined, opts);
      return sendJson(res, 200, { kind: `${d.kind}List`, apiVersion: groupVersion(d.group, d.version), metadata: { resourceVersion: store.currentResourceVersion() }, items: gone.map((o) => listItem(d, o)) });
    }
    default:
      throw apiErrors.methodNotAllowed();
  }
}

/** A 422 on PatchOptions: the options object has no name, so StatusDetails carries none. */
function patchOptionsInvalid(err: ReturnType<typeof fieldError.forbidden>): never {
  const e = apiErrors.invalid({ group: "meta.k8s.io", kind: "PatchOptions" }, "", [err]);
  delete e.status.details?.name;
  throw e;
}

/** PatchOptions validation of `force`: only for apply patches. */
function checkForce(q: URLSearchParams, apply: boolean): boolean {
  const force = q.has("force") ? flag(q, "force") : false;
  if (q.has("force") && !apply) {
    patchOptionsInvalid(fieldError.forbidden("force", "may not be specified for non-apply patch"));
  }
  return force;
}

/** PATCH with application/apply-patch+yaml: server-side apply (201 when it created the object). */
async function applyPatch(ctx: ResourceContext, req: IncomingMessage, res: ServerResponse, route: ResourceRoute, q: URLSearchParams): Promise<void> {
  const { def: d, namespace: ns, name, subresource } = route;
  if (subresource) throw apiErrors.unsupportedMediaType(acceptedPatchTypes(d.custom).filter((t) => !t.includes("apply")));
  const force = checkForce(q, true);
  const manager = q.get("fieldManager") ?? "";
  if (!manager) {
    patchOptionsInvalid(fieldError.required("fieldManager", "is required for apply patch"));
  }
  const dryRun = parseDryRun(q.getAll("dryRun"), "PatchOptions");
  const config = parseBody(await readBody(req), "application/apply-patch+yaml");
  const { object, created } = ctx.store.applyIn(d, ns, name!, config, { manager, force, dryRun });
  return sendJson(res, created ? 201 : 200, render(d, object, req, q));
}
