"use client";
// The manifest this registration would apply through the gateway's cluster (for GitOps), with
// copy and download. Shown whenever the gateway is fed by a cluster.
import { useRegistrationManifest } from "@/lib/queries/registrations";
import { Alert } from "@/components/ui/alert";
import { CopyButton } from "@/components/ui/copy-button";
import { buttonClass } from "@/components/ui/button";

export function ManifestPanel({ draft, name, enabled }: { draft: unknown; name: string; enabled: boolean }) {
  const manifest = useRegistrationManifest(draft, enabled);
  if (!enabled) return null;
  return (
    <section aria-labelledby="manifest-heading" className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <h2 id="manifest-heading" className="text-base font-semibold">Manifest</h2>
        {manifest.data ? (
          <>
            <CopyButton value={manifest.data} label="Copy the manifest" />
            <a
              className={buttonClass("secondary")}
              download={`${name || "registration"}.yaml`}
              href={`data:application/yaml;charset=utf-8,${encodeURIComponent(manifest.data)}`}
            >
              Download
            </a>
          </>
        ) : null}
      </div>
      {manifest.error ? <Alert tone="warning" title="No manifest yet">{manifest.error.message}</Alert> : null}
      {manifest.data ? (
        <pre aria-label="Manifest YAML" className="max-h-96 overflow-auto rounded border border-slate-200 bg-slate-50 p-2 font-mono text-xs dark:border-slate-800 dark:bg-slate-900">
          {manifest.data}
        </pre>
      ) : null}
    </section>
  );
}
