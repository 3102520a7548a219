// What the gateway asks of a caller, in plain words, with a curl line ready to paste (the key
// is a placeholder: Signpost never shows a credential).
import type { TApiDetail } from "@/lib/api/schemas/api";
import { describeRequirements } from "@/lib/catalog/describe-requirements";
import { CodeLine } from "@/components/ui/code-line";

export function CallerRequirements({ api }: { api: Pick<TApiDetail, "requirements" | "proxyUrl"> }) {
  const req = api.requirements;
  if (!req) return <p className="text-sm" data-testid="requirements">No gateway route leads to it, so Signpost cannot tell what a caller must send.</p>;
  const guide = describeRequirements(req, api.proxyUrl);
  return (
    <div className="space-y-3" data-testid="requirements">
      <p className="text-xs text-slate-700 dark:text-slate-300">From the plugins of route {req.route} on gateway {req.gateway}, its service and the gateway&apos;s global plugins.</p>
      <ul className="list-disc space-y-1 pl-5 text-sm">
        {guide.instructions.map((line) => <li key={line}>{line}</li>)}
      </ul>
      {guide.curl ? (
        <div className="space-y-1">
          <p className="text-xs font-medium text-slate-700 dark:text-slate-300">Try it</p>
          <CodeLine value={guide.curl} label={`Copy: ${guide.curl}`} />
        </div>
      ) : null}
    </div>
  );
}
