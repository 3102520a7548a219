// networking.k8s.io/v1 IngressClass -> IngressClassInfo (which controller serves an Ingress).
import { z } from "zod";
import type { IngressClassInfo } from "../../catalog/types";
import { parseWith, ZMeta, type ReshapeResult } from "./common";

const ZClass = z.object({ metadata: ZMeta, spec: z.object({ controller: z.string().nullish() }).nullish() });

/** Reshapes an IngressClass of `cluster`. */
export function reshapeIngressClass(cluster: string, raw: unknown): ReshapeResult<IngressClassInfo> {
  return parseWith(ZClass, raw, "IngressClass", (c) => ({
    cluster,
    name: c.metadata.name,
    controller: c.spec?.controller ?? "",
    isDefault: c.metadata.annotations["ingressclass.kubernetes.io/is-default-class"] === "true",
  }));
}
