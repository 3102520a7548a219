// A subscription's address as people read it: host and path. The query string is left out on
// purpose (receivers often carry a token there), as the dispatcher's logs do.
export function webhookTarget(url: string): { host: string; path: string; query: boolean } {
  try {
    const u = new URL(url);
    return { host: `${u.protocol === "https:" ? "" : `${u.protocol}//`}${u.host}`, path: u.pathname, query: u.search.length > 1 };
  } catch {
    return { host: url, path: "", query: false };
  }
}

export function WebhookTarget({ url }: { url: string }) {
  const t = webhookTarget(url);
  return (
    <span className="break-all font-mono">
      <span className="font-semibold">{t.host}</span>
      {t.path}
      {t.query ? <span className="text-slate-600 dark:text-slate-400" title="query string hidden">?…</span> : null}
    </span>
  );
}

/** "all events" or the types, as words. */
export function eventsLabel(events: string[]): string {
  return events.includes("*") ? "all events" : events.join(", ");
}
