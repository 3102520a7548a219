// Field descriptions from the real API server's OpenAPI documents (openapi-data/): kube-apiserver's
// printers describe Table columns with the types' SwaggerDoc, which is the same text.
import fs from "node:fs";
import path from "node:path";
import type { Json } from "./types";

let schemas: Record<string, Json> | undefined;

function load(): Record<string, Json> {
  if (!schemas) {
    const dir = path.join(import.meta.dirname, "openapi-data", "v3");
    schemas = {};
    for (const f of fs.readdirSync(dir)) Object.assign(schemas, JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")).components?.schemas);
  }
  return schemas;
}

/** The description of `field` in the schema named `schema` (e.g. io.k8s.api.core.v1.ServiceSpec). */
export function swaggerDoc(schema: string, field: string): string {
  const d = load()[schema]?.properties?.[field]?.description;
  if (typeof d !== "string") throw new Error(`no description of ${schema}.${field} in openapi-data`);
  // The OpenAPI text appends the enum's values; the Go SwaggerDoc printers use has no such suffix.
  return d.split("\n\nPossible enum values:")[0];
}
