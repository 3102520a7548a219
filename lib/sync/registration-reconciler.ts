// Keeps registrations and gateways in agreement from the worker: puts back registration changes
// that were interrupted (their intent expired: a crash, a database outage), and compares what
// Signpost applied with the Signpost-tagged entities of every gateway with a database, recording
// drift on the registrations and a summary for the gateway's source.
import type { SqlDb } from "../db/pool";
import type { TGatewayConfig } from "../env";
import { listAll, nodeInfo } from "../kong";
import { SIGNPOST_TAG } from "../kong/reshape/tags";
import { logger } from "../log";
import { findDrift, type DriftReport } from "../registry/find-drift";
import type { AppliedKongState } from "../registry/kong-state";
import { recoverIntent } from "../registry/recover-intent";
import { expiredIntents, recoverExpired } from "../registry/registration-intent";
import { kongTarget } from "../registry/resolve-gateway";

export type ReconcilerOptions = {
  db: SqlDb;
  gateways: TGatewayConfig[];
  /** how often interrupted changes are looked for (default 5 s) */
  intentIntervalMs?: number;
  /** how often each gateway is compared with the registrations (default 60 s) */
  driftIntervalMs?: number;
};

/** A gateway's drift summary, reported in its source's info. */
export type DriftSummary = { checkedAt: string; drifted: number; orphans: string[]; sample: { name: string; issues: string[] }[] } | { checkedAt: string; error: string };

export class RegistrationReconciler {
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private running?: Promise<void>;
  private lastDrift = 0;
  readonly summaries = new Map<string, DriftSummary>();

  constructor(private readonly o: ReconcilerOptions) {}

  start(): void {
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Runs one pass now: interrupted changes, then drift when due (or when `drift` is true). */
  async runOnce(drift = false): Promise<void> {
    await this.recoverInterrupted();
    if (drift || Date.now() - this.lastDrift >= (this.o.driftIntervalMs ?? 60_000)) {
      this.lastDrift = Date.now();
      for (const gw of this.o.gateways) await this.checkGateway(gw);
    }
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce()
        .catch((err: Error) => logger.warn("registration reconciler failed", { error: err.message }))
        .finally(() => {
          this.running = undefined;
          this.schedule(this.o.intentIntervalMs ?? 5_000);
        });
    }, ms);
    this.timer.unref?.();
  }

  private async recoverInterrupted(): Promise<void> {
    for (const key of await expiredIntents(this.o.db.pool)) {
      try {
        await recoverExpired(this.o.db.pool, key, (row) => recoverIntent(row, this.o.gateways));
      } catch (err) {
        logger.warn("cannot put back an interrupted registration change yet", { ...key, error: (err as Error).message });
      }
    }
  }

  private async checkGateway(gw: TGatewayConfig): Promise<void> {
    const target = kongTarget(gw);
    const checkedAt = new Date().toISOString();
    try {
      if ((await nodeInfo(target)).dbless) return; // nothing is registered through its Admin API
      const [services, routes, plugins] = await Promise.all([
        listAll(target, "services", { tags: [SIGNPOST_TAG] }),
        listAll(target, "routes", { tags: [SIGNPOST_TAG] }),
        listAll(target, "plugins", { tags: [SIGNPOST_TAG] }),
      ]);
      const { rows } = await this.o.db.pool.query<{ name: string; applied: AppliedKongState | null }>(
        `SELECT name, applied FROM registrations WHERE gateway = $1 AND deleted_at IS NULL`,
        [gw.name],
      );
      const { rows: busy } = await this.o.db.pool.query<{ name: string }>(`SELECT name FROM registration_intents WHERE gateway = $1`, [gw.name]);
      const report = findDrift(new Map(rows.map((r) => [r.name, r.applied])), { services, routes, plugins }, new Set(busy.map((b) => b.name)));
      await this.record(gw.name, rows.map((r) => r.name), report);
      this.summaries.set(gw.name, { checkedAt, drifted: report.drifted.length, orphans: report.orphans.slice(0, 20), sample: report.drifted.slice(0, 20) });
      if (report.drifted.length || report.orphans.length) {
        logger.warn("registrations drifted from the gateway", { gateway: gw.name, drifted: report.drifted.length, orphans: report.orphans.length });
      }
    } catch (err) {
      this.summaries.set(gw.name, { checkedAt, error: (err as Error).message });
    }
  }

  private async record(gateway: string, names: string[], report: DriftReport): Promise<void> {
    const byName = new Map(report.drifted.map((d) => [d.name, d.issues]));
    await this.o.db.pool.query(
      `UPDATE registrations r SET drift = u.drift, drift_checked_at = now()
       FROM jsonb_to_recordset($2::jsonb) AS u(name text, drift jsonb)
       WHERE r.gateway = $1 AND r.name = u.name AND r.deleted_at IS NULL AND r.drift IS DISTINCT FROM u.drift`,
      [gateway, JSON.stringify(names.map((name) => ({ name, drift: byName.has(name) ? { issues: byName.get(name) } : null })))],
    );
    await this.o.db.pool.query(`UPDATE registrations SET drift_checked_at = now() WHERE gateway = $1 AND deleted_at IS NULL`, [gateway]);
  }
}
