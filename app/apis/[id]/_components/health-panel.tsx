// The API's health: the prober's verdict on its probe path ("answering", or "failing since
// <time>") with the last check, and Kong's health of the targets behind its gateway routes.
import type { TApiDetail } from "@/lib/api/schemas/api";
import type { TUpstreamHealth } from "@/lib/api/schemas/health";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { HealthBadge, utcTime } from "@/components/catalog/health-cell";

const TARGET_TONE: Record<string, BadgeTone> = { HEALTHY: "success", UNHEALTHY: "danger", HEALTHCHECKS_OFF: "neutral", DNS_ERROR: "warning" };

export function HealthPanel({ api }: { api: Pick<TApiDetail, "health" | "upstreamHealth"> }) {
  const h = api.health;
  return (
    <div className="space-y-4">
      {h ? (
        <div className="space-y-1 text-sm" data-testid="health" data-state={h.state}>
          <p className="flex flex-wrap items-center gap-2">
            <HealthBadge health={h} />
            <span data-testid="health-since">since {utcTime(h.since)} (<RelativeTime iso={h.since} />)</span>
          </p>
          <p className="text-slate-700 dark:text-slate-300">
            Last check <RelativeTime iso={h.checkedAt} />: GET <code className="break-all font-mono text-xs">{h.url ?? h.path}</code>{" "}
            {h.status !== null ? <>answered <strong data-testid="health-status">{h.status}</strong>{h.latencyMs !== null ? ` in ${h.latencyMs} ms` : ""}</> : "got no answer"}
            {h.answeredBy?.pod ? <> from pod <code className="font-mono text-xs">{h.answeredBy.pod}</code></> : null}
          </p>
          {h.error ? <p className="break-all text-red-800 dark:text-red-300" data-testid="health-error">{h.error}</p> : null}
        </div>
      ) : (
        <p className="text-sm" data-testid="health" data-state="none">
          Not probed. Give the registration a <code className="font-mono text-xs">probePath</code>, or annotate its Service with{" "}
          <code className="font-mono text-xs">signpost.dev/probe-path: /healthz</code>, and Signpost calls it regularly.
        </p>
      )}
      {api.upstreamHealth.map((u) => <UpstreamTargets key={`${u.gateway}/${u.upstream}`} u={u} />)}
    </div>
  );
}

function UpstreamTargets({ u }: { u: TUpstreamHealth }) {
  return (
    <div className="space-y-1 text-sm" data-testid="upstream-health" data-upstream={u.upstream}>
      <p>
        Targets of upstream <code className="break-all font-mono text-xs">{u.upstream}</code> on gateway {u.gateway}, as Kong sees them (<RelativeTime iso={u.checkedAt} />)
      </p>
      {u.error ? <p className="break-all text-red-800 dark:text-red-300">{u.error}</p> : null}
      {u.targets.length === 0 ? <p className="text-slate-700 dark:text-slate-300">No targets: Kong has nowhere to send requests.</p> : null}
      <ul className="space-y-1">
        {u.targets.map((t) => (
          <li key={t.target} className="flex flex-wrap items-center gap-2" data-testid="upstream-target" data-health={t.health ?? "unknown"}>
            <code className="font-mono text-xs">{t.target}</code>
            <Badge tone={TARGET_TONE[t.health ?? ""] ?? "neutral"}>{t.health ?? "not reported"}</Badge>
            <span className="text-xs text-slate-600 dark:text-slate-400">weight {t.weight}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
