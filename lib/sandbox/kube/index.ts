// The sandbox cluster: a Kubernetes-API-compatible HTTP server for development and tests.
// Served kinds, defaults and wire behaviour follow the shared Kubernetes API reference
// (kubernetes-api.md); usage, controls and deviations are in README.md next to this file.
export { startSandboxCluster, type SandboxCluster, type SandboxClusterOptions } from "./server";
export { ClusterStore, type ObjectRef, type ListQuery, type DeleteOptions, type WriteOptions } from "./store";
export type { SandboxControl, RequestLogEntry } from "./control";
export { seedExample, SEED_SERVICES } from "./seed";
export { KubeApiError, type Status } from "./status-errors";
export type { KubeObject, ObjectMeta } from "./types";
