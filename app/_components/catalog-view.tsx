"use client";
// The catalog page's client root: the view in the URL, the list, facets and sources from
// TanStack Query (server-rendered data first), and every state: loading, empty, error, stale.
import { useState } from "react";
import type { ApiPage } from "@/lib/queries/apis";
import { useApis } from "@/lib/queries/apis";
import { useCatchUp } from "@/components/live/stream-position";
import { useFacets, type FacetCounts } from "@/lib/queries/api-facets";
import { useSources, type Source } from "@/lib/queries/sources";
import { hasFilters, toSearch, withoutFilters } from "@/components/catalog/catalog-url";
import { SourceBanner } from "@/components/sources/source-banner";
import { SourceFreshness } from "@/components/sources/source-freshness";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { useCatalogState } from "./use-catalog-state";
import { SearchBox } from "./search-box";
import { FacetPanel } from "./facet-panel";
import { CatalogToolbar } from "./catalog-toolbar";
import { CatalogResults } from "./catalog-results";

export type CatalogInitial = {
  listSearch: string;
  facetSearch: string;
  list?: ApiPage;
  listError?: string;
  facets?: FacetCounts;
  sources?: Source[];
  /** the newest change event when the server read this data (useCatchUp) */
  asOf?: string | null;
};

export function CatalogView({ initial }: { initial: CatalogInitial }) {
  const [state, go] = useCatalogState();
  const [filtersOpen, setFiltersOpen] = useState(false);
  const listSearch = toSearch(state, "list");
  const facetSearch = toSearch(state, "facets");
  const apis = useApis(listSearch, listSearch === initial.listSearch ? initial.list : undefined);
  const facets = useFacets(facetSearch, facetSearch === initial.facetSearch ? initial.facets : undefined);
  const sources = useSources(initial.sources);
  useCatchUp(initial.asOf);
  const selected = Object.values(state.facets).reduce((n, v) => n + v.length, 0);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-x-6 gap-y-2">
        <h1 className="text-2xl font-semibold tracking-tight">API catalog</h1>
        {sources.data ? <SourceFreshness sources={sources.data} /> : null}
      </div>
      {sources.data ? <SourceBanner sources={sources.data} /> : null}
      <SearchBox value={state.q} onSearch={(q, how) => go({ ...state, q, cursor: null, back: [] }, how)} />
      <div className="lg:hidden">
        <Button size="sm" aria-expanded={filtersOpen} aria-controls="catalog-filters" onClick={() => setFiltersOpen((o) => !o)}>
          {filtersOpen ? "Hide filters" : "Show filters"}{selected ? ` (${selected} selected)` : ""}
        </Button>
      </div>
      <div className="grid gap-6 lg:grid-cols-[15rem_minmax(0,1fr)]">
        <aside id="catalog-filters" aria-label="Filters" className={`${filtersOpen ? "block" : "hidden"} lg:block`}>
          <FacetPanel state={state} counts={facets.data} onChange={go} />
        </aside>
        <section aria-label="Results" className="min-w-0 space-y-3">
          <CatalogToolbar state={state} page={apis.data} fetching={apis.isFetching} onChange={go} />
          {apis.error && apis.data ? (
            <Alert tone="warning" title="Could not refresh the list">{apis.error.message}. Showing what was loaded last.</Alert>
          ) : null}
          {!apis.data && (apis.error || initial.listError) ? (
            <Alert
              tone="error"
              title="The catalog could not be loaded"
              action={<Button size="sm" onClick={() => (state.cursor ? go({ ...state, cursor: null, back: [] }) : void apis.refetch())}>{state.cursor ? "First page" : "Retry"}</Button>}
            >
              {apis.error?.message ?? initial.listError}
            </Alert>
          ) : null}
          <CatalogResults
            state={state}
            listSearch={listSearch}
            page={apis.data}
            loading={apis.isPending && !apis.error}
            stale={apis.isPlaceholderData}
            onChange={go}
            onClear={hasFilters(state) ? () => go(withoutFilters(state)) : undefined}
          />
        </section>
      </div>
    </div>
  );
}
