// The sandbox gateway: a Kong-Admin-API-compatible server (Kong 3.x, Postgres or DB-less mode,
// optional enterprise workspaces and RBAC token) with fault injection, and its proxy (routing as
// Kong 3's traditional_compatible router). Built to /work/shared/reference/kong-admin-api.md and
// Kong's source; held to go-kong's and decK's expectations (tests/real); used by tests and for
// local development.

export { startSandboxGateway, type SandboxGateway, type SandboxGatewayStartOptions } from "./start-sandbox-gateway";
export { GatewayStore, type StoreScope, type StoreWriteOptions, type StoreState } from "./gateway-store";
export { KongApiError } from "./api-error";
export type { FaultAction, FaultRule, GatewayFaults, RequestLogEntry } from "./faults";
export type { Entity, EntityKind, SandboxGatewayOptions } from "./types";
export { declarativeId } from "./uuid";
export { startSandboxProxy, type SandboxProxy, type SandboxProxyOptions } from "./proxy/start-sandbox-proxy";
export type { PodIdentity, PodResolver } from "./proxy/deliver";
