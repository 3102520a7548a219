// Matches an IP address against a comma-separated list of addresses and CIDR ranges (v4 and v6).
import net from "node:net";

/** True when `ip` is in `list` ("10.0.0.0/8, 192.168.1.5, fd00::/8"). */
export function ipInList(ip: string, list: string): boolean {
  const addr = normalize(ip);
  if (!addr) return false;
  const block = new net.BlockList();
  for (const raw of list.split(",").map((s) => s.trim()).filter(Boolean)) {
    const [base, bits] = raw.split("/");
    const type = net.isIPv6(base) ? "ipv6" : net.isIPv4(base) ? "ipv4" : null;
    if (!type) continue;
    if (bits === undefined) block.addAddress(base, type);
    else block.addSubnet(base, Number(bits), type);
  }
  return block.check(addr, net.isIPv6(addr) ? "ipv6" : "ipv4");
}

function normalize(ip: string): string | null {
  const v = ip.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, "$1");
  return net.isIP(v) ? v : null;
}
