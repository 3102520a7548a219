"use client";
// The upstream of a registration: a Service from the catalog (searched as you type, with its
// port) or a URL. Services are radio buttons in a scrolling list: keyboard and screen reader
// friendly without a custom combobox.
import { useId, useState } from "react";
import { useServices } from "@/lib/queries/services";
import { useDebounced } from "./use-debounced";
import type { Draft, ServiceRef } from "./registration-draft";
import { FieldMessages, INPUT, TextField } from "@/components/ui/text-field";

type Props = { draft: Draft; update: (change: Partial<Draft>) => void; messages?: string[] };

const sameRef = (a: ServiceRef | null, b: ServiceRef) => a?.cluster === b.cluster && a.namespace === b.namespace && a.name === b.name;

export function ServicePicker({ draft, update, messages }: Props) {
  const id = useId();
  const [q, setQ] = useState(draft.service?.name ?? "");
  const services = useServices(useDebounced(q.trim(), 250));
  const selected = draft.service;
  const found = services.data?.find((s) => selected && sameRef(selected, s));
  const ports = found?.ports ?? (draft.port ? [{ port: Number(draft.port), name: null }] : []);

  return (
    <fieldset className="space-y-3" aria-describedby={messages?.length ? `${id}-msg` : undefined}>
      <legend className="text-sm font-medium">Upstream</legend>
      <div className="flex flex-wrap gap-4 text-sm">
        {(["service", "url"] as const).map((k) => (
          <label key={k} className="flex items-center gap-2">
            <input type="radio" name={`${id}-kind`} checked={draft.upstreamKind === k} onChange={() => update({ upstreamKind: k })} className="accent-sky-700" />
            {k === "service" ? "A Service in the catalog" : "A URL"}
          </label>
        ))}
      </div>
      {draft.upstreamKind === "url" ? (
        <TextField id={`${id}-url`} label="Upstream URL" type="url" placeholder="http://orders.internal:8080" value={draft.url} onValue={(url) => update({ url })} />
      ) : (
        <div className="space-y-2">
          <div className="space-y-1">
            <label htmlFor={`${id}-q`} className="block text-sm">Find a Service</label>
            <input id={`${id}-q`} type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="name or namespace" autoComplete="off" className={INPUT} />
          </div>
          <fieldset>
            <legend className="sr-only">Services</legend>
            <div className="max-h-48 space-y-1 overflow-y-auto rounded border border-slate-200 p-2 dark:border-slate-700" data-testid="service-options">
              {services.data?.length === 0 ? <p className="text-sm">No Service matches “{q}”.</p> : null}
              {services.isPending ? <p className="text-sm">Loading Services…</p> : null}
              {services.data?.map((s) => (
                <label key={`${s.cluster}/${s.namespace}/${s.name}`} className="flex items-center gap-2 text-sm">
                  <input
                    type="radio"
                    name={`${id}-service`}
                    checked={sameRef(selected, s)}
                    onChange={() => update({ service: { cluster: s.cluster, namespace: s.namespace, name: s.name }, port: String(s.ports[0]?.port ?? "") })}
                    className="accent-sky-700"
                  />
                  <span className="min-w-0 break-all">
                    <span className="font-medium">{s.name}</span> <span className="text-slate-700 dark:text-slate-300">{s.namespace} · {s.cluster} · {s.type}</span>
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
          {selected ? (
            <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
              <p className="min-w-0 break-all">Selected: <strong>{selected.cluster}/{selected.namespace}/{selected.name}</strong></p>
              <label htmlFor={`${id}-port`}>Port</label>
              <select id={`${id}-port`} value={draft.port} onChange={(e) => update({ port: e.target.value })} className={INPUT.replace("w-full", "w-auto")}>
                {ports.length === 0 ? <option value="">choose</option> : null}
                {ports.map((p) => <option key={p.port} value={String(p.port)}>{p.port}{p.name ? ` (${p.name})` : ""}</option>)}
              </select>
            </div>
          ) : null}
        </div>
      )}
      <FieldMessages id={`${id}-msg`} messages={messages} />
    </fieldset>
  );
}
