import crypto from "node:crypto";
import { kongFetch } from "./kong-fetch";
import { listAll, listPagesRaw, listTargets, type PageOffsets, parsePage, type RawPage, validateEntities } from "./list-all";
import { type KongNodeInfo, nodeInfo } from "./node-info";
import type { KongPlugin, KongRoute, KongService, KongUpstream, KongUpstreamTarget } from "./schemas";
import type { KongTarget } from "./types";

/** Everything Signpost reads from one gateway at one time. */
export type KongSnapshot = {
  info: KongNodeInfo;
  services: KongService[];
  routes: KongRoute[];
  plugins: KongPlugin[];
  upstreams: KongUpstream[];
  targets: KongUpstreamTarget[];
};

const TARGET_CONCURRENCY = 4;

/**
 * Reads the whole gateway. Complete or throws: any failure (a 5xx or a hang mid-pagination)
 * aborts the other reads and rejects, so a caller never applies a partial view as if it were full.
 * `withUpstreams: false` leaves upstreams and targets out (the catalog does not use them).
 */
export async function snapshot(target: KongTarget, opts: { signal?: AbortSignal; withUpstreams?: boolean } = {}): Promise<KongSnapshot> {
  const controller = new AbortController();
  const onAbort = () => controller.abort(opts.signal?.reason);
  opts.signal?.addEventListener("abort", onAbort, { once: true });
  const signal = controller.signal;
  const guard = <T>(p: Promise<T>) =>
    p.catch((e: unknown) => {
      controller.abort(e);
      throw e;
    });
  try {
    const [info, services, routes, plugins, upstreams] = await Promise.all([
      guard(nodeInfo(target, { signal })),
      guard(listAll(target, "services", { signal })),
      guard(listAll(target, "routes", { signal })),
      guard(listAll(target, "plugins", { signal })),
      // Targets take one request per upstream: callers that do not use them skip both.
      opts.withUpstreams === false ? Promise.resolve([] as KongUpstream[]) : guard(listAll(target, "upstreams", { signal })),
    ]);
    const targets: KongUpstreamTarget[][] = new Array(upstreams.length);
    let next = 0;
    const worker = async () => {
      while (next < upstreams.length) {
        const i = next++;
        targets[i] = await listTargets(target, upstreams[i].id, { signal });
      }
    };
    await Promise.all(Array.from({ length: Math.min(TARGET_CONCURRENCY, upstreams.length) }, () => guard(worker())));
    return { info, services, routes, plugins, upstreams, targets: targets.flat() };
  } finally {
    opts.signal?.removeEventListener("abort", onAbort);
  }
}

/** A gateway's catalog entities, or word that their raw answers are what they were. */
export type CatalogSnapshot =
  | { unchanged: true; fingerprint: string }
  | { unchanged: false; fingerprint: string; info: KongNodeInfo; services: KongService[]; routes: KongRoute[]; plugins: KongPlugin[] };

/**
 * Reads the services, routes and plugins of a gateway and fingerprints the answers' bytes. When
 * the fingerprint equals `previous`, nothing is validated and `unchanged` is true. `offsets` (kept
 * by the caller from poll to poll, updated here) lets pages already seen go unparsed: a poll of an
 * unchanged gateway costs the requests and the hashing, not decoding, JSON.parse, validation,
 * reshaping and comparison. Complete or throws, as snapshot().
 */
export async function catalogSnapshot(target: KongTarget, previous: string | null, opts: { signal?: AbortSignal; offsets?: PageOffsets } = {}): Promise<CatalogSnapshot> {
  const controller = new AbortController();
  const onAbort = () => controller.abort(opts.signal?.reason);
  opts.signal?.addEventListener("abort", onAbort, { once: true });
  const signal = controller.signal;
  const guard = <T>(p: Promise<T>) =>
    p.catch((e: unknown) => {
      controller.abort(e);
      throw e;
    });
  const kinds = ["services", "routes", "plugins"] as const;
  const known: ReadonlyMap<string, string | null> = opts.offsets ?? new Map();
  const noted: PageOffsets = new Map();
  try {
    const [info, ...pages] = await Promise.all([
      guard(nodeInfo(target, { signal })),
      ...kinds.map((kind) => guard(listPagesRaw(target, kind, known, noted, { signal }))),
    ]);
    if (opts.offsets) {
      // only this read's pages are kept: the memo stays the size of the gateway's listing
      opts.offsets.clear();
      for (const [hash, offset] of noted) opts.offsets.set(hash, offset);
    }
    const fingerprint = crypto
      .createHash("sha256")
      .update(`${info.dbless}\u0000${pages.map((list) => list.map((p) => p.hash).join(",")).join("\u0000")}`)
      .digest("base64url");
    if (fingerprint === previous) return { unchanged: true, fingerprint };
    const entities = (kind: (typeof kinds)[number], list: RawPage[]) =>
      list.flatMap((page) => {
        if (!page.data) parsePage(target, kind, page);
        return page.data!;
      });
    return {
      unchanged: false,
      fingerprint,
      info,
      services: validateEntities(target, "services", entities("services", pages[0])),
      routes: validateEntities(target, "routes", entities("routes", pages[1])),
      plugins: validateEntities(target, "plugins", entities("plugins", pages[2])),
    };
  } finally {
    opts.signal?.removeEventListener("abort", onAbort);
  }
}

/** All zeros: a DB-less node that has no configuration yet (Kong's DECLARATIVE_EMPTY_CONFIG_HASH). */
const EMPTY_CONFIG_HASH = "0".repeat(32);

/**
 * The `configuration_hash` a DB-less node (or data plane) reports on GET /status, which changes
 * with every configuration it loads; null where the node reports none (database mode) or an empty
 * configuration.
 */
export async function configurationHash(target: KongTarget, opts: { signal?: AbortSignal } = {}): Promise<string | null> {
  const res = await kongFetch(target, { path: "/status", workspaceScoped: false, signal: opts.signal });
  const hash = (res.body as { configuration_hash?: unknown } | null)?.configuration_hash;
  return typeof hash === "string" && /^[0-9a-f]{32}$/.test(hash) && hash !== EMPTY_CONFIG_HASH ? hash : null;
}
