// Who to ask and where things are: the owner, team, description and the a8r.io links of the API.
// Annotation values are untrusted: OwnerLinkValue renders only safe addresses as links.
import type { TApi } from "@/lib/api/schemas/api";
import { LINK_LABELS, OwnerLinkValue } from "@/components/owner/owner-link";
import { TeamLink } from "@/components/owner/team-link";
import { safeHref } from "@/lib/catalog/owner";

export function OwnerContacts({ api }: { api: TApi }) {
  const ownerHref = api.owner ? safeHref(api.owner) : null;
  const links = api.links ?? [];
  if (!api.owner && !api.team && !api.description && links.length === 0) {
    return (
      <p className="text-sm text-slate-700 dark:text-slate-300" data-testid="owner-contacts">
        No owner known. Annotate the Service with <code className="font-mono text-xs">a8r.io/owner</code>, <code className="font-mono text-xs">a8r.io/repository</code>, <code className="font-mono text-xs">a8r.io/runbook</code>… or <code className="font-mono text-xs">signpost.dev/team</code>.
      </p>
    );
  }
  return (
    <div className="space-y-2 text-sm" data-testid="owner-contacts">
      {api.description ? <p className="text-slate-700 dark:text-slate-300">{api.description}</p> : null}
      <dl className="grid grid-cols-[7rem_minmax(0,1fr)] gap-x-3 gap-y-1.5">
        {api.owner ? (
          <div className="contents">
            <dt className="text-slate-700 dark:text-slate-300">Owner</dt>
            <dd className="min-w-0" data-testid="owner-value"><OwnerLinkValue value={api.owner} href={ownerHref} /></dd>
          </div>
        ) : null}
        {api.team ? (
          <div className="contents">
            <dt className="text-slate-700 dark:text-slate-300">Team</dt>
            <dd className="min-w-0"><TeamLink team={api.team} /></dd>
          </div>
        ) : null}
        {links.map((l) => (
          <div key={l.kind} className="contents" data-testid="owner-link" data-kind={l.kind}>
            <dt className="text-slate-700 dark:text-slate-300">{LINK_LABELS[l.kind] ?? l.kind}</dt>
            <dd className="min-w-0"><OwnerLinkValue value={l.value} href={l.href} /></dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

