// The outbound URL guard: every blocked range (IPv4, IPv6, mapped, NAT64, 6to4), metadata names,
// schemes and credentials, and the allow list (hosts, wildcards, IPs, CIDRs).
import { describe, expect, it } from "vitest";
import { checkOutboundUrl, OutboundUrlError, type Resolve } from "./url-guard";
import { parseAddressList } from "./address-list";

const dnsOf =
  (table: Record<string, string[]>): Resolve =>
  async (host) => {
    if (table[host]) return table[host];
    throw Object.assign(new Error("not found"), { code: "ENOTFOUND" });
  };

async function refusal(url: string, allow?: string, resolve?: Resolve): Promise<OutboundUrlError> {
  try {
    await checkOutboundUrl(url, allow, { resolve: resolve ?? dnsOf({}) });
  } catch (err) {
    if (err instanceof OutboundUrlError) return err;
    throw err;
  }
  throw new Error(`${url} was allowed`);
}

describe("checkOutboundUrl", () => {
  it.each([
    ["0.0.0.0", "this network"],
    ["0.1.2.3", "this network"],
    ["10.0.0.5", "a private address"],
    ["100.64.0.1", "carrier-grade NAT"],
    ["100.127.255.254", "carrier-grade NAT"],
    ["127.0.0.1", "a loopback address"],
    ["127.255.0.9", "a loopback address"],
    ["169.254.169.254", "link-local"],
    ["172.16.0.1", "a private address"],
    ["172.31.255.255", "a private address"],
    ["192.0.0.192", "metadata address (Oracle Cloud"],
    ["192.0.2.10", "documentation"],
    ["192.168.1.1", "a private address"],
    ["198.18.0.1", "benchmarking"],
    ["198.51.100.7", "documentation"],
    ["203.0.113.9", "documentation"],
    ["224.0.0.1", "multicast"],
    ["239.255.255.250", "multicast"],
    ["240.0.0.1", "reserved"],
    ["255.255.255.255", "reserved"],
    ["[::]", "unspecified"],
    ["[::1]", "loopback"],
    ["[fe80::1]", "link-local"],
    ["[febf:ffff::1]", "link-local"],
    ["[fec0::1]", "site-local"],
    ["[fc00::1]", "unique-local"],
    ["[fd00:ec2::254]", "unique-local"],
    ["[ff02::1]", "multicast"],
    ["[2001:db8::1]", "documentation"],
    ["[2001::1]", "IETF protocol"],
    ["[100::1]", "discard-only"],
    ["[::ffff:10.0.0.5]", "a private address (inside an IPv6 address)"],
    ["[::ffff:7f00:1]", "a loopback address (inside an IPv6 address)"],
    ["[::ffff:169.254.169.254]", "link-local"],
    ["[0:0:0:0:0:ffff:a9fe:a9fe]", "link-local"],
    ["[64:ff9b::10.0.0.5]", "a private address (inside an IPv6 address)"],
    ["[2002:a00:5::1]", "a private address (inside an IPv6 address)"],
    ["[::10.0.0.5]", "IPv4-compatible"],
  ])("refuses %s (%s)", async (host, why) => {
    const err = await refusal(`http://${host}/hook`);
    expect(err.reason).toBe("blocked");
    expect(err.message).toContain(why);
    expect(err.message).toContain("allow it with SIGNPOST_WEBHOOK_ALLOW");
  });

  it("names the address in the message, as the REST API shows it", async () => {
    expect((await refusal("http://10.0.0.5/hook")).message).toBe("10.0.0.5 is a private address; allow it with SIGNPOST_WEBHOOK_ALLOW");
  });

  it("refuses IPv4 written in other forms (the URL parser normalises them)", async () => {
    for (const host of ["2130706433", "0x7f.1", "017700000001", "127.1"]) {
      expect((await refusal(`http://${host}/`)).message).toMatch(/^127\.0\.0\.1 is a loopback address/);
    }
  });

  it("refuses a name that resolves to a blocked address, even when its other addresses are public", async () => {
    const resolve = dnsOf({ "hook.example.com": ["93.184.216.34", "10.1.2.3"] });
    const err = await refusal("https://hook.example.com/x", undefined, resolve);
    expect(err.message).toBe("hook.example.com resolves to 10.1.2.3, a private address; allow it with SIGNPOST_WEBHOOK_ALLOW");
  });

  it("refuses a name resolving to an IPv4-mapped IPv6 loopback address", async () => {
    const err = await refusal("https://sneaky.example.com/", undefined, dnsOf({ "sneaky.example.com": ["::ffff:127.0.0.1"] }));
    expect(err.message).toContain("loopback");
  });

  it("refuses metadata and loopback host names even if they resolve to public addresses", async () => {
    const resolve = dnsOf({ "metadata.google.internal": ["8.8.8.8"], metadata: ["8.8.8.8"], "metadata.goog": ["8.8.8.8"], "a.localhost": ["8.8.8.8"] });
    for (const host of ["metadata.google.internal", "METADATA.google.internal.", "metadata", "metadata.goog", "a.localhost"]) {
      expect((await refusal(`http://${host}/computeMetadata/v1/`, undefined, resolve)).message).toContain("metadata or loopback host name");
    }
    // and when they do not resolve at all, that is still the reason given
    expect((await refusal("http://metadata.google.internal/")).message).toBe(
      "metadata.google.internal is a metadata or loopback host name; allow it with SIGNPOST_WEBHOOK_ALLOW",
    );
  });

  it("refuses other schemes, credentials, malformed URLs and names that do not resolve", async () => {
    expect((await refusal("ftp://example.com/x")).reason).toBe("scheme");
    expect((await refusal("file:///etc/passwd")).reason).toBe("scheme");
    expect((await refusal("gopher://127.0.0.1:6379/_INFO")).reason).toBe("scheme");
    expect((await refusal("https://user:pw@example.com/")).reason).toBe("credentials");
    expect((await refusal("https://user@example.com/")).reason).toBe("credentials");
    expect((await refusal("not a url")).reason).toBe("invalid");
    const err = await refusal("https://nowhere.invalid/");
    expect(err).toMatchObject({ reason: "unresolvable", message: "cannot resolve nowhere.invalid (ENOTFOUND)" });
  });

  it("accepts public addresses and returns every checked address", async () => {
    const resolve = dnsOf({ "hooks.example.com": ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"] });
    const r = await checkOutboundUrl("https://hooks.example.com/in?x=1", undefined, { resolve });
    expect(r.url.href).toBe("https://hooks.example.com/in?x=1");
    expect(r.addresses).toEqual(["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"]);
    expect((await checkOutboundUrl("http://8.8.8.8:8080/", undefined)).addresses).toEqual(["8.8.8.8"]);
    expect((await checkOutboundUrl("http://[2606:4700::1111]/", undefined)).addresses).toEqual(["2606:4700::1111"]);
    // neighbours of blocked ranges are public
    for (const ip of ["9.255.255.255", "11.0.0.0", "100.63.255.255", "100.128.0.0", "172.15.255.255", "172.32.0.0", "192.167.255.255", "223.255.255.255"]) {
      await expect(checkOutboundUrl(`http://${ip}/`, undefined)).resolves.toBeTruthy();
    }
  });

  it("allows exact hosts, *.suffix wildcards, IPs and CIDRs (v4 and v6) from the allow list", async () => {
    const resolve = dnsOf({
      "hooks.internal.example": ["10.0.0.7"],
      "a.b.corp.example": ["192.168.3.4"],
      "corp.example": ["192.168.3.4"],
      localhost: ["127.0.0.1", "::1"],
      "v6.lan": ["fd12::5"],
    });
    const allow = "hooks.internal.example, *.corp.example, 127.0.0.1, ::1, 172.20.0.0/16, fd12::/16";
    await expect(checkOutboundUrl("http://hooks.internal.example/", allow, { resolve })).resolves.toBeTruthy();
    await expect(checkOutboundUrl("http://a.b.corp.example/", allow, { resolve })).resolves.toBeTruthy();
    await expect(checkOutboundUrl("http://127.0.0.1:9000/", allow)).resolves.toBeTruthy();
    await expect(checkOutboundUrl("http://[::ffff:127.0.0.1]:9000/", allow)).resolves.toBeTruthy();
    await expect(checkOutboundUrl("http://[::1]:9000/", allow)).resolves.toBeTruthy();
    await expect(checkOutboundUrl("http://172.20.9.9/", allow)).resolves.toBeTruthy();
    await expect(checkOutboundUrl("http://v6.lan/", allow, { resolve })).resolves.toBeTruthy();
    // localhost is a loopback name: allowed because every address it resolves to is allowed
    await expect(checkOutboundUrl("http://localhost:9000/", allow, { resolve })).resolves.toBeTruthy();
    // the wildcard does not cover the bare suffix, and other addresses stay blocked
    expect((await refusal("http://corp.example/", allow, resolve)).message).toContain("192.168.3.4");
    expect((await refusal("http://127.0.0.2/", allow)).reason).toBe("blocked");
    expect((await refusal("http://172.21.0.1/", allow)).reason).toBe("blocked");
    expect((await refusal("http://169.254.169.254/", allow)).reason).toBe("blocked");
  });

  it("reports a malformed allow list as a configuration error", async () => {
    expect(await refusal("http://8.8.8.8/", "10.0.0.0/33")).toMatchObject({ reason: "config" });
    expect(() => parseAddressList("*")).toThrow(/"\*" is not a host name/);
    expect(() => parseAddressList("127.0.0.1:8080")).toThrow(/not a host name/);
    expect(parseAddressList(" , ").empty).toBe(true);
  });
});
