// The smallest /openapi/v3 that satisfies kubectl's field-validation probe (reference §2.7):
// one PATCH operation per kind with a `fieldValidation` parameter and the GVK extension. No
// requestBody, so kubectl computes apply patches from compiled-in types (SMP for built-ins,
// merge patch for the Gateway API kinds) instead of warning about missing schemas.
import crypto from "node:crypto";
import type { ResourceRegistry } from "./resources";
import type { Json } from "./types";

function gvPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

/** The per-group-version document, or undefined when the group/version is not served. */
export function openApiV3Doc(reg: ResourceRegistry, path: string): Json | undefined {
  const gvs = servedGroupVersions(reg);
  const hit = gvs.find((g) => gvPath(g.group, g.version) === path);
  if (!hit) return undefined;
  const paths: Json = {};
  for (const d of reg.inGroupVersion(hit.group, hit.version)) {
    const base = d.group ? `/apis/${d.group}/${d.version}` : `/api/${d.version}`;
    const item = d.namespaced ? `${base}/namespaces/{namespace}/${d.plural}/{name}` : `${base}/${d.plural}/{name}`;
    paths[item] = {
      patch: {
        "x-kubernetes-group-version-kind": { group: d.group, version: d.version, kind: d.kind },
        parameters: [{ name: "fieldValidation", in: "query", schema: { type: "string" } }],
      },
    };
  }
  return { openapi: "3.0.0", info: { title: "Kubernetes", version: "v1.32.0" }, paths };
}

function servedGroupVersions(reg: ResourceRegistry): { group: string; version: string }[] {
  const seen = new Map<string, { group: string; version: string }>();
  for (const d of reg.all) seen.set(`${d.group}/${d.version}`, { group: d.group, version: d.version });
  return [...seen.values()];
}

/** GET /openapi/v3: the index pointing at each group-version document (with a content hash). */
export function openApiV3Index(reg: ResourceRegistry): Json {
  const paths: Json = {};
  for (const { group, version } of servedGroupVersions(reg)) {
    const p = gvPath(group, version);
    const hash = crypto.createHash("sha256").update(JSON.stringify(openApiV3Doc(reg, p))).digest("hex").slice(0, 16).toUpperCase();
    paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${hash}` };
  }
  return { paths };
}
