import { listAll, listTargets } from "./list-all";
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
