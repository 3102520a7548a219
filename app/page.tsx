// The catalog: every API, its owner, how it is exposed and its proxy URL. The first view is
// rendered here from the database; the client keeps it fresh and owns every change of view.
import type { Metadata } from "next";
import { CatalogView, type CatalogInitial } from "./_components/catalog-view";
import { parseCatalogState, toSearch } from "@/components/catalog/catalog-url";
import { ZApiListQuery } from "@/lib/api/schemas/api";
import { cachedApiCount, cachedApiFacets } from "@/lib/catalog/cached-facets";
import { findApis } from "@/lib/catalog/find-apis";
import { getDb } from "@/lib/db/client";
import { listSources } from "@/lib/sources/list-sources";
import { pageEventsAfter, readerOfPage } from "@/lib/web/page-reader";
import { sourcesFor } from "@/lib/sources/redact-source";
import { seesInternals } from "@/lib/auth/sees-internals";
import { logger } from "@/lib/log";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "API catalog" };

export default async function CatalogPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const internals = seesInternals(await readerOfPage());
  const state = parseCatalogState(await searchParams);
  const listSearch = toSearch(state, "list");
  const facetSearch = toSearch(state, "facets");
  const db = getDb();
  const listQuery = ZApiListQuery.parse(Object.fromEntries(new URLSearchParams(listSearch)));
  const [list, facets, sources] = await Promise.allSettled([
    Promise.all([findApis(db.pool, listQuery), cachedApiCount(db.pool, listQuery)]).then(([page, total]) => ({ ...page, total })),
    cachedApiFacets(db.pool, ZApiListQuery.parse(Object.fromEntries(new URLSearchParams(facetSearch)))),
    listSources(db.prisma),
  ]);
  if (list.status === "rejected") logger.warn("catalog page: listing APIs failed", { error: String((list.reason as Error)?.message ?? list.reason) });
  const initial: CatalogInitial = {
    listSearch,
    facetSearch,
    list: list.status === "fulfilled" ? list.value : undefined,
    // raw database errors are internal; the server log has them
    listError: list.status === "rejected" ? (internals ? String((list.reason as Error)?.message ?? list.reason) : "the database did not answer; retry shortly") : undefined,
    facets: facets.status === "fulfilled" ? facets.value : undefined,
    sources: sources.status === "fulfilled" ? sourcesFor(sources.value, internals) : undefined,
    // readerOfPage read it before any of this data (the same value: once per request)
    asOf: await pageEventsAfter(),
  };
  return <CatalogView initial={initial} />;
}
