// Checks that a TCP port is free before a server is started on it, so that the error names
// the setting to change instead of surfacing as a stack trace from deep inside a server.
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";

/** Resolves if `port` can be bound on `host`; rejects with a one-line message otherwise. */
export async function assertPortFree(port: number, setting: string, host = "0.0.0.0"): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", (err: NodeJS.ErrnoException) => {
      reject(
        new Error(
          err.code === "EADDRINUSE"
            ? `port ${port} is already in use (${setting}); stop what uses it or set ${setting} to another port`
            : `cannot listen on port ${port} (${setting}): ${err.code ?? err.message}`,
        ),
      );
    });
    srv.listen(port, host, () => srv.close(() => resolve()));
  });
}

/**
 * The ports the kernel hands out to port-0 listeners and outgoing connections (Linux's
 * ip_local_port_range; elsewhere IANA's dynamic range).
 */
export function ephemeralPorts(): { low: number; high: number } {
  try {
    const [low, high] = fs.readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/).map(Number);
    if (low > 0 && high >= low) return { low, high };
  } catch {
    // not Linux
  }
  return { low: 49152, high: 65535 };
}

/** Lowest port freePort picks: above the well-known and most registered services' ports. */
const FREE_PORT_FLOOR = 10_000;

async function canListen(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once("error", () => resolve(false));
    srv.listen(port, host, () => srv.close(() => resolve(true)));
  });
}

/**
 * A port that was free a moment ago, for a server that is told its port before it starts (tests,
 * benchmarks). It is picked below the kernel's ephemeral range: a process that starts servers on
 * port 0, or opens connections, meanwhile never takes it, whereas a port the kernel handed out
 * once is handed out again to the next port-0 listener (a test's server then failed with
 * EADDRINUSE while another suite's sandbox started beside it).
 */
export async function freePort(): Promise<number> {
  const { low } = ephemeralPorts();
  const span = low - FREE_PORT_FLOOR;
  for (let i = 0; span > 1000 && i < 200; i++) {
    const port = FREE_PORT_FLOOR + crypto.randomInt(span);
    if ((await canListen(port, "0.0.0.0")) && (await canListen(port, "127.0.0.1"))) return port;
  }
  // No room below the ephemeral range: any port the kernel picks.
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", () => resolve()));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}
