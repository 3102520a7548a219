// Table and PartialObjectMetadata responses (the `as=` Accept parameters kubectl and
// metadata informers send), built from the printers.
import { printerFor } from "./printers";
import type { Json, KubeObject, ResourceDef } from "./types";

/** What the client asked the response to be (from the Accept header). */
export type Rendering =
  | { as: "object" }
  | { as: "Table"; version: "v1" | "v1beta1"; includeObject: "None" | "Metadata" | "Object" }
  | { as: "PartialObjectMetadata"; version: "v1" | "v1beta1" };

/** Picks the first representation in Accept the sandbox can produce (plain JSON otherwise). */
export function parseAccept(accept: string | undefined, includeObject: string | null): Rendering {
  for (const part of (accept ?? "").split(",")) {
    const [type, ...params] = part.split(";").map((s) => s.trim());
    if (type !== "application/json" && type !== "*/*" && type !== "application/*") continue;
    const p = Object.fromEntries(params.map((x) => x.split("=").map((s) => s.trim())));
    if (!p.as) return { as: "object" };
    const version = p.v === "v1beta1" ? "v1beta1" : p.v === "v1" ? "v1" : undefined;
    if (p.g !== "meta.k8s.io" || !version) continue;
    if (p.as === "Table") {
      const inc = includeObject === "None" || includeObject === "Object" ? includeObject : "Metadata";
      return { as: "Table", version, includeObject: inc };
    }
    if (p.as === "PartialObjectMetadata" || p.as === "PartialObjectMetadataList") return { as: "PartialObjectMetadata", version };
  }
  return { as: "object" };
}

/** PartialObjectMetadata of one object. */
export function partialMetadata(obj: KubeObject, version: string): Json {
  return { kind: "PartialObjectMetadata", apiVersion: `meta.k8s.io/${version}`, metadata: obj.metadata };
}

/** A meta.k8s.io Table of `objs` (objects as served at `d`'s version). */
export function toTable(d: ResourceDef, objs: KubeObject[], listMeta: Json, r: Extract<Rendering, { as: "Table" }>, withColumns = true): Json {
  const printer = printerFor(d.kind);
  const now = Date.now();
  const rows = objs.map((o) => {
    const row: Json = { cells: printer.cells(o, now) };
    if (r.includeObject === "Metadata") row.object = partialMetadata(o, r.version);
    else if (r.includeObject === "Object") row.object = o;
    return row;
  });
  return { kind: "Table", apiVersion: `meta.k8s.io/${r.version}`, metadata: listMeta, columnDefinitions: withColumns ? printer.columns : [], rows };
}
