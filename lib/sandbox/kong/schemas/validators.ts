// Value checks shared by the entity schemas, after kong/db/schema/typedefs.lua and kong/tools/ip.lua.

/** Result of Kong's normalize_ip: the kind of address, its host part and optional port. */
export type NormalizedAddress = { type: "ipv4" | "ipv6" | "name"; host: string; port?: number };

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function isIpv4(s: string): boolean {
  const m = IPV4.exec(s);
  return !!m && m.slice(1).every((p) => Number(p) <= 255);
}

function isIpv6(s: string): boolean {
  return /^[0-9a-fA-F:.]+$/.test(s) && s.includes(":") && (s.match(/::/g)?.length ?? 0) <= 1;
}

/** Parses host[:port], IPv4, [IPv6][:port] or bare IPv6; an error string when invalid. */
export function normalizeAddress(address: string): NormalizedAddress | { error: string } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(address);
  if (bracketed) {
    if (!isIpv6(bracketed[1])) return { error: "invalid ipv6 address" };
    return portCheck({ type: "ipv6", host: bracketed[1] }, bracketed[2]);
  }
  if ((address.match(/:/g)?.length ?? 0) > 1) {
    return isIpv6(address) ? { type: "ipv6", host: address } : { error: "invalid ipv6 address" };
  }
  const m = /^(.*?)(?::(\d+))?$/.exec(address)!;
  const host = m[1];
  if (/^[\d.]+$/.test(host)) {
    return isIpv4(host) ? portCheck({ type: "ipv4", host }, m[2]) : { error: "invalid ipv4 address" };
  }
  if (host.includes(":") || !/^[A-Za-z0-9\-._]+$/.test(host)) return { error: `invalid hostname: ${address}` };
  const labels = host.split(".");
  const bad = labels.some((l, i) => l.endsWith("-") || (l === "" && i !== labels.length - 1));
  if (bad) return { error: `invalid hostname: ${address}` };
  return portCheck({ type: "name", host }, m[2]);
}

function portCheck(addr: NormalizedAddress, port: string | undefined): NormalizedAddress | { error: string } {
  if (port === undefined) return addr;
  const n = Number(port);
  return n > 65535 ? { error: "invalid port number" } : { ...addr, port: n };
}

/** typedefs.host: a hostname or IP without a port. */
export function validateHost(host: string): string | null {
  const r = normalizeAddress(host);
  if ("error" in r) return r.error === "invalid port number" ? "must not have a port" : `invalid value: ${host}`;
  return r.port !== undefined ? "must not have a port" : null;
}

/** typedefs.utf8_name: UTF-8, with ASCII limited to alphanumerics and . - _ ~ */
export function validateUtf8Name(name: string): string | null {
  if (/^[A-Za-z0-9.\-_~\u0080-\u{10FFFF}]+$/u.test(name)) return null;
  return `invalid value '${name}': the only accepted ascii characters are alphanumerics or ., -, _, and ~`;
}

// Printable ASCII except "," and "/", spaces allowed since 3.0, plus any non-ASCII character.
const TAG_RE = /^[\x20-\x2B\x2D\x2E\x30-\x7E\u0080-\u{10FFFF}]+$/u;

/** typedefs.tag. */
export function validateTag(tag: string): string | null {
  return TAG_RE.test(tag) ? null : `invalid tag '${tag}': expected printable ascii (except \`,\` and \`/\`) or valid utf-8 sequences`;
}

/** True for a string Kong would accept as a tag (also used to validate ?tags= filters). */
export function isValidTag(tag: string): boolean {
  return TAG_RE.test(tag);
}

/** typedefs.wildcard_host for route hosts. */
export function validateWildcardHost(host: string): string | null {
  const stars = host.split("*").length - 1;
  if (stars > 1) return "invalid wildcard: must have at most one wildcard";
  if (stars === 1 && !host.startsWith("*.") && !host.endsWith(".*")) {
    return "invalid wildcard: must be placed at leftmost or rightmost label";
  }
  const plain = host.replace("*", "wildcard");
  const r = normalizeAddress(plain);
  return "error" in r ? `invalid hostname: ${host}` : null;
}

/** Upstream names must be hostnames: no IP, no port. */
export function validateUpstreamName(name: string): string | null {
  const r = normalizeAddress(name);
  if ("error" in r) return `Invalid name ('${name}'); must be a valid hostname`;
  if (r.type !== "name") return `Invalid name ('${name}'); no ip addresses allowed`;
  if (r.port !== undefined) return `Invalid name ('${name}'); no port allowed`;
  return null;
}

/** Host with optional port (upstream host_header). */
export function validateHostWithOptionalPort(value: string): string | null {
  return "error" in normalizeAddress(value) ? `invalid value: ${value}` : null;
}

/** Kong's format_target: appends the default port 8000, brackets IPv6. */
export function formatTarget(target: string): string | null {
  const r = normalizeAddress(target);
  if ("error" in r) return null;
  const host = r.type === "ipv6" ? `[${r.host}]` : r.host;
  return `${host}:${r.port ?? 8000}`;
}

// RFC 3986 characters allowed in a path (unreserved, reserved, percent-encoded).
const PATH_CHARS = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]*$/;

/** typedefs.path custom check (after starts_with and the empty-segment rule). */
export function validatePathChars(path: string): string | null {
  if (!PATH_CHARS.test(path)) {
    return `invalid path: '${path}' (characters outside of the reserved list of RFC 3986 found)`;
  }
  return null;
}

/** Router paths: "~/..." must be a valid regex. */
export function validateRouterPath(path: string): string | null {
  if (!path.startsWith("~")) return validatePathChars(path);
  try {
    new RegExp(path.slice(1));
    return null;
  } catch {
    return `invalid regex: '${path.slice(1)}'`;
  }
}
