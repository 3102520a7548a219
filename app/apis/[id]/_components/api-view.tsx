"use client";
// The API page's client root: the API and its history from TanStack Query (server-rendered
// first, refreshed by change events), laid out as the chain, addresses, usage and history,
// with owner facts, plugins, labels and actions beside them.
import Link from "next/link";
import type { TApiDetail } from "@/lib/api/schemas/api";
import type { TRegistrationRecord } from "@/lib/api/schemas/registration-record";
import { useApi } from "@/lib/queries/apis";
import { useCatchUp } from "@/components/live/stream-position";
import { useApiHistory, type ChangeEvent } from "@/lib/queries/events";
import { useJustChanged } from "@/components/live/changed-apis";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { CodeLine } from "@/components/ui/code-line";
import { AddressList } from "./address-list";
import { CallerRequirements } from "./caller-requirements";
import { ScorecardPanel } from "./scorecard-panel";
import { addRouteHref } from "./add-route-link";
import { ConsumeApi } from "./consume-api";
import { ContractSection } from "./contract/contract-section";
import { DeregisterButton } from "./deregister-button";
import { ExposureChain } from "./exposure-chain";
import { HistoryTimeline } from "./history-timeline";
import { KeyValues } from "./key-values";
import { OwnerFacts } from "./owner-facts";
import { pluginBadges } from "./exposure-summary";
import { Section } from "./section";
import { OwnerContacts } from "./owner-contacts";
import { RunningEndpoints } from "./running-endpoints";
import { SourceObjects } from "./source-objects";
import { EditRegistrationLinks } from "./edit-registration-link";
import { TeamLink } from "@/components/owner/team-link";
import type { ApiSourceObject, ServiceEndpoints } from "@/lib/queries/api-runtime";
import { byNamePath } from "@/lib/catalog/api-paths";
import { TryItPanel } from "./try-it-panel";
import { HealthPanel } from "./health-panel";
import { HealthCell } from "@/components/catalog/health-cell";

type Props = {
  initialApi: TApiDetail;
  initialHistory?: ChangeEvent[];
  registrations?: TRegistrationRecord[];
  endpoints?: ServiceEndpoints[];
  /** the source objects, for editors and admins only (undefined: not shown) */
  sourceObjects?: ApiSourceObject[];
  /** the newest change event when the server read this data (useCatchUp) */
  asOf?: string | null;
};

export function ApiView({ initialApi, initialHistory, registrations = [], endpoints, sourceObjects, asOf }: Props) {
  const { data, error } = useApi(initialApi.id, initialApi);
  const history = useApiHistory(initialApi.id, initialHistory);
  useCatchUp(asOf, initialApi.id);
  const flash = useJustChanged(initialApi.id);
  const api = data ?? initialApi;
  const plugins = pluginBadges(api);
  const addRoute = addRouteHref(api);
  return (
    <article className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href="/" className="text-sky-800 underline dark:text-sky-300">Catalog</Link>
        <span aria-hidden="true"> / </span>
        <span aria-current="page">{api.name}</span>
      </nav>
      <header className={`space-y-2 rounded ${flash ? "row-flash" : ""}`}>
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="text-2xl font-semibold tracking-tight break-all">{api.name}</h1>
          {api.goneAt ? <Badge tone="danger">gone</Badge> : null}
          <Badge tone={api.managedBy === "signpost" ? "accent" : "neutral"}>managed by {api.managedBy}</Badge>
          {api.health ? <HealthCell health={api.health} /> : null}
          {plugins.map((p) => <Badge key={p.name} tone={p.category === "auth" ? "warning" : p.category === "rate limiting" ? "info" : "neutral"}>{p.category === "plugin" ? p.name : `${p.category}: ${p.name}`}</Badge>)}
        </div>
        <p className="text-sm text-slate-700 dark:text-slate-300">
          {api.owner ? <>Owner <strong className="break-all">{api.owner}</strong> · </> : null}
          {api.team ? <>Owned by team <strong><TeamLink team={api.team} /></strong></> : "No team"}
          {api.microservice ? <> · microservice {api.microservice}</> : null}
        </p>
        {api.proxyUrl ? <div className="max-w-2xl"><CodeLine value={api.proxyUrl} label={`Copy the proxy URL of ${api.name}`} /></div> : <Badge tone="warning">no address yet</Badge>}
      </header>
      {error ? <Alert tone="warning" title="Could not refresh this API">{error.message}</Alert> : null}
      {registrations.filter((r) => r.drift).map((r) => (
        <Alert key={r.gateway} tone="warning" title={`Gateway "${r.gateway}" no longer matches this registration`}>
          <ul className="list-disc pl-5">{r.drift!.issues.map((i) => <li key={i}>{i}</li>)}</ul>
          <p className="mt-1">Checked {new Date(r.drift!.checkedAt).toLocaleString()}. Register it again (the same body) to put it back, or deregister it.</p>
        </Alert>
      ))}
      {api.goneAt ? <Alert tone="warning" title="This API is gone">Its last objects vanished from their sources; it is kept for its history.</Alert> : null}
      <div className="grid gap-8 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="min-w-0 space-y-8">
          <Section title="Exposure chain"><ExposureChain api={api} /></Section>
          <Section title="Addresses"><AddressList api={api} /></Section>
          <Section title="What a caller must do"><CallerRequirements api={api} /></Section>
          <Section title="How to consume it"><ConsumeApi api={api} /></Section>
          <Section title="Health"><HealthPanel api={api} /></Section>
          <Section title="Scorecard"><ScorecardPanel scorecard={api.scorecard} /></Section>
          <Section title="Contract"><ContractSection api={api} /></Section>
          <Section title="Where it runs"><RunningEndpoints apiId={api.id} initial={endpoints} /></Section>
          {sourceObjects ? <Section title="Source objects"><SourceObjects apiId={api.id} initial={sourceObjects} /></Section> : null}
          <Section title="Try it"><TryItPanel api={api} /></Section>
          <Section title="History"><HistoryTimeline events={history.data} loading={history.isPending} /></Section>
        </div>
        <aside className="min-w-0 space-y-8" aria-label="About this API">
          <Section title="Contacts and links"><OwnerContacts api={api} /></Section>
          <Section title="Owner"><OwnerFacts api={api} /></Section>
          <Section title="Actions">
            <div className="flex flex-col items-start gap-3">
              {addRoute ? <Link href={addRoute} className={buttonClass("secondary")}>Add a gateway route</Link> : null}
              {api.goneAt ? null : <EditRegistrationLinks registrations={registrations} />}
              <DeregisterButton api={api} />
            </div>
          </Section>
          <Section title="Stable link">
            <p className="text-sm">
              <Link href={byNamePath(api)} className="break-all font-mono text-xs text-sky-800 underline dark:text-sky-300" data-testid="stable-link">{byNamePath(api)}</Link>
            </p>
            <p className="text-xs text-slate-700 dark:text-slate-300">By name: it keeps working when the API is recreated with a new id.</p>
          </Section>
          <Section title="Labels"><KeyValues values={api.labels} empty="No labels." /></Section>
          <Section title="Annotations"><KeyValues values={api.annotations} empty="No annotations." /></Section>
        </aside>
      </div>
    </article>
  );
}
