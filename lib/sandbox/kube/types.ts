// Shared shapes of the sandbox cluster. Objects are plain JSON: every kind is stored the same way,
// and kind-specific code (defaults, validation, printers) reads fields through the loose `Json` map.

/**
 * A JSON object of any kind. The sandbox handles many kinds generically and checks fields
 * explicitly where it matters (validation.ts), so a loose map type is the honest one here.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

/** ownerReferences entry (only the fields the sandbox reads). */
export type OwnerReference = {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
};

/** metav1.ObjectMeta as far as the sandbox sets or reads it. */
export type ObjectMeta = {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  [key: string]: unknown;
};

/** Any Kubernetes object as stored and served. */
export type KubeObject = Json & {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
};

/** Watch event types as they appear on the wire. */
export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK" | "ERROR";

/** One served resource (a group/version/plural), as discovery advertises it. */
export type ResourceDef = {
  group: string; // "" for the core group
  version: string;
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  /** Has a /status subresource: status is written only there. */
  hasStatus: boolean;
  /** Served as a custom resource: list items keep kind/apiVersion, merge and JSON patch only. */
  custom: boolean;
  /** Sets and bumps metadata.generation (not every built-in kind does, e.g. Service does not). */
  generation: boolean;
  /** Key shared by every version of the resource: objects are stored once per key. */
  storageKey: string;
  /** The version objects are stored in (other versions are served by rewriting apiVersion). */
  storageVersion: string;
  storageVersionHash?: string;
  /** Verbs when not all of them (Namespaces have no deletecollection). */
  verbs?: string[];
};

/** A change recorded in the store's event log and fanned out to watchers. */
export type StoreEvent = {
  rv: number;
  type: "ADDED" | "MODIFIED" | "DELETED";
  storageKey: string;
  /** ADDED/MODIFIED: the new state; DELETED: the last state carrying the deletion resourceVersion. */
  object: KubeObject;
  /** MODIFIED: the previous state, so selector watchers can turn it into ADDED/DELETED. */
  old?: KubeObject;
};

/** `apiVersion` string of a group/version. */
export function groupVersion(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}
