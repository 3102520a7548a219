// Labels or annotations as key = value pairs; long values (last-applied configurations) fold.
export function KeyValues({ values, empty }: { values: Record<string, string>; empty: string }) {
  const entries = Object.entries(values).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return <p className="text-sm text-slate-700 dark:text-slate-300">{empty}</p>;
  return (
    <dl className="space-y-1.5 text-xs">
      {entries.map(([k, v]) => (
        <div key={k} className="min-w-0">
          <dt className="break-all font-mono font-medium">{k}</dt>
          <dd className="break-all font-mono text-slate-700 dark:text-slate-300">
            {v.length > 120 ? (
              <details>
                <summary className="cursor-pointer">{v.slice(0, 60)}… ({v.length} characters)</summary>
                <pre className="mt-1 whitespace-pre-wrap">{v}</pre>
              </details>
            ) : (
              v || <span className="italic">empty</span>
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}
