// REST shapes of where an API runs: the endpoints behind its Services and the source objects
// it is derived from (editors and admins).
import { z } from "zod";

export const ZServiceEndpoints = z
  .object({
    service: z.object({ cluster: z.string(), namespace: z.string(), name: z.string() }),
    endpoints: z.array(
      z.object({
        slice: z.string().meta({ description: "The EndpointSlice it is listed in" }),
        addresses: z.array(z.string()),
        pod: z.string().nullable().meta({ description: "namespace/name of the Pod" }),
        node: z.string().nullable(),
        zone: z.string().nullable(),
        hostname: z.string().nullable(),
        ready: z.boolean(),
        serving: z.boolean(),
        terminating: z.boolean(),
      }),
    ),
  })
  .meta({ id: "ServiceEndpoints" });

export const ZApiEndpointList = z.object({ data: z.array(ZServiceEndpoints) }).meta({ id: "ApiEndpointList" });

export const ZApiSourceObject = z
  .object({
    kind: z.enum(["Service", "Ingress", "HTTPRoute", "EndpointSlice", "KongRoute", "KongService"]),
    source: z.string().meta({ description: "Cluster name, or gateway name for Kong entities" }),
    namespace: z.string().nullable(),
    name: z.string().meta({ description: "Object name, or the Kong entity id" }),
    updatedAt: z.iso.datetime(),
    yaml: z.string().meta({ description: "The object as Signpost last synced it (the fields it keeps), as YAML; secret-looking values are replaced by (redacted)" }),
  })
  .meta({ id: "ApiSourceObject" });

export const ZApiSourceObjectList = z.object({ data: z.array(ZApiSourceObject) }).meta({ id: "ApiSourceObjectList" });
