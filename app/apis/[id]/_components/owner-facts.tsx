// Who owns the API and where it lives: microservice, team, cluster and namespace, manager,
// pods, who registered it and when, and its timestamps.
import type { ReactNode } from "react";
import type { TApi } from "@/lib/api/schemas/api";
import { RelativeTime } from "@/components/ui/relative-time";

export function OwnerFacts({ api }: { api: TApi }) {
  const rows: [string, ReactNode][] = [
    ["Team", api.team ?? "no team"],
    ["Microservice", api.microservice ?? "—"],
    ["Where", api.cluster ? `cluster ${api.cluster}${api.namespace ? `, namespace ${api.namespace}` : ""}` : api.gateways.length ? `gateway ${api.gateways.join(", ")}` : "—"],
    ["Managed by", api.managedBy],
    ...(api.totalPods !== null ? [["Pods", `${api.readyPods ?? 0} of ${api.totalPods} ready`] as [string, ReactNode]] : []),
    ...(api.registeredBy
      ? [["Registered", <span key="r">by {api.registeredBy}{api.registeredAt ? <>, <RelativeTime iso={api.registeredAt} /></> : null}</span>] as [string, ReactNode]]
      : []),
    ["First seen", <RelativeTime key="c" iso={api.createdAt} />],
    ["Last changed", <RelativeTime key="u" iso={api.updatedAt} />],
    ...(api.goneAt ? [["Gone", <RelativeTime key="g" iso={api.goneAt} />] as [string, ReactNode]] : []),
    ["Key", <code key="k" className="break-all font-mono text-xs">{api.key}</code>],
  ];
  return (
    <dl className="grid grid-cols-[7rem_minmax(0,1fr)] gap-x-3 gap-y-1.5 text-sm" data-testid="owner">
      {rows.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-slate-700 dark:text-slate-300">{k}</dt>
          <dd className="min-w-0">{v}</dd>
        </div>
      ))}
    </dl>
  );
}
