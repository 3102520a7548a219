// gateway.networking.k8s.io/v1 HTTPRoute -> HTTPRouteInfo, applying the CRD's defaults in case
// the server did not (parentRef group/kind, backendRef group/kind/weight, path match).
import { z } from "zod";
import type { HTTPRouteInfo } from "../../catalog/types";
import { parseWith, ZMeta, type ReshapeResult } from "./common";

const ZRoute = z.object({
  metadata: ZMeta,
  spec: z
    .looseObject({
      parentRefs: z
        .array(
          z.object({
            group: z.string().nullish(),
            kind: z.string().nullish(),
            namespace: z.string().nullish(),
            name: z.string(),
            sectionName: z.string().nullish(),
            port: z.number().int().nullish(),
          }),
        )
        .nullish(),
      hostnames: z.array(z.string()).nullish(),
      rules: z
        .array(
          z.object({
            matches: z
              .array(
                z.object({
                  path: z.object({ type: z.string().nullish(), value: z.string().nullish() }).nullish(),
                  method: z.string().nullish(),
                }),
              )
              .nullish(),
            backendRefs: z
              .array(
                z.object({
                  group: z.string().nullish(),
                  kind: z.string().nullish(),
                  name: z.string(),
                  namespace: z.string().nullish(),
                  port: z.number().int().nullish(),
                  weight: z.number().int().nullish(),
                }),
              )
              .nullish(),
          }),
        )
        .nullish(),
    })
    .nullish(),
});

/** Reshapes an HTTPRoute of `cluster`. */
export function reshapeHttpRoute(cluster: string, raw: unknown): ReshapeResult<HTTPRouteInfo> {
  return parseWith(ZRoute, raw, "HTTPRoute", (r) => {
    const ns = r.metadata.namespace ?? "default";
    return {
      cluster,
      namespace: ns,
      name: r.metadata.name,
      uid: r.metadata.uid ?? `${cluster}/${ns}/${r.metadata.name}`,
      hostnames: r.spec?.hostnames ?? [],
      parentRefs: (r.spec?.parentRefs ?? []).map((p) => ({
        group: p.group ?? "gateway.networking.k8s.io",
        kind: p.kind ?? "Gateway",
        namespace: p.namespace ?? ns,
        name: p.name,
        ...(p.sectionName ? { sectionName: p.sectionName } : {}),
        ...(p.port ? { port: p.port } : {}),
      })),
      rules: (r.spec?.rules ?? [{}]).map((rule) => ({
        matches: (rule.matches?.length ? rule.matches : [{}]).map((m) => ({
          path: { type: m.path?.type ?? "PathPrefix", value: m.path?.value ?? "/" },
          ...(m.method ? { method: m.method } : {}),
        })),
        backendRefs: (rule.backendRefs ?? []).map((b) => ({
          group: b.group ?? "",
          kind: b.kind ?? "Service",
          namespace: b.namespace ?? ns,
          name: b.name,
          ...(b.port ? { port: b.port } : {}),
          weight: b.weight ?? 1,
        })),
      })),
      labels: r.metadata.labels,
      annotations: r.metadata.annotations,
    };
  });
}
