// REST shapes around registrations: the stored record, the preview, gateways and Services.
import { z } from "zod";
import { ZRegistration } from "./registration";

export const ZRegistrationRecord = z
  .object({
    gateway: z.string(),
    name: z.string(),
    spec: ZRegistration,
    origin: z.enum(["rest", "form", "cli", "mcp", "annotation"]),
    registeredBy: z.string(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    apiId: z.uuid().nullable(),
    drift: z
      .object({ issues: z.array(z.string()), checkedAt: z.iso.datetime() })
      .nullable()
      .meta({ description: "What differs between the gateway and this registration at the last drift check (null: nothing)" }),
    contractHash: z.string().nullable().meta({ description: "sha256 of the API's current contract (GET /api/v1/apis/{id}/spec), null when it has none" }),
  })
  .meta({ id: "RegistrationRecord" });
export type TRegistrationRecord = z.infer<typeof ZRegistrationRecord>;

export const ZRegistrationList = z.object({ data: z.array(ZRegistrationRecord) }).meta({ id: "RegistrationList" });

export const ZRegistrationListQuery = z.object({
  gateway: z.string().optional(),
  name: z.string().optional(),
  team: z.string().optional(),
  microservice: z.string().optional(),
  origin: z.enum(["rest", "form", "cli", "mcp", "annotation"]).optional(),
});

export const ZRegistrationParams = z.object({ gateway: z.string().min(1).max(63), name: z.string().min(1).max(63) });

export const ZRegistrationPreview = z
  .object({
    valid: z.boolean(),
    issues: z.array(z.object({ field: z.string(), message: z.string() })),
    conflicts: z.array(z.object({ kind: z.enum(["name", "route", "registration", "read-only", "gateway"]), message: z.string() })),
    proxyUrls: z.array(z.string()),
    upstream: z.string().nullable(),
  })
  .meta({ id: "RegistrationPreview" });

export const ZGatewayList = z
  .object({
    data: z.array(
      z.object({
        name: z.string(),
        proxyUrl: z.string().nullable(),
        cluster: z.string().nullable(),
        state: z.string().nullable(),
        dbless: z.boolean().nullable(),
        registerVia: z.enum(["admin-api", "ingress", "httproute", "manifest"]).nullable().meta({ description: "How registrations reach the gateway (null until its worker has seen it)" }),
        registerViaReason: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: "GatewayList" });

export const ZServiceList = z
  .object({
    data: z.array(
      z.object({ cluster: z.string(), namespace: z.string(), name: z.string(), type: z.string(), ports: z.array(z.object({ port: z.number(), name: z.string().nullable() })) }),
    ),
  })
  .meta({ id: "ServiceList" });
