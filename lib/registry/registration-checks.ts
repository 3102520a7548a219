// Checks every registration path shares: the name is free in the catalog, and a different
// registration of the same name is only replaced on purpose (PUT).
import type { PrismaClient } from "../db/generated/client";
import type { TRegistration } from "../api/schemas/registration";
import { ApiError } from "../api/errors";
import { stableStringify } from "../catalog/merge-contributions";

/** 409 when another API (not this registration's) already has the name. */
export async function assertNameFree(prisma: PrismaClient, name: string): Promise<void> {
  const taken = await prisma.api.findFirst({ where: { name, goneAt: null, NOT: { key: `api:${name}` } } });
  if (taken) {
    throw new ApiError("conflict", `the name "${name}" is taken by the API ${taken.key} (microservice ${taken.microservice ?? "unknown"}); choose another name`, {
      conflict: { kind: "name", apiId: taken.id, key: taken.key },
    });
  }
}

/**
 * 409 when a different registration of this name exists and `replace` is not set.
 * @returns whether a live registration of this name exists (200 rather than 201)
 */
export async function checkReplace(prisma: PrismaClient, gateway: string, reg: TRegistration, replace: boolean): Promise<boolean> {
  const prev = await prisma.registration.findUnique({ where: { gateway_name: { gateway, name: reg.name } } });
  const live = Boolean(prev && !prev.deletedAt);
  if (live && !replace && stableStringify(prev!.spec) !== stableStringify({ ...reg, gateway })) {
    throw new ApiError("conflict", `"${reg.name}" is already registered on gateway "${gateway}" with different settings; PUT /api/v1/registrations/${gateway}/${reg.name} replaces it`, {
      conflict: { kind: "registration", gateway, name: reg.name },
    });
  }
  return live;
}
