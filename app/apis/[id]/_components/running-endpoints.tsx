"use client";
// Where the API runs: per Service, its endpoints (pod, node, zone, addresses) and their
// conditions, from the EndpointSlices Signpost synced.
import { useApiEndpoints, type ServiceEndpoints } from "@/lib/queries/api-runtime";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { DataCell, DataRow, DataTable } from "@/components/ui/data-table";

export function RunningEndpoints({ apiId, initial }: { apiId: string; initial?: ServiceEndpoints[] }) {
  const q = useApiEndpoints(apiId, initial);
  if (q.isPending) return <p className="text-sm">Loading endpoints…</p>;
  if (q.error && !q.data) return <Alert tone="warning" title="Could not load the endpoints">{q.error.message}</Alert>;
  const services = q.data ?? [];
  if (services.length === 0) return <p className="text-sm text-slate-700 dark:text-slate-300">No Kubernetes Service is behind this API.</p>;
  return (
    <div className="space-y-4" data-testid="endpoints">
      {services.map((s) => (
        <div key={`${s.service.cluster}/${s.service.namespace}/${s.service.name}`} className="space-y-1" data-testid="service-endpoints" data-service={s.service.name}>
          <h3 className="text-sm font-semibold">
            Service {s.service.namespace}/{s.service.name} <span className="font-normal text-slate-600 dark:text-slate-400">in cluster {s.service.cluster}</span>
          </h3>
          {s.endpoints.length === 0 ? (
            <p className="text-sm text-slate-700 dark:text-slate-300">No endpoints (no pod matches its selector, or it has no selector).</p>
          ) : (
            <DataTable caption={`Endpoints of Service ${s.service.name}`} columns={["Pod", "Node", "Zone", "State", "Addresses"]}>
              {s.endpoints.map((e, i) => (
                <DataRow key={`${e.slice}-${e.pod ?? e.addresses[0] ?? i}`} data-testid="endpoint">
                  <DataCell label="Pod"><span className="break-all font-mono text-xs">{e.pod ?? "—"}</span></DataCell>
                  <DataCell label="Node" className="text-xs">{e.node ?? "—"}</DataCell>
                  <DataCell label="Zone" className="text-xs">{e.zone ?? "—"}</DataCell>
                  <DataCell label="State">
                    <span className="inline-flex flex-wrap gap-1">
                      <Badge tone={e.ready ? "success" : "warning"}>{e.ready ? "ready" : "not ready"}</Badge>
                      {e.serving !== e.ready ? <Badge tone={e.serving ? "info" : "warning"}>{e.serving ? "serving" : "not serving"}</Badge> : null}
                      {e.terminating ? <Badge tone="danger">terminating</Badge> : null}
                    </span>
                  </DataCell>
                  <DataCell label="Addresses"><span className="break-all font-mono text-xs">{e.addresses.join(", ") || "—"}{e.hostname ? ` (${e.hostname})` : ""}</span></DataCell>
                </DataRow>
              ))}
            </DataTable>
          )}
        </div>
      ))}
    </div>
  );
}
