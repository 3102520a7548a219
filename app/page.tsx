// The catalog: every API, its owner, how it is exposed and its proxy URL. The first view is
// rendered here from the database; the client keeps it fresh and owns every change of view.
import type { Metadata } from "next";
import { CatalogView, type CatalogInitial } from "./_components/catalog-view";
import { parseCatalogState, toSearch } from "@/components/catalog/catalog-url";
import { ZApiListQuery } from "@/lib/api/schemas/api";
import { cachedApiFacets } from "@/lib/catalog/cached-facets";
import { findApis } from "@/lib/catalog/find-apis";
import { getDb } from "@/lib/db/client";
import { listSources } from "@/lib/sources/list-sources";
import { readerOfPage } from "@/lib/web/page-reader";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "API catalog" };

export default async function CatalogPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await readerOfPage();
  const state = parseCatalogState(await searchParams);
  const listSearch = toSearch(state, "list");
  const facetSearch = toSearch(state, "facets");
  const db = getDb();
  const [list, facets, sources] = await Promise.allSettled([
    findApis(db.pool, ZApiListQuery.parse(Object.fromEntries(new URLSearchParams(listSearch)))),
    cachedApiFacets(db.pool, ZApiListQuery.parse(Object.fromEntries(new URLSearchParams(facetSearch)))),
    listSources(db.prisma),
  ]);
  const initial: CatalogInitial = {
    listSearch,
    facetSearch,
    list: list.status === "fulfilled" ? list.value : undefined,
    listError: list.status === "rejected" ? String((list.reason as Error)?.message ?? list.reason) : undefined,
    facets: facets.status === "fulfilled" ? facets.value : undefined,
    sources: sources.status === "fulfilled" ? sources.value : undefined,
  };
  return <CatalogView initial={initial} />;
}
