// The one address matcher: hosts, wildcards, IPs and CIDRs; and the addresses-only form the
// trusted proxies use, matched against socket addresses (IPv4-mapped ones included).
import { describe, expect, it } from "vitest";
import { addressInList, parseAddressList } from "./address-list";
import { parseIp } from "./ip-address";

describe("parseAddressList", () => {
  it("matches exact hosts, *.suffix wildcards (not the bare suffix), IPs and CIDRs of both versions", () => {
    const l = parseAddressList("hooks.example, *.corp.example, 10.0.0.0/8, fd00::/8, 192.168.1.5");
    expect(["hooks.example", "HOOKS.example.", "a.b.corp.example"].map((h) => l.matchesHost(h))).toEqual([true, true, true]);
    expect(["corp.example", "xcorp.example", "other.example"].map((h) => l.matchesHost(h))).toEqual([false, false, false]);
    expect(["10.9.9.9", "::ffff:10.1.2.3", "fd12::1", "192.168.1.5"].map((a) => l.matchesText(a))).toEqual([true, true, true, true]);
    expect(["11.0.0.1", "192.168.1.6", "fe80::1", "not-an-ip"].map((a) => l.matchesText(a))).toEqual([false, false, false, false]);
    expect(l.matchesAddress(parseIp("10.0.0.1")!)).toBe(true);
  });

  it("names the first malformed entry", () => {
    expect(() => parseAddressList("10.0.0.0/8, 10.0.0.0/33")).toThrow('"10.0.0.0/33" is not a host name, *.suffix, IP address or CIDR range');
    expect(() => parseAddressList("proxy.example", { addressesOnly: true })).toThrow('"proxy.example" is not an IP address or CIDR range');
  });
});

describe("addressInList (trusted proxies)", () => {
  it("matches socket addresses against IPs and CIDRs", () => {
    expect(addressInList("10.1.2.3", "10.0.0.0/8")).toBe(true);
    expect(addressInList("::ffff:10.1.2.3", "10.0.0.0/8")).toBe(true);
    expect(addressInList("::1", "::1, 127.0.0.1")).toBe(true);
    expect(addressInList("10.1.2.3", "10.0.0.0/16")).toBe(false);
    expect(addressInList("10.1.2.3", undefined)).toBe(false);
  });

  it("trusts no one on a malformed list (start-up refuses it anyway)", () => {
    expect(addressInList("10.1.2.3", "10.0.0.0/8, proxy.example")).toBe(false);
  });
});
