// The sandbox gateway's proxy: Kong's proxy listener over the sandbox's configuration, routing
// as Kong 3's traditional_compatible router does and balancing over upstream targets; with TLS,
// the certificate is picked by SNI from the gateway's certificates and SNIs.
import { createServer, type Server } from "node:http";
import { createServer as createTlsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { createSecureContext, type SecureContext, type TLSSocket } from "node:tls";
import type { GatewayStore } from "../gateway-store";
import { Balancers } from "./balancer";
import type { PodResolver } from "./deliver";
import { handleProxyRequest, type ProxyState } from "./handle-proxy-request";
import { RateCounters } from "./proxy-plugins";

/** Options of {@link startSandboxProxy}. */
export type SandboxProxyOptions = {
  store: GatewayStore;
  host?: string;
  /** HTTP port; 0 (default) picks a free one. */
  port?: number;
  /** HTTPS port, served with the gateway's certificates by SNI; undefined: no TLS listener. */
  tlsPort?: number;
  /** Kong version for Server/Via headers; default "3.9.1". */
  version?: string;
  /** Sandbox pods behind endpoint addresses: they answer in-process with who they are. */
  resolvePod?: PodResolver;
  /** Upstream timeout in ms (Kong's 504 after it); default 60000. */
  timeoutMs?: number;
};

/** A running proxy. */
export type SandboxProxy = { url: string; port: number; tlsUrl?: string; tlsPort?: number; stop(): Promise<void> };

// The certificate for a server name: an SNI row of that name (exact, then wildcard), else none.
function contextFor(store: GatewayStore, servername: string): SecureContext | undefined {
  const ws = store.workspace();
  const name = servername.toLowerCase();
  const wildcard = `*.${name.split(".").slice(1).join(".")}`;
  const sni = ws.table("snis").where("name", name)[0] ?? ws.table("snis").where("name", wildcard)[0];
  const cert = sni ? ws.table("certificates").get((sni.certificate as { id: string }).id) : undefined;
  return cert ? createSecureContext({ cert: cert.cert as string, key: cert.key as string }) : undefined;
}

async function listen(server: Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

/** Starts the proxy listener(s). */
export async function startSandboxProxy(opts: SandboxProxyOptions): Promise<SandboxProxy> {
  const host = opts.host ?? "127.0.0.1";
  const state: ProxyState = {
    store: opts.store, version: opts.version ?? "3.9.1", balancers: new Balancers(opts.store.health), rates: new RateCounters(),
    resolvePod: opts.resolvePod, timeoutMs: opts.timeoutMs ?? 60_000, router: { revision: -1, subs: [] },
  };
  const servers: Server[] = [];
  const onError = (res: import("node:http").ServerResponse) => () => {
    if (!res.headersSent) res.writeHead(500).end();
  };
  const http = createServer((req, res) => void handleProxyRequest(state, req, res, "http", port).catch(onError(res)));
  servers.push(http);
  const port = await listen(http, opts.port ?? 0, host);
  let tlsPort: number | undefined;
  if (opts.tlsPort !== undefined) {
    const tls = createTlsServer({ SNICallback: (name, cb) => cb(null, contextFor(opts.store, name)) }, (req, res) => {
      const sni = (req.socket as TLSSocket).servername || undefined;
      void handleProxyRequest(state, req, res, "https", tlsPort!, sni).catch(onError(res));
    });
    servers.push(tls);
    tlsPort = await listen(tls, opts.tlsPort, host);
  }
  const shown = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}`, port,
    ...(tlsPort !== undefined ? { tlsUrl: `https://${shown}:${tlsPort}`, tlsPort } : {}),
    async stop() {
      await Promise.all(servers.map((s) => new Promise<void>((resolve) => {
        s.close(() => resolve());
        s.closeAllConnections();
      })));
    },
  };
}
