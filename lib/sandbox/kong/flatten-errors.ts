// kong/db/errors.lua flatten_errors (POST /config?flatten_errors=1): the nested error table of
// an invalid declarative config turned into one record per offending entity, with its name, id,
// tags and type, the entity as sent (children detached, parents reduced to their id) and its
// field and entity errors. What was flattened leaves the nested table; the rest stays there.
import { isPlainObject } from "./schemas/field-spec";
import { SCHEMAS } from "./schemas/index";
import { ENTITY_KINDS, type EntityKind } from "./types";
import { isUuid } from "./uuid";

/** One error of a flattened entity. */
export type FlatError = { type: "field"; field: string; message: string } | { type: "entity"; message: string };

/** One entry of `flattened_errors`. */
export type FlattenedEntity = {
  entity_name?: string; entity_id?: string; entity_tags?: string[]; entity_type: string;
  entity: Record<string, unknown>; errors: FlatError[];
};

type Tree = Record<string, unknown>;
type Relation = { entity: EntityKind; field: string; reference: EntityKind };

// each_foreign_field: the foreign keys an entity type has, and those pointing at it.
function relations(type: string): Relation[] {
  const out: Relation[] = [];
  for (const kind of ENTITY_KINDS) {
    for (const fk of SCHEMAS[kind].foreign) {
      const rel = { entity: kind, field: fk.field, reference: fk.reference as EntityKind };
      if (kind === type || fk.reference === type) out.push(rel);
    }
  }
  return out;
}

// Lua tables: arrays are 1-based; keys are drained in sorted order.
function keysOf(t: Tree | unknown[]): string[] {
  if (Array.isArray(t)) return t.flatMap((v, i) => (v === undefined || v === null ? [] : [String(i)]));
  return Object.keys(t).sort();
}
const get = (t: Tree | unknown[], k: string): unknown => (Array.isArray(t) ? t[Number(k)] : t[k]);
const del = (t: Tree | unknown[], k: string) => {
  if (Array.isArray(t)) delete t[Number(k)];
  else delete t[k];
};
const luaKey = (t: Tree | unknown[], k: string) => (Array.isArray(t) ? String(Number(k) + 1) : k);
const isEmpty = (t: unknown) => !t || (Array.isArray(t) ? t.every((v) => v === undefined || v === null) : Object.keys(t as object).length === 0);

function categorize(errs: Tree | unknown[], ns: string, out: FlatError[]): FlatError[] {
  for (const k of keysOf(errs)) {
    const err = get(errs, k);
    const field = ns ? `${ns}.${luaKey(errs, k)}` : luaKey(errs, k);
    if (k === "@entity") {
      for (const m of Array.isArray(err) ? err : [err]) out.push({ type: "entity", message: String(m) });
    } else if (typeof err === "string") {
      out.push({ type: "field", field, message: err });
    } else if (err && typeof err === "object") {
      categorize(err as Tree, field, out);
    }
  }
  return out;
}

const pkOf = (e: Tree) => (isUuid(e.id) ? { id: e.id } : undefined);

function addEntityErrors(type: EntityKind, entity: Tree, rawErr: unknown, out: FlattenedEntity[]) {
  let errT = rawErr;
  if (typeof errT === "string") errT = { "@entity": errT };
  if (!errT || typeof errT !== "object" || isEmpty(errT)) return;
  const e = errT as Tree;
  const pk = pkOf(entity);
  for (const ref of relations(type)) {
    if (ref.entity === type) {
      const value = entity[ref.field];
      if (isPlainObject(value)) {
        const fieldErr = e[ref.field];
        entity[ref.field] = pkOf(value) ?? null;
        delete e[ref.field];
        addEntityErrors(ref.reference, { ...value }, fieldErr, out);
      }
    } else {
      const value = entity[ref.entity];
      if (Array.isArray(value)) {
        const fieldErr = e[ref.entity] as Tree | unknown[] | undefined;
        delete entity[ref.entity];
        delete e[ref.entity];
        if (!fieldErr) continue;
        value.forEach((item, i) => {
          if (!isPlainObject(item)) return;
          const child = { ...item };
          if (child[ref.field] === undefined) child[ref.field] = pk;
          addEntityErrors(ref.entity, child, get(fieldErr, String(i)), out);
        });
      }
    }
  }
  if (isEmpty(e)) return;
  const errors = categorize(e, "", []);
  if (errors.length === 0) return;
  const tags = Array.isArray(entity.tags) && entity.tags.every((t) => typeof t === "string") ? (entity.tags as string[]) : undefined;
  out.push({
    ...(typeof entity.name === "string" && entity.name ? { entity_name: entity.name } : {}),
    ...(isUuid(entity.id) ? { entity_id: entity.id } : {}),
    ...(tags ? { entity_tags: tags } : {}),
    entity_type: type.endsWith("s") ? type.slice(0, -1) : type,
    entity, errors,
  });
}

/** Flattens `errs` (mutated: what is flattened is removed) against the config that was sent. */
export function flattenDeclarativeErrors(input: Tree, errs: Tree): FlattenedEntity[] {
  const out: FlattenedEntity[] = [];
  for (const type of Object.keys(errs).sort()) {
    const section = errs[type];
    const entities = input[type];
    if (!section || typeof section !== "object" || !Array.isArray(entities) || !(ENTITY_KINDS as readonly string[]).includes(type)) continue;
    for (const k of keysOf(section as Tree)) {
      const entity = entities[Number(k)];
      if (!isPlainObject(entity)) continue;
      addEntityErrors(type as EntityKind, structuredClone(entity), get(section as Tree, k), out);
      del(section as Tree, k);
    }
    // drain(): a section that was a table is not put back, whatever was left in it.
    delete errs[type];
  }
  return out;
}
