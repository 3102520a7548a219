"use client";
// The catalog list: server-rendered rows, then kept fresh by TanStack Query.
import Link from "next/link";
import { useApis, type ApiPage } from "@/lib/queries/apis";
import { CopyButton } from "@/components/ui/copy-button";
import { ModeBadge } from "@/components/ui/mode-badge";
import { RelativeTime } from "@/components/ui/relative-time";

export function CatalogTable({ search, initial }: { search: string; initial: ApiPage }) {
  const { data, error } = useApis(search, initial);
  const page = data ?? initial;
  if (page.data.length === 0) {
    return <p className="rounded border border-dashed border-slate-300 p-6 text-center text-slate-600 dark:border-slate-700 dark:text-slate-400">No APIs match.</p>;
  }
  return (
    <div className="overflow-x-auto">
      {error ? <p role="alert" className="mb-2 text-sm text-red-700 dark:text-red-400">Could not refresh: {error.message}</p> : null}
      <table className="w-full border-collapse text-left text-sm">
        <caption className="sr-only">Catalog APIs</caption>
        <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-600 dark:border-slate-800 dark:text-slate-400">
          <tr>
            <th scope="col" className="py-2 pr-4">API</th>
            <th scope="col" className="py-2 pr-4">Owner</th>
            <th scope="col" className="py-2 pr-4">Exposed as</th>
            <th scope="col" className="py-2 pr-4">Proxy URL</th>
            <th scope="col" className="py-2 pr-4">Where</th>
            <th scope="col" className="py-2">Updated</th>
          </tr>
        </thead>
        <tbody>
          {page.data.map((api) => (
            <tr key={api.id} data-testid="api-row" data-api={api.name} className="border-b border-slate-100 align-top dark:border-slate-900">
              <td className="py-2 pr-4">
                <Link href={`/apis/${api.id}`} className="font-medium text-sky-800 hover:underline dark:text-sky-300">{api.name}</Link>
                {api.goneAt ? <span className="ml-2 text-xs text-slate-500">gone</span> : null}
              </td>
              <td className="py-2 pr-4">
                <div>{api.microservice ?? "—"}</div>
                <div className="text-xs text-slate-600 dark:text-slate-400">{api.team ? `team ${api.team}` : "no team"}</div>
              </td>
              <td className="py-2 pr-4">
                <div className="flex flex-wrap gap-1">{api.modes.map((m) => <ModeBadge key={m} mode={m} />)}</div>
              </td>
              <td className="max-w-xs py-2 pr-4">
                {api.proxyUrl ? (
                  <div className="flex items-center gap-2">
                    <code className="truncate font-mono text-xs" title={api.proxyUrl}>{api.proxyUrl}</code>
                    <CopyButton value={api.proxyUrl} label={`Copy the proxy URL of ${api.name}`} />
                  </div>
                ) : (
                  <span className="text-xs text-slate-500">pending</span>
                )}
              </td>
              <td className="py-2 pr-4 text-xs">
                {api.cluster ?? (api.gateways.join(", ") || "—")}
                {api.namespace ? <span className="text-slate-600 dark:text-slate-400"> / {api.namespace}</span> : null}
              </td>
              <td className="py-2 text-xs text-slate-600 dark:text-slate-400"><RelativeTime iso={api.updatedAt} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
