// Identity and row of an index object inside its source.
import type { IndexObject } from "../catalog/catalog-index";
import type { ObjectRow } from "./source-objects";
import { internStrings } from "../util/intern";

/** namespace/name of an object in its source; Kong entities use their id as the name. */
export function refOf(o: IndexObject): { kind: IndexObject["kind"]; namespace: string; name: string } {
  switch (o.kind) {
    case "Node":
    case "IngressClass":
      return { kind: o.kind, namespace: "", name: o.obj.name };
    case "KongService":
    case "KongRoute":
    case "KongPlugin":
      return { kind: o.kind, namespace: "", name: o.obj.id };
    default:
      return { kind: o.kind, namespace: o.obj.namespace, name: o.obj.name };
  }
}

/**
 * The object as the database would give it back (what a warm start holds): JSON.parse lays each
 * object out with exactly its fields, where objects built field by field with optional spreads
 * take about a third more memory; its strings are interned (equal values shared with every other
 * object). `json` is the object's JSON when already at hand.
 */
export function compacted(o: IndexObject, json = JSON.stringify(o.obj)): IndexObject {
  return shareStrings({ kind: o.kind, obj: JSON.parse(json) } as IndexObject);
}

/** Interns, in place, the strings of an object JSON.parse gave (its own or the database's); returns it. */
export function shareStrings(o: IndexObject): IndexObject {
  internStrings(o.obj, OWN_FIELDS[o.kind]);
  return o;
}

/** Fields of a kind whose values no other object holds (a slice's or a Kong route's own name and id). */
const OWN_FIELDS: Partial<Record<IndexObject["kind"], ReadonlySet<string>>> = {
  EndpointSlice: new Set(["name"]),
  KongRoute: new Set(["id", "name"]),
  KongService: new Set(["name", "host"]),
  KongPlugin: new Set(["id"]),
};

/** The source_objects row of an index object. */
export function rowOf(o: IndexObject): ObjectRow {
  const ref = refOf(o);
  const obj = o.obj as { uid?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  return { ...ref, uid: obj.uid, labels: obj.labels ?? {}, annotations: obj.annotations ?? {}, data: o.obj };
}
