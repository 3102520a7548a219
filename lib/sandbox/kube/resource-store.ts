// The write pipelines of the API server: create, update (main resource and /status), patch and
// delete with real defaults, validation, Service IP/port allocation, namespace cascade and
// owner-reference garbage collection.
import crypto from "node:crypto";
import type { ManagedFieldsEntry } from "./apply/field-manager";
import { asRequested, type FieldManagers, updatedManagedFields } from "./apply/managed-writes";
import { applyDefaults, initialStatus } from "./defaults";
import { checkTypeMeta, nowTimestamp, objectKey, present, randomSuffix, sameIgnoringRv, specContent, withTypeMeta } from "./object-meta";
import { ObjectStore } from "./object-store";
import { applyPatch, PatchError, type PatchType } from "./patch";
import { compileSelectors } from "./selectors";
import { allocateService, checkServiceAllocations } from "./service";
import { apiErrors, KubeApiError } from "./status-errors";
import { groupVersion, type Json, type KubeObject, type ResourceDef } from "./types";
import { validateObject } from "./validation";

/** Per-request options of create, update and patch. */
export type WriteOptions = {
  /** Run every stage (admission, defaults, validation, allocation) but store nothing: no RV, no event. */
  dryRun?: boolean;
  /** The field manager of an HTTP write (fieldManager, else the User-Agent): recorded in managedFields. */
  manager?: string;
  /** managedFields already computed (server-side apply). */
  managedFields?: ManagedFieldsEntry[];
};

/** The DeleteOptions body fields the sandbox honours. */
export type DeleteOptions = WriteOptions & {
  propagationPolicy?: "Background" | "Foreground" | "Orphan";
  preconditions?: { uid?: string; resourceVersion?: string };
};

const isMap = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const clone = <T>(v: T): T => structuredClone(v);

/** The verbs addressed by resource (used by the HTTP layer); errors are KubeApiError. */
export class ResourceStore extends ObjectStore {
  /** Field ownership per kind (from the served OpenAPI schemas); unset = no managedFields kept. */
  fieldManagers?: FieldManagers;

  /** managedFields after a write by `w.manager` (undefined when nobody tracks them). */
  protected managedAfter(d: ResourceDef, old: KubeObject | undefined, next: KubeObject, requested: KubeObject, w: WriteOptions, subresource?: "status"): ManagedFieldsEntry[] | undefined {
    if (w.managedFields) return w.managedFields;
    const fm = w.manager ? this.fieldManagers?.of(d) : undefined;
    if (!fm) return old?.metadata.managedFields as ManagedFieldsEntry[] | undefined;
    const writer = { manager: w.manager!, apiVersion: groupVersion(d.group, d.version), ...(subresource ? { subresource } : {}) };
    return updatedManagedFields(fm, d, old, asRequested(d, next, requested), writer);
  }

  /** POST: create in `namespace` (undefined = take it from the body, default "default"). */
  createIn(d: ResourceDef, namespace: string | undefined, body: unknown, w: WriteOptions = {}): KubeObject {
    const obj = this.decode(d, body);
    const requested = clone(obj);
    const ns = this.resolveNamespace(d, namespace, obj);
    // Admission (NamespaceLifecycle) runs before validation on a real server.
    if (d.kind !== "Namespace" && ns !== undefined) this.requireNamespace(ns);
    if (obj.metadata.resourceVersion) throw apiErrors.badRequest("resourceVersion should not be set on objects to be created");
    if (!obj.metadata.name && obj.metadata.generateName) obj.metadata.name = `${obj.metadata.generateName}${randomSuffix()}`;
    const requestedStatus = obj.status;
    delete obj.status;
    const meta = obj.metadata;
    for (const f of ["uid", "creationTimestamp", "generation", "deletionTimestamp", "deletionGracePeriodSeconds", "managedFields", "selfLink"]) delete meta[f];
    if (ns !== undefined) meta.namespace = ns;
    meta.uid = crypto.randomUUID();
    meta.creationTimestamp = nowTimestamp();
    if (d.generation) meta.generation = 1;
    const status = initialStatus(d.kind, requestedStatus);
    if (status !== undefined) obj.status = status;
    applyDefaults(d.kind, obj);
    const errs = validateObject(d, obj);
    if (errs.length) throw apiErrors.invalid(d, meta.name ?? "", errs);
    if (d.kind === "Service") {
      const allocErrs = checkServiceAllocations(this.alloc, obj);
      if (allocErrs.length) throw apiErrors.invalid(d, meta.name!, allocErrs);
    }
    if (this.bucket(d).has(objectKey(ns, meta.name!))) throw apiErrors.alreadyExists(d, meta.name!);
    const managed = this.managedAfter(d, undefined, obj, requested, w);
    if (managed) meta.managedFields = managed;
    if (d.kind === "Service") this.allocate(w, () => allocateService(this.alloc, obj));
    // A dry run answers with the would-be object; it carries no resourceVersion, as on a real server.
    return w.dryRun ? obj : this.commit(d, "ADDED", obj);
  }

  /** PUT (main resource or /status). */
  replaceIn(d: ResourceDef, namespace: string | undefined, name: string, body: unknown, subresource?: "status", w: WriteOptions = {}): KubeObject {
    const old = this.getIn(d, namespace, name);
    const obj = this.decode(d, body);
    const requested = clone(obj);
    if (obj.metadata.name !== undefined && obj.metadata.name !== name) {
      throw apiErrors.badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`);
    }
    this.resolveNamespace(d, namespace, obj);
    const rv = obj.metadata.resourceVersion;
    if (rv !== undefined && rv !== "" && rv !== old.metadata.resourceVersion) throw apiErrors.conflict(d, name);
    let next: KubeObject;
    if (subresource === "status") {
      next = clone(old);
      if (obj.status === undefined) delete next.status;
      else next.status = obj.status;
      const managed = this.managedAfter(d, old, next, next, w, "status");
      if (managed) next.metadata.managedFields = managed;
      else delete next.metadata.managedFields;
    } else {
      next = obj;
      const m = next.metadata;
      m.name = name;
      m.uid = old.metadata.uid;
      m.creationTimestamp = old.metadata.creationTimestamp;
      if (d.namespaced) m.namespace = old.metadata.namespace;
      if (d.generation) m.generation = old.metadata.generation;
      else delete m.generation;
      delete m.managedFields;
      if (d.hasStatus) {
        if (old.status !== undefined) next.status = clone(old.status);
        else delete next.status;
      }
      applyDefaults(d.kind, next, old);
      const errs = validateObject(d, next, old);
      if (errs.length) throw apiErrors.invalid(d, name, errs);
      if (d.kind === "Service") {
        const allocErrs = checkServiceAllocations(this.alloc, next, old);
        if (allocErrs.length) throw apiErrors.invalid(d, name, allocErrs);
        this.allocate(w, () => allocateService(this.alloc, next, old));
      }
      const managed = this.managedAfter(d, old, next, requested, w);
      if (managed) next.metadata.managedFields = managed;
      if (d.generation && specContent(d, next) !== specContent(d, old)) next.metadata.generation = (old.metadata.generation ?? 1) + 1;
    }
    next.metadata.resourceVersion = old.metadata.resourceVersion;
    // A write that changes nothing is not a write: no new resourceVersion, no event.
    if (sameIgnoringRv(withTypeMeta(next, old.apiVersion!, old.kind!), old)) return old;
    return w.dryRun ? next : this.commit(d, "MODIFIED", next, old);
  }

  /** PATCH: apply to the current object as served at `d`'s version, then update. */
  patchIn(d: ResourceDef, namespace: string | undefined, name: string, patch: unknown, type: PatchType, subresource?: "status", w: WriteOptions = {}): KubeObject {
    const old = this.getIn(d, namespace, name);
    let patched: Json;
    try {
      patched = applyPatch(d.kind, clone(present(d, old)), patch, type);
    } catch (err) {
      if (err instanceof PatchError) {
        // A JSON patch that does not apply is a generic 422 (NewGenericServerResponse): the
        // operation's own error is not in the body.
        if (type === "json") {
          throw new KubeApiError({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: "the server rejected our request due to an error in our request", reason: "Invalid", details: {}, code: 422 });
        }
        throw new KubeApiError({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: err.message, reason: "Invalid", code: 422 });
      }
      throw err;
    }
    return this.replaceIn(d, namespace, name, patched, subresource, w);
  }

  /** DELETE one object; dependents are collected unless propagationPolicy is Orphan. */
  deleteIn(d: ResourceDef, namespace: string | undefined, name: string, opts: DeleteOptions = {}): KubeObject {
    let old = this.getIn(d, namespace, name);
    const pre = opts.preconditions ?? {};
    if (pre.uid && pre.uid !== old.metadata.uid) {
      // rest.BeforeDelete names the Kind (not the resource) in these two messages.
      throw apiErrors.conflict({ group: d.group, plural: d.kind }, name, `the UID in the precondition (${pre.uid}) does not match the UID in record (${old.metadata.uid}). The object might have been deleted and then recreated`);
    }
    if (pre.resourceVersion && pre.resourceVersion !== old.metadata.resourceVersion) {
      throw apiErrors.conflict({ group: d.group, plural: d.kind }, name, `the ResourceVersion in the precondition (${pre.resourceVersion}) does not match the ResourceVersion in record (${old.metadata.resourceVersion}). The object might have been modified`);
    }
    if (opts.dryRun) return old;
    if (d.kind === "Namespace") old = this.drainNamespace(d, old);
    if (d.kind === "Service") this.alloc.release(old);
    const gone = this.remove(d, old);
    this.collectDependents(old.metadata.uid!, opts.propagationPolicy === "Orphan");
    return gone;
  }

  /** DELETE on a collection: deletes every match, returns them. */
  deleteCollectionIn(d: ResourceDef, namespace: string | undefined, labelSelector?: string, fieldSelector?: string, opts: DeleteOptions = {}): KubeObject[] {
    const match = compileSelectors(d, labelSelector, fieldSelector);
    const victims = this.itemsOf(d).filter((o) => (!namespace || o.metadata.namespace === namespace) && match(o));
    return victims.map((o) => this.deleteIn(d, o.metadata.namespace, o.metadata.name!, opts));
  }

  /** Service IP/port allocation; a dry run picks would-be values without taking them. */
  protected allocate(w: WriteOptions, take: () => void): void {
    if (w.dryRun) this.alloc.trial(take);
    else take();
  }

  /** A deep copy of a request body in the storage version, with metadata present. */
  protected decode(d: ResourceDef, body: unknown): KubeObject {
    if (!isMap(body)) throw apiErrors.badRequest("the body of the request must be a JSON object");
    const obj = clone(body) as KubeObject;
    checkTypeMeta(d, obj);
    if (obj.metadata !== undefined && !isMap(obj.metadata)) throw apiErrors.badRequest("metadata must be an object");
    obj.metadata ??= {};
    // Built-in kinds decode into Go structs whose metadata maps and lists are omitempty: an empty
    // one is as good as absent (custom resources stay unstructured and keep them).
    if (!d.custom) {
      for (const f of ["labels", "annotations", "finalizers", "ownerReferences"]) {
        const v = obj.metadata[f];
        if (v !== undefined && v !== null && typeof v === "object" && Object.keys(v).length === 0) delete obj.metadata[f];
      }
    }
    const storageApiVersion = groupVersion(d.group, d.storageVersion);
    return withTypeMeta(obj, storageApiVersion, d.kind);
  }

  protected resolveNamespace(d: ResourceDef, urlNamespace: string | undefined, obj: KubeObject): string | undefined {
    if (!d.namespaced) {
      delete obj.metadata.namespace;
      return undefined;
    }
    const bodyNs = obj.metadata.namespace;
    if (urlNamespace === undefined) return (obj.metadata.namespace = bodyNs || "default");
    if (bodyNs && bodyNs !== urlNamespace) {
      throw apiErrors.badRequest("the namespace of the provided object does not match the namespace sent on the request");
    }
    return (obj.metadata.namespace = urlNamespace);
  }

  protected requireNamespace(ns: string): void {
    if (!this.data.get("core/namespaces")?.has(ns)) throw apiErrors.notFound({ group: "", plural: "namespaces" }, ns);
  }

  /** Namespace deletion: mark Terminating, delete everything inside, then the namespace. */
  protected drainNamespace(d: ResourceDef, ns: KubeObject): KubeObject {
    const terminating = clone(ns);
    terminating.metadata.deletionTimestamp = nowTimestamp();
    terminating.status = { ...terminating.status, phase: "Terminating" };
    const marked = this.commit(d, "MODIFIED", terminating, ns);
    const name = ns.metadata.name!;
    for (const rd of this.registry.all) {
      if (!rd.namespaced || rd.version !== rd.storageVersion) continue;
      for (const o of this.itemsOf(rd)) if (o.metadata.namespace === name) this.deleteIn(rd, name, o.metadata.name!);
    }
    return marked;
  }

  /** The garbage collector, synchronously: dependents whose last owner is gone are deleted. */
  protected collectDependents(ownerUid: string, orphan: boolean): void {
    for (const rd of this.registry.all) {
      if (rd.version !== rd.storageVersion) continue;
      for (const o of this.itemsOf(rd)) {
        const refs = o.metadata.ownerReferences ?? [];
        if (!refs.some((r) => r.uid === ownerUid)) continue;
        const rest = refs.filter((r) => r.uid !== ownerUid);
        if (rest.length === 0 && !orphan) {
          this.deleteIn(rd, o.metadata.namespace, o.metadata.name!);
        } else {
          const next = clone(o);
          if (rest.length) next.metadata.ownerReferences = rest;
          else delete next.metadata.ownerReferences;
          this.commit(rd, "MODIFIED", next, o);
        }
      }
    }
  }
}
