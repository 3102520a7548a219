// The canonical form of a registration for comparison: what the server stores for it. Parsed
// with the server's schema (stripPath defaults to true, hosts lower-case), the gateway filled
// in, and the differences Kong ignores removed (empty host or method lists, their order), so a
// file that was applied plans no changes.
import { ZRegistration, type TRegistration } from "../../lib/api/schemas/registration";

/** A registration with its gateway, in canonical form. */
export type CanonicalRegistration = Omit<TRegistration, "spec"> & { gateway: string };

/** The canonical form of `spec` on `gateway` (a spec the schema refuses is compared as it is). */
export function normalizeRegistration(spec: unknown, gateway: string): CanonicalRegistration {
  const parsed = ZRegistration.safeParse(spec);
  // The contract (`spec`) is not part of the stored registration: compared apart, by hash.
  const { spec: _contract, ...reg } = (parsed.success ? parsed.data : spec) as TRegistration;
  const route: TRegistration["route"] = { paths: reg.route?.paths, stripPath: reg.route?.stripPath ?? true };
  if (reg.route?.hosts?.length) route.hosts = [...reg.route.hosts].sort();
  if (reg.route?.methods?.length) route.methods = [...new Set(reg.route.methods)].sort();
  return sortKeys({ ...reg, route, gateway }) as CanonicalRegistration;
}

/** A copy with object keys in order, so that equal values print the same. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = sortKeys(v);
    }
    return out;
  }
  return value;
}
