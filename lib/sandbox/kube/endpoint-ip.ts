// ValidateEndpointIP (pkg/apis/core/validation): an EndpointSlice address of type IPv4 or IPv6 may
// not be unspecified, loopback, link-local or link-local multicast, as Go's net.IP classifies them
// (an IPv4-mapped IPv6 address counts as its IPv4 address).
import { inCidr, mappedIpv4, parseCidr, parseIp, type Ip } from "../../net/ip-address";

const cidrs = (...texts: string[]) => texts.map((t) => parseCidr(t)!);
const LOOPBACK = cidrs("127.0.0.0/8", "::1/128");
const LINK_LOCAL = cidrs("169.254.0.0/16", "fe80::/10");
const MULTICAST_V4 = cidrs("224.0.0.0/24");

// IsLinkLocalMulticast for IPv6: ffX2::/16 for any flags X.
const linkLocalMulticast6 = (ip: Ip) => ip.version === 6 && ((ip.value >> 112n) & 0xff0fn) === 0xff02n;

/** The detail messages kube-apiserver gives for `address`, none for an address it accepts (or cannot parse). */
export function endpointIpErrors(address: string): string[] {
  const parsed = parseIp(address);
  if (!parsed) return [];
  const ip = mappedIpv4(parsed) ?? parsed;
  const out: string[] = [];
  if (ip.value === 0n) out.push(`may not be unspecified (${address})`);
  if (LOOPBACK.some((c) => inCidr(ip, c))) out.push("may not be in the loopback range (127.0.0.0/8, ::1/128)");
  if (LINK_LOCAL.some((c) => inCidr(ip, c))) out.push("may not be in the link-local range (169.254.0.0/16, fe80::/10)");
  if (MULTICAST_V4.some((c) => inCidr(ip, c)) || linkLocalMulticast6(ip)) out.push("may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)");
  return out;
}
