// How to call the API: curl, the CLI's resolve, and an environment variable line.
import type { TApi } from "@/lib/api/schemas/api";
import { CodeLine } from "@/components/ui/code-line";

/** ORDERS_V2_URL for "orders-v2". */
export function envVarName(name: string): string {
  const base = name.toUpperCase().replace(/[^A-Z0-9]+/g, "_").replace(/^_+|_+$/g, "");
  return `${/^[0-9]/.test(base) ? `API_${base}` : base || "API"}_URL`;
}

export function ConsumeApi({ api }: { api: TApi }) {
  const lines = [
    ...(api.proxyUrl ? [{ label: "Call it", value: `curl ${api.proxyUrl}` }] : []),
    { label: "Resolve its address at run time", value: `npx signpost resolve ${api.name}` },
    ...(api.proxyUrl ? [{ label: "Configure a client", value: `${envVarName(api.name)}=${api.proxyUrl}` }] : []),
  ];
  return (
    <div className="space-y-3" data-testid="consume">
      {api.proxyUrl ? null : <p className="text-sm">The API has no address yet; resolve it once it has one.</p>}
      {lines.map((l) => (
        <div key={l.label} className="space-y-1">
          <p className="text-xs font-medium text-slate-700 dark:text-slate-300">{l.label}</p>
          <CodeLine value={l.value} label={`Copy: ${l.value}`} />
        </div>
      ))}
    </div>
  );
}
