// Registration on deploy: a Service annotated with signpost.dev/gateway (and signpost.dev/paths,
// optional signpost.dev/hosts, signpost.dev/methods, signpost.dev/strip-path, signpost.dev/port)
// is registered on that gateway when it appears, updated when it changes, and deregistered when
// it or its annotation goes. Services leave the index only through the same deletion safety as
// any object, so a held mass deletion holds their registrations too. The route is tagged as
// Signpost's own and links back to the Service: it is a Gateway exposure of the Service's API.
import type { Db } from "../db/client";
import type { SqlDb } from "../db/pool";
import type { TGatewayConfig } from "../env";
import type { CatalogIndex } from "../catalog/catalog-index";
import type { ServiceInfo } from "../catalog/types";
import { ZRegistration, type TRegistration } from "../api/schemas/registration";
import type { KongTarget } from "../kong";
import { SIGNPOST_TAG } from "../kong/reshape/tags";
import { stableStringify } from "../catalog/merge-contributions";
import { findConflictingRoute } from "../registry/conflicting-route";
import { changeRegistration } from "../registry/change-registration";
import { kongDriver } from "../registry/state-drivers";
import { applyKongState, removeKongState } from "../registry/kong-state";
import { kongTarget } from "../registry/resolve-gateway";
import { checkServiceUpstream } from "../registry/check-service-upstream";
import { upstreamPolicy } from "../registry/upstream-policy";
import { loadConfig } from "../env";
import { logger } from "../log";
import { loadAnnotationRegistrations } from "./annotation-registrations";

export type Desired = { key: string; ref: string; reg: TRegistration & { gateway: string }; upstreamHost: string; upstreamPort: number; svc: ServiceInfo };

/** The registration a Service's annotations ask for, or an error naming the annotation. */
export function desiredFromService(svc: ServiceInfo, clusterDomain: string): Desired | { error: string } | null {
  const a = svc.annotations;
  const gateway = a["signpost.dev/gateway"]?.trim();
  if (!gateway) return null;
  const list = (k: string) => (a[k] ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  const portWanted = a["signpost.dev/port"]?.trim();
  const port = portWanted ? svc.ports.find((p) => String(p.port) === portWanted || p.name === portWanted) : svc.ports[0];
  const ref = `${svc.cluster}/${svc.namespace}/${svc.name}`;
  if (!port) return { error: `Service ${ref}: ${portWanted ? `signpost.dev/port "${portWanted}" is not one of its ports` : "has no port to register"}` };
  const name = `sp-${svc.cluster}-${svc.namespace}-${svc.name}`.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/-+/g, "-").slice(0, 63).replace(/-$/, "");
  const strip = a["signpost.dev/strip-path"]?.trim();
  const body = {
    name,
    route: {
      paths: list("signpost.dev/paths"),
      ...(list("signpost.dev/hosts").length ? { hosts: list("signpost.dev/hosts") } : {}),
      ...(list("signpost.dev/methods").length ? { methods: list("signpost.dev/methods").map((m) => m.toUpperCase()) } : {}),
      ...(strip ? { stripPath: strip === "true" } : {}),
    },
    upstream: { service: { cluster: svc.cluster, namespace: svc.namespace, name: svc.name, port: port.port } },
    gateway,
  };
  const parsed = ZRegistration.safeParse(body);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    return { error: `Service ${ref}: annotation ${annotationOf(i.path)}: ${i.message}` };
  }
  return { key: ref, ref, reg: { ...parsed.data, gateway }, upstreamHost: `${svc.name}.${svc.namespace}.svc.${clusterDomain}`, upstreamPort: port.port, svc };
}

function annotationOf(path: PropertyKey[]): string {
  const p = path.map(String).join(".");
  if (p.startsWith("route.paths")) return "signpost.dev/paths";
  if (p.startsWith("route.hosts")) return "signpost.dev/hosts";
  if (p.startsWith("route.methods")) return "signpost.dev/methods";
  if (p.startsWith("gateway")) return "signpost.dev/gateway";
  return p;
}

/** Reconciles annotation registrations with the index; runs in the worker holding the lease. */
export class AnnotationRegistrar {
  private timer?: NodeJS.Timeout;
  private retry?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  readonly errors = new Map<string, string>();

  constructor(
    private readonly db: SqlDb,
    private readonly index: CatalogIndex,
    private readonly o: { gateways: TGatewayConfig[]; clusterDomain: string; debounceMs?: number; retryMs?: number },
  ) {}

  /** Reconciles soon (debounced); also retried periodically for gateways that were down. */
  kick(): void {
    if (this.stopped || this.timer) return;
    clearTimeout(this.retry);
    this.timer = setTimeout(() => void this.pass(), this.o.debounceMs ?? 200);
    this.timer.unref?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.retry);
    await this.running;
  }

  private async pass(): Promise<void> {
    // One pass at a time; a kick during a pass schedules the next one.
    if (this.running) await this.running;
    this.timer = undefined;
    this.running = this.reconcile()
      .catch((err) => logger.warn("annotation registrations failed", { error: (err as Error).message }))
      .finally(() => (this.running = undefined));
    await this.running;
    if (!this.stopped) {
      clearTimeout(this.retry);
      this.retry = setTimeout(() => this.kick(), this.o.retryMs ?? 30_000);
      this.retry.unref?.();
    }
  }

  /** One pass: register what is wanted and missing or different, deregister what is no longer wanted. */
  async reconcile(): Promise<void> {
    const desired = new Map<string, Desired>();
    this.errors.clear();
    for (const svc of this.index.services.values()) {
      const d = desiredFromService(svc, this.o.clusterDomain);
      if (!d) continue;
      if ("error" in d) this.errors.set(`${svc.cluster}/${svc.namespace}/${svc.name}`, d.error);
      else desired.set(d.key, d);
    }
    const actual = await loadAnnotationRegistrations(this.db);
    for (const d of desired.values()) {
      const have = actual.get(d.key);
      if (have && have.gateway === d.reg.gateway && stableStringify(have.spec) === stableStringify(d.reg)) continue;
      if (have && have.gateway !== d.reg.gateway) await this.remove(have.gateway, have.name, have.key);
      await this.apply(d).catch((err) => this.errors.set(d.key, `Service ${d.ref}: ${(err as Error).message}`));
    }
    for (const have of actual.values()) if (!desired.has(have.key)) await this.remove(have.gateway, have.name, have.key).catch((err) => this.errors.set(have.key, (err as Error).message));
    for (const [k, e] of this.errors) logger.warn("annotation registration", { service: k, error: e });
  }

  /**
   * The registration writes and the database with Prisma on it, loaded with the first
   * registration or deregistration (before anything is changed): a worker whose Services register
   * nothing never loads Prisma.
   */
  private async prismaWrites(): Promise<{ db: Db } & typeof import("./annotation-registration-writes")> {
    const [{ withPrisma }, writes] = await Promise.all([import("../db/client"), import("./annotation-registration-writes")]);
    return { db: withPrisma(this.db), ...writes };
  }

  private target(gateway: string): KongTarget {
    const g = this.o.gateways.find((x) => x.name === gateway);
    if (!g) throw new Error(`signpost.dev/gateway: unknown gateway "${gateway}" (configured: ${this.o.gateways.map((x) => x.name).join(", ") || "none"})`);
    return kongTarget(g);
  }

  // Through the same change path as REST registrations: serialised per name, and a failure of
  // the gateway or the database puts the gateway back.
  private async apply(d: Desired): Promise<void> {
    const target = this.target(d.reg.gateway);
    const actor = `annotation:${d.key}`;
    const { db, saveAnnotationRegistration } = await this.prismaWrites();
    await changeRegistration(this.db, this.o.gateways, { gateway: target.name, name: d.reg.name }, { op: "register", spec: d.reg, actor }, kongDriver(target, d.reg.name), {
      check: async (current) => {
        // The upstream guard, as for every other registration (never the gateway's own Admin API).
        await checkServiceUpstream(d.svc, d.upstreamPort, { ...upstreamPolicy(loadConfig(), this.o.gateways), clusterDomain: this.o.clusterDomain });
        for (const found of [current.service, current.route]) {
          if (found && !(found.tags ?? []).includes(SIGNPOST_TAG)) throw new Error(`gateway "${target.name}" has a ${d.reg.name} that Signpost did not create; not modified`);
        }
        const conflict = await findConflictingRoute(this.db.pool, target, { name: d.reg.name, hosts: d.reg.route.hosts ?? null, paths: d.reg.route.paths, methods: d.reg.route.methods ?? null });
        if (conflict) throw new Error(`path ${conflict.path} is already routed on gateway "${target.name}" by ${conflict.route.name ?? conflict.route.id}`);
      },
      write: async (current, intent) => {
        const { applied } = await applyKongState(
          target,
          {
            name: d.reg.name,
            tags: [SIGNPOST_TAG, "signpost-origin:annotation"],
            service: { protocol: "http", host: d.upstreamHost, port: d.upstreamPort, path: null },
            route: {
              paths: d.reg.route.paths,
              hosts: d.reg.route.hosts?.length ? d.reg.route.hosts : null,
              methods: d.reg.route.methods?.length ? d.reg.route.methods : null,
              strip_path: d.reg.route.stripPath,
            },
            plugins: [],
          },
          current,
        );
        await saveAnnotationRegistration(db, { key: d.key, reg: d.reg, applied, intent });
      },
    });
    logger.info("registered from annotations", { service: d.ref, gateway: target.name, paths: d.reg.route.paths });
  }

  private async remove(gateway: string, name: string, key: string): Promise<void> {
    const target = this.target(gateway);
    const { db, removeAnnotationRegistration } = await this.prismaWrites();
    await changeRegistration(this.db, this.o.gateways, { gateway, name }, { op: "deregister", spec: null, actor: `annotation:${key}` }, kongDriver(target, name), {
      write: async (current, intent) => {
        await removeKongState(target, current);
        await removeAnnotationRegistration(db, { gateway, name, key, intent });
      },
    });
    logger.info("deregistered (annotation removed or Service gone)", { service: key, gateway });
  }
}
