// What one registration is in a cluster: the Ingress or HTTPRoute and the KongPlugins Signpost
// wrote for it. Read before a change (so a failure can put it back), applied (server-side apply,
// field manager "signpost"), restored or removed. Objects without Signpost's label are never
// written over or deleted.
import type { KubeConfig } from "@kubernetes/client-node";
import { applyObject, deleteObject, getObject, listObjects, type KubeObject, type ObjectRef } from "../k8s/kube-write";
import { HTTPROUTE, INGRESS, KONGPLUGIN, MANAGED_BY_LABEL, REGISTRATION_LABEL, type PlannedObject } from "../k8s/registration-objects";

export const FIELD_MANAGER = "signpost";

/** A cluster a registration writes to. */
export type ClusterTarget = {
  name: string;
  kc: KubeConfig;
  /** the sandbox cluster `signpost start` runs: writable in every namespace (nothing real lives there) */
  sandbox?: boolean;
};

/** The objects of one registration as the cluster holds them (server-owned fields left in). */
export type ClusterState = { namespace: string; objects: { ref: ObjectRef; object: KubeObject }[] };

const isOwn = (o: KubeObject) => o.metadata.labels?.[MANAGED_BY_LABEL] === "signpost";

/** The registration's route objects (Ingress and HTTPRoute of this name) and its KongPlugins. */
export async function readClusterState(c: ClusterTarget, namespace: string, name: string, kongPlugins: boolean): Promise<ClusterState> {
  const objects: ClusterState["objects"] = [];
  for (const kind of [INGRESS, HTTPROUTE]) {
    const ref = { ...kind, namespace, name };
    const o = await getObject(c.kc, c.name, ref).catch((err: { status?: number }) => {
      // A cluster without the Gateway API answers 404 for the whole resource: nothing there.
      if (err.status === 404) return null;
      throw err;
    });
    if (o) objects.push({ ref, object: o });
  }
  if (kongPlugins) {
    for (const o of await listObjects(c.kc, c.name, { ...KONGPLUGIN, namespace }, `${REGISTRATION_LABEL}=${name}`)) {
      objects.push({ ref: { ...KONGPLUGIN, namespace, name: o.metadata.name }, object: o });
    }
  }
  return { namespace, objects };
}

/** The first object of this name that Signpost did not write, if any. */
export function foreignObject(state: ClusterState): KubeObject | undefined {
  return state.objects.map((o) => o.object).find((o) => !isOwn(o));
}

/** Applies the planned objects; Signpost's objects of this registration no longer planned are deleted. */
export async function applyClusterState(c: ClusterTarget, planned: PlannedObject[], before: ClusterState, o: { dryRun?: boolean } = {}): Promise<KubeObject[]> {
  const out: KubeObject[] = [];
  for (const p of planned) out.push(await applyObject(c.kc, c.name, p.ref, p.object, { fieldManager: FIELD_MANAGER, dryRun: o.dryRun }));
  if (o.dryRun) return out;
  const keep = new Set(planned.map((p) => key(p.ref)));
  for (const b of before.objects) if (!keep.has(key(b.ref)) && isOwn(b.object)) await deleteObject(c.kc, c.name, b.ref);
  return out;
}

/** Puts the cluster back to `before`: objects the change created are deleted, changed ones applied back. */
export async function restoreClusterState(c: ClusterTarget, name: string, before: ClusterState, kongPlugins: boolean): Promise<void> {
  const now = await readClusterState(c, before.namespace, name, kongPlugins);
  const had = new Set(before.objects.map((b) => key(b.ref)));
  for (const n of now.objects) if (!had.has(key(n.ref)) && isOwn(n.object)) await deleteObject(c.kc, c.name, n.ref);
  for (const b of before.objects) if (isOwn(b.object)) await applyObject(c.kc, c.name, b.ref, appliable(b.object), { fieldManager: FIELD_MANAGER });
}

/** Deletes the registration's objects (only Signpost's). */
export async function removeClusterState(c: ClusterTarget, state: ClusterState): Promise<void> {
  // The route object first: the controller stops routing before its plugins go.
  const ordered = [...state.objects].sort((a, b) => Number(a.ref.resource === "kongplugins") - Number(b.ref.resource === "kongplugins"));
  for (const o of ordered) if (isOwn(o.object)) await deleteObject(c.kc, c.name, o.ref);
}

/** An object as read, made fit to apply again: the fields the server owns are left out. */
function appliable(o: KubeObject): KubeObject {
  const { status: _status, ...rest } = o as KubeObject & { status?: unknown };
  const { name, namespace, labels, annotations } = o.metadata;
  return { ...rest, metadata: { name, ...(namespace ? { namespace } : {}), ...(labels ? { labels } : {}), ...(annotations ? { annotations } : {}) } };
}

function key(r: ObjectRef): string {
  return [r.group, r.resource, r.namespace, r.name].join("/");
}
