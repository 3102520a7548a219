// The programmatic face of the sandbox's API server: objects addressed by apiVersion/kind,
// with exactly the defaults, validation and watch events of the HTTP API.
import { ApplyConflictError } from "./apply/field-manager";
import { SchemaError } from "./apply/typed-walk";
import { emptyObject } from "./apply/managed-writes";
import { checkTypeMeta, objectKey, present } from "./object-meta";
import type { PatchType } from "./patch";
import { ResourceStore, type DeleteOptions, type WriteOptions } from "./resource-store";
import { compileSelectors } from "./selectors";
import { apiErrors, KubeApiError } from "./status-errors";
import type { KubeObject, ResourceDef } from "./types";

export type { DeleteOptions, WriteOptions } from "./resource-store";
export type { StoreState } from "./object-store";

/** Identifies one object for the programmatic API. */
export type ObjectRef = { apiVersion: string; kind: string; namespace?: string; name: string };
/** A programmatic list query (all namespaces when `namespace` is omitted). */
export type ListQuery = { apiVersion: string; kind: string; namespace?: string; labelSelector?: string; fieldSelector?: string };

const clone = <T>(v: T): T => structuredClone(v);

/**
 * In-memory cluster state. These methods take objects with apiVersion/kind (namespace from
 * metadata.namespace, default "default") and return copies; the `...In` methods inherited from
 * ResourceStore are the same operations addressed by resource. Errors are thrown as
 * KubeApiError carrying the Status the API would answer.
 */
export class ClusterStore extends ResourceStore {
  /** Creates an object (namespace from metadata.namespace, default "default"); `dryRun` stores nothing. */
  create(obj: KubeObject, opts: WriteOptions = {}): KubeObject {
    const d = this.defOf(obj.apiVersion, obj.kind);
    return clone(present(d, this.createIn(d, undefined, obj, opts)));
  }

  /** Replaces an object (PUT semantics: a set metadata.resourceVersion must be current). */
  update(obj: KubeObject, opts: WriteOptions = {}): KubeObject {
    const d = this.defOf(obj.apiVersion, obj.kind);
    return clone(present(d, this.replaceIn(d, this.nsOf(d, obj.metadata?.namespace), obj.metadata?.name ?? "", obj, undefined, opts)));
  }

  /** Replaces an object's status, as a controller does through /status. */
  updateStatus(obj: KubeObject): KubeObject {
    const d = this.defOf(obj.apiVersion, obj.kind);
    return clone(present(d, this.replaceIn(d, this.nsOf(d, obj.metadata?.namespace), obj.metadata?.name ?? "", obj, "status")));
  }

  /** Patches an object; merge patch unless told otherwise. */
  patch(ref: ObjectRef, patch: unknown, type: PatchType = "merge", opts: WriteOptions & { subresource?: "status" } = {}): KubeObject {
    const d = this.defOf(ref.apiVersion, ref.kind);
    return clone(present(d, this.patchIn(d, this.nsOf(d, ref.namespace), ref.name, patch, type, opts.subresource, opts)));
  }

  /**
   * Server-side apply (PATCH application/apply-patch+yaml) of `config` by `w.manager`: creates the
   * object when absent, otherwise merges it in, with field ownership and conflicts (409 without
   * `force`). Runs the same defaults, validation and allocation as create and update.
   */
  applyIn(d: ResourceDef, namespace: string | undefined, name: string, config: unknown, w: WriteOptions & { manager: string; force: boolean }): { object: KubeObject; created: boolean } {
    if (typeof config !== "object" || config === null || Array.isArray(config)) throw apiErrors.badRequest("the body of the request must be a JSON object");
    const cfg = clone(config) as KubeObject;
    const expected = `${d.group ? `${d.group}/` : ""}${d.version}`;
    if (cfg.apiVersion !== expected) {
      // A version the server knows for the kind is "incorrect"; one it does not know is not a type at all.
      if (this.registry.byKind(String(cfg.apiVersion), String(cfg.kind))) {
        throw apiErrors.badRequest(`Incorrect version specified in apply patch. Specified patch version: ${cfg.apiVersion}, expected: ${expected}`);
      }
      const gv = String(cfg.apiVersion ?? "");
      throw apiErrors.badRequest(`invalid object type: ${gv.includes("/") ? gv : `/${gv}`}, Kind=${cfg.kind ?? ""}`);
    }
    checkTypeMeta(d, cfg);
    cfg.metadata ??= {};
    if (cfg.metadata.managedFields !== undefined) throw apiErrors.badRequest("metadata.managedFields must be nil");
    if (cfg.metadata.name !== undefined && cfg.metadata.name !== name) {
      throw apiErrors.badRequest(`the name of the object (${cfg.metadata.name}) does not match the name on the URL (${name})`);
    }
    const fm = this.fieldManagers?.of(d);
    if (!fm) throw apiErrors.unsupportedMediaType(["application/json-patch+json", "application/merge-patch+json"]);
    const ns = this.nsOf(d, namespace);
    const existing = this.bucket(d).get(objectKey(ns, name));
    const writer = { manager: w.manager, apiVersion: expected };
    try {
      if (!existing) {
        const base = { ...emptyObject(d), metadata: { name, ...(ns ? { namespace: ns } : {}) } };
        const r = fm.apply(base, cfg, writer, w.force);
        return { object: this.createIn(d, ns, r.object, { ...w, managedFields: r.managedFields }), created: true };
      }
      const r = fm.apply(present(d, existing), cfg, writer, w.force);
      const obj = { ...r.object, metadata: { ...r.object.metadata, resourceVersion: existing.metadata.resourceVersion } };
      return { object: this.replaceIn(d, ns, name, obj, undefined, { ...w, managedFields: r.managedFields }), created: false };
    } catch (err) {
      if (err instanceof SchemaError) {
        // The API server fails to type the patch and answers a reason-less 500.
        const gv = expected.includes("/") ? expected : `/${expected}`;
        throw new KubeApiError({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", code: 500,
          message: `failed to create typed patch object (${cfg.metadata.namespace ?? ""}/${name}; ${gv}, Kind=${d.kind}): ${err.message}` });
      }
      if (!(err instanceof ApplyConflictError)) throw err;
      throw new KubeApiError({
        kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: err.message, reason: "Conflict",
        details: { causes: err.conflicts.map((c) => ({ reason: "FieldManagerConflict", message: c.cause, field: c.path })) }, code: 409,
      });
    }
  }

  /** Deletes an object (and, like the garbage collector, what it owns); returns its last state. */
  delete(ref: ObjectRef, opts: DeleteOptions = {}): KubeObject {
    const d = this.defOf(ref.apiVersion, ref.kind);
    return clone(present(d, this.deleteIn(d, this.nsOf(d, ref.namespace), ref.name, opts)));
  }

  /** One object, or undefined. */
  get(ref: ObjectRef): KubeObject | undefined {
    const d = this.defOf(ref.apiVersion, ref.kind);
    const obj = this.bucket(d).get(objectKey(this.nsOf(d, ref.namespace), ref.name));
    return obj && clone(present(d, obj));
  }

  /** Matching objects (with kind/apiVersion) in key order, and the current resourceVersion. */
  list(q: ListQuery): { items: KubeObject[]; resourceVersion: string } {
    const d = this.defOf(q.apiVersion, q.kind);
    const match = compileSelectors(d, q.labelSelector, q.fieldSelector);
    const items = this.itemsOf(d).filter((o) => (!q.namespace || o.metadata.namespace === q.namespace) && match(o));
    return { items: items.map((o) => clone(present(d, o))), resourceVersion: String(this.rv) };
  }

  protected defOf(apiVersion: string | undefined, kind: string | undefined): ResourceDef {
    const d = this.registry.byKind(apiVersion ?? "", kind ?? "");
    if (!d) throw apiErrors.badRequest(`no matches for kind "${kind}" in version "${apiVersion}"`);
    return d;
  }

  protected nsOf(d: ResourceDef, namespace: string | undefined): string | undefined {
    return d.namespaced ? namespace || "default" : undefined;
  }
}
