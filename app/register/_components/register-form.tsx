"use client";
// The registration form with its live preview: every change is previewed (debounced) and the
// issues and conflicts appear next to their fields; submitting registers the API and opens its page.
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { ApiRequestError } from "@/lib/queries/http";
import { useGateways } from "@/lib/queries/gateways";
import { useRegisterApi, useRegistrationPreview, useReplaceRegistration } from "@/lib/queries/registrations";
import { draftFromRegistration, editedBody, type EditedRegistration } from "./registration-edit";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { draftBody, initialDraft, isStarted, messagesByField, type Draft, type FieldKey, type Prefill } from "./registration-draft";
import { GatewayField } from "./gateway-field";
import { PreviewPanel } from "./preview-panel";
import { ManifestPanel } from "./manifest-panel";
import { RouteFields } from "./route-fields";
import { ServicePicker } from "./service-picker";
import { TextField } from "@/components/ui/text-field";
import { useDebounced } from "./use-debounced";

/**
 * `teams`: the session's team scope (null: every team); a scoped session registers for one of them.
 * `editing`: a stored registration to replace (name and gateway fixed; PUT, replace semantics).
 */
export function RegisterForm({ prefill, teams, editing }: { prefill: Prefill; teams: string[] | null; editing?: EditedRegistration }) {
  const id = useId();
  const router = useRouter();
  const [draft, setDraft] = useState<Draft>(() =>
    editing ? draftFromRegistration(editing) : initialDraft(teams?.length === 1 && !prefill.team ? { ...prefill, team: teams[0] } : prefill),
  );
  const [touched, setTouched] = useState<Set<FieldKey>>(() => new Set(prefill.service || editing ? ["upstream"] : []));
  const [submitted, setSubmitted] = useState(false);
  const gateways = useGateways();
  const gateway = editing?.gateway ?? (draft.gateway || (gateways.data?.length === 1 ? gateways.data[0].name : ""));
  const formBody = draftBody(draft, gateway);
  const bodyJson = JSON.stringify(editing ? editedBody(editing.spec, formBody) : formBody);
  const debounced = useDebounced(bodyJson, 300);
  const started = isStarted(draft);
  const preview = useRegistrationPreview(JSON.parse(debounced) as unknown, started);
  const registerNew = useRegisterApi();
  const replace = useReplaceRegistration(editing?.gateway ?? "", editing?.name ?? "");
  const register = editing ? replace : registerNew;
  const chosen = gateways.data?.find((g) => g.name === gateway);
  // A gateway fed by a cluster also has a manifest (for GitOps), whatever its registration path.
  const fedByCluster = Boolean(chosen?.cluster) || chosen?.registerVia === "manifest";

  const update = (change: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...change }));
    setTouched((t) => new Set([...t, ...keysOf(change)]));
  };
  const touch = (k: FieldKey) => setTouched((t) => (t.has(k) ? t : new Set([...t, k])));

  const serverIssues = register.error instanceof ApiRequestError ? register.error.issues : [];
  // an edit replaces its own registration: that one is no conflict
  const conflicts = preview.data?.conflicts.filter((c) => !(editing && c.kind === "registration"));
  const all = messagesByField([...(preview.data?.issues ?? []), ...serverIssues], conflicts);
  const show = (k: FieldKey) => (submitted || touched.has(k) ? all[k] : all[k]?.filter((m) => conflicts?.some((c) => c.message === m)));

  function submit(e: FormEvent) {
    e.preventDefault();
    setSubmitted(true);
    register.mutate(JSON.parse(bodyJson), { onSuccess: (api) => router.push(`/apis/${api.id}`) });
  }

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem] lg:gap-x-8">
      <form id={`${id}-form`} onSubmit={submit} noValidate aria-label={editing ? `Edit the registration of ${editing.name}` : "Register an API"} className="min-w-0 space-y-6 lg:col-start-1 lg:row-start-1">
        <fieldset className="space-y-3">
          <legend className="text-base font-semibold">API</legend>
          <TextField id={`${id}-name`} label="Name" hint={editing ? "The name of a registration stays; register a new API for another name." : "Lower-case letters, digits and -, e.g. orders-v2. It names the route and the catalog entry."} value={draft.name} onValue={(name) => update({ name })} onBlur={() => touch("name")} messages={show("name")} required autoComplete="off" spellCheck={false} readOnly={Boolean(editing)} />
          <div className="grid gap-3 sm:grid-cols-2">
            <TextField id={`${id}-ms`} label="Microservice (optional)" value={draft.microservice} onValue={(microservice) => update({ microservice })} messages={show("microservice")} autoComplete="off" spellCheck={false} />
            <TextField
              id={`${id}-team`}
              label={teams ? "Team" : "Team (optional)"}
              hint={teams ? <>You register APIs of {teams.length ? teams.join(", ") : "no team"} only.</> : undefined}
              list={teams ? `${id}-teams` : undefined}
              value={draft.team}
              onValue={(team) => update({ team })}
              messages={show("team")}
              required={Boolean(teams)}
              autoComplete="off"
              spellCheck={false}
            />
            {teams ? <datalist id={`${id}-teams`}>{teams.map((t) => <option key={t} value={t} />)}</datalist> : null}
          </div>
        </fieldset>
        <ServicePicker draft={draft} update={update} messages={show("upstream")} />
        <RouteFields draft={draft} update={update} touch={touch} messages={{ paths: show("paths"), hosts: show("hosts"), methods: show("methods") }} />
        <TextField
          id={`${id}-probe`}
          label="Health probe path (optional)"
          hint="A path below the API's address, e.g. /healthz: Signpost calls it regularly and shows whether the API answers."
          value={draft.probePath}
          onValue={(probePath) => update({ probePath })}
          onBlur={() => touch("probePath")}
          messages={show("probePath")}
          autoComplete="off"
          spellCheck={false}
        />
        {editing ? (
          <p className="text-sm">Gateway: <strong>{editing.gateway}</strong></p>
        ) : (
          <GatewayField gateways={gateways.data} loading={gateways.isPending} value={gateway} onChange={(g) => update({ gateway: g })} messages={show("gateway")} />
        )}
      </form>
      {/* On a phone the preview sits between the fields and the button, where it is read before submitting. */}
      <div className="lg:sticky lg:top-4 lg:col-start-2 lg:row-span-2 lg:row-start-1 lg:self-start">
        <PreviewPanel preview={preview.data} started={started} fetching={preview.isFetching || debounced !== bodyJson} error={preview.error} />
      </div>
      <div className="lg:col-start-1">
        <ManifestPanel draft={JSON.parse(debounced) as unknown} name={draft.name} enabled={started && preview.data?.issues.length === 0 && fedByCluster} />
      </div>
      <div className="space-y-3 lg:col-start-1 lg:row-start-2">
        {register.isError ? <Alert tone="error" title={editing ? "The registration was not changed" : "The API was not registered"}>{register.error.message}</Alert> : null}
        {submitted && all.other?.length ? <Alert tone="error" title="Problems">{all.other.join("; ")}</Alert> : null}
        <Button type="submit" form={`${id}-form`} tone="primary" disabled={register.isPending || register.isSuccess}>
          {editing ? (register.isPending || register.isSuccess ? "Saving…" : "Save changes") : register.isPending || register.isSuccess ? "Registering…" : "Register"}
        </Button>
      </div>
    </div>
  );
}

function keysOf(change: Partial<Draft>): FieldKey[] {
  const map: Record<keyof Draft, FieldKey> = {
    name: "name", microservice: "microservice", team: "team", upstreamKind: "upstream", service: "upstream", port: "upstream", url: "upstream",
    paths: "paths", hosts: "hosts", methods: "methods", stripPath: "other", gateway: "gateway", probePath: "probePath",
  };
  return (Object.keys(change) as (keyof Draft)[]).map((k) => map[k]);
}
