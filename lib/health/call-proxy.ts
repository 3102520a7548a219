// One GET through a gateway's proxy, through the outbound guard (lib/net): what Try it shows and
// what probes record. Who answered comes from the body (a sandbox pod's JSON names service and
// pod) or from the headers Kong adds.
import { checkOutboundUrl, OutboundUrlError } from "../net/url-guard";
import { sendPinned } from "../net/pinned-request";
import { ApiError } from "../api/errors";
import type { ProxyTarget } from "./proxy-target";

/** What came back. */
export type ProxyCallResult = {
  status: number;
  latencyMs: number;
  answeredBy: { service?: string; pod?: string; namespace?: string; server?: string; upstreamLatencyMs?: number } | null;
  headers: Record<string, string>;
  body: string;
  bodyTruncated: boolean;
};

/** Headers worth showing (who answered, how long the gateway and the upstream took). */
const SHOWN = ["content-type", "content-length", "server", "via", "x-kong-upstream-latency", "x-kong-proxy-latency", "x-kong-response-latency", "x-kong-request-id", "x-sandbox-pod", "retry-after"];
/** Bytes of the answer read and shown. */
export const BODY_LIMIT = 2048;

/** GETs the target; a refused address is a 422 naming the setting, a network failure a 502. `userAgent` says who calls (Try it, the prober). */
export async function callProxy(target: ProxyTarget, allow: string | undefined, timeoutMs = 10_000, userAgent = "signpost-try"): Promise<ProxyCallResult> {
  let checked;
  try {
    checked = await checkOutboundUrl(target.connectUrl, allow, { setting: "SIGNPOST_TRY_ALLOW" });
  } catch (err) {
    if (err instanceof OutboundUrlError) {
      throw new ApiError("validation_failed", `gateway "${target.gateway}" proxy URL: ${err.message}`, { gateway: target.gateway, reason: err.reason });
    }
    throw err;
  }
  const started = performance.now();
  let res;
  try {
    res = await sendPinned(checked, { method: "GET", headers: { host: target.host, "user-agent": userAgent, accept: "*/*" }, timeoutMs, maxResponseBytes: BODY_LIMIT });
  } catch (err) {
    throw new ApiError("upstream_error", `calling ${target.url} through gateway "${target.gateway}" failed: ${(err as Error).message}`, { gateway: target.gateway });
  }
  const latencyMs = Math.round(performance.now() - started);
  const headers: Record<string, string> = {};
  for (const h of SHOWN) {
    const v = res.headers[h];
    if (v !== undefined) headers[h] = Array.isArray(v) ? v.join(", ") : v;
  }
  return { status: res.status, latencyMs, answeredBy: whoAnswered(res.body, headers), headers, body: res.body, bodyTruncated: res.truncated };
}

function whoAnswered(body: string, headers: Record<string, string>): ProxyCallResult["answeredBy"] {
  const out: NonNullable<ProxyCallResult["answeredBy"]> = {};
  try {
    const j = JSON.parse(body) as Record<string, unknown>;
    for (const k of ["service", "pod", "namespace"] as const) if (typeof j[k] === "string") out[k] = j[k] as string;
  } catch {
    // not JSON (or cut short): the headers say what they can
  }
  if (!out.pod && headers["x-sandbox-pod"]) out.pod = headers["x-sandbox-pod"];
  if (headers.server) out.server = headers.server;
  if (headers["x-kong-upstream-latency"]) out.upstreamLatencyMs = Number(headers["x-kong-upstream-latency"]);
  return Object.keys(out).length ? out : null;
}
