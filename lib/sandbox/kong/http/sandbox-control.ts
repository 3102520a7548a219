import { z } from "zod";
import { ZFaultRule } from "../faults";
import type { GatewayContext } from "./context";
import type { Reply } from "./reply";

const ZRules = z.union([ZFaultRule, z.array(ZFaultRule), z.object({ rules: z.array(ZFaultRule) })]);

/**
 * Test-control endpoints, outside Kong's API: they are not logged, never faulted and need no token.
 * POST /_sandbox/faults (a rule, an array, or {rules}), GET and DELETE /_sandbox/faults,
 * GET and DELETE /_sandbox/requests.
 */
export function handleSandboxControl(ctx: GatewayContext, method: string, path: string, raw: Buffer): Reply {
  const route = path.replace(/\/+$/, "");
  if (route === "/_sandbox/faults") {
    if (method === "GET") return { status: 200, body: { rules: ctx.faults.rules, requests: ctx.faults.requests } };
    if (method === "DELETE") {
      ctx.faults.clear();
      return { status: 204 };
    }
    if (method === "POST") {
      let json: unknown;
      try {
        json = JSON.parse(raw.toString("utf8"));
      } catch {
        return { status: 400, body: { message: "Cannot parse JSON body" } };
      }
      const parsed = ZRules.safeParse(json);
      if (!parsed.success) return { status: 400, body: { message: z.prettifyError(parsed.error) } };
      const rules = Array.isArray(parsed.data) ? parsed.data : "rules" in parsed.data ? parsed.data.rules : [parsed.data];
      ctx.faults.add(rules);
      return { status: 201, body: { rules: ctx.faults.rules } };
    }
    return { status: 405, body: { message: "Method not allowed" } };
  }
  if (route === "/_sandbox/requests") {
    if (method === "GET") return { status: 200, body: { data: ctx.faults.requests } };
    if (method === "DELETE") {
      ctx.faults.resetRequests();
      return { status: 204 };
    }
    return { status: 405, body: { message: "Method not allowed" } };
  }
  return { status: 404, body: { message: "Not found" } };
}
