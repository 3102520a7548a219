// The Signpost client library: a typed REST client and the cache-and-refresh resolver. Runs in
// Node 20 and browsers; only a resolver with `cacheFile` needs Node (it loads node:fs on demand).
export { createSignpostClient } from "./create-signpost-client";
export { createResolver } from "./create-resolver";
export type { Resolver, ResolverOptions, ResolveResult } from "./create-resolver";
export { SignpostError } from "./signpost-error";
export type { SignpostErrorKind } from "./signpost-error";
export { OPERATION_ROUTES } from "./operation-routes";
export type { OperationId, OperationRoute } from "./operation-routes";
export type {
  ClientOptions,
  OperationInput,
  OperationOutput,
  RawResult,
  RequestOptions,
  SignpostClient,
  StreamedEvent,
  StreamOptions,
} from "./client-types";
export { cacheKey, emptyCache, memoryCacheStore, parseCache } from "./resolver-cache";
export type { CacheEntry, CacheFile, CacheStore } from "./resolver-cache";
export type { Watcher, WatchOptions, WatchStatus, WatchUpdate } from "./watch-cache";
