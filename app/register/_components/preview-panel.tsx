// The live preview beside the form: the proxy URL(s) the registration would get, its upstream,
// and what stands in the way (issues and conflicts).
import type { RegistrationPreview } from "@/lib/queries/registrations";
import { Badge } from "@/components/ui/badge";

type Props = { preview?: RegistrationPreview; started: boolean; fetching: boolean; error?: Error | null };

export function PreviewPanel({ preview, started, fetching, error }: Props) {
  const problems = (preview?.issues.length ?? 0) + (preview?.conflicts.length ?? 0);
  const status = !started
    ? "Fill in the form to see the proxy URL."
    : !preview
      ? "Checking…"
      : problems === 0
        ? "Ready to register."
        : `${problems} problem${problems === 1 ? "" : "s"} to fix.`;
  return (
    <section aria-labelledby="preview-title" className="space-y-3 rounded border border-slate-200 p-4 dark:border-slate-800" data-testid="preview">
      <div className="flex items-center justify-between gap-2">
        <h2 id="preview-title" className="text-base font-semibold">Preview</h2>
        <span className={`text-xs text-slate-600 dark:text-slate-400 ${fetching ? "visible" : "invisible"}`} aria-hidden="true">checking…</span>
      </div>
      <p role="status" className="text-sm" data-testid="preview-status">{status}</p>
      {error ? <p className="text-sm text-red-700 dark:text-red-400">The preview failed: {error.message}</p> : null}
      {preview && started ? (
        <dl className="space-y-2 text-sm">
          <div>
            <dt className="font-medium">Proxy URL</dt>
            <dd data-testid="preview-proxy-url">
              {preview.proxyUrls.length ? (
                <ul>{preview.proxyUrls.map((u) => <li key={u}><code className="break-all font-mono">{u}</code></li>)}</ul>
              ) : (
                <span className="text-slate-700 dark:text-slate-300">not yet: complete the form</span>
              )}
            </dd>
          </div>
          <div>
            <dt className="font-medium">Upstream</dt>
            <dd>{preview.upstream ? <code className="break-all font-mono">{preview.upstream}</code> : <span className="text-slate-700 dark:text-slate-300">not chosen yet</span>}</dd>
          </div>
          {preview.conflicts.length ? (
            <div>
              <dt className="font-medium">Conflicts</dt>
              <dd>
                <ul className="space-y-1">
                  {preview.conflicts.map((c) => (
                    <li key={c.message} className="flex items-start gap-2"><Badge tone="danger">{c.kind}</Badge><span className="min-w-0 break-words">{c.message}</span></li>
                  ))}
                </ul>
              </dd>
            </div>
          ) : null}
        </dl>
      ) : null}
    </section>
  );
}
