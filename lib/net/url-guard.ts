// The guard for every URL a user can make the server call (webhooks today): http(s) only, no
// credentials, and no host that is, or resolves to, an internal address - unless the operator
// allows it. The caller connects to the returned addresses (lib/net/pinned-request.ts), so a DNS
// answer that changes between this check and the connection cannot reach an internal address.
import dns from "node:dns/promises";
import { parseAddressList, type AddressList } from "./address-list";
import { blockedReason, isBlockedHostName } from "./blocked-ranges";
import { parseIp } from "./ip-address";

export type OutboundUrlReason = "invalid" | "scheme" | "credentials" | "unresolvable" | "blocked" | "config";

/** Why a URL may not be called; `message` is one sentence meant for the user (no "url:" prefix). */
export class OutboundUrlError extends Error {
  constructor(
    readonly reason: OutboundUrlReason,
    message: string,
  ) {
    super(message);
    this.name = "OutboundUrlError";
  }
}

/** A URL that passed the guard and the addresses it was checked against (connect to these only). */
export type CheckedUrl = { url: URL; addresses: string[] };

/** Resolves a host name to all of its addresses (tests replace DNS with this). */
export type Resolve = (hostname: string) => Promise<string[]>;

export type GuardOptions = {
  resolve?: Resolve;
  /** the setting named in messages, where an operator would allow a blocked host */
  setting?: string;
};

/** Resolves with every address of the host; rejects with an Error whose `code` is the DNS error. */
export const systemResolve: Resolve = async (hostname) =>
  (await dns.lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

/**
 * Checks that `url` may be called by the server. Throws OutboundUrlError when the scheme is not
 * http/https, the URL has credentials, or the host is (or resolves to) a private, loopback,
 * link-local, unique-local, CGNAT, multicast or otherwise reserved address (IPv4-mapped IPv6
 * included), or is a metadata host name - unless `allow` (comma-separated host names, *.suffix
 * wildcards, IPs, CIDRs) allows the host name or every blocked address it resolves to.
 */
export async function checkOutboundUrl(url: string, allow: string | undefined, opts: GuardOptions = {}): Promise<CheckedUrl> {
  const setting = opts.setting ?? "SIGNPOST_WEBHOOK_ALLOW";
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new OutboundUrlError("invalid", `"${url.slice(0, 200)}" is not an absolute URL`);
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") {
    throw new OutboundUrlError("scheme", `${u.protocol} URLs are not allowed; use http: or https:`);
  }
  if (u.username || u.password) {
    throw new OutboundUrlError("credentials", "the URL must not contain credentials (user:password@)");
  }
  let list: AddressList;
  try {
    list = parseAddressList(allow);
  } catch (err) {
    throw new OutboundUrlError("config", `${setting}: ${(err as Error).message}`);
  }
  const host = u.hostname.replace(/^\[(.*)\]$/, "$1");
  const name = host.toLowerCase().replace(/\.+$/, "");
  const literal = parseIp(host);
  const hostAllowed = !literal && list.matchesHost(name);
  const blockedName = !literal && isBlockedHostName(name);

  const hint = `; allow it with ${setting}`;
  const nameRefused = () => new OutboundUrlError("blocked", `${name} is a metadata or loopback host name${hint}`);
  let addresses: string[];
  try {
    addresses = literal ? [host] : await resolveAll(name, opts.resolve ?? systemResolve);
  } catch (err) {
    // Say what matters: such a name is refused wherever it points.
    throw blockedName && !hostAllowed ? nameRefused() : err;
  }
  for (const address of addresses) {
    const ip = parseIp(address);
    if (!ip) throw new OutboundUrlError("unresolvable", `${name} resolved to "${address}", which is not an IP address`);
    const why = blockedReason(ip);
    if (why && !hostAllowed && !list.matchesAddress(ip)) {
      throw new OutboundUrlError("blocked", literal ? `${host} is ${why}${hint}` : `${name} resolves to ${address}, ${why}${hint}`);
    }
  }
  if (blockedName && !hostAllowed && !addresses.every((a) => list.matchesAddress(parseIp(a)!))) {
    throw nameRefused();
  }
  return { url: u, addresses };
}

async function resolveAll(name: string, resolve: Resolve): Promise<string[]> {
  let addresses: string[];
  try {
    addresses = await resolve(name);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new OutboundUrlError("unresolvable", `cannot resolve ${name} (${code})`);
  }
  if (addresses.length === 0) throw new OutboundUrlError("unresolvable", `cannot resolve ${name} (no addresses)`);
  return addresses;
}
