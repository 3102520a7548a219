"use client";
// The route of a registration: one or more paths, optional hosts, methods, strip path.
import { useId } from "react";
import { Button } from "@/components/ui/button";
import { METHODS, type Draft, type FieldKey } from "./registration-draft";
import { FieldMessages, INPUT, TextField } from "@/components/ui/text-field";

type Props = { draft: Draft; update: (change: Partial<Draft>) => void; touch: (k: FieldKey) => void; messages: Partial<Record<FieldKey, string[]>> };

export function RouteFields({ draft, update, touch, messages }: Props) {
  const id = useId();
  const setPath = (i: number, v: string) => update({ paths: draft.paths.map((p, j) => (j === i ? v : p)) });
  return (
    <fieldset className="space-y-4">
      <legend className="text-base font-semibold">Route</legend>
      <fieldset className="space-y-2" aria-describedby={messages.paths?.length ? `${id}-paths-msg` : undefined}>
        <legend className="text-sm font-medium">Paths</legend>
        {draft.paths.map((p, i) => (
          <div key={i} className="flex items-center gap-2">
            <label htmlFor={`${id}-path-${i}`} className="sr-only">Path {i + 1}</label>
            <input
              id={`${id}-path-${i}`}
              value={p}
              onChange={(e) => setPath(i, e.target.value)}
              onBlur={() => touch("paths")}
              placeholder="/orders"
              spellCheck={false}
              aria-invalid={messages.paths?.length ? true : undefined}
              className={`${INPUT} font-mono`}
            />
            {draft.paths.length > 1 ? (
              <Button size="sm" aria-label={`Remove path ${i + 1}`} onClick={() => update({ paths: draft.paths.filter((_, j) => j !== i) })}>Remove</Button>
            ) : null}
          </div>
        ))}
        <FieldMessages id={`${id}-paths-msg`} messages={messages.paths} />
        <Button size="sm" onClick={() => update({ paths: [...draft.paths, ""] })} disabled={draft.paths.length >= 32}>Add a path</Button>
      </fieldset>
      <TextField
        id={`${id}-hosts`}
        label="Hosts (optional)"
        hint="Comma-separated, e.g. api.example.com, *.example.org. Without hosts the route answers on the gateway's address."
        value={draft.hosts}
        onValue={(hosts) => update({ hosts })}
        onBlur={() => touch("hosts")}
        messages={messages.hosts}
        spellCheck={false}
      />
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium">Methods</legend>
        <p className="text-xs text-slate-600 dark:text-slate-400">None checked: every method.</p>
        <div className="flex flex-wrap gap-x-4 gap-y-1">
          {METHODS.map((m) => (
            <label key={m} className="flex items-center gap-1.5 font-mono text-sm">
              <input
                type="checkbox"
                checked={draft.methods.includes(m)}
                onChange={(e) => update({ methods: e.target.checked ? [...draft.methods, m] : draft.methods.filter((x) => x !== m) })}
                className="h-4 w-4 accent-sky-700"
              />
              {m}
            </label>
          ))}
        </div>
        <FieldMessages id={`${id}-methods-msg`} messages={messages.methods} />
      </fieldset>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={draft.stripPath} onChange={(e) => update({ stripPath: e.target.checked })} className="h-4 w-4 accent-sky-700" />
        Strip the matched path before proxying to the upstream
      </label>
    </fieldset>
  );
}
