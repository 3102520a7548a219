"use client";
// The catalog list: a table on wide screens, one card per API on narrow ones (the same markup,
// restyled, so it stays a table for assistive technology). A row that just changed is flashed.
// With `sort` and `onSort`, column headers are buttons that sort by their column (aria-sort).
import Link from "next/link";
import type { TApiListItem } from "@/lib/api/schemas/api";
import type { SortField } from "@/lib/catalog/sort-fields";
import { useJustChanged } from "@/components/live/changed-apis";
import { TeamLink } from "@/components/owner/team-link";
import { Badge } from "@/components/ui/badge";
import { CopyButton } from "@/components/ui/copy-button";
import { ModeBadge } from "@/components/ui/mode-badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { ScorecardCell } from "./scorecard-cell";
import { HealthCell } from "./health-cell";
import { sortOf, type Sort } from "./catalog-url";

const TH = "px-3 py-2 font-semibold";
const TD = "block px-3 py-1 md:table-cell md:py-2 md:align-top";
const LABEL = "mr-2 text-xs font-semibold uppercase tracking-wide text-slate-600 md:hidden dark:text-slate-400";

// field null: a column that does not sort (the scorecard and health: filter them with their facets)
const COLUMNS: { title: string; field: SortField | null }[] = [
  { title: "API", field: "name" },
  { title: "Owner", field: "owner" },
  { title: "Exposed as", field: "mode" },
  { title: "Proxy URL", field: "proxyUrl" },
  { title: "Where", field: "cluster" },
  { title: "Scorecard", field: null },
  { title: "Health", field: null },
  { title: "Updated", field: "updated" },
];

type Props = { rows: TApiListItem[]; busy?: boolean; sort?: Sort; onSort?: (field: SortField) => void };

export function CatalogTable({ rows, busy = false, sort, onSort }: Props) {
  const current = sort ? sortOf(sort) : null;
  return (
    <table role="table" aria-busy={busy} className={`block w-full text-left text-sm md:table ${busy ? "opacity-60 transition-opacity" : ""}`}>
      <caption className="sr-only">Catalog APIs{onSort ? ", sortable by each column" : ""}</caption>
      <thead className="sr-only border-b border-slate-200 text-xs uppercase tracking-wide text-slate-600 md:not-sr-only md:table-header-group dark:border-slate-800 dark:text-slate-400">
        <tr role="row">
          {COLUMNS.map((c) => {
            const field = c.field;
            const active = field !== null && current?.field === field;
            const ariaSort = !onSort || field === null ? undefined : active ? (current.descending ? "descending" : "ascending") : "none";
            return (
              <th key={c.title} role="columnheader" scope="col" className={TH} aria-sort={ariaSort}>
                {onSort && field !== null ? (
                  <button type="button" onClick={() => onSort(field)} className="inline-flex items-center gap-1 uppercase tracking-wide hover:underline">
                    {c.title}
                    <span aria-hidden="true" className={active ? "" : "opacity-30"}>{active && current.descending ? "▼" : "▲"}</span>
                  </button>
                ) : (
                  c.title
                )}
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody className="block space-y-3 md:table-row-group md:space-y-0">
        {rows.map((api) => <CatalogRow key={api.id} api={api} />)}
      </tbody>
    </table>
  );
}

function CatalogRow({ api }: { api: TApiListItem }) {
  const flash = useJustChanged(api.id);
  return (
    <tr
      role="row"
      data-testid="api-row"
      data-api={api.name}
      className={`block rounded border border-slate-200 py-2 md:table-row md:rounded-none md:border-0 md:border-b md:border-slate-100 md:py-0 dark:border-slate-800 md:dark:border-slate-900 ${flash ? "row-flash" : ""}`}
    >
      <td role="cell" className={TD}>
        <Link href={`/apis/${api.id}`} className="font-medium text-sky-800 hover:underline dark:text-sky-300">{api.name}</Link>
        {api.goneAt ? <span className="ml-2"><Badge tone="danger">gone</Badge></span> : null}
        {api.managedBy === "signpost" ? <span className="ml-2"><Badge tone="accent">registered</Badge></span> : null}
        {api.microservice && api.microservice !== api.name ? (
          <span className="block text-xs text-slate-600 dark:text-slate-400">microservice {api.microservice}</span>
        ) : null}
      </td>
      <td role="cell" className={TD} data-testid="owner-cell">
        <span className={LABEL}>Owner</span>
        <span className="break-all md:block">{api.owner ?? "—"}</span>{" "}
        <span className="text-xs text-slate-600 md:block dark:text-slate-400">
          {api.team ? <>team <TeamLink team={api.team} /></> : "no team"}
        </span>
      </td>
      <td role="cell" className={TD}>
        <span className="sr-only md:hidden">Exposed as: </span>
        <span className="inline-flex flex-wrap gap-1">{api.modes.map((m) => <ModeBadge key={m} mode={m} />)}</span>
      </td>
      <td role="cell" className={`${TD} md:max-w-xs`}>
        {api.proxyUrl ? (
          <div className="flex min-w-0 items-center gap-2">
            <code className="min-w-0 truncate font-mono text-xs" title={api.proxyUrl}>{api.proxyUrl}</code>
            <CopyButton value={api.proxyUrl} label={`Copy the proxy URL of ${api.name}`} />
          </div>
        ) : (
          <span className="text-xs text-slate-600 dark:text-slate-400">address pending</span>
        )}
      </td>
      <td role="cell" className={`${TD} text-xs`}>
        <span className={LABEL}>Where</span>
        {api.cluster ?? (api.gateways.length ? `gateway ${api.gateways.join(", ")}` : "—")}
        {api.namespace ? <span className="text-slate-600 dark:text-slate-400"> / {api.namespace}</span> : null}
      </td>
      <td role="cell" className={TD}>
        <span className={LABEL}>Scorecard</span>
        <ScorecardCell scorecard={api.scorecard} />
      </td>
      <td role="cell" className={TD}>
        <span className={LABEL}>Health</span>
        <HealthCell health={api.health} />
      </td>
      <td role="cell" className={`${TD} text-xs text-slate-600 dark:text-slate-400`}>
        <span className={LABEL}>Updated</span>
        <RelativeTime iso={api.updatedAt} />
      </td>
    </tr>
  );
}
