// Kong adapter: the only code that speaks the Admin API. Kong's JSON does not leave this folder
// except as the validated types exported here.

export { DEFAULT_RETRIES, DEFAULT_TIMEOUT_MS, type KongTarget } from "./types";
export { KongError, isKongNotFound, type KongErrorKind } from "./errors";
export { kongFetch, type KongMethod, type KongRequest, type KongResponse } from "./kong-fetch";
export type { KongPlugin, KongRoute, KongService, KongUpstream, KongUpstreamTarget } from "./schemas";
export { upstreamUsesHealthchecks } from "./schemas";
export type { KongPluginInput, KongRef, KongRouteInput, KongServiceInput } from "./inputs";
export { listAll, listRoutePlugins, listTargets, tagsQuery, PAGE_SIZE, type ListableKind, type ListOptions, type PageMemo, type PageNote } from "./list-all";
export { nodeInfo, type KongNodeInfo } from "./node-info";
export { listTargetHealth, TARGET_HEALTH_STATES, type KongHealthState, type KongTargetHealth } from "./target-health";
export { catalogSnapshot, configurationHash, snapshot, type CatalogSnapshot, type CatalogSnapshotOptions, type KeptIds, type KongSnapshot } from "./snapshot";
export { getService } from "./get-service";
export { getUpstream } from "./get-upstream";
export { createService } from "./create-service";
export { upsertService } from "./upsert-service";
export { deleteService } from "./delete-service";
export { getRoute } from "./get-route";
export { createRoute } from "./create-route";
export { upsertRoute } from "./upsert-route";
export { deleteRoute } from "./delete-route";
export { createPlugin } from "./create-plugin";
export { upsertPlugin } from "./upsert-plugin";
export { deletePlugin } from "./delete-plugin";
