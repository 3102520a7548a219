// The Register page URL that adds a gateway route in front of one of the API's Services.
import type { TApi } from "@/lib/api/schemas/api";

/** /register?service=<cluster>/<ns>/<name>&port=<port>&..., or null when the API has no Service. */
export function addRouteHref(api: TApi): string | null {
  const services = api.exposures.filter((e) => e.source.kind === "Service" && e.source.namespace);
  const svc = services.find((e) => e.mode === "ClusterIP") ?? services[0];
  if (!svc) return null;
  const port = (svc.details as { port?: number }).port;
  const q = new URLSearchParams({ service: `${svc.source.cluster}/${svc.source.namespace}/${svc.source.name}` });
  if (port) q.set("port", String(port));
  if (api.microservice) q.set("microservice", api.microservice);
  if (api.team) q.set("team", api.team);
  return `/register?${q}`;
}
