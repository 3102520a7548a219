// Cluster IPs from 10.96.0.0/12 and node ports from 30000-32767, tracked for live Services only.
// Allocation walks a cursor instead of taking the lowest free value so that a deleted Service's
// IP or port is not handed to the very next Service (a real allocator picks at random).
import type { Json } from "./types";

const CIDR_BASE = ipToInt("10.96.0.0");
const CIDR_SIZE = 1 << 20; // /12
/** First dynamic IP: the low band (10.96.0.x) is left for explicit requests such as 10.96.0.1. */
const IP_DYNAMIC_START = 257;
/** The node port range and the start of its dynamic band (the low band favours explicit ports). */
export const NODE_PORT_MIN = 30000;
export const NODE_PORT_MAX = 32767;
const PORT_DYNAMIC_START = 30086;

/** Service CIDR as printed in error messages. */
export const SERVICE_CIDR = "10.96.0.0/12";

function ipToInt(ip: string): number {
  return ip.split(".").reduce((acc, o) => acc * 256 + Number(o), 0);
}

function intToIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");
}

/** True for a dotted IPv4 address. */
export function isIPv4(s: string): boolean {
  return /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(s) && s.split(".").every((o) => Number(o) <= 255 && String(Number(o)) === o);
}

/** The IP and port bookkeeping of one cluster. */
export class ServiceAllocator {
  private ips = new Set<string>();
  private ports = new Set<number>();
  private ipCursor = IP_DYNAMIC_START;
  private portCursor = PORT_DYNAMIC_START;

  /** True if `ip` is inside the service CIDR (network and broadcast addresses excluded). */
  inRange(ip: string): boolean {
    if (!isIPv4(ip)) return false;
    const off = ipToInt(ip) - CIDR_BASE;
    return off > 0 && off < CIDR_SIZE - 1;
  }

  ipInUse(ip: string): boolean {
    return this.ips.has(ip);
  }

  portInUse(port: number): boolean {
    return this.ports.has(port);
  }

  /** Marks an explicit IP as used (the caller has checked range and availability). */
  reserveIp(ip: string): void {
    this.ips.add(ip);
  }

  reservePort(port: number): void {
    this.ports.add(port);
  }

  releaseIp(ip: string): void {
    this.ips.delete(ip);
  }

  releasePort(port: number): void {
    this.ports.delete(port);
  }

  /** Next free dynamic IP; throws when the range is exhausted. */
  allocateIp(): string {
    for (let i = 0; i < CIDR_SIZE; i++) {
      const off = this.ipCursor;
      this.ipCursor = this.ipCursor + 1 >= CIDR_SIZE - 1 ? 1 : this.ipCursor + 1;
      const ip = intToIp(CIDR_BASE + off);
      if (!this.ips.has(ip)) {
        this.ips.add(ip);
        return ip;
      }
    }
    throw new Error("range is full");
  }

  /** Next free node port; throws when the range is exhausted. */
  allocatePort(): number {
    const size = NODE_PORT_MAX - NODE_PORT_MIN + 1;
    for (let i = 0; i < size; i++) {
      const port = this.portCursor;
      this.portCursor = port >= NODE_PORT_MAX ? NODE_PORT_MIN : port + 1;
      if (!this.ports.has(port)) {
        this.ports.add(port);
        return port;
      }
    }
    throw new Error("range is full");
  }

  /** IPs and node ports a stored Service holds. */
  static holdings(svc: Json): { ips: string[]; ports: number[] } {
    const spec = (svc.spec ?? {}) as { clusterIPs?: string[]; clusterIP?: string; ports?: { nodePort?: number }[]; healthCheckNodePort?: number };
    const ips = (spec.clusterIPs ?? (spec.clusterIP ? [spec.clusterIP] : [])).filter((ip) => ip && ip !== "None");
    const ports = (spec.ports ?? []).map((p) => p.nodePort).filter((p): p is number => typeof p === "number" && p > 0);
    if (spec.healthCheckNodePort) ports.push(spec.healthCheckNodePort);
    return { ips, ports };
  }

  /** Runs `fn`, then forgets what it allocated or released: dry runs see would-be values only. */
  trial<T>(fn: () => T): T {
    const saved = { ips: new Set(this.ips), ports: new Set(this.ports), ipCursor: this.ipCursor, portCursor: this.portCursor };
    try {
      return fn();
    } finally {
      Object.assign(this, saved);
    }
  }

  /** Records everything a Service holds (used when loading state). */
  adopt(svc: Json): void {
    const h = ServiceAllocator.holdings(svc);
    h.ips.forEach((ip) => this.ips.add(ip));
    h.ports.forEach((p) => this.ports.add(p));
  }

  /** Releases everything a Service holds. */
  release(svc: Json): void {
    const h = ServiceAllocator.holdings(svc);
    h.ips.forEach((ip) => this.ips.delete(ip));
    h.ports.forEach((p) => this.ports.delete(p));
  }
}
