import crypto from "node:crypto";
import { kongFetch } from "./kong-fetch";
import { dropUnchanged, listAll, listPagesRaw, listTargets, type PageMemo, type PageNote, pageKey, parsePage, type RawPage, readBefore } from "./list-all";
import { routeReadsService } from "./reshape/route-origin";
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

/** Ids of the entities on pages a poll found as the last applied poll left them (not read again). */
export type KeptIds = { services: string[]; routes: string[]; plugins: string[] };

/**
 * A gateway's catalog entities, or word that their raw answers are what they were. When changed:
 * the entities of the pages that changed (less those the caller said it holds as they are), the
 * ids of the others (`kept`), how many entities were parsed (`read`), and the memo to keep once
 * this poll is applied.
 */
export type CatalogSnapshot =
  | { unchanged: true; fingerprint: string }
  | {
      unchanged: false;
      fingerprint: string;
      info: KongNodeInfo;
      services: KongService[];
      routes: KongRoute[];
      plugins: KongPlugin[];
      kept: KeptIds;
      read: number;
      memo: PageMemo;
    };

export type CatalogSnapshotOptions = {
  signal?: AbortSignal;
  /**
   * The memo of the last applied poll: a page it knows is not parsed, validated or returned, only
   * its entities' ids (in `kept`). Without it every page is read. The caller keeps the returned
   * memo once it has applied the snapshot (a poll that fails leaves the old one).
   */
  memo?: ReadonlyMap<string, PageNote>;
  /**
   * Whether a service read from a changed page changed in what routeOrigin reads (its backend
   * hint); known route pages with routes reading one of those are read again. Default: every
   * such service counts as changed.
   */
  serviceChanged?: (s: KongService) => boolean;
  /** awaited before each page is requested */
  beforePage?: () => Promise<void>;
  /**
   * Whether the caller holds a validated entity of a changed page as it is; such entities are not
   * returned, only their ids (in `kept`), and are garbage as soon as their page is read. Routes
   * whose origin is read from their service are always returned (the service may have changed).
   */
  unchanged?: { services?: (s: KongService) => boolean; routes?: (r: KongRoute) => boolean; plugins?: (p: KongPlugin) => boolean };
};

const CATALOG_KINDS = ["services", "routes", "plugins"] as const;

/**
 * Reads the services, routes and plugins of a gateway and fingerprints the answers' bytes. When
 * the fingerprint equals `previous`, nothing is validated and `unchanged` is true. With the last
 * applied poll's memo, only pages whose bytes are new are decoded, parsed, validated and returned:
 * a poll of an unchanged gateway costs the requests and the hashing, and one that changed a few
 * entities costs the pages they are on. Complete or throws, as snapshot().
 */
export async function catalogSnapshot(target: KongTarget, previous: string | null, opts: CatalogSnapshotOptions = {}): Promise<CatalogSnapshot> {
  const controller = new AbortController();
  const onAbort = () => controller.abort(opts.signal?.reason);
  opts.signal?.addEventListener("abort", onAbort, { once: true });
  const signal = controller.signal;
  const guard = <T>(p: Promise<T>) =>
    p.catch((e: unknown) => {
      controller.abort(e);
      throw e;
    });
  const memo: ReadonlyMap<string, PageNote> = opts.memo ?? new Map();
  const unchangedOf = (kind: (typeof CATALOG_KINDS)[number]): ((e: unknown) => boolean) | undefined => {
    if (kind === "routes") {
      const held = opts.unchanged?.routes;
      return held && ((e) => !routeReadsService(e as KongRoute) && held(e as KongRoute));
    }
    const held = opts.unchanged?.[kind] as ((e: unknown) => boolean) | undefined;
    return held;
  };
  try {
    const [info, ...pages] = await Promise.all([
      guard(nodeInfo(target, { signal })),
      ...CATALOG_KINDS.map((kind) =>
        // a known route page whose routes read their services is kept at hand: a service may have changed
        guard(listPagesRaw(target, kind, memo, { signal, keep: kind === "routes" ? (note) => !!note.serviceIds : undefined, beforePage: opts.beforePage, unchanged: unchangedOf(kind) })),
      ),
    ]);
    const fingerprint = crypto
      .createHash("sha256")
      .update(`${info.dbless}\u0000${pages.map((list) => list.map((p) => p.hash).join(",")).join("\u0000")}`)
      .digest("base64url");
    if (fingerprint === previous) return { unchanged: true, fingerprint };
    const [servicePages, routePages, pluginPages] = pages;
    // the pages' entities were validated as they were parsed (parsePage)
    const read = <T>(list: RawPage[]) => list.flatMap((page) => (page.data ?? []) as T[]);
    const services = read<KongService>(servicePages);
    const changed = new Set(services.filter((s) => opts.serviceChanged?.(s) ?? true).map((s) => s.id));
    for (const [i, page] of routePages.entries()) {
      if (page.data || !page.note?.serviceIds || !page.note.serviceIds.split("\n").some((id) => changed.has(id))) continue;
      parsePage(target, "routes", page, readBefore(routePages, i));
      const unchanged = unchangedOf("routes");
      if (unchanged) dropUnchanged(page, unchanged);
    }
    const keptIds = (list: RawPage[]) => list.flatMap((page) => (page.data ? (page.unchanged ?? []) : page.note?.ids ? page.note.ids.split("\n") : []));
    const next: PageMemo = new Map();
    CATALOG_KINDS.forEach((kind, i) => {
      for (const page of pages[i]) next.set(pageKey(kind, page.hash), page.note!);
    });
    return {
      unchanged: false,
      fingerprint,
      info,
      services,
      routes: read<KongRoute>(routePages),
      plugins: read<KongPlugin>(pluginPages),
      kept: { services: keptIds(servicePages), routes: keptIds(routePages), plugins: keptIds(pluginPages) },
      read: pages.reduce((n, list) => n + readBefore(list, list.length), 0),
      memo: next,
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
