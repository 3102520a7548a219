// Where calling an API "at its proxy URL" goes: the gateway's configured proxy address (never an
// address a user typed), with the Host header and path of the API's gateway address. The user
// only picks the path below that address.
import type { TGatewayConfig } from "../env";
import type { TApi } from "../api/schemas/api";
import { ApiError } from "../api/errors";
import { BELOW_PATH, leavesAddress } from "./probe-path";

/** One call: connect to `connectUrl`, send `host` as the Host header; `url` is the address as consumers know it. */
export type ProxyTarget = { gateway: string; url: string; connectUrl: string; host: string };

/** The path below the API's address, checked: starts with "/", no "..", no scheme or authority. */
export function checkTryPath(path: string): string {
  if (path.length > 2048 || !BELOW_PATH.test(path) || leavesAddress(path)) {
    throw new ApiError("validation_failed", `path: "${path.slice(0, 100)}" is not a path below the API's address (start with /, no "..", at most 2048 characters)`, {
      issues: [{ field: "body.path", message: "must be a path below the API's address" }],
    });
  }
  return path;
}

/** What finding an API's gateway address needs of it. */
type TExposure = TApi["exposures"][number];
export type ProxiedApi = Pick<TApi, "id" | "name"> & { exposures: (Pick<TExposure, "mode" | "status" | "url"> & { source: Pick<TExposure["source"], "cluster"> })[] };

/** The target of `path` on the API's first ready gateway address; 409 when it has none Signpost can call. */
export function proxyTarget(api: ProxiedApi, gateways: TGatewayConfig[], path: string): ProxyTarget {
  const exposure = api.exposures.find((e) => e.mode === "Gateway" && e.status === "ready" && e.url);
  if (!exposure) {
    throw new ApiError("conflict", `API ${api.name} has no ready gateway address (proxy URL) to call`, { api: api.id });
  }
  const gw = gateways.find((g) => g.name === exposure.source.cluster);
  if (!gw?.proxyUrl) {
    throw new ApiError("conflict", `gateway "${exposure.source.cluster}" has no proxy URL configured (proxyUrl, SIGNPOST_KONG_PROXY_URL), so Signpost cannot reach it`, { gateway: exposure.source.cluster });
  }
  const address = new URL(exposure.url!);
  const proxy = new URL(gw.proxyUrl);
  const base = address.pathname.replace(/\/+$/, "");
  const rel = checkTryPath(path);
  const full = rel === "/" && base ? base : `${base}${rel}`;
  return {
    gateway: gw.name,
    url: `${address.origin}${full}`,
    connectUrl: `${proxy.origin}${full}`,
    host: address.host,
  };
}
