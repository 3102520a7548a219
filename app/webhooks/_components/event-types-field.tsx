"use client";
// Which change events a subscription receives: "All events" (also the types added later), or a
// choice of types. With "All events" checked the single types show as included and are locked.
import { CHANGE_EVENT_TYPES } from "@/lib/api/event-types";
import { FieldMessages } from "@/components/ui/text-field";

export type EventChoice = { all: boolean; types: string[] };

const MEANING: Record<(typeof CHANGE_EVENT_TYPES)[number], string> = {
  "api.created": "an API appeared",
  "api.updated": "its addresses, exposure or owner changed",
  "api.gone": "its last objects vanished",
  "api.restored": "a gone API came back",
  "api.registered": "registered on a gateway",
  "api.deregistered": "deregistered from a gateway",
  "api.spec.changed": "a new version of its contract (OpenAPI), with what it breaks",
  "api.check_changed": "a scorecard check passed or failed where it did not before",
  "api.health_changed": "its health probe found it answering or failing where it did not before",
};

const BOX = "h-4 w-4 shrink-0 accent-sky-700";

export function EventTypesField({ id, value, onChange, messages }: { id: string; value: EventChoice; onChange: (v: EventChoice) => void; messages?: string[] }) {
  const toggle = (t: string, on: boolean) => onChange({ ...value, types: on ? [...value.types, t] : value.types.filter((x) => x !== t) });
  return (
    <fieldset id={id} className="space-y-2" aria-describedby={messages?.length ? `${id}-msg` : undefined}>
      <legend className="text-sm font-medium">Events</legend>
      <label className="flex items-center gap-2 text-sm font-medium">
        <input type="checkbox" className={BOX} checked={value.all} onChange={(e) => onChange({ ...value, all: e.target.checked })} aria-invalid={messages?.length ? true : undefined} />
        All events
      </label>
      <ul className="grid gap-x-4 gap-y-1 pl-6 sm:grid-cols-2">
        {CHANGE_EVENT_TYPES.map((t) => (
          <li key={t}>
            <label className="flex items-start gap-2 text-sm">
              <input
                type="checkbox"
                className={`${BOX} mt-0.5`}
                checked={value.all || value.types.includes(t)}
                disabled={value.all}
                onChange={(e) => toggle(t, e.target.checked)}
              />
              <span>
                <code className="font-mono text-xs">{t}</code>{" "}
                <span className="text-xs text-slate-600 dark:text-slate-400">{MEANING[t]}</span>
              </span>
            </label>
          </li>
        ))}
      </ul>
      <FieldMessages id={`${id}-msg`} messages={messages} />
    </fieldset>
  );
}
