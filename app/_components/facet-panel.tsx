"use client";
// Facets as checkbox groups with counts. Each group counts what the other filters leave, so
// choosing a value never hides its alternatives; a selected value that no longer matches
// anything stays listed (count 0) so that it can be cleared.
import { useId } from "react";
import { FACET_NAMES, type FacetCounts, type FacetName } from "@/lib/queries/api-facets";
import { withFacet, withoutFilters, type CatalogState } from "@/components/catalog/catalog-url";
import { Button } from "@/components/ui/button";

export const FACET_LABELS: Record<FacetName, string> = {
  mode: "Exposure mode",
  cluster: "Cluster",
  namespace: "Namespace",
  team: "Team",
  owner: "Owner",
  gateway: "Gateway",
  managedBy: "Managed by",
  failing: "Failing check",
  level: "Scorecard level",
  health: "Health",
};

export function FacetPanel({ state, counts, onChange }: { state: CatalogState; counts?: FacetCounts; onChange: (s: CatalogState) => void }) {
  const any = FACET_NAMES.some((f) => state.facets[f].length);
  return (
    <div className="space-y-4" data-testid="facets">
      <div className="flex items-center justify-between">
        <h2 className="text-sm font-semibold">Filters</h2>
        {any ? <Button size="sm" tone="ghost" onClick={() => onChange({ ...withoutFilters(state), q: state.q })}>Clear filters</Button> : null}
      </div>
      {FACET_NAMES.map((f) => (
        <FacetGroup key={f} facet={f} state={state} values={counts?.[f]} onChange={onChange} />
      ))}
    </div>
  );
}

function FacetGroup({ facet, state, values, onChange }: { facet: FacetName; state: CatalogState; values?: { value: string; count: number }[]; onChange: (s: CatalogState) => void }) {
  const id = useId();
  const selected = state.facets[facet];
  const shown = [...(values ?? [])];
  for (const v of selected) if (!shown.some((x) => x.value === v)) shown.push({ value: v, count: 0 });
  return (
    <fieldset className="space-y-1" data-facet={facet}>
      <legend className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">{FACET_LABELS[facet]}</legend>
      {values === undefined ? <p className="text-xs text-slate-600 dark:text-slate-400">Loading…</p> : null}
      {values !== undefined && shown.length === 0 ? <p className="text-xs text-slate-600 dark:text-slate-400">None</p> : null}
      {shown.map(({ value, count }) => {
        const inputId = `${id}-${value}`;
        const checked = selected.includes(value);
        return (
          <div key={value} className="flex items-center gap-2 text-sm">
            <input
              id={inputId}
              type="checkbox"
              checked={checked}
              onChange={(e) => onChange(withFacet(state, facet, value, e.target.checked))}
              className="h-4 w-4 accent-sky-700"
            />
            <label htmlFor={inputId} className="flex min-w-0 flex-1 justify-between gap-2">
              <span className="truncate" data-testid="facet-value">{value}</span>
              <span className="tabular-nums text-slate-600 dark:text-slate-400" data-testid="facet-count">
                {count}
                <span className="sr-only"> {count === 1 ? "API" : "APIs"}</span>
              </span>
            </label>
          </div>
        );
      })}
    </fieldset>
  );
}
