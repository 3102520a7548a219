import { createHash } from "node:crypto";
import YAML from "yaml";
import { declarativeConfigInvalid, KongApiError } from "./api-error";
import { insertEntity } from "./entity-ops";
import { isPlainObject } from "./schemas/field-spec";
import { SCHEMAS } from "./schemas/index";
import { ENTITY_KINDS, type Entity, type EntityKind } from "./types";
import { declarativeId, isUuid, uuidV4 } from "./uuid";
import { WorkspaceData } from "./workspace-data";

// POST /config (DB-less): Kong's declarative format 3.0 for the sandbox's five entity kinds.
// Nested children (service.routes, service.plugins, route.plugins, upstream.targets) get their
// parent's id; missing ids are UUIDv5 as in declarative_config.lua (generate_ids).

/** Hash of an empty configuration (DECLARATIVE_EMPTY_CONFIG_HASH). */
export const EMPTY_CONFIG_HASH = "0".repeat(32);

type Path = (string | number)[];
type Pending = { kind: EntityKind; item: Record<string, unknown>; path: Path; refs: Record<string, string> };

const TOP_LEVEL_META = new Set(["_format_version", "_transform", "_comment", "_ignore", "_workspace", "_info"]);
// Nesting follows the foreign keys: a child list under its parent is named by the child's DAO
// name (services.routes, consumers.keyauth_credentials, certificates.snis, upstreams.targets...).
const CHILDREN: Partial<Record<EntityKind, Partial<Record<EntityKind, string>>>> = {};
for (const kind of ENTITY_KINDS) {
  for (const fk of SCHEMAS[kind].foreign) (CHILDREN[fk.reference as EntityKind] ??= {})[kind] = fk.field;
}

/** Parses a YAML or JSON string the way /config does; code 14 when it is not an object. */
export function parseDeclarativeText(text: string): unknown {
  let parsed: unknown;
  try {
    parsed = YAML.parse(text);
  } catch (e) {
    throw declarativeConfigInvalid({ error: `failed parsing declarative configuration: ${(e as Error).message.split("\n")[0]}` });
  }
  if (!isPlainObject(parsed)) throw declarativeConfigInvalid({ error: "failed parsing declarative configuration: expected an object" });
  return parsed;
}

/** Hash the node reports as configuration_hash and compares for ?check_hash=1. */
export function configHash(config: unknown): string {
  return createHash("md5").update(JSON.stringify(config)).digest("hex");
}

function setAt(tree: Record<string, unknown>, path: Path, value: unknown) {
  let node: Record<string | number, unknown> = tree;
  path.forEach((seg, i) => {
    if (i === path.length - 1) {
      node[seg] = value;
      return;
    }
    const nextIsIndex = typeof path[i + 1] === "number";
    node[seg] ??= nextIsIndex ? [] : {};
    node = node[seg] as Record<string | number, unknown>;
  });
}

// A cache-key-like string for ids of entities without a unique name (build_cache_key).
function cacheKeyId(kind: EntityKind, fields: string[], item: Record<string, unknown>, refs: Record<string, string>) {
  const parts = [kind, "*", ...fields.map((f) => (typeof item[f] === "string" ? (item[f] as string) : (refs[f] ?? "")))];
  return declarativeId(kind, parts.join(":"));
}

function assignId(kind: EntityKind, item: Record<string, unknown>, parentRefs: Record<string, string>) {
  if (item.id !== undefined) return;
  const schema = SCHEMAS[kind];
  const key = item[schema.endpointKey];
  // get_key_for_uuid_gen: the cache key first (a target's is upstream + target, so the same
  // address under two upstreams gets two ids), else the endpoint key.
  if (schema.cacheKey) item.id = cacheKeyId(kind, [...schema.cacheKey], item, parentRefs);
  else if (schema.endpointKey !== "id" && typeof key === "string") item.id = declarativeId(kind, key);
  else item.id = uuidV4();
}

function collect(kind: EntityKind, list: unknown, path: Path, parentRefs: Record<string, string>, out: Pending[], errs: Record<string, unknown>) {
  if (!Array.isArray(list)) {
    setAt(errs, path, "expected an array");
    return;
  }
  list.forEach((raw, i) => {
    if (!isPlainObject(raw)) {
      setAt(errs, [...path, i], "expected a record");
      return;
    }
    const item = { ...raw };
    const children: [EntityKind, unknown][] = [];
    for (const [childKind] of Object.entries(CHILDREN[kind] ?? {}) as [EntityKind, string][]) {
      if (item[childKind] !== undefined) children.push([childKind, item[childKind]]);
      delete item[childKind];
    }
    assignId(kind, item, parentRefs);
    out.push({ kind, item, path: [...path, i], refs: parentRefs });
    for (const [childKind, childList] of children) {
      const field = CHILDREN[kind]![childKind]!;
      collect(childKind, childList, [...path, i, childKind], { [field]: String(item.id) }, out, errs);
    }
  });
}

function resolveRef(ws: WorkspaceData, pending: Pending[], reference: EntityKind, value: string): string | undefined {
  const key = SCHEMAS[reference].endpointKey;
  const hit = pending.find((p) => p.kind === reference && (p.item[key] === value || p.item.id === value));
  return hit ? String(hit.item.id) : ws.table(reference).get(value)?.id;
}

/** Loaded configuration: the new workspace contents and Kong's flattened response body. */
export type DeclarativeLoad = { data: WorkspaceData; hash: string; flattened: Record<EntityKind, Record<string, Entity>> };

/** Validates and loads a declarative config into a fresh workspace; throws code 14 errors. */
export function loadDeclarativeConfig(config: unknown, wsName: string, wsId: string): DeclarativeLoad {
  if (!isPlainObject(config)) throw declarativeConfigInvalid({ error: "failed parsing declarative configuration: expected an object" });
  const errs: Record<string, unknown> = {};
  const version = config._format_version;
  if (version === undefined || version === null) errs._format_version = "required field missing";
  else if (!["1.1", "2.1", "3.0"].includes(String(version))) errs._format_version = "expected one of: 1.1, 2.1, 3.0";
  for (const key of Object.keys(config)) {
    if (!TOP_LEVEL_META.has(key) && !(ENTITY_KINDS as readonly string[]).includes(key)) errs[key] = "unknown field";
  }
  const pending: Pending[] = [];
  for (const kind of ENTITY_KINDS) if (config[kind] !== undefined) collect(kind, config[kind], [kind], {}, pending, errs);
  if (Object.keys(errs).length > 0) throw declarativeConfigInvalid(errs);

  const data = new WorkspaceData(wsName, wsId);
  const byKind = (k: EntityKind) => pending.filter((p) => p.kind === k);
  const refFields = Object.fromEntries(ENTITY_KINDS.map((k) => [k, SCHEMAS[k].foreign.map((fk) => [fk.field, fk.reference as EntityKind])])) as Record<EntityKind, [string, EntityKind][]>;
  const ready: { p: Pending; input: Record<string, unknown> }[] = [];
  for (const kind of ENTITY_KINDS) {
    for (const p of byKind(kind)) {
      const input: Record<string, unknown> = { ...p.item };
      for (const [field, id] of Object.entries(p.refs)) input[field] = { id };
      const badRefs: string[] = [];
      for (const [field, ref] of refFields[kind] ?? []) {
        if (typeof input[field] !== "string") continue;
        const id = resolveRef(data, pending, ref, input[field] as string);
        if (id) input[field] = { id };
        else badRefs.push(`invalid reference '${field}: ${input[field]}' (no such entry in '${ref}')`);
      }
      if (badRefs.length > 0) {
        // validate_references reports by endpoint key when there is one, else by position.
        const endpoint = p.item[SCHEMAS[kind].endpointKey];
        setAt(errs, [kind, typeof endpoint === "string" && SCHEMAS[kind].endpointKey !== "id" ? endpoint : p.path[p.path.length - 1]], badRefs);
        continue;
      }
      ready.push({ p, input });
    }
  }
  // Every entity is validated against its schema first; only a valid config meets the
  // uniqueness checks of the load (so a valid child of an invalid parent reports nothing).
  const attempt = (dryRun: boolean) => {
    for (const { p, input } of ready) {
      try {
        insertEntity(data, p.kind, input, { dryRun });
      } catch (e) {
        if (!(e instanceof KongApiError)) throw e;
        const body = e.body ?? {};
        setAt(errs, p.path, body.code === 2 ? body.fields : uniquenessMessage(p.kind, body, String(input.id)));
      }
    }
    if (Object.keys(errs).length > 0) throw declarativeConfigInvalid(errs);
  };
  attempt(true);
  attempt(false);
  const flattened = Object.fromEntries(
    ENTITY_KINDS.map((k) => [k, Object.fromEntries(data.table(k).sorted().map((e) => [e.id, e]))]),
  ) as Record<EntityKind, Record<string, Entity>>;
  return { data, hash: configHash(config), flattened };
}

function uniquenessMessage(kind: EntityKind, body: Record<string, unknown>, id: string): string {
  const fields = isPlainObject(body.fields) ? body.fields : {};
  if (body.code === 3) return `uniqueness violation: '${kind}' entity with primary key set to '${id}' already declared`;
  if (body.code === 5 && typeof fields.name === "string") {
    return `uniqueness violation: '${kind}' entity with name set to '${fields.name}' already declared`;
  }
  return String(body.message ?? "invalid entity");
}

/** GET /config: the current configuration as declarative YAML (foreign keys as ids, nulls left out). */
export function exportDeclarativeConfig(data: WorkspaceData): string {
  const doc: Record<string, unknown> = { _format_version: "3.0", _transform: false };
  for (const kind of ENTITY_KINDS) {
    const rows = data.table(kind).sorted();
    if (rows.length === 0) continue;
    doc[kind] = rows.map((e) =>
      Object.fromEntries(
        Object.entries(e)
          .filter(([, v]) => v !== null)
          .map(([k, v]) => [k, isPlainObject(v) && Object.keys(v).length === 1 && isUuid(v.id) ? v.id : v]),
      ),
    );
  }
  return YAML.stringify(doc);
}
