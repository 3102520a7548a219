// The Ingress annotations that change a Kong route (KIC kongstate/route.go overrideByAnnotation),
// the subset the sandbox honours: konghq.com/strip-path, konghq.com/methods, konghq.com/protocols.
// konghq.com/plugins names KongPlugin resources, which the sandbox does not serve: it is ignored.
import { commaList } from "./generate-tags";
import type { DesiredRoute } from "./types";

const VALID_METHOD = /^[A-Z]+$/;
const VALID_PROTOCOL = /^(http|https|grpc|grpcs|tcp|tls|tls_passthrough|udp|ws|wss)$/;

/** Applies the annotations to `route` in place; an invalid value leaves its field alone, as KIC does. */
export function applyRouteAnnotations(route: DesiredRoute, annotations: Record<string, string> = {}): void {
  const strip = (annotations["konghq.com/strip-path"] ?? "").toLowerCase();
  if (strip === "true" || strip === "false") route.strip_path = strip === "true";

  // One invalid method or protocol discards the whole annotation.
  const methods = commaList(annotations["konghq.com/methods"], (m) => m.toUpperCase());
  if (methods.length > 0 && methods.every((m) => VALID_METHOD.test(m))) route.methods = methods;
  const protocols = commaList(annotations["konghq.com/protocols"]);
  if (protocols.length > 0 && protocols.every((p) => VALID_PROTOCOL.test(p))) route.protocols = protocols;

  // normalizeProtocols: gRPC mixed with HTTP falls back to HTTP, and with gRPC KIC leaves
  // strip_path unset, so Kong's default applies (true for HTTP routes, false for gRPC ones).
  const list = route.protocols ?? [];
  if (list.some((p) => p.includes("grpc"))) {
    const mixed = list.some((p) => p.includes("http"));
    if (mixed) route.protocols = ["http", "https"];
    route.strip_path = mixed;
  }
}
