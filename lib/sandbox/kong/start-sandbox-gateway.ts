import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createFaults, type GatewayFaults } from "./faults";
import { GatewayStore } from "./gateway-store";
import type { GatewayContext } from "./http/context";
import { createRequestHandler } from "./http/request-handler";
import { createPersistence, loadState, type Persistence } from "./persistence";
import type { ResolvedGatewayOptions, SandboxGatewayOptions } from "./types";
import { uuidV4 } from "./uuid";
import { startSandboxProxy, type SandboxProxy, type SandboxProxyOptions } from "./proxy/start-sandbox-proxy";

/** Options of {@link startSandboxGateway} including its optional proxy listener(s). */
export type SandboxGatewayStartOptions = SandboxGatewayOptions & { proxy?: Omit<SandboxProxyOptions, "store" | "version"> };

/** A running sandbox gateway. */
export type SandboxGateway = {
  /** Base URL of the Admin API, e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  port: number;
  /** Direct access for seeding and assertions; same validation and defaults as HTTP. */
  store: GatewayStore;
  /** Fault injection and request log. */
  faults: GatewayFaults;
  /** The proxy, when started with the `proxy` option. */
  proxy?: SandboxProxy;
  /** Closes every connection (hung requests included) and writes the state file. */
  stop(): Promise<void>;
};

function resolveOptions(opts: SandboxGatewayOptions): ResolvedGatewayOptions {
  const edition = opts.edition ?? "community";
  return {
    host: opts.host ?? "127.0.0.1",
    port: opts.port ?? 0,
    mode: opts.mode ?? "postgres",
    edition,
    // Enterprise 3.x versions have four parts.
    version: opts.version ?? (edition === "enterprise" ? "3.9.1.0" : "3.9.1"),
    stateFile: opts.stateFile,
    rbacToken: opts.rbacToken,
  };
}

/** Starts a Kong-Admin-API-compatible server for tests and local development. */
export async function startSandboxGateway(opts: SandboxGatewayStartOptions = {}): Promise<SandboxGateway> {
  const options = resolveOptions(opts);
  let persistence: Persistence | null = null;
  const store = new GatewayStore(() => persistence?.schedule());
  if (options.stateFile) {
    await loadState(options.stateFile, store);
    persistence = createPersistence(options.stateFile, () => store);
  }
  const faults = createFaults();
  const ctx: GatewayContext = {
    store, faults, options, nodeId: uuidV4(), listen: { host: options.host, port: options.port }, counters: { totalRequests: 0 }, proxyListen: [],
  };
  const server = createServer(createRequestHandler(ctx));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  ctx.listen.port = port;
  let proxy: SandboxProxy | undefined;
  if (opts.proxy) {
    try {
      proxy = await startSandboxProxy({ ...opts.proxy, store, version: options.version });
    } catch (err) {
      server.close();
      throw err;
    }
    // GET / shows the proxy's listeners (configuration.proxy_listeners), as Kong does.
    const host = opts.proxy.host ?? "127.0.0.1";
    ctx.proxyListen = [{ host, port: proxy.port, ssl: false }, ...(proxy.tlsPort !== undefined ? [{ host, port: proxy.tlsPort, ssl: true }] : [])];
  }
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  let stopped: Promise<void> | null = null;
  return {
    url: `http://${host}:${port}`,
    port,
    store,
    faults,
    proxy,
    stop() {
      stopped ??= (async () => {
        await proxy?.stop();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await closed;
        await persistence?.flush();
      })();
      return stopped;
    },
  };
}
