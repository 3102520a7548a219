"use client";
// Above the list: how many APIs are shown of how many in the view (announced politely), sort,
// page size, gone APIs, the CSV download of the view, and a fixed-size "updating" mark so that
// nothing moves while data refreshes.
import { useId } from "react";
import type { ApiPage } from "@/lib/queries/apis";
import { PAGE_SIZES, SORTS, pageNumber, withSettings, type CatalogState, type Sort } from "@/components/catalog/catalog-url";
import { CsvDownload } from "./csv-download";

const SELECT = "rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-900";

export function CatalogToolbar({ state, page, fetching, onChange }: { state: CatalogState; page?: ApiPage; fetching: boolean; onChange: (s: CatalogState) => void }) {
  const id = useId();
  const n = page?.data.length ?? 0;
  const number = pageNumber(state);
  const total = page?.total;
  const first = (number - 1) * state.limit + 1;
  const summary = !page
    ? "Loading APIs…"
    : n === 0
      ? "No APIs match"
      : number === 1 && !page.nextCursor
        ? `${n} API${n === 1 ? "" : "s"}`
        : total !== undefined
          ? `${first}–${first + n - 1} of ${total} APIs`
          : `${n} API${n === 1 ? "" : "s"} on page ${number}`;
  return (
    <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2">
      <p className="flex items-center gap-2 text-sm">
        <span role="status" data-testid="result-summary" data-total={total}>{summary}</span>
        <span className={`text-xs text-slate-600 dark:text-slate-400 ${fetching ? "visible" : "invisible"}`} aria-hidden="true">updating…</span>
      </p>
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2 text-sm">
        {page && n > 0 ? <CsvDownload state={state} /> : null}
        <label className="flex items-center gap-2" htmlFor={`${id}-gone`}>
          <input
            id={`${id}-gone`}
            type="checkbox"
            checked={state.includeGone}
            onChange={(e) => onChange(withSettings(state, { includeGone: e.target.checked }))}
            className="h-4 w-4 accent-sky-700"
          />
          Show gone APIs
        </label>
        <span className="flex items-center gap-2">
          <label htmlFor={`${id}-sort`}>Sort</label>
          <select id={`${id}-sort`} value={state.sort} onChange={(e) => onChange(withSettings(state, { sort: e.target.value as Sort }))} className={SELECT}>
            {SORTS.map((s) => <option key={s.value} value={s.value}>{s.label}</option>)}
          </select>
        </span>
        <span className="flex items-center gap-2">
          <label htmlFor={`${id}-limit`}>Per page</label>
          <select id={`${id}-limit`} value={state.limit} onChange={(e) => onChange(withSettings(state, { limit: Number(e.target.value) }))} className={SELECT}>
            {[...new Set([...PAGE_SIZES, state.limit])].sort((a, b) => a - b).map((n) => <option key={n} value={n}>{n}</option>)}
          </select>
        </span>
      </div>
    </div>
  );
}
