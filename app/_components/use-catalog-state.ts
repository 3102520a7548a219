"use client";
// The catalog's view, read from the URL and changed through the History API: Next.js keeps
// useSearchParams in step, and no server round trip happens (TanStack Query fetches the data).
// A change is applied to the view at once (a checkbox must not bounce back while the router
// catches up); a URL change from elsewhere (back, forward) replaces the view.
import { useSearchParams } from "next/navigation";
import { useCallback, useMemo, useState } from "react";
import { parseCatalogState, toSearch, type CatalogState } from "@/components/catalog/catalog-url";

export function useCatalogState(): [CatalogState, (next: CatalogState, how?: "push" | "replace") => void] {
  const params = useSearchParams();
  const fromUrl = useMemo(() => parseCatalogState(new URLSearchParams(params?.toString() ?? "")), [params]);
  const urlSearch = toSearch(fromUrl, "page");
  const [view, setView] = useState(() => ({ state: fromUrl, search: urlSearch }));
  const [seen, setSeen] = useState(urlSearch);
  if (seen !== urlSearch) {
    setSeen(urlSearch);
    if (urlSearch !== view.search) setView({ state: fromUrl, search: urlSearch });
  }
  const go = useCallback((next: CatalogState, how: "push" | "replace" = "push") => {
    const search = toSearch(next, "page");
    setView({ state: next, search });
    const url = search ? `?${search}` : window.location.pathname;
    if (how === "push") window.history.pushState(null, "", url);
    else window.history.replaceState(null, "", url);
  }, []);
  return [view.state, go];
}
