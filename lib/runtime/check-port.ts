// Checks that a TCP port is free before a server is started on it, so that the error names
// the setting to change instead of surfacing as a stack trace from deep inside a server.
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

/** A port on 127.0.0.1 that was free a moment ago (for child servers that need a fixed port). */
export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", () => resolve()));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}
