// A team's page: how to reach it, then its APIs (the catalog's table).
import Link from "next/link";
import type { Team } from "@/lib/catalog/find-team";
import { CatalogTable } from "@/components/catalog/catalog-table";
import { LINK_LABELS, OwnerLinkValue } from "@/components/owner/owner-link";

export function TeamView({ team }: { team: Team }) {
  const more = team.total > team.apis.length;
  return (
    <article className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href="/" className="text-sky-800 underline dark:text-sky-300">Catalog</Link>
        <span aria-hidden="true"> / </span>
        <span aria-current="page">Team {team.team}</span>
      </nav>
      <h1 className="text-2xl font-semibold tracking-tight break-all">Team {team.team}</h1>
      <section aria-labelledby="team-contacts" className="space-y-2">
        <h2 id="team-contacts" className="text-lg font-semibold">Contacts</h2>
        {team.owners.length === 0 && team.contacts.length === 0 ? (
          <p className="text-sm text-slate-700 dark:text-slate-300">
            None of its APIs names an owner or a chat channel (annotate their Services with <code>a8r.io/owner</code> and <code>a8r.io/chat</code>).
          </p>
        ) : (
          <ul className="space-y-1 text-sm" data-testid="team-contacts">
            {team.owners.map((o) => (
              <li key={`o:${o.value}`}>
                <span className="text-slate-700 dark:text-slate-300">Owner: </span>
                <OwnerLinkValue value={o.value} href={o.href} />
                <span className="text-slate-600 dark:text-slate-400"> ({o.apis} API{o.apis === 1 ? "" : "s"})</span>
              </li>
            ))}
            {team.contacts.map((c) => (
              <li key={`${c.kind}:${c.value}`}>
                <span className="text-slate-700 dark:text-slate-300">{LINK_LABELS[c.kind]}: </span>
                <OwnerLinkValue value={c.value} href={c.href} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="team-apis" className="space-y-2">
        <h2 id="team-apis" className="text-lg font-semibold">APIs ({team.total})</h2>
        <CatalogTable rows={team.apis} />
        {more ? (
          <p className="text-sm">
            Showing the first {team.apis.length}. <Link href={`/?team=${encodeURIComponent(team.team)}`} className="text-sky-800 underline dark:text-sky-300">All of them in the catalog</Link>
          </p>
        ) : null}
      </section>
    </article>
  );
}
