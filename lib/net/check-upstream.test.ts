// The upstream guard: loopback, unspecified, link-local and metadata addresses (IPv4-mapped and
// other IPv6 forms included), names resolving to them, every gateway's Admin API, the deny and
// allow lists, and what happens to names that do not resolve.
import { describe, expect, it } from "vitest";
import { checkUpstream, UpstreamRefusedError, type UpstreamPolicy } from "./check-upstream";
import type { Resolve } from "./url-guard";

const dnsOf =
  (table: Record<string, string[]>): Resolve =>
  async (host) => {
    if (table[host]) return table[host];
    throw Object.assign(new Error("not found"), { code: "ENOTFOUND" });
  };

const DNS = dnsOf({
  "kong-admin.example.com": ["10.20.0.5"],
  "sneaky.example.com": ["93.184.216.34", "::ffff:127.0.0.1"],
  "meta.example.com": ["169.254.169.254"],
  "orders.internal": ["10.1.2.3"],
  "public.example.com": ["93.184.216.34"],
  localhost: ["127.0.0.1", "::1"],
});

const policy = (p: Partial<UpstreamPolicy> = {}): UpstreamPolicy => ({
  admins: [{ gateway: "edge", url: "http://kong-admin.example.com:8001" }, { gateway: "sandbox", url: "http://127.0.0.1:8444" }],
  clusterDomain: "cluster.local",
  resolve: DNS,
  ...p,
});

async function refusal(host: string, port: number, p: UpstreamPolicy = policy()): Promise<UpstreamRefusedError> {
  try {
    await checkUpstream(host, port, p);
  } catch (err) {
    if (err instanceof UpstreamRefusedError) return err;
    throw err;
  }
  throw new Error(`${host}:${port} was accepted`);
}

describe("checkUpstream", () => {
  it.each([
    ["127.0.0.1", "a loopback address"],
    ["127.9.9.9", "a loopback address"],
    ["0.0.0.0", "unspecified"],
    ["[::1]", "a loopback address"],
    ["[::]", "the unspecified address"],
    ["169.254.169.254", "the cloud metadata address"],
    ["169.254.10.1", "a link-local address"],
    ["[fe80::1]", "a link-local address"],
    ["[fd00:ec2::254]", "a cloud metadata address (AWS"],
    ["100.100.100.200", "Alibaba"],
    ["192.0.0.192", "Oracle"],
    ["[::ffff:127.0.0.1]", "a loopback address (inside an IPv6 address)"],
    ["[::ffff:7f00:1]", "a loopback address (inside an IPv6 address)"],
    ["[::ffff:169.254.169.254]", "the cloud metadata address"],
    ["[::ffff:0.0.0.0]", "unspecified"],
    ["[64:ff9b::a9fe:a9fe]", "the cloud metadata address"],
    ["[::127.0.0.1]", "IPv4-compatible"],
  ])("refuses %s (%s)", async (host, why) => {
    const err = await refusal(host, 80);
    expect(err.reason).toBe("blocked");
    expect(err.message).toContain(why);
    expect(err.message).toMatch(/allow it with SIGNPOST_UPSTREAM_ALLOW$/);
  });

  it("keeps private ranges, public addresses and cluster names allowed", async () => {
    for (const host of ["10.0.0.5", "172.16.3.4", "192.168.1.10", "100.64.0.9", "[fd12::5]", "[fc00::1]", "93.184.216.34", "orders.internal", "public.example.com"]) {
      await expect(checkUpstream(host, 8080, policy()), host).resolves.toBeUndefined();
    }
  });

  it("accepts names that do not resolve from here (cluster-internal names), but never loopback or metadata names", async () => {
    await expect(checkUpstream("orders.shop.svc.cluster.local", 80, policy())).resolves.toBeUndefined();
    await expect(checkUpstream("orders-v2.corp", 80, policy())).resolves.toBeUndefined();
    for (const name of ["localhost", "LOCALHOST.", "api.localhost", "metadata.google.internal", "metadata", "metadata.goog", "instance-data.ec2.internal"]) {
      const err = await refusal(name, 80, policy({ resolve: dnsOf({}) }));
      expect(err.message, name).toBe(`${name.toLowerCase().replace(/\.$/, "")} is a loopback or cloud metadata host name; allow it with SIGNPOST_UPSTREAM_ALLOW`);
    }
  });

  it("a slow DNS answer counts as unresolvable rather than hanging the registration", async () => {
    const never: Resolve = () => new Promise(() => {});
    await expect(checkUpstream("slow.example.com", 80, policy({ resolve: never, resolveTimeoutMs: 20 }))).resolves.toBeUndefined();
  });

  it("judges every address a name resolves to", async () => {
    expect((await refusal("sneaky.example.com", 80)).message).toBe(
      "sneaky.example.com resolves to ::ffff:127.0.0.1, a loopback address (inside an IPv6 address); allow it with SIGNPOST_UPSTREAM_ALLOW",
    );
    expect((await refusal("meta.example.com", 80)).message).toContain("resolves to 169.254.169.254, the cloud metadata address");
  });

  it("refuses every configured gateway's Admin API by name, address or Service name, whatever the allow list says", async () => {
    const open = policy({ allow: "127.0.0.0/8, ::1, 10.0.0.0/8, kong-admin.example.com, localhost" });
    const cases: [string, number, string][] = [
      ["kong-admin.example.com", 8001, 'kong-admin.example.com:8001 is the Admin API of gateway "edge"'],
      ["KONG-ADMIN.example.com.", 8001, 'kong-admin.example.com:8001 is the Admin API of gateway "edge"'],
      ["10.20.0.5", 8001, 'gateway "edge"'],
      ["[::ffff:10.20.0.5]", 8001, 'gateway "edge"'],
      ["127.0.0.1", 8444, 'gateway "sandbox"'],
      ["localhost", 8444, 'gateway "sandbox"'],
      ["[::1]", 8444, 'gateway "sandbox"'],
      ["0.0.0.0", 8444, 'gateway "sandbox"'],
    ];
    for (const [host, port, message] of cases) {
      const err = await refusal(host, port, open);
      expect([err.reason, err.message], host).toEqual(["admin-api", expect.stringContaining(message)]);
      expect(err.message).toContain("it can never be an upstream");
    }
    // the same hosts on other ports are ordinary upstreams (there, allowed by the allow list)
    await expect(checkUpstream("10.20.0.5", 8000, open)).resolves.toBeUndefined();
    await expect(checkUpstream("127.0.0.1", 3000, open)).resolves.toBeUndefined();
  });

  it("matches an in-cluster Admin API under each of its Service names", async () => {
    const p = policy({ admins: [{ gateway: "edge", url: "http://kong-admin.kong:8001/" }], resolve: dnsOf({}) });
    for (const host of ["kong-admin.kong", "kong-admin.kong.svc", "kong-admin.kong.svc.cluster.local"]) {
      expect((await refusal(host, 8001, p)).reason, host).toBe("admin-api");
    }
    await expect(checkUpstream("kong-proxy.kong.svc.cluster.local", 8001, p)).resolves.toBeUndefined();
    const https = policy({ admins: [{ gateway: "ee", url: "https://kong-ee.kong.svc.cluster.local" }], resolve: dnsOf({}) });
    expect((await refusal("kong-ee.kong", 443, https)).message).toBe('kong-ee.kong:443 is the Admin API of gateway "ee"; it can never be an upstream');
  });

  it("SIGNPOST_UPSTREAM_DENY refuses hosts, wildcards, IPs and CIDRs, also behind names, before the allow list", async () => {
    const p = policy({ deny: "orders.internal, *.secret.corp, 10.99.0.0/16, fd12::/16", allow: "*.secret.corp, 10.0.0.0/8" });
    expect((await refusal("orders.internal", 80, p)).message).toBe("orders.internal is refused by SIGNPOST_UPSTREAM_DENY");
    expect((await refusal("vault.secret.corp", 80, p)).reason).toBe("denied");
    expect((await refusal("10.99.3.4", 80, p)).message).toBe("10.99.3.4 is refused by SIGNPOST_UPSTREAM_DENY");
    expect((await refusal("[fd12::9]", 80, p)).reason).toBe("denied");
    const named = policy({ deny: "10.1.0.0/16" });
    expect((await refusal("orders.internal", 80, named)).message).toBe("orders.internal resolves to 10.1.2.3, which is refused by SIGNPOST_UPSTREAM_DENY");
    await expect(checkUpstream("10.2.0.1", 80, p)).resolves.toBeUndefined();
  });

  it("SIGNPOST_UPSTREAM_ALLOW opens loopback, link-local and metadata by host, address or range", async () => {
    const p = policy({ allow: "localhost, 169.254.10.0/24, ::1, *.dev.localhost" });
    await expect(checkUpstream("localhost", 9000, p)).resolves.toBeUndefined();
    await expect(checkUpstream("169.254.10.7", 80, p)).resolves.toBeUndefined();
    await expect(checkUpstream("[::1]", 9000, p)).resolves.toBeUndefined();
    await expect(checkUpstream("app.dev.localhost", 80, policy({ ...p, resolve: dnsOf({}) }))).resolves.toBeUndefined();
    // what it does not list stays refused
    expect((await refusal("169.254.169.254", 80, p)).reason).toBe("blocked");
    expect((await refusal("127.0.0.1", 9000, p)).reason).toBe("blocked");
  });

  it("reports a malformed list as a configuration problem", async () => {
    expect((await refusal("10.0.0.1", 80, policy({ deny: "10.0.0.0/40" }))).reason).toBe("config");
  });
});
