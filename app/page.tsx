// The catalog: every API, its owner, how it is exposed and its proxy URL.
import { CatalogTable } from "@/components/catalog/catalog-table";
import { ZApiListQuery } from "@/lib/api/schemas/api";
import { findApis } from "@/lib/catalog/find-apis";
import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";

export default async function CatalogPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(sp)) for (const item of [v].flat()) if (item !== undefined) params.append(k, item);
  const parsed = ZApiListQuery.safeParse(Object.fromEntries(params));
  const query = parsed.success ? parsed.data : ZApiListQuery.parse({});
  const initial = await findApis(getDb().prisma, query);
  const search = params.toString();
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <h1 className="text-2xl font-semibold tracking-tight">API catalog</h1>
        <form role="search" action="/" className="flex gap-2">
          <label htmlFor="q" className="sr-only">Search APIs</label>
          <input
            id="q"
            type="search"
            name="q"
            defaultValue={query.q ?? ""}
            placeholder="Search name, team, host, path…"
            className="w-72 rounded border border-slate-300 bg-white px-3 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900"
          />
          <button type="submit" className="rounded bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800">Search</button>
        </form>
      </div>
      <CatalogTable search={search} initial={initial} />
    </div>
  );
}
