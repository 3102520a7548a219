// One probe: GET the API's gateway address plus its probe path through the gateway's proxy and
// the outbound guard (lib/health/call-proxy.ts, as Try it). A 2xx or 3xx answer is answering;
// anything else (another status, a timeout, a refused connection or address, a bad probe path,
// no gateway address to call) is failing, with the reason.
import { ApiError } from "../api/errors";
import { callProxy, type ProxyCallResult } from "./call-proxy";
import { probePathProblem } from "./probe-path";
import { proxyTarget } from "./proxy-target";
import type { ProbeSettings } from "./probe-settings";
import type { ProbeTarget } from "./probe-targets";

/** What one probe found. */
export type ProbeOutcome = {
  state: "answering" | "failing";
  url: string | null;
  status: number | null;
  latencyMs: number | null;
  error: string | null;
  answeredBy: ProxyCallResult["answeredBy"];
};

const failing = (error: string, url: string | null = null): ProbeOutcome => ({ state: "failing", url, status: null, latencyMs: null, error: error.slice(0, 500), answeredBy: null });

/** Probes `api` once; never throws. */
export async function probeApi(api: ProbeTarget, s: ProbeSettings): Promise<ProbeOutcome> {
  const problem = probePathProblem(api.path);
  if (problem) return failing(`${api.origin} "${api.path.slice(0, 100)}" ${problem}`);
  let target;
  try {
    target = proxyTarget(api, s.gateways, api.path);
  } catch (err) {
    return failing((err as Error).message);
  }
  try {
    const r = await callProxy(target, s.allow, s.timeoutMs, "signpost-probe");
    const ok = r.status >= 200 && r.status < 400;
    return { state: ok ? "answering" : "failing", url: target.url, status: r.status, latencyMs: r.latencyMs, error: ok ? null : `answered ${r.status}${reasonOf(r.body)}`, answeredBy: r.answeredBy };
  } catch (err) {
    if (err instanceof ApiError) return failing(err.message, target.url);
    return failing(`probing ${target.url} failed: ${(err as Error).message}`, target.url);
  }
}

/** Kong (and many APIs) say why in a JSON `message`: worth a few words after the status. */
function reasonOf(body: string): string {
  try {
    const m = (JSON.parse(body) as { message?: unknown }).message;
    return typeof m === "string" && m ? `: ${m.slice(0, 200)}` : "";
  } catch {
    return "";
  }
}
