// The address of the client that sent a request, as far as it can be trusted. Signpost's web
// server sets x-signpost-peer from the socket (and drops any such header a client sends); behind
// configured proxies, their X-Forwarded-For hop is used.
import { loadConfig } from "../env";
import { addressInList } from "../net/address-list";

/** The direct peer (socket) address, when the server recorded it. */
export function peerAddress(req: Request): string | null {
  return req.headers.get("x-signpost-peer") || null;
}

/** The client for rate limiting and logs: the peer, or the proxy-reported client behind a trusted proxy. */
export function clientAddress(req: Request): string {
  const peer = peerAddress(req);
  const trusted = loadConfig().SIGNPOST_TRUSTED_PROXIES;
  if (peer && trusted && addressInList(peer, trusted)) {
    const hops = (req.headers.get("x-forwarded-for") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
    if (hops.length) return hops[hops.length - 1];
  }
  return peer ?? "unknown";
}
