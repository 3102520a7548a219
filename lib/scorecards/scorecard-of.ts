// An API's scorecard: the built-in checks and the configured extra ones, each pass, fail or
// not applicable with one sentence why (and the fix for a failing one), and the level the share
// of passing required checks reaches. Pure: REST, the worker and MCP all call this.
import type { TApi } from "../api/schemas/api";
import type { TCheckResult, TScorecard } from "../api/schemas/scorecard";
import { ANNOTATION_DIRECT_EXPOSURE } from "../catalog/derive-service-exposures";
import { requirementsOf } from "../catalog/requirements-of";
import type { ContractStatus } from "./contract-status";
import { docLinksOf } from "./doc-links";
import { BUILTIN_CHECKS, DEFAULT_SCORECARD_CONFIG, type BuiltinCheck, type TExtraCheck, type TScorecardConfig } from "./scorecard-config";

/** What a scorecard reads of an API: its REST document's fields. */
export type ScorableApi = Pick<TApi, "id" | "name" | "team" | "cluster" | "namespace" | "proxyUrl" | "exposureMode" | "labels" | "annotations" | "readyPods" | "totalPods"> & {
  exposures: Pick<TApi["exposures"][number], "mode" | "url" | "source" | "details">[];
};

export type ScoreContext = {
  /** the API's contract as api_contracts holds it (loadContractStatuses) */
  contract: ContractStatus;
  config?: TScorecardConfig;
};

type Outcome = Omit<TCheckResult, "id" | "title" | "required">;

export const CHECK_TITLES: Record<BuiltinCheck, string> = {
  owner: "Owner known",
  contract: "Valid contract",
  auth: "Authentication",
  rate_limit: "Rate limit",
  https: "HTTPS",
  gateway_only: "Only through the gateway",
  endpoints: "Ready endpoints",
  docs: "Docs or runbook",
};

const pass = (reason: string): Outcome => ({ status: "pass", reason, fix: null });
const fail = (reason: string, fix: string): Outcome => ({ status: "fail", reason, fix });
const na = (reason: string): Outcome => ({ status: "not_applicable", reason, fix: null });

/** The scorecard of `api` (evaluatedAt null: the caller stamps it when storing). */
export function scorecardOf(api: ScorableApi, ctx: ScoreContext): TScorecard {
  const config = ctx.config ?? DEFAULT_SCORECARD_CONFIG;
  const required = new Set<string>(config.required ?? BUILTIN_CHECKS);
  const checks: TCheckResult[] = [];
  for (const id of BUILTIN_CHECKS) checks.push({ id, title: CHECK_TITLES[id], required: required.has(id), ...builtin(id, api, ctx) });
  for (const extra of config.checks) checks.push({ id: extra.id, title: extra.title, required: extra.required, ...extraCheck(extra, api) });
  const counted = checks.filter((c) => c.required && c.status !== "not_applicable");
  const passed = counted.filter((c) => c.status === "pass").length;
  const share = counted.length ? passed / counted.length : 1;
  const level = config.levels.find((l) => share >= l.min)?.name ?? config.belowLevels;
  return { level, passed, required: counted.length, failing: checks.filter((c) => c.status === "fail").map((c) => c.id), checks, evaluatedAt: null };
}

function builtin(id: BuiltinCheck, api: ScorableApi, ctx: ScoreContext): Outcome {
  switch (id) {
    case "owner":
      return api.team
        ? pass(`Team ${api.team} owns it.`)
        : fail("No team is known for this API.", "Annotate its Service with signpost.dev/team: <team>, or register it with a team.");
    case "contract": {
      const c = ctx.contract;
      const attach = `PUT /api/v1/apis/${api.id}/spec with the OpenAPI document, or annotate the Service with signpost.dev/openapi-url: <url>`;
      if (c.version > 0) {
        return pass(
          c.fetchError
            ? `Version ${c.version} of its OpenAPI contract is attached and valid, though its last fetch failed (${c.fetchError}).`
            : `Version ${c.version} of its OpenAPI contract is attached and valid.`,
        );
      }
      if (c.fetchError) {
        return fail(`Its signpost.dev/openapi-url gave no contract: ${c.fetchError}.`, `Serve a valid OpenAPI 3.0 or 3.1 document at ${c.sourceUrl ?? "that URL"} (reachable from the worker), or ${attach}.`);
      }
      return fail("No OpenAPI contract is attached.", `Attach one: ${attach}.`);
    }
    case "auth": {
      const req = requirementsOf(api);
      if (!req) return na("No gateway route leads to it: Signpost sees authentication only on gateway routes.");
      const methods = req.authentication.filter((a) => !a.optional).map((a) => a.type);
      if (methods.length || req.acl) return pass(`Gateway route ${req.route} on ${req.gateway} requires ${[...methods, ...(req.acl ? ["acl"] : [])].join(" and ")}.`);
      const optional = req.authentication.map((a) => a.type);
      return fail(
        optional.length
          ? `Gateway route ${req.route} on ${req.gateway} lets callers through anonymously (${optional.join(", ")} with an anonymous consumer).`
          : `Gateway route ${req.route} on ${req.gateway} has no authentication plugin.`,
        `Add an authentication plugin (key-auth, jwt, oauth2, openid-connect) or acl to route ${req.route} or its service, e.g. POST /routes/${req.route}/plugins {"name":"key-auth"} on the gateway's Admin API.`,
      );
    }
    case "rate_limit": {
      const req = requirementsOf(api);
      if (!req) return na("No gateway route leads to it: Signpost sees rate limits only on gateway routes.");
      const limits = req.rateLimits.flatMap((r) => r.limits.map((l) => `${l.limit} per ${l.per}`));
      return limits.length
        ? pass(`Gateway route ${req.route} allows ${limits.join(", ")}.`)
        : fail(`Gateway route ${req.route} on ${req.gateway} has no rate limit.`, `Add rate-limiting to route ${req.route} or its service, e.g. POST /routes/${req.route}/plugins {"name":"rate-limiting","config":{"minute":600}}.`);
    }
    case "https":
      if (!api.proxyUrl) return na("It has no address yet.");
      if (api.exposureMode === "ClusterIP" || api.exposureMode === "ExternalName") return na("It is reachable only inside its cluster (or is an external name).");
      return api.proxyUrl.startsWith("https://")
        ? pass(`Its proxy URL ${api.proxyUrl} uses https.`)
        : fail(`Its proxy URL ${api.proxyUrl} is plain http.`, "Serve it over TLS: an https proxy URL for the gateway (SIGNPOST_KONG_PROXY_URL or the gateway's proxyUrl), https-only route protocols, or TLS on the Ingress.");
    case "gateway_only": {
      if (!api.exposures.some((e) => e.mode === "Gateway")) return na("It has no gateway route to go around.");
      const direct = api.exposures.filter((e) => e.mode === "NodePort" || e.mode === "LoadBalancer");
      if (!direct.length) return pass("Outside its cluster it is published only through the gateway.");
      const names = [...new Set(direct.map((e) => `${e.mode} Service ${e.source.name}`))];
      // Intended when the API's own Service says so, or each directly published Service does.
      const apiIntended = api.annotations[ANNOTATION_DIRECT_EXPOSURE]?.trim() === "intended";
      const unintended = apiIntended ? [] : direct.filter((e) => (e.details as { directExposure?: string }).directExposure !== "intended");
      if (!unintended.length) return pass(`It is also published as ${names.join(", ")}, annotated as intended.`);
      const around = [...new Set(unintended.map((e) => `${e.mode} Service ${e.source.name}`))];
      return fail(
        `It is also reachable around the gateway through ${around.join(", ")}.`,
        `Make ${around.length > 1 ? "those Services" : "that Service"} ClusterIP, or annotate ${around.length > 1 ? "them" : "it"} signpost.dev/direct-exposure: intended.`,
      );
    }
    case "endpoints":
      if (api.readyPods === null) return na("No Kubernetes Service with endpoints is behind it.");
      return api.readyPods > 0
        ? pass(`${api.readyPods} of ${api.totalPods ?? api.readyPods} endpoints are ready.`)
        : fail(
            api.totalPods ? `None of its ${api.totalPods} endpoints is ready.` : "No endpoint backs it.",
            `Check the pods behind it${api.namespace ? ` (kubectl -n ${api.namespace} get pods)` : ""}: their readiness probes, or the Service's selector.`,
          );
    case "docs": {
      if (api.cluster === null) return na("No Kubernetes object carries link annotations for it.");
      const links = docLinksOf(api);
      return links.length
        ? pass(`Links: ${links.map((l) => l.kind).join(" and ")}.`)
        : fail("Neither documentation nor a runbook is linked.", "Annotate its Service with a8r.io/documentation: <url> or a8r.io/runbook: <url>.");
    }
  }
}

function extraCheck(c: TExtraCheck, api: ScorableApi): Outcome {
  const [where, key] = c.label !== undefined ? (["label", c.label] as const) : (["annotation", c.annotation!] as const);
  const value = (where === "label" ? api.labels : api.annotations)[key]?.trim();
  const ok = c.equals !== undefined ? value === c.equals : Boolean(value);
  if (ok) return pass(`The ${where} ${key} is ${c.equals !== undefined ? `"${c.equals}"` : "set"}.`);
  return fail(
    value === undefined || value === "" ? `The ${where} ${key} is missing.` : `The ${where} ${key} is "${value}", not "${c.equals}".`,
    c.fix ?? `Set the ${where} ${key}${c.equals !== undefined ? `: "${c.equals}"` : ""} on its Service.`,
  );
}
