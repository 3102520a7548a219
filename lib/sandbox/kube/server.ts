// Starts a sandbox cluster: store (+ optional state file and seed), HTTP server, watch hub and
// controls, with pause/resume to play "API server down" on the same port.
import fs from "node:fs";
import http from "node:http";
import type { Socket } from "node:net";
import path from "node:path";
import { createControl, type SandboxControl } from "./control";
import { buildKubeconfig } from "./kubeconfig";
import { ListPager } from "./list";
import { FieldManagers } from "./apply/managed-writes";
import { OpenApiDocs } from "./openapi";
import { StatePersistence } from "./persistence";
import { createRegistry } from "./resources";
import { createRouter } from "./router";
import { seedExample } from "./seed";
import { ClusterStore } from "./store";
import { WatchHub } from "./watch";

/** Options of startSandboxCluster. */
export type SandboxClusterOptions = {
  /** Listen address, default "127.0.0.1". */
  host?: string;
  /** Port, default 0 = any free port. */
  port?: number;
  /** Cluster name (kubeconfig cluster/context), default "sandbox". */
  name?: string;
  /** JSON state file: loaded on start if it exists, saved ~200 ms after writes and on stop(). */
  stateFile?: string;
  /** Seed the example objects when the store is empty; default true. */
  seed?: boolean;
  /** Length of the watch event log; older resourceVersions get 410. Default 1000. */
  historyLimit?: number;
  /** How a too-old watch resourceVersion is answered: 200 + ERROR event (default) or HTTP 410. */
  expiredMode?: "event" | "status";
  /** Serve the Gateway API group (HTTPRoute, Gateway); false = a cluster without the CRDs. Default true. */
  gatewayApi?: boolean;
  /**
   * Also serve what an application's manifests need: v1 ServiceAccount, ConfigMap, Secret,
   * apps/v1 Deployment and rbac.authorization.k8s.io/v1 (no controllers, so no Pods). Default false.
   */
  workloads?: boolean;
  /** Watch duration when the client sends no timeoutSeconds; default 1800. */
  watchTimeoutSeconds?: number;
  /** Continue token lifetime; default 5 minutes. */
  continueTtlMs?: number;
  /** If set, every request must carry "Authorization: Bearer <token>" (401 otherwise). */
  token?: string;
  /** Interval of BOOKMARK events on watches that allow them; default 5000, 0 = never. */
  bookmarkIntervalMs?: number;
};

/** A running sandbox cluster. */
export type SandboxCluster = {
  url: string;
  port: number;
  name: string;
  /** Programmatic access with the same defaults, validation and watch events as HTTP. */
  store: ClusterStore;
  control: SandboxControl;
  /** Closes the server and every watch, and flushes the state file. */
  stop(): Promise<void>;
  /** "API server down": stops listening and destroys every socket; state is kept. */
  pause(): Promise<void>;
  /** Listens again on the same port (and cancels the end of a pending outage). */
  resume(): Promise<void>;
  /** Writes a kubeconfig for this cluster (http + insecure-skip-tls-verify, a user name unique to the port). */
  writeKubeconfig(file: string, opts?: { context?: string; user?: string; token?: string }): void;
};

/** Starts a Kubernetes-API-compatible sandbox cluster (see lib/sandbox/kube/index.ts). */
export async function startSandboxCluster(opts: SandboxClusterOptions = {}): Promise<SandboxCluster> {
  const host = opts.host ?? "127.0.0.1";
  const name = opts.name ?? "sandbox";
  const registry = createRegistry({ gatewayApi: opts.gatewayApi ?? true, workloads: opts.workloads ?? false });
  const store = new ClusterStore({ registry, historyLimit: opts.historyLimit ?? 1000 });
  const persistence = opts.stateFile ? new StatePersistence(opts.stateFile, store) : undefined;
  persistence?.load();
  // Registered before seeding so that a freshly seeded state is saved too.
  if (persistence) store.onWrite(() => persistence.schedule());
  if (opts.seed !== false && store.isEmpty()) seedExample(store);

  const hub = new WatchHub(store, {
    expiredMode: opts.expiredMode ?? "event",
    watchTimeoutSeconds: opts.watchTimeoutSeconds ?? 1800,
    bookmarkIntervalMs: opts.bookmarkIntervalMs ?? 5000,
  });
  const pager = new ListPager(store, opts.continueTtlMs ?? 5 * 60_000);
  let outageTimer: NodeJS.Timeout | undefined;
  const { control, record } = createControl(store, hub, {
    async outage(seconds) {
      clearTimeout(outageTimer);
      await close("destroy");
      outageTimer = setTimeout(() => {
        outageTimer = undefined;
        // The port may have been taken meanwhile; the cluster then stays down, as a real one would.
        if (!server) listen().catch(() => {});
      }, seconds * 1000);
    },
  });
  let port = opts.port ?? 0;
  const openapi = new OpenApiDocs(registry);
  store.fieldManagers = new FieldManagers(() => openapi.schemas());
  const listener = createRouter({
    store, pager, hub, registry, control, token: opts.token, openapi,
    serverAddress: () => `${host}:${port}`,
    record: (method, p) => record({ method, path: p, time: Date.now() }),
  });

  let server: http.Server | undefined;
  const sockets = new Set<Socket>();
  const listen = () => new Promise<void>((resolve, reject) => {
    const s = http.createServer(listener);
    s.keepAliveTimeout = 5000;
    s.on("connection", (sock) => {
      sockets.add(sock);
      sock.on("close", () => sockets.delete(sock));
    });
    s.once("error", reject);
    s.listen(port, host, () => {
      s.off("error", reject);
      port = (s.address() as { port: number }).port;
      server = s;
      resolve();
    });
  });
  const close = async (watchMode: "destroy" | "end") => {
    const s = server;
    server = undefined;
    hub.drop(watchMode);
    if (!s) return;
    const closed = new Promise<void>((resolve) => s.close(() => resolve()));
    for (const sock of sockets) sock.destroy();
    sockets.clear();
    await closed;
  };

  await listen();
  const url = `http://${host}:${port}`;
  return {
    url, port, name, store, control,
    async stop() {
      clearTimeout(outageTimer);
      await close("end");
      persistence?.flush();
    },
    pause: () => close("destroy"),
    async resume() {
      clearTimeout(outageTimer);
      if (!server) await listen();
    },
    writeKubeconfig(file, o = {}) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, buildKubeconfig({
        server: url, cluster: name, context: o.context ?? name,
        user: o.user ?? `${name}-${port}-admin`, token: o.token ?? opts.token ?? "sandbox-token",
      }));
    },
  };
}
