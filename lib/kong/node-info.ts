import { kongFetch } from "./kong-fetch";
import { parseResponse } from "./parse-response";
import { ZKongRootInfo } from "./schemas";
import type { KongTarget } from "./types";

/** What Signpost needs to know about a Kong node. */
export type KongNodeInfo = {
  version: string;
  edition: "community" | "enterprise";
  /** configuration.database === "off": entities come from declarative config, the Admin API is read-only. */
  dbless: boolean;
  /** configuration.router_flavor, null when the node does not report it. */
  routerFlavor: string | null;
};

// Before 3.6 there is no `edition`: Enterprise 3.x has a four-part version, 2.x a suffix.
function editionOf(edition: string | undefined, version: string): KongNodeInfo["edition"] {
  if (edition === "enterprise" || edition === "community") return edition;
  return /^\d+\.\d+\.\d+\.\d+/.test(version) || version.includes("enterprise") ? "enterprise" : "community";
}

/** GET / of the node (not workspaced). */
export async function nodeInfo(target: KongTarget, opts: { signal?: AbortSignal } = {}): Promise<KongNodeInfo> {
  const res = await kongFetch(target, { path: "/", workspaceScoped: false, signal: opts.signal });
  const root = parseResponse(target, ZKongRootInfo, res.body, { method: "GET", path: "/" });
  return {
    version: root.version,
    edition: editionOf(root.edition, root.version),
    dbless: root.configuration?.database === "off",
    routerFlavor: root.configuration?.router_flavor ?? null,
  };
}
