// IP addresses as numbers, so ranges (CIDRs) are compared exactly rather than by string prefixes
// (which miss "::ffff:a00:5", "0:0:0:0:0:ffff:10.0.0.5" and friends).
import net from "node:net";

/** An IPv4 address (32-bit value) or an IPv6 address (128-bit value). */
export type Ip = { version: 4 | 6; value: bigint };

/** A range of addresses: every address whose first `bits` bits equal those of `base`. */
export type Cidr = { version: 4 | 6; base: bigint; bits: number };

/** Parses a dotted IPv4 or an IPv6 address (brackets and a zone id allowed); null otherwise. */
export function parseIp(text: string): Ip | null {
  let s = text.trim();
  if (s.startsWith("[") && s.endsWith("]")) s = s.slice(1, -1);
  const zone = s.indexOf("%");
  if (zone >= 0) s = s.slice(0, zone);
  if (net.isIPv4(s)) return { version: 4, value: ipv4Value(s) };
  if (!net.isIPv6(s)) return null;
  // Expand "::" and a trailing dotted quad into eight 16-bit groups.
  let groups: string[];
  const lastColon = s.lastIndexOf(":");
  const tail = s.slice(lastColon + 1);
  if (tail.includes(".")) {
    const v4 = ipv4Value(tail);
    s = `${s.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  if (s.includes("::")) {
    const [left, right] = s.split("::");
    const l = left ? left.split(":") : [];
    const r = right ? right.split(":") : [];
    groups = [...l, ...Array(8 - l.length - r.length).fill("0"), ...r];
  } else {
    groups = s.split(":");
  }
  return { version: 6, value: groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n) };
}

/** Parses "10.0.0.0/8", "fc00::/7" or a single address (a /32 or /128); null when malformed. */
export function parseCidr(text: string): Cidr | null {
  const [addr, len, extra] = text.trim().split("/");
  if (extra !== undefined) return null;
  const ip = parseIp(addr);
  if (!ip) return null;
  const max = ip.version === 4 ? 32 : 128;
  const bits = len === undefined ? max : /^\d{1,3}$/.test(len) ? Number(len) : NaN;
  if (!(bits >= 0 && bits <= max)) return null;
  return { version: ip.version, base: ip.value & mask(ip.version, bits), bits };
}

/** True when `ip` lies within `cidr` (an IPv4 range never contains an IPv6 address). */
export function inCidr(ip: Ip, cidr: Cidr): boolean {
  return ip.version === cidr.version && (ip.value & mask(ip.version, cidr.bits)) === cidr.base;
}

/** The IPv4 address that an IPv4-mapped (::ffff:0:0/96) IPv6 address stands for, else null. */
export function mappedIpv4(ip: Ip): Ip | null {
  if (ip.version === 6 && ip.value >> 32n === 0xffffn) return { version: 4, value: ip.value & 0xffffffffn };
  return null;
}

function ipv4Value(s: string): bigint {
  return s.split(".").reduce((acc, p) => (acc << 8n) | BigInt(Number(p)), 0n);
}

function mask(version: 4 | 6, bits: number): bigint {
  const width = version === 4 ? 32 : 128;
  if (bits === 0) return 0n;
  return ((1n << BigInt(bits)) - 1n) << BigInt(width - bits);
}
