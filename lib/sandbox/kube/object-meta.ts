// Small helpers for object metadata and type meta shared by the store and the HTTP layer.
import crypto from "node:crypto";
import { apiErrors } from "./status-errors";
import { groupVersion, type KubeObject, type ResourceDef } from "./types";

/** RFC 3339 with seconds precision, as metav1.Time serialises. */
export function nowTimestamp(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
}

// The alphabet of k8s.io/apimachinery/pkg/util/rand (no vowels, no confusable characters).
const ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";

/** Five random characters as metadata.generateName appends. */
export function randomSuffix(n = 5): string {
  const bytes = crypto.randomBytes(n);
  return Array.from(bytes, (b) => ALPHANUMS[b % ALPHANUMS.length]).join("");
}

/** Store key of an object within its resource: "<namespace>/<name>" or "<name>". */
export function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

/** Rebuilds an object with apiVersion, kind and metadata first, the order real servers use. */
export function withTypeMeta(obj: KubeObject, apiVersion: string, kind: string): KubeObject {
  const { apiVersion: _a, kind: _k, metadata, ...rest } = obj;
  return Object.assign({ apiVersion, kind, metadata }, rest);
}

/** The object as served at `d`'s version (all served versions share one schema here). */
export function present(d: ResourceDef, obj: KubeObject): KubeObject {
  const apiVersion = groupVersion(d.group, d.version);
  return obj.apiVersion === apiVersion ? obj : withTypeMeta(obj, apiVersion, d.kind);
}

/** A list item: built-in kinds drop kind/apiVersion in lists, custom resources keep them. */
export function listItem(d: ResourceDef, obj: KubeObject): KubeObject {
  if (d.custom) return present(d, obj);
  const { apiVersion: _a, kind: _k, ...rest } = obj;
  return rest as KubeObject;
}

/** Rejects a body whose apiVersion/kind do not belong to the resource it was sent to. */
export function checkTypeMeta(d: ResourceDef, obj: KubeObject): void {
  const expected = groupVersion(d.group, d.version);
  if (obj.apiVersion !== undefined && obj.apiVersion !== expected) {
    throw apiErrors.badRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${expected})`);
  }
  if (obj.kind !== undefined && obj.kind !== d.kind) {
    throw apiErrors.badRequest(`Object 'Kind' is ${JSON.stringify(obj.kind)}, but should be ${JSON.stringify(d.kind)}`);
  }
}

/** Everything but metadata (and status where it is a subresource): what bumps generation. */
export function specContent(d: ResourceDef, obj: KubeObject): string {
  const { metadata: _m, status, ...rest } = obj;
  return JSON.stringify(d.hasStatus ? rest : { ...rest, status });
}

/** True when two states differ in nothing but metadata.resourceVersion. */
export function sameIgnoringRv(a: KubeObject, b: KubeObject): boolean {
  const strip = (o: KubeObject) => ({ ...o, metadata: { ...o.metadata, resourceVersion: undefined } });
  return JSON.stringify(strip(a)) === JSON.stringify(strip(b));
}
