// The origin (scheme://host) a client reached Signpost at, for links in answers (an API's page):
// the Host header, and X-Forwarded-Host/-Proto only when a trusted proxy set them.
import { loadConfig } from "../env";
import { peerAddress } from "../auth/client-address";
import { addressInList } from "../net/address-list";

/** scheme://host of `req` as its client addressed it. */
export function requestOrigin(req: Request): string {
  const url = new URL(req.url);
  const peer = peerAddress(req);
  const trusted = loadConfig().SIGNPOST_TRUSTED_PROXIES;
  const viaProxy = Boolean(peer && trusted && addressInList(peer, trusted));
  const first = (h: string) => req.headers.get(h)?.split(",")[0].trim() || null;
  const host = (viaProxy ? first("x-forwarded-host") : null) ?? req.headers.get("host") ?? url.host;
  const proto = (viaProxy ? first("x-forwarded-proto") : null) ?? url.protocol.replace(":", "");
  return `${proto === "https" ? "https" : "http"}://${host}`;
}
