"use client";
// A subscription's delivery log, newest first: the event, the status, attempts, the last answer
// or error, and when it is tried next (or was delivered). Polled; older pages on demand.
import type { WebhookDelivery } from "@/lib/queries/webhooks";
import { useDeliveries } from "@/lib/queries/webhooks";
import { Alert } from "@/components/ui/alert";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DataCell, DataRow, DataTable } from "@/components/ui/data-table";
import { RelativeTime } from "@/components/ui/relative-time";

/** The REST status as the label (as the CLI and API say it); a pending delivery that failed before is amber. */
function statusTone(d: WebhookDelivery): BadgeTone {
  if (d.status === "delivered") return "success";
  if (d.status === "failed") return "danger";
  return d.attempts > 0 ? "warning" : "info";
}

export function DeliveryLog({ webhookId }: { webhookId: string }) {
  const log = useDeliveries(webhookId, true);
  const rows = log.data?.pages.flatMap((p) => p.data) ?? [];
  if (log.isPending) return <p className="text-sm">Loading deliveries…</p>;
  if (log.isError && !log.data) return <Alert tone="error" title="Could not load the delivery log">{log.error.message}</Alert>;
  return (
    <div className="space-y-3">
      {log.isError ? <Alert tone="warning" title="Could not refresh the delivery log">{log.error.message}</Alert> : null}
      {rows.length === 0 ? (
        <p className="text-sm" data-testid="no-deliveries">No deliveries yet: the next catalog change that matches the subscription&apos;s events is delivered here.</p>
      ) : (
        <DataTable caption="Deliveries, newest first" columns={["Event", "Status", "Attempts", "Last result", "Next / delivered"]}>
          {rows.map((d) => <DeliveryRow key={d.id} d={d} />)}
        </DataTable>
      )}
      {log.hasNextPage ? (
        <Button size="sm" disabled={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
          {log.isFetchingNextPage ? "Loading…" : "Load older deliveries"}
        </Button>
      ) : null}
    </div>
  );
}

function DeliveryRow({ d }: { d: WebhookDelivery }) {
  return (
    <DataRow data-testid="delivery-row" data-status={d.status} data-event={d.eventId}>
      <DataCell>
        <code className="font-mono text-xs">{d.eventType ?? "event"}</code>{" "}
        <span className="text-xs text-slate-600 dark:text-slate-400">#{d.eventId} · <RelativeTime iso={d.createdAt} /></span>
      </DataCell>
      <DataCell label="Status">
        <span data-testid="delivery-status"><Badge tone={statusTone(d)}>{d.status}</Badge></span>
      </DataCell>
      <DataCell label="Attempts" className="tabular-nums">
        <span data-testid="delivery-attempts">{d.attempts}</span>
      </DataCell>
      <DataCell label="Last result" className="text-xs md:max-w-sm">
        <span data-testid="delivery-result" className="break-words">
          {d.lastStatus !== null ? <>HTTP {d.lastStatus}{d.lastError ? " · " : ""}</> : null}
          {d.lastError ?? (d.lastStatus === null ? <span className="text-slate-600 dark:text-slate-400">not tried yet</span> : null)}
        </span>
      </DataCell>
      <DataCell label={d.deliveredAt ? "Delivered" : "Next attempt"} className="text-xs">
        {d.deliveredAt ? <RelativeTime iso={d.deliveredAt} /> : d.nextAttemptAt ? <FutureTime iso={d.nextAttemptAt} /> : "—"}
      </DataCell>
    </DataRow>
  );
}

/** A time that may lie ahead ("at 14:05:30"): RelativeTime speaks only of the past. */
function FutureTime({ iso }: { iso: string }) {
  const date = new Date(iso);
  return <time dateTime={iso} title={date.toISOString()}>at {date.toISOString().slice(11, 19)} UTC</time>;
}
