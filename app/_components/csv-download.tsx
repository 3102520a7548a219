"use client";
// Downloads the catalog's current view (search, filters, sort; every page) as CSV: GET
// /api/v1/apis with Accept: text/csv, saved under a name that says when.
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { toSearch, type CatalogState } from "@/components/catalog/catalog-url";

export function CsvDownload({ state }: { state: CatalogState }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // the whole view: no page, no page size
  const search = toSearch({ ...state, cursor: null, back: [], limit: 50 }, "list");
  async function download() {
    setBusy(true);
    setError(null);
    try {
      const res = await fetch(`/api/v1/apis${search ? `?${search}` : ""}`, { headers: { accept: "text/csv" } });
      if (!res.ok) throw new Error(`the server answered ${res.status}`);
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement("a");
      a.href = url;
      a.download = `signpost-apis-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-")}.csv`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (err) {
      setError(`Could not download: ${(err as Error).message}`);
    } finally {
      setBusy(false);
    }
  }
  return (
    <span className="flex items-center gap-2">
      <Button size="sm" onClick={() => void download()} disabled={busy} aria-describedby={error ? "csv-error" : undefined}>
        {busy ? "Preparing CSV…" : "Download CSV"}
      </Button>
      {error ? <span id="csv-error" role="alert" className="text-xs text-red-700 dark:text-red-400">{error}</span> : null}
    </span>
  );
}
