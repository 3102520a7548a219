// The plan as people read it:
//   + create orders-v2 (sandbox) GET /v2/orders -> ordermgr.shop:80
//   ~ update users (sandbox) (route.paths: ["/a"] -> ["/b"])
//   - delete old-orders (sandbox)
import type { CanonicalRegistration } from "./normalize-registration";
import type { Plan, PlanChange } from "./compute-plan";

/** The plan's lines, ending with a summary (or just "No changes."). */
export function formatPlan(plan: Plan): string[] {
  if (!plan.changes.length) return ["No changes."];
  const count = (a: PlanChange["action"]) => plan.changes.filter((c) => c.action === a).length;
  return [
    ...plan.changes.map(formatChange),
    "",
    `Plan: ${count("create")} to create, ${count("update")} to update, ${count("delete")} to delete.`,
  ];
}

/** One line of the plan. */
export function formatChange(c: PlanChange): string {
  const what = `${c.name} (${c.gateway})`;
  if (c.action === "create") return `+ create ${what} ${describeRoute(c.spec)}`;
  if (c.action === "delete") return `- delete ${what}`;
  return `~ update ${what} (${c.fields.map((f) => `${f.path}: ${show(f.before)} -> ${show(f.after)}`).join("; ")})`;
}

/** `GET api.example.com/v2/orders -> ordermgr.shop:80` */
export function describeRoute(spec: CanonicalRegistration): string {
  const methods = spec.route.methods?.length ? `${spec.route.methods.join(",")} ` : "";
  const hosts = spec.route.hosts?.length ? spec.route.hosts.join(",") : "";
  const paths = spec.route.paths.join(",");
  const up = "service" in spec.upstream ? `${spec.upstream.service.name}.${spec.upstream.service.namespace}:${spec.upstream.service.port}` : spec.upstream.url;
  return `${methods}${hosts}${paths} -> ${up}`;
}

function show(v: unknown): string {
  return v === undefined ? "(none)" : JSON.stringify(v);
}
