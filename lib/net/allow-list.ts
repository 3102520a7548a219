// The operator's exceptions to the outbound URL guard (SIGNPOST_WEBHOOK_ALLOW): comma-separated
// host names, "*.suffix" wildcards, IP addresses and CIDR ranges, IPv4 and IPv6.
import { inCidr, mappedIpv4, parseCidr, type Cidr, type Ip } from "./ip-address";

/** A parsed allow list. */
export type AllowList = {
  /** true when the host name itself is allowed (exactly or by a wildcard) */
  allowsHost(hostname: string): boolean;
  /** true when the address lies in an allowed IP or CIDR (an IPv4-mapped IPv6 address counts as its IPv4) */
  allowsAddress(ip: Ip): boolean;
  readonly empty: boolean;
};

const HOST = /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/;
const cache = new Map<string, AllowList>();

/** Parses an allow list; throws an Error naming the first malformed entry. */
export function parseAllowList(allow: string | undefined): AllowList {
  const key = allow ?? "";
  const hit = cache.get(key);
  if (hit) return hit;
  const hosts = new Set<string>();
  const suffixes: string[] = [];
  const cidrs: Cidr[] = [];
  for (const raw of key.split(",")) {
    const entry = raw.trim().toLowerCase().replace(/\.$/, "");
    if (!entry) continue;
    const cidr = entry.includes(":") || /^[\d./]+$/.test(entry) ? parseCidr(entry) : null;
    if (cidr) cidrs.push(cidr);
    else if (entry.startsWith("*.") && HOST.test(entry.slice(2))) suffixes.push(entry.slice(1));
    else if (HOST.test(entry) && !/^[\d.]+$/.test(entry)) hosts.add(entry);
    else throw new Error(`"${raw.trim()}" is not a host name, *.suffix, IP address or CIDR range`);
  }
  const list: AllowList = {
    empty: hosts.size + suffixes.length + cidrs.length === 0,
    allowsHost(hostname) {
      const h = hostname.toLowerCase().replace(/\.$/, "");
      return hosts.has(h) || suffixes.some((s) => h.endsWith(s) && h.length > s.length);
    },
    allowsAddress(ip) {
      // ::ffff:127.0.0.1 is 127.0.0.1 to the socket; NAT64/6to4 addresses reach other hosts
      const v4 = mappedIpv4(ip);
      return cidrs.some((c) => inCidr(ip, c) || (v4 !== null && inCidr(v4, c)));
    },
  };
  if (cache.size > 20) cache.clear();
  cache.set(key, list);
  return list;
}
