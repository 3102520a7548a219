// networking.k8s.io/v1 Ingress -> IngressInfo.
import { z } from "zod";
import type { IngressBackendRef, IngressInfo } from "../../catalog/types";
import { parseWith, ZLbIngress, ZMeta, type ReshapeResult } from "./common";

const ZBackend = z
  .looseObject({
    service: z
      .looseObject({
        name: z.string(),
        port: z.object({ name: z.string().nullish(), number: z.number().int().nullish() }).nullish(),
      })
      .nullish(),
  })
  .nullish();

const ZIngress = z.object({
  metadata: ZMeta,
  spec: z
    .looseObject({
      ingressClassName: z.string().nullish(),
      defaultBackend: ZBackend,
      tls: z.array(z.object({ hosts: z.array(z.string()).nullish() })).nullish(),
      rules: z
        .array(
          z.object({
            host: z.string().nullish(),
            http: z
              .looseObject({
                paths: z.array(z.object({ path: z.string().nullish(), pathType: z.string().nullish(), backend: ZBackend })).nullish(),
              })
              .nullish(),
          }),
        )
        .nullish(),
    })
    .nullish(),
  status: z.object({ loadBalancer: z.object({ ingress: ZLbIngress }).nullish() }).nullish(),
});

function backendRef(b: z.infer<typeof ZBackend>): IngressBackendRef | undefined {
  if (!b?.service) return undefined;
  const port = b.service.port?.number ?? b.service.port?.name ?? undefined;
  return { service: b.service.name, port: port ?? 0 };
}

/** Reshapes an Ingress of `cluster`; the legacy class annotation counts as the class name. */
export function reshapeIngress(cluster: string, raw: unknown): ReshapeResult<IngressInfo> {
  return parseWith(ZIngress, raw, "Ingress", (i) => {
    const className = i.spec?.ingressClassName ?? i.metadata.annotations["kubernetes.io/ingress.class"];
    const defaultBackend = backendRef(i.spec?.defaultBackend);
    return {
      cluster,
      namespace: i.metadata.namespace ?? "default",
      name: i.metadata.name,
      uid: i.metadata.uid ?? `${cluster}/${i.metadata.namespace}/${i.metadata.name}`,
      ...(className ? { className } : {}),
      tlsHosts: (i.spec?.tls ?? []).flatMap((t) => t.hosts ?? []),
      rules: (i.spec?.rules ?? []).map((r) => ({
        ...(r.host ? { host: r.host } : {}),
        paths: (r.http?.paths ?? []).map((p) => {
          const backend = backendRef(p.backend);
          return { path: p.path || "/", pathType: p.pathType ?? "ImplementationSpecific", ...(backend ? { backend } : {}) };
        }),
      })),
      ...(defaultBackend ? { defaultBackend } : {}),
      loadBalancer: i.status?.loadBalancer?.ingress ?? [],
      labels: i.metadata.labels,
      annotations: i.metadata.annotations,
    };
  });
}
