// /openapi/v2 and /openapi/v3 as kube-apiserver serves them, from the real server's documents in
// openapi-data/ (see its SOURCE.md): kubectl validates `kind: List` files against /openapi/v2 (in
// protobuf), probes /openapi/v3 for server-side field validation and computes apply patches and
// `kubectl explain` from the v3 schemas. The v3 documents are cut to the kinds this sandbox serves;
// /openapi/v2 is served whole (every kind the sandbox can serve), as one protobuf was generated.
import crypto from "node:crypto";
import fs from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { trimV3, type ServedPlurals } from "./openapi-trim";
import type { ResourceRegistry } from "./resources";
import type { Json } from "./types";

const DATA = path.join(import.meta.dirname, "openapi-data");
const V2_PROTOBUF = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

const gvPath = (group: string, version: string) => (group ? `apis/${group}/${version}` : `api/${version}`);
const readData = (file: string) => fs.readFileSync(path.join(DATA, file));

/** The OpenAPI documents of one sandbox, built once from its registry. */
export class OpenApiDocs {
  private readonly v3 = new Map<string, { body: string; hash: string }>();
  private v2?: { json: Buffer; pb: Buffer; etag: string };
  private schemasCache?: Record<string, Json>;

  constructor(private readonly registry: ResourceRegistry) {}

  private served(): ServedPlurals {
    const served: ServedPlurals = new Map();
    for (const d of this.registry.all) {
      const prefix = `/${gvPath(d.group, d.version)}`;
      served.set(prefix, (served.get(prefix) ?? new Set()).add(d.plural));
    }
    return served;
  }

  private v3Doc(gv: string): { body: string; hash: string } | undefined {
    const hit = this.v3.get(gv);
    if (hit) return hit;
    const plurals = this.served().get(`/${gv}`);
    if (!plurals) return undefined;
    const doc = JSON.parse(readData(`v3/${gv.replaceAll("/", "_")}.json`).toString("utf8")) as Json;
    const kinds = new Set(this.registry.all.map((d) => d.kind));
    const body = JSON.stringify(trimV3(doc, new Map([[`/${gv}`, plurals]]), kinds));
    const entry = { body, hash: crypto.createHash("sha512").update(body).digest("hex").toUpperCase() };
    this.v3.set(gv, entry);
    return entry;
  }

  /** Every component schema of the served group-versions (for server-side apply). */
  schemas(): Record<string, Json> {
    if (!this.schemasCache) {
      const all: Record<string, Json> = {};
      for (const prefix of this.served().keys()) Object.assign(all, JSON.parse(this.v3Doc(prefix.slice(1))!.body).components?.schemas);
      this.schemasCache = all;
    }
    return this.schemasCache;
  }

  /** Serves /openapi/v2, /openapi/v3 and /openapi/v3/<gv>; false when `p` is none of them. */
  serve(req: IncomingMessage, res: ServerResponse, p: string): boolean {
    if (p === "/openapi/v2") {
      this.v2 ??= (() => {
        const json = readData("v2.json");
        return { json, pb: readData("v2.pb"), etag: `"${crypto.createHash("sha512").update(json).digest("hex").toUpperCase()}"` };
      })();
      const pb = (req.headers.accept ?? "").includes("application/com.github.proto-openapi.spec.v2");
      send(res, pb ? this.v2.pb : this.v2.json, pb ? V2_PROTOBUF : "application/json", this.v2.etag);
      return true;
    }
    if (p === "/openapi/v3") {
      const paths: Json = {};
      for (const prefix of this.served().keys()) {
        paths[prefix.slice(1)] = { serverRelativeURL: `/openapi/v3${prefix}?hash=${this.v3Doc(prefix.slice(1))!.hash}` };
      }
      // kube-apiserver answers the index as text/plain.
      send(res, Buffer.from(JSON.stringify({ paths })), "text/plain; charset=utf-8");
      return true;
    }
    if (p.startsWith("/openapi/v3/")) {
      const doc = this.v3Doc(p.slice("/openapi/v3/".length));
      if (!doc) return false;
      send(res, Buffer.from(doc.body), "application/json", `"${doc.hash}"`);
      return true;
    }
    return false;
  }
}

function send(res: ServerResponse, body: Buffer, type: string, etag?: string): void {
  const headers: Record<string, string | number> = { "Content-Type": type, "Content-Length": body.length, "Cache-Control": "no-cache, private" };
  if (etag) headers.Etag = etag;
  res.writeHead(200, headers);
  res.end(body);
}
