// The one address matcher of lib/net: comma-separated host names, "*.suffix" wildcards, IP
// addresses and CIDR ranges (IPv4 and IPv6). It serves the webhook allow list, the upstream deny
// and allow lists, and the trusted proxies (addresses only).
import { inCidr, mappedIpv4, parseCidr, parseIp, type Cidr, type Ip } from "./ip-address";

/** A parsed list. */
export type AddressList = {
  /** true when the host name is listed (exactly or under a "*.suffix" wildcard) */
  matchesHost(hostname: string): boolean;
  /** true when the address lies in a listed IP or CIDR (an IPv4-mapped IPv6 address counts as its IPv4) */
  matchesAddress(ip: Ip): boolean;
  /** matchesAddress for an address written as text; false for anything that is not an IP address */
  matchesText(address: string): boolean;
  readonly empty: boolean;
};

export type AddressListOptions = {
  /** refuse host names and wildcards (e.g. trusted proxies, matched against socket addresses) */
  addressesOnly?: boolean;
};

const HOST = /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/;
const cache = new Map<string, AddressList>();

/** Parses a list; throws an Error naming the first malformed entry. */
export function parseAddressList(text: string | undefined, opts: AddressListOptions = {}): AddressList {
  const key = `${opts.addressesOnly ? "a" : "h"}:${text ?? ""}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const hosts = new Set<string>();
  const suffixes: string[] = [];
  const cidrs: Cidr[] = [];
  for (const raw of (text ?? "").split(",")) {
    const entry = raw.trim().toLowerCase().replace(/\.$/, "");
    if (!entry) continue;
    const cidr = entry.includes(":") || /^[\d./]+$/.test(entry) ? parseCidr(entry) : null;
    if (cidr) cidrs.push(cidr);
    else if (opts.addressesOnly) throw new Error(`"${raw.trim()}" is not an IP address or CIDR range`);
    else if (entry.startsWith("*.") && HOST.test(entry.slice(2))) suffixes.push(entry.slice(1));
    else if (HOST.test(entry) && !/^[\d.]+$/.test(entry)) hosts.add(entry);
    else throw new Error(`"${raw.trim()}" is not a host name, *.suffix, IP address or CIDR range`);
  }
  const matchesAddress = (ip: Ip) => {
    // ::ffff:127.0.0.1 is 127.0.0.1 to the socket
    const v4 = mappedIpv4(ip);
    return cidrs.some((c) => inCidr(ip, c) || (v4 !== null && inCidr(v4, c)));
  };
  const list: AddressList = {
    empty: hosts.size + suffixes.length + cidrs.length === 0,
    matchesHost(hostname) {
      const h = hostname.toLowerCase().replace(/\.$/, "");
      return hosts.has(h) || suffixes.some((s) => h.endsWith(s) && h.length > s.length);
    },
    matchesAddress,
    matchesText(address) {
      const ip = parseIp(address);
      return ip !== null && matchesAddress(ip);
    },
  };
  if (cache.size > 20) cache.clear();
  cache.set(key, list);
  return list;
}

/** True when `address` (a socket address, e.g. a request's peer) is in `list` (IPs and CIDRs). */
export function addressInList(address: string, list: string | undefined): boolean {
  if (!list) return false;
  try {
    return parseAddressList(list, { addressesOnly: true }).matchesText(address);
  } catch {
    // The configuration check refuses a malformed list at start-up; never trust on a bad one.
    return false;
  }
}
