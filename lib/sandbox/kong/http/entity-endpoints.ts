import { KongApiError, methodNotAllowed, notFound, operationUnsupported } from "../api-error";
import { selectEntity } from "../entity-ops";
import { decodeOffset, paginate, parsePageSize } from "../pagination";
import { SCHEMAS } from "../schemas/index";
import { matchesTags, parseTagFilter } from "../tag-filter";
import type { Entity, EntityKind } from "../types";
import { isUuid, uuidV4 } from "../uuid";
import type { WorkspaceData } from "../workspace-data";
import { type ApiRequest, type GatewayContext, present } from "./context";
import type { Reply } from "./reply";
import { entityInput } from "./request-body";
import type { ParentRef } from "./router";

const idOf = (v: unknown) => (v as { id?: string } | null)?.id;

function requireParent(ws: WorkspaceData, parent: ParentRef): Entity {
  const e = selectEntity(ws, parent.kind, parent.key);
  if (!e) throw notFound();
  return e;
}

function dbless(ctx: GatewayContext) {
  return ctx.options.mode === "dbless";
}

// The off strategy's messages: "by 'name'" when the path key is not a UUID.
function unsupported(verb: string, kind: EntityKind, key?: string): KongApiError {
  const by = key !== undefined && !isUuid(key) ? ` by '${SCHEMAS[kind].endpointKey}'` : "";
  return operationUnsupported(`cannot ${verb} '${kind}' entities${by} when not using a database`);
}

/** GET and POST on a collection, top-level or nested. */
export function handleCollection(ctx: GatewayContext, req: ApiRequest, kind: EntityKind, parent?: ParentRef): Reply {
  const ws = ctx.store.workspace(req.workspace);
  const parentEntity = parent ? requireParent(ws, parent) : undefined;
  const forced = parent && parentEntity ? { [parent.field]: { id: parentEntity.id } } : undefined;
  if (req.method === "POST") {
    const input = entityInput(req.body, kind);
    if (dbless(ctx)) {
      ctx.store.insert(kind, input, { workspace: req.workspace, forced, dryRun: true });
      throw unsupported("create", kind);
    }
    try {
      const e = ctx.store.insert(kind, input, { workspace: req.workspace, forced });
      return { status: 201, body: present(ctx, ws, kind, e) };
    } catch (err) {
      // The plugin endpoints map a primary key violation to 409 instead of 400.
      if (kind === "plugins" && err instanceof KongApiError && err.body?.code === 3) throw new KongApiError(409, err.body);
      throw err;
    }
  }
  if (kind === "consumers" && !parent && req.query.has("custom_id")) return consumerByCustomId(ctx, req);
  const { size, given } = parsePageSize(req.query.get("size"));
  // Nested collections ignore ?tags= (Kong test "ignores tags when filtering by multiple filters").
  const rawTags = parent ? null : req.query.get("tags");
  const tags = parseTagFilter(rawTags);
  const rawOffset = req.query.get("offset");
  const offset = rawOffset !== null ? decodeOffset(rawOffset) : null;
  let rows: readonly Entity[] = ws.table(kind).sorted();
  if (parent && parentEntity) rows = rows.filter((e) => idOf(e[parent.field]) === parentEntity.id);
  if (tags) rows = rows.filter((e) => matchesTags(e.tags, tags));
  const { page, nextOffset } = paginate(rows, (e) => [e.id], size, offset);
  let next: string | null = null;
  if (nextOffset) {
    const base = parent && parentEntity ? `${req.prefix}/${parent.kind}/${parentEntity.id}/${kind}` : `${req.prefix}/${kind}`;
    next = `${base}?offset=${encodeURIComponent(nextOffset)}`;
    if (!parent && rawTags !== null) next += `&tags=${encodeURIComponent(rawTags)}`;
    if (!parent && given) next += `&size=${size}`;
  }
  return {
    status: 200,
    body: { data: page.map((e) => present(ctx, ws, kind, e)), ...(nextOffset ? { offset: nextOffset } : {}), next },
  };
}

// kong/api/routes/consumers.lua: GET /consumers?custom_id=x is a lookup, not a filter.
function consumerByCustomId(ctx: GatewayContext, req: ApiRequest): Reply {
  const customId = req.query.get("custom_id");
  if (!customId) throw new KongApiError(400, { message: "custom_id must be an unempty string" });
  const ws = ctx.store.workspace(req.workspace);
  const found = ws.table("consumers").where("custom_id", customId)[0];
  return { status: 200, body: { data: found ? [present(ctx, ws, "consumers", found)] : [], next: null } };
}

function findInScope(ws: WorkspaceData, kind: EntityKind, key: string, parent?: Entity, parentRef?: ParentRef) {
  if (kind === "targets") return selectEntity(ws, kind, key, { upstreamId: parent?.id });
  const inParent = SCHEMAS[kind].keyInParent;
  if (inParent && parent && parentRef && !isUuid(key)) {
    return ws.table(kind).where(parentRef.field, parent.id).find((e) => e[inParent] === key);
  }
  const e = selectEntity(ws, kind, key);
  if (e && parent && parentRef && idOf(e[parentRef.field]) !== parent.id) return undefined;
  return e;
}

/**
 * kong/api/routes/certificates.lua prepare_params/prepare_args: /certificates/{sni name} is the
 * certificate of that SNI; PUT by a new name makes a certificate that serves it.
 */
function certificateKey(ctx: GatewayContext, req: ApiRequest, key: string): { key: string; body?: ApiRequest["body"] } {
  if (isUuid(key)) return { key };
  const sni = ctx.store.workspace(req.workspace).table("snis").where("name", key)[0];
  if (sni) return { key: (sni.certificate as { id: string }).id };
  if (req.method !== "PUT") throw new KongApiError(404, { message: "SNI not found" });
  const body = req.body.kind === "json" || req.body.kind === "form" ? (req.body.value as Record<string, unknown>) : {};
  const snis = Array.isArray(body.snis) ? body.snis : typeof body.snis === "string" ? [body.snis] : [];
  return { key: uuidV4(), body: { kind: "json", value: { ...body, snis: snis.includes(key) ? snis : [...snis, key] } } };
}

/** GET, PUT, PATCH and DELETE on one entity, top-level or nested. */
export function handleEntity(ctx: GatewayContext, req0: ApiRequest, kind: EntityKind, key0: string, parentRef?: ParentRef): Reply {
  let req = req0;
  let key = key0;
  if (kind === "certificates" && !parentRef) {
    const resolved = certificateKey(ctx, req, key0);
    key = resolved.key;
    if (resolved.body) req = { ...req, body: resolved.body };
  }
  const ws = ctx.store.workspace(req.workspace);
  const parent = parentRef ? requireParent(ws, parentRef) : undefined;
  const scope = { workspace: req.workspace, upstream: kind === "targets" ? parent?.id : undefined };
  const forced = parentRef && parent && kind !== "targets" ? { [parentRef.field]: { id: parent.id } } : undefined;
  const existing = findInScope(ws, kind, key, parent, parentRef);
  const render = (e: Entity, status = 200): Reply => ({ status, body: present(ctx, ws, kind, e) });

  switch (req.method) {
    case "GET":
      if (!existing) throw notFound();
      return render(existing);
    case "PUT":
    case "PATCH": {
      let input = entityInput(req.body, kind);
      const patchLike = req.method === "PATCH" || kind === "targets";
      if (patchLike && !existing) throw notFound();
      let k = existing && patchLike ? existing.id : key;
      const inParent = SCHEMAS[kind].keyInParent;
      if (inParent && parent && !isUuid(key)) {
        // acl api.lua: PUT /consumers/{c}/acls/{group} keeps or makes the row of that group.
        k = existing?.id ?? uuidV4();
        if (req.method === "PUT" && input[inParent] === undefined) input = { ...input, [inParent]: key };
      }
      const run = (dryRun: boolean) =>
        patchLike
          ? ctx.store.update(kind, k, input, { ...scope, forced, dryRun })
          : ctx.store.upsert(kind, k, input, { ...scope, forced, dryRun });
      if (dbless(ctx)) {
        run(true);
        throw unsupported(req.method === "PUT" ? "create or update" : "update", kind, key);
      }
      return render(run(false));
    }
    case "DELETE":
      if (!existing) {
        if (parentRef) throw notFound();
        return { status: 204 };
      }
      if (dbless(ctx)) throw unsupported("remove", kind, key);
      ctx.store.remove(kind, existing.id, scope);
      return { status: 204 };
    default:
      throw methodNotAllowed();
  }
}

/**
 * /{child}/{key}/{field}: the entity a foreign key points at, read and written through the child
 * (generate_entity_endpoints for foreign keys, e.g. /routes/{route}/service).
 */
export function handleForeignEntity(ctx: GatewayContext, req: ApiRequest, kind: EntityKind, key: string, field: string, reference: EntityKind): Reply {
  const ws = ctx.store.workspace(req.workspace);
  const child = selectEntity(ws, kind, key);
  if (!child) throw notFound();
  const parentId = idOf(child[field]);
  const scope = { workspace: req.workspace };
  const render = (e: Entity): Reply => ({ status: 200, body: present(ctx, ws, reference, e) });
  if (req.method === "DELETE") throw parentId ? methodNotAllowed() : notFound();
  if (req.method === "GET" || req.method === "PATCH") {
    const parent = parentId ? selectEntity(ws, reference, parentId) : undefined;
    if (!parent) throw notFound();
    if (req.method === "GET") return render(parent);
    if (dbless(ctx)) throw unsupported("update", reference);
    return render(ctx.store.update(reference, parent.id, entityInput(req.body, reference), scope));
  }
  if (dbless(ctx)) throw unsupported("create or update", reference);
  const input = entityInput(req.body, reference);
  if (parentId) return render(ctx.store.upsert(reference, parentId, input, scope));
  const created = ctx.store.insert(reference, input, scope);
  ctx.store.update(kind, child.id, { [field]: { id: created.id } }, scope);
  return render(created);
}
