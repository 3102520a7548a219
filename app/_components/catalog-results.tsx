"use client";
// The list itself: rows in a stable order across refreshes, a skeleton while the very first
// answer loads, the empty state, and the pager (cursor in the URL, with a stack for Previous).
import { useState } from "react";
import type { ApiPage } from "@/lib/queries/apis";
import { CatalogTable } from "@/components/catalog/catalog-table";
import { nextPage, pageNumber, previousPage, toggledSort, withSettings, type CatalogState } from "@/components/catalog/catalog-url";
import { stableOrder } from "@/components/catalog/stable-order";
import { Button } from "@/components/ui/button";

type Props = {
  state: CatalogState;
  listSearch: string;
  page?: ApiPage;
  loading: boolean;
  stale: boolean;
  onChange: (s: CatalogState) => void;
  onClear?: () => void;
};

export function CatalogResults({ state, listSearch, page, loading, stale, onChange, onClear }: Props) {
  const rows = useStableRows(stale ? `stale:${listSearch}` : listSearch, page?.data ?? []);
  if (loading) return <Skeleton />;
  if (!page) return null;
  const number = pageNumber(state);
  return (
    <div className="space-y-3">
      {rows.length === 0 ? (
        <div className="rounded border border-dashed border-slate-300 p-6 text-center text-sm text-slate-700 dark:border-slate-700 dark:text-slate-300">
          <p className="font-medium">No APIs match this view.</p>
          <p className="mt-1">{onClear ? "Try fewer filters or another search." : state.includeGone ? "The catalog is empty." : "The catalog is empty, or its sources are still syncing."}</p>
          {onClear ? <Button className="mt-3" size="sm" onClick={onClear}>Clear search and filters</Button> : null}
        </div>
      ) : (
        <CatalogTable rows={rows} busy={stale} sort={state.sort} onSort={(field) => onChange(withSettings(state, { sort: toggledSort(state.sort, field) }))} />
      )}
      {number > 1 || page.nextCursor ? (
        <nav aria-label="Pages" className="flex items-center justify-between gap-2 text-sm">
          <Button size="sm" disabled={number === 1} onClick={() => onChange(previousPage(state))}>← Previous page</Button>
          <span>Page {number}</span>
          <Button size="sm" disabled={!page.nextCursor || stale} onClick={() => page.nextCursor && onChange(nextPage(state, page.nextCursor))}>Next page →</Button>
        </nav>
      ) : null}
    </div>
  );
}

/** Rows of `key` in the order first shown; a new key starts from the server's order. */
function useStableRows<T extends { id: string }>(key: string, rows: T[]): T[] {
  const [shown, setShown] = useState<{ key: string; ids: string[] }>({ key, ids: rows.map((r) => r.id) });
  const ordered = shown.key === key ? stableOrder(shown.ids, rows) : rows;
  const ids = ordered.map((r) => r.id);
  if (shown.key !== key || ids.join() !== shown.ids.join()) setShown({ key, ids });
  return ordered;
}

function Skeleton() {
  return (
    <div aria-hidden="true" className="space-y-2">
      {Array.from({ length: 5 }, (_, i) => (
        <div key={i} className="h-10 animate-pulse rounded bg-slate-100 dark:bg-slate-900" />
      ))}
    </div>
  );
}
