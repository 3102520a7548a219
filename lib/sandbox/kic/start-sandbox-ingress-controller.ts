// The sandbox Kong Ingress Controller: what KIC 3.x does in DB-backed mode, in process. It
// translates the cluster's Ingresses of its class into Kong services, routes, upstreams and
// targets, reconciles them into the sandbox gateway under decK's select tag, and runs again
// (coalesced) after every change to an Ingress, IngressClass, Service or EndpointSlice.
import { isIP } from "node:net";
import type { GatewayStore } from "../kong/index";
import type { ClusterStore, KubeObject } from "../kube/index";
import type { StoreEvent } from "../kube/types";
import { reconcileGateway, type SyncReport } from "./reconcile-gateway";
import { pushConfig, toDeclarativeConfig } from "./push-config";
import { isIngressOfClass, translateIngresses } from "./translate-ingresses";
import { translateHttpRoutes } from "./translate-httproutes";
import type { DesiredState } from "./types";

/** Options of startSandboxIngressController. */
export type SandboxIngressControllerOptions = {
  cluster: ClusterStore;
  gateway: GatewayStore;
  /** The IngressClass it serves; default "kong". */
  className?: string;
  /** Delay between the first change and the sync it triggers; later changes in that window join it. Default 50. */
  debounceMs?: number;
  /** The proxy's address (IP, hostname or URL): published as status.loadBalancer.ingress of served Ingresses. */
  proxyAddress?: string;
  /** Called after every sync (for logging: `failures` and `errors` say what was skipped or refused). */
  onSync?: (report: ControllerSyncReport) => void;
  /**
   * DB-less mode, KIC's default: instead of writing entities, push the whole configuration to
   * the gateway's POST /config (over HTTP, as KIC does). `onSync` runs once the push answered.
   */
  dbless?: { adminUrl: string };
};

/** One sync: the reconciliation's counts and errors, plus what the translation had to skip. */
export type ControllerSyncReport = SyncReport & { failures: string[]; pushed?: { status: number } };

/** A running controller. */
export type SandboxIngressController = {
  /** Unsubscribes and cancels a pending sync; the gateway keeps what was written. */
  stop(): void;
  /** Syncs now (cancelling a pending one) and returns what it did. */
  sync(): ControllerSyncReport;
};

const WATCHED = new Set([
  "networking.k8s.io/ingresses", "networking.k8s.io/ingressclasses", "core/services", "discovery.k8s.io/endpointslices", "core/secrets",
  "gateway.networking.k8s.io/httproutes", "gateway.networking.k8s.io/gateways", "gateway.networking.k8s.io/gatewayclasses",
]);

/** Whether a change can alter the translation: status writes (the controller's own included) cannot. */
function relevant(ev: StoreEvent): boolean {
  if (!WATCHED.has(ev.storageKey)) return false;
  if (ev.type !== "MODIFIED" || !ev.old) return true;
  const content = (o: KubeObject) => JSON.stringify({ ...o, status: undefined, metadata: { ...o.metadata, resourceVersion: undefined } });
  return content(ev.object) !== content(ev.old);
}

function loadBalancerEntry(address: string): { ip: string } | { hostname: string } {
  const host = address.includes("://") ? new URL(address).hostname.replace(/^\[|\]$/g, "") : address;
  return isIP(host) ? { ip: host } : { hostname: host };
}

/** One desired state of the Ingress and the HTTPRoute translations (their names never collide: httproute.* prefix). */
function mergeDesired(a: DesiredState, b: DesiredState): DesiredState {
  const byName = <T extends { name: string }>(x: T, y: T) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0);
  return {
    services: [...a.services, ...b.services].sort(byName), routes: [...a.routes, ...b.routes].sort(byName),
    upstreams: [...a.upstreams, ...b.upstreams].sort(byName), certificates: a.certificates, failures: [...a.failures, ...b.failures],
  };
}

/** Starts the controller: syncs once now, then after every relevant cluster change. */
export function startSandboxIngressController(opts: SandboxIngressControllerOptions): SandboxIngressController {
  const { cluster, gateway } = opts;
  const className = opts.className ?? "kong";
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const publishStatus = (ingresses: KubeObject[], address: string) => {
    const status = { loadBalancer: { ingress: [loadBalancerEntry(address)] } };
    for (const ing of ingresses) {
      if (JSON.stringify(ing.status) === JSON.stringify(status)) continue;
      try {
        cluster.updateStatus({ ...ing, status });
      } catch {
        // Deleted or changed meanwhile: the event it caused brings the next sync.
      }
    }
  };

  // DB-less: the last configuration Kong accepted, and the push in flight (pushes never overlap).
  let lastGood: string | undefined;
  let pushing: Promise<void> = Promise.resolve();

  const push = (adminUrl: string, desired: DesiredState): ControllerSyncReport => {
    const config = JSON.stringify(toDeclarativeConfig(desired));
    const report: ControllerSyncReport = { created: 0, updated: 0, deleted: 0, errors: [], failures: desired.failures };
    pushing = pushing.then(async () => {
      if (config !== lastGood) {
        const r = await pushConfig(adminUrl, JSON.parse(config), lastGood === undefined ? undefined : JSON.parse(lastGood));
        report.pushed = { status: r.status };
        report.errors.push(...r.errors);
        if (r.status > 0 && r.status < 400) lastGood = config;
      }
      opts.onSync?.(report);
    });
    return report;
  };

  // A sandbox cluster started without `workloads` serves no Secrets: then no certificates.
  const tlsSecrets = () => {
    try {
      return cluster.list({ apiVersion: "v1", kind: "Secret" }).items.filter((s) => s.type === "kubernetes.io/tls");
    } catch {
      return [];
    }
  };

  const sync = (): ControllerSyncReport => {
    clearTimeout(timer);
    timer = undefined;
    const list = (apiVersion: string, kind: string) => cluster.list({ apiVersion, kind }).items;
    const input = {
      ingresses: list("networking.k8s.io/v1", "Ingress"), services: list("v1", "Service"),
      endpointSlices: list("discovery.k8s.io/v1", "EndpointSlice"), ingressClasses: list("networking.k8s.io/v1", "IngressClass"),
      secrets: tlsSecrets(), className,
    };
    // Gateway API objects, when the cluster serves them: HTTPRoutes on Gateways of KIC's GatewayClasses.
    const gatewayApi = (kind: string): KubeObject[] | null => {
      try {
        return list("gateway.networking.k8s.io/v1", kind);
      } catch {
        return null;
      }
    };
    const routes = translateHttpRoutes({
      httpRoutes: gatewayApi("HTTPRoute") ?? [], gateways: gatewayApi("Gateway") ?? [], gatewayClasses: gatewayApi("GatewayClass"), className,
      services: input.services, endpointSlices: input.endpointSlices,
    });
    const desired = mergeDesired(translateIngresses(input), routes);
    if (opts.proxyAddress) publishStatus(input.ingresses.filter((i) => isIngressOfClass(i, className, input.ingressClasses)), opts.proxyAddress);
    if (opts.dbless) return push(opts.dbless.adminUrl, desired);
    const report = { ...reconcileGateway(gateway, desired), failures: desired.failures };
    opts.onSync?.(report);
    return report;
  };

  // Coalesce rather than postpone: a steady stream of EndpointSlice updates must not starve the sync.
  const schedule = () => {
    if (stopped || timer) return;
    timer = setTimeout(sync, opts.debounceMs ?? 50);
    timer.unref();
  };
  const unsubscribe = cluster.subscribe((ev) => {
    if (relevant(ev)) schedule();
  });
  sync();
  return {
    stop() {
      stopped = true;
      unsubscribe();
      clearTimeout(timer);
      timer = undefined;
    },
    sync,
  };
}
