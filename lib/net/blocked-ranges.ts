// Addresses that a request from the server, or from a gateway Signpost configures, must not
// reach. Webhooks (the server calls a user-typed URL) refuse everything IANA lists as not
// globally reachable (RFC 6890 and successors), which covers the private networks, loopback,
// link-local and the ranges a NAT or tunnel would translate into them. Upstreams (a gateway
// proxies to them) may be private - that is what a gateway fronts - but never this host
// (loopback, unspecified), link-local or a cloud metadata service: the ranges marked `upstream`.
import { inCidr, mappedIpv4, parseCidr, type Cidr, type Ip } from "./ip-address";

type Range = { cidr: Cidr; what: string; upstream: boolean };

// [cidr, what, also refused as an upstream]; the first match names the reason, so specific
// entries come before the ranges that contain them.
function ranges(list: [string, string, boolean?][]): Range[] {
  return list.map(([cidr, what, upstream]) => ({ cidr: parseCidr(cidr)!, what, upstream: upstream === true }));
}

const V4 = ranges([
  ["0.0.0.0/8", "a 'this network' address (0.0.0.0/8, unspecified: it reaches the host itself)", true],
  ["10.0.0.0/8", "a private address"],
  ["100.100.100.200/32", "a cloud metadata address (Alibaba Cloud)", true],
  ["100.64.0.0/10", "a carrier-grade NAT address (100.64.0.0/10)"],
  ["127.0.0.0/8", "a loopback address", true],
  ["169.254.169.254/32", "the cloud metadata address (link-local)", true],
  ["169.254.0.0/16", "a link-local address (cloud metadata lives at 169.254.169.254)", true],
  ["172.16.0.0/12", "a private address"],
  ["192.0.0.192/32", "a cloud metadata address (Oracle Cloud; IETF protocol range)", true],
  ["192.0.0.0/24", "an IETF protocol address (192.0.0.0/24)"],
  ["192.0.2.0/24", "a documentation address"],
  ["192.88.99.0/24", "a 6to4 relay address"],
  ["192.168.0.0/16", "a private address"],
  ["198.18.0.0/15", "a benchmarking address"],
  ["198.51.100.0/24", "a documentation address"],
  ["203.0.113.0/24", "a documentation address"],
  ["224.0.0.0/4", "a multicast address"],
  ["240.0.0.0/4", "a reserved address (240.0.0.0/4, broadcast)"],
]);

const V6 = ranges([
  ["::/128", "the unspecified address", true],
  ["::1/128", "a loopback address", true],
  // IPv4-compatible addresses (deprecated); mapped ones (::ffff:0:0/96) are judged by their IPv4 address
  ["::/96", "an IPv4-compatible address (::/96)", true],
  ["64:ff9b:1::/48", "a local-use NAT64 address"],
  ["100::/64", "a discard-only address"],
  ["2001::/23", "an IETF protocol address (2001::/23, Teredo)"],
  ["2001:db8::/32", "a documentation address"],
  ["3fff::/20", "a documentation address"],
  ["5f00::/16", "a segment-routing address"],
  ["fd00:ec2::254/128", "a cloud metadata address (AWS, unique-local)", true],
  ["fc00::/7", "a unique-local address (fc00::/7)"],
  ["fe80::/10", "a link-local address", true],
  ["fec0::/10", "a site-local address"],
  ["ff00::/8", "a multicast address"],
]);

// These IPv6 ranges carry an IPv4 address that a gateway would connect to: judge that one.
const NAT64 = parseCidr("64:ff9b::/96")!;
const SIX_TO_FOUR = parseCidr("2002::/16")!;

/** Why `ip` must not be reached by a webhook (e.g. "a private address"), or null for a public address. */
export function blockedReason(ip: Ip): string | null {
  return reason(ip, () => true);
}

/** Why `ip` must not be a gateway's upstream (loopback, unspecified, link-local, metadata), or null. */
export function upstreamBlockedReason(ip: Ip): string | null {
  return reason(ip, (r) => r.upstream);
}

function reason(ip: Ip, applies: (r: Range) => boolean): string | null {
  const v4 = embeddedIpv4(ip);
  if (v4) {
    const why = reason(v4, applies);
    return why && `${why} (inside an IPv6 address)`;
  }
  for (const r of ip.version === 4 ? V4 : V6) if (inCidr(ip, r.cidr)) return applies(r) ? r.what : null;
  return null;
}

/** The IPv4 address an IPv6 address delivers to (mapped, NAT64 or 6to4), else null. */
export function embeddedIpv4(ip: Ip): Ip | null {
  if (ip.version === 4) return null;
  const mapped = mappedIpv4(ip);
  if (mapped) return mapped;
  if (inCidr(ip, NAT64)) return { version: 4, value: ip.value & 0xffffffffn };
  if (inCidr(ip, SIX_TO_FOUR)) return { version: 4, value: (ip.value >> 80n) & 0xffffffffn };
  return null;
}

// Names of cloud metadata services and loopback names, refused whatever they resolve to.
const BLOCKED_NAMES = new Set(["localhost", "metadata", "metadata.google.internal", "metadata.goog", "instance-data", "instance-data.ec2.internal"]);

/** True for a loopback or metadata host name (lower-case, no trailing dot). */
export function isBlockedHostName(name: string): boolean {
  return BLOCKED_NAMES.has(name) || name.endsWith(".localhost");
}
