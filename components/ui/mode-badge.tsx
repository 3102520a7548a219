// A badge naming an exposure mode, with a colour per mode (text carries the meaning).
const STYLES: Record<string, string> = {
  Gateway: "bg-violet-100 text-violet-900 dark:bg-violet-900/50 dark:text-violet-100",
  Ingress: "bg-sky-100 text-sky-900 dark:bg-sky-900/50 dark:text-sky-100",
  HTTPRoute: "bg-cyan-100 text-cyan-900 dark:bg-cyan-900/50 dark:text-cyan-100",
  LoadBalancer: "bg-emerald-100 text-emerald-900 dark:bg-emerald-900/50 dark:text-emerald-100",
  NodePort: "bg-amber-100 text-amber-900 dark:bg-amber-900/50 dark:text-amber-100",
  ClusterIP: "bg-slate-200 text-slate-900 dark:bg-slate-700 dark:text-slate-100",
  ExternalName: "bg-rose-100 text-rose-900 dark:bg-rose-900/50 dark:text-rose-100",
};

export function ModeBadge({ mode }: { mode: string }) {
  return (
    <span className={`inline-block rounded px-1.5 py-0.5 text-xs font-medium ${STYLES[mode] ?? STYLES.ClusterIP}`}>{mode}</span>
  );
}
