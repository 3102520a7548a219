// Writes of the registrations made from Service annotations, with their audit entries; the actor
// is the Service they come from. Prisma: the registrar loads this module with the first
// registration it makes (annotation-registrar.ts), so a worker whose Services register nothing
// never loads Prisma's client.
import type { Db } from "../db/client";
import type { TRegistration } from "../api/schemas/registration";
import { recordAudit } from "../audit/record-audit";
import { Prisma } from "../db/generated/client";
import type { AppliedKongState } from "../registry/kong-state";
import type { Intent } from "../registry/registration-intent";
import { ACTOR } from "./annotation-registrations";

/** Records (or updates) the registration of a Service. */
export async function saveAnnotationRegistration(
  db: Db,
  r: { key: string; reg: TRegistration & { gateway: string }; applied: AppliedKongState; intent: Intent },
): Promise<void> {
  const actor = `${ACTOR}${r.key}`;
  await db.prisma.$transaction(async (tx) => {
    const before = await tx.registration.findUnique({ where: { gateway_name: { gateway: r.reg.gateway, name: r.reg.name } } });
    const data = {
      spec: r.reg as object, kongServiceId: r.applied.service.id, kongRouteId: r.applied.route.id, origin: "annotation", registeredBy: actor,
      applied: r.applied as object, drift: Prisma.DbNull, driftCheckedAt: null, deletedAt: null,
    };
    await tx.registration.upsert({
      where: { gateway_name: { gateway: r.reg.gateway, name: r.reg.name } },
      create: { name: r.reg.name, gateway: r.reg.gateway, ...data },
      update: data,
    });
    await recordAudit(tx, {
      actor,
      action: before && !before.deletedAt ? "api.update" : "api.register",
      target: `${r.reg.name}@${r.reg.gateway}`,
      before: before && !before.deletedAt ? before.spec : undefined,
      after: { ...r.reg, origin: "annotation" },
    });
    await tx.source.updateMany({ where: { kind: "gateway", name: r.reg.gateway }, data: { resyncRequestedAt: new Date() } });
    await r.intent.finishRaw((sql, ...args) => tx.$executeRawUnsafe(sql, ...args));
  });
}

/** Marks a Service's registration deregistered. */
export async function removeAnnotationRegistration(db: Db, r: { gateway: string; name: string; key: string; intent: Intent }): Promise<void> {
  await db.prisma.$transaction(async (tx) => {
    await tx.registration.updateMany({ where: { gateway: r.gateway, name: r.name, deletedAt: null }, data: { deletedAt: new Date() } });
    await recordAudit(tx, { actor: `${ACTOR}${r.key}`, action: "api.deregister", target: `${r.name}@${r.gateway}`, after: { origin: "annotation" } });
    await tx.source.updateMany({ where: { kind: "gateway", name: r.gateway }, data: { resyncRequestedAt: new Date() } });
    await r.intent.finishRaw((sql, ...args) => tx.$executeRawUnsafe(sql, ...args));
  });
}
