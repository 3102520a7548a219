// The fields a change event changed: scalars as before → after, lists as removed and added items.
type Obj = Record<string, unknown>;

const LABELS: Record<string, string> = {
  proxyUrl: "Proxy URL",
  exposures: "Addresses",
  exposureMode: "Exposure mode",
  microservice: "Microservice",
  team: "Team",
  owner: "Owner",
  name: "Name",
  goneAt: "Gone at",
  checks: "Checks",
  level: "Level",
  health: "Health",
  status: "HTTP status",
  error: "Error",
};

const show = (v: unknown) => (v === null || v === undefined || v === "" ? "none" : typeof v === "string" ? v : JSON.stringify(v));

export function EventDiff({ before, after }: { before: unknown; after: unknown }) {
  const b = (before && typeof before === "object" ? before : {}) as Obj;
  const a = (after && typeof after === "object" ? after : {}) as Obj;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort((x, y) => order(x) - order(y));
  if (keys.length === 0) return null;
  return (
    <dl className="mt-1 space-y-1 text-xs">
      {keys.map((k) => (
        <div key={k} className="grid gap-x-2 sm:grid-cols-[8rem_minmax(0,1fr)]">
          <dt className="font-medium text-slate-700 dark:text-slate-300">{LABELS[k] ?? k}</dt>
          <dd className="min-w-0 break-all font-mono">
            {Array.isArray(a[k]) || Array.isArray(b[k]) ? <ListDiff before={(b[k] as unknown[]) ?? []} after={(a[k] as unknown[]) ?? []} /> : <ScalarDiff before={b[k]} after={a[k]} created={before === null} />}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function ScalarDiff({ before, after, created }: { before: unknown; after: unknown; created: boolean }) {
  if (created) return <span>{show(after)}</span>;
  return (
    <span>
      <del className="text-red-800 dark:text-red-300">{show(before)}</del>
      <span aria-hidden="true"> → </span>
      <span className="sr-only"> changed to </span>
      <ins className="text-emerald-800 no-underline dark:text-emerald-300">{show(after)}</ins>
    </span>
  );
}

function ListDiff({ before, after }: { before: unknown[]; after: unknown[] }) {
  const bs = before.map(show);
  const as = after.map(show);
  const removed = bs.filter((x) => !as.includes(x));
  const added = as.filter((x) => !bs.includes(x));
  if (!removed.length && !added.length) return <span>reordered</span>;
  return (
    <ul className="space-y-0.5">
      {removed.map((x) => (
        <li key={`-${x}`} className="text-red-800 dark:text-red-300"><span aria-hidden="true">− </span><span className="sr-only">removed </span><del>{x}</del></li>
      ))}
      {added.map((x) => (
        <li key={`+${x}`} className="text-emerald-800 dark:text-emerald-300"><span aria-hidden="true">+ </span><span className="sr-only">added </span><ins className="no-underline">{x}</ins></li>
      ))}
    </ul>
  );
}

function order(k: string): number {
  const i = Object.keys(LABELS).indexOf(k);
  return i === -1 ? 99 : i;
}
