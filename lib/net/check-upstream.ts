// The upstream guard: an address a gateway is told to proxy to must not be this host (loopback,
// unspecified), link-local, a cloud metadata service, or any configured gateway's own Admin API -
// else an editor could publish the gateway's admin (or the cloud's credentials) on a public path.
// Private ranges stay allowed: that is what a gateway fronts.
//
// Names are resolved and every address is judged. A name that does not resolve from here is
// accepted: cluster names (orders.shop.svc.cluster.local) and names of the gateway's own network
// resolve only there. Loopback and metadata names are refused without asking DNS. The check runs
// when a registration is made; the gateway resolves names again whenever it connects.
import { parseAddressList, type AddressList } from "./address-list";
import { isBlockedHostName, upstreamBlockedReason } from "./blocked-ranges";
import { parseIp, type Ip } from "./ip-address";
import { systemResolve, type Resolve } from "./url-guard";

export type UpstreamPolicy = {
  /** SIGNPOST_UPSTREAM_DENY: hosts, *.suffix, IPs, CIDRs refused although otherwise allowed */
  deny?: string;
  /** SIGNPOST_UPSTREAM_ALLOW: hosts, *.suffix, IPs, CIDRs allowed although loopback, link-local or metadata */
  allow?: string;
  /** every configured gateway's Admin API: never an upstream, whatever the allow list says */
  admins: { gateway: string; url: string }[];
  /** the cluster DNS domain: name.ns, name.ns.svc and name.ns.svc.<domain> are one Service */
  clusterDomain: string;
  resolve?: Resolve;
  /** a lookup slower than this counts as unresolvable (default 3 s) */
  resolveTimeoutMs?: number;
};

export type UpstreamRefusal = "denied" | "admin-api" | "blocked" | "config";

/** Why an upstream is refused; `message` is one sentence for the user. */
export class UpstreamRefusedError extends Error {
  constructor(
    readonly reason: UpstreamRefusal,
    message: string,
  ) {
    super(message);
    this.name = "UpstreamRefusedError";
  }
}

/**
 * Checks `host:port` as a gateway upstream; throws UpstreamRefusedError naming the problem.
 * Order: the deny list, then the Admin API addresses (no exception), then loopback, unspecified,
 * link-local and metadata addresses and names, which the allow list may open.
 */
export async function checkUpstream(host: string, port: number, policy: UpstreamPolicy): Promise<void> {
  let deny: AddressList;
  let allow: AddressList;
  try {
    deny = parseAddressList(policy.deny);
    allow = parseAddressList(policy.allow);
  } catch (err) {
    throw new UpstreamRefusedError("config", `SIGNPOST_UPSTREAM_DENY/ALLOW: ${(err as Error).message}`);
  }
  const lookup = (name: string) => resolveOrNull(name, policy);
  const bare = host.replace(/^\[(.*)\]$/, "$1");
  const literal = parseIp(bare);
  const name = literal ? null : bare.toLowerCase().replace(/\.+$/, "");
  const shown = `${literal ? bare : name}:${port}`;

  if (name && deny.matchesHost(name)) throw new UpstreamRefusedError("denied", `${name} is refused by SIGNPOST_UPSTREAM_DENY`);
  const addresses = literal ? [bare] : ((await lookup(name!)) ?? []);
  const ips = addresses.map((a) => [a, parseIp(a)] as const).filter((x): x is readonly [string, Ip] => x[1] !== null);
  for (const [text, ip] of ips) {
    if (deny.matchesAddress(ip)) throw new UpstreamRefusedError("denied", `${name ? `${name} resolves to ${text}, which` : text} is refused by SIGNPOST_UPSTREAM_DENY`);
  }

  for (const admin of policy.admins) {
    if (await isAdminApi(name, ips.map((x) => x[1]), port, admin.url, policy.clusterDomain, lookup)) {
      throw new UpstreamRefusedError("admin-api", `${shown} is the Admin API of gateway "${admin.gateway}"; it can never be an upstream`);
    }
  }

  const hint = "; allow it with SIGNPOST_UPSTREAM_ALLOW";
  if (name && allow.matchesHost(name)) return;
  if (name && isBlockedHostName(name) && !(ips.length && ips.every(([, ip]) => allow.matchesAddress(ip)))) {
    throw new UpstreamRefusedError("blocked", `${name} is a loopback or cloud metadata host name${hint}`);
  }
  for (const [text, ip] of ips) {
    const why = upstreamBlockedReason(ip);
    if (why && !allow.matchesAddress(ip)) {
      throw new UpstreamRefusedError("blocked", name ? `${name} resolves to ${text}, ${why}${hint}` : `${text} is ${why}${hint}`);
    }
  }
}

/** True when host:port reaches the Admin API at `adminUrl` (same port; same name or address). */
async function isAdminApi(
  name: string | null,
  ips: Ip[],
  port: number,
  adminUrl: string,
  clusterDomain: string,
  lookup: (name: string) => Promise<string[] | null>,
): Promise<boolean> {
  let u: URL;
  try {
    u = new URL(adminUrl);
  } catch {
    return false;
  }
  const adminPort = Number(u.port || (u.protocol === "https:" ? 443 : 80));
  if (adminPort !== port) return false;
  const adminHost = u.hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase().replace(/\.+$/, "");
  const adminLiteral = parseIp(adminHost);
  if (name && !adminLiteral && serviceName(name, clusterDomain) === serviceName(adminHost, clusterDomain)) return true;
  const adminIps = adminLiteral ? [adminLiteral] : ((await lookup(adminHost)) ?? []).map(parseIp).filter((x): x is Ip => x !== null);
  return ips.some((ip) => adminIps.some((a) => sameHost(ip, a)));
}

/** A Kubernetes Service name without its cluster suffix: kong-admin.kong.svc.cluster.local -> kong-admin.kong. */
function serviceName(host: string, clusterDomain: string): string {
  const domain = clusterDomain.toLowerCase().replace(/\.+$/, "");
  return host.replace(new RegExp(`\\.svc(\\.${domain.replace(/\./g, "\\.")})?$`), "");
}

/** Equal addresses, or both "this host" (any loopback or unspecified address: the same listener may answer). */
function sameHost(a: Ip, b: Ip): boolean {
  const norm = (ip: Ip) => (ip.version === 6 && ip.value >> 32n === 0xffffn ? { version: 4 as const, value: ip.value & 0xffffffffn } : ip);
  const x = norm(a);
  const y = norm(b);
  if (x.version === y.version && x.value === y.value) return true;
  return isThisHost(x) && isThisHost(y);
}

function isThisHost(ip: Ip): boolean {
  if (ip.version === 4) return ip.value >> 24n === 127n || ip.value >> 24n === 0n;
  return ip.value === 0n || ip.value === 1n;
}

// Lookups are cached briefly: the Register page previews as the user types.
const cache = new Map<string, { at: number; addresses: string[] | null }>();
const CACHE_MS = 30_000;

async function resolveOrNull(name: string, policy: UpstreamPolicy): Promise<string[] | null> {
  const resolve = policy.resolve ?? systemResolve;
  const hit = policy.resolve ? undefined : cache.get(name);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.addresses;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((r) => (timer = setTimeout(() => r(null), policy.resolveTimeoutMs ?? 3000)));
  const addresses = await Promise.race([resolve(name).then((a) => (a.length ? a : null), () => null), timeout]).finally(() => clearTimeout(timer));
  if (!policy.resolve) {
    if (cache.size > 500) cache.clear();
    cache.set(name, { at: Date.now(), addresses });
  }
  return addresses;
}
