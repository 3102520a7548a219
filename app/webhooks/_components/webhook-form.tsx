"use client";
// Subscribing a URL: address, events, signing secret (typed or generated), description. The
// server's refusals (a private address, a short secret) appear next to their field, and focus
// moves to the first field in error.
import { useEffect, useId, useState, type FormEvent } from "react";
import type { TWebhookCreate } from "@/lib/api/schemas/webhook";
import { useCreateWebhook, type Webhook } from "@/lib/queries/webhooks";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { fieldIssues } from "@/components/ui/field-issues";
import { TextField } from "@/components/ui/text-field";
import { EventTypesField, type EventChoice } from "./event-types-field";
import { SecretField } from "./secret-field";

const FIELDS = ["url", "events", "secret", "description"] as const;
type Field = (typeof FIELDS)[number];
type Messages = Partial<Record<Field | "other", string[]>>;

const EMPTY = { url: "", events: { all: true, types: [] } as EventChoice, secret: "", description: "" };

/** What the form can tell before asking the server. */
function localIssues(d: typeof EMPTY): Messages {
  const out: Messages = {};
  if (!d.url.trim()) out.url = ["Enter the http(s) URL that receives the deliveries."];
  if (!d.events.all && d.events.types.length === 0) out.events = ["Choose at least one event, or all events."];
  if (d.secret.length < 16) out.secret = ["The secret needs at least 16 characters; Generate makes one."];
  return out;
}

export function WebhookForm({ onCreated }: { onCreated: (hook: Webhook) => void }) {
  const id = useId();
  const [draft, setDraft] = useState(EMPTY);
  const [messages, setMessages] = useState<Messages>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [refused, setRefused] = useState(0);
  const create = useCreateWebhook();

  // After a refusal, take the keyboard to the first field that has to change.
  useEffect(() => {
    if (!refused) return;
    const first = FIELDS.find((f) => messages[f]?.length);
    if (first === "events") document.querySelector<HTMLInputElement>(`#${CSS.escape(id)}-events input`)?.focus();
    else if (first) document.getElementById(`${id}-${first}`)?.focus();
    // Only a new refusal moves focus, not the messages going away while the user types.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [refused]);

  const update = (change: Partial<typeof EMPTY>) => {
    setDraft((d) => ({ ...d, ...change }));
    setMessages((m) => Object.fromEntries(Object.entries(m).filter(([k]) => !(k in change))));
  };

  function submit(e: FormEvent) {
    e.preventDefault();
    const issues = localIssues(draft);
    setMessages(issues);
    setGeneral(null);
    if (Object.keys(issues).length) {
      setRefused((n) => n + 1);
      return;
    }
    const body: TWebhookCreate = {
      url: draft.url.trim(),
      events: draft.events.all ? ["*"] : (draft.events.types as TWebhookCreate["events"]),
      secret: draft.secret,
      ...(draft.description.trim() ? { description: draft.description.trim() } : {}),
    };
    create.mutate(body, {
      onSuccess: (hook) => {
        setDraft(EMPTY);
        onCreated(hook);
      },
      onError: (err) => {
        const byField = fieldIssues(err, FIELDS);
        setMessages(byField);
        if (!Object.keys(byField).length) setGeneral(err.message);
        setRefused((n) => n + 1);
      },
    });
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${id}-title`} className="max-w-2xl space-y-4 rounded border border-slate-200 p-4 dark:border-slate-800">
      <h2 id={`${id}-title`} className="text-lg font-semibold">New subscription</h2>
      <TextField
        id={`${id}-url`}
        label="URL"
        type="url"
        inputMode="url"
        mono
        placeholder="https://hooks.example.com/signpost"
        autoComplete="off"
        spellCheck={false}
        value={draft.url}
        onValue={(url) => update({ url })}
        messages={messages.url}
        hint="Private, loopback and link-local addresses are refused unless the operator allows them (SIGNPOST_WEBHOOK_ALLOW)."
      />
      <EventTypesField id={`${id}-events`} value={draft.events} onChange={(events) => update({ events })} messages={messages.events} />
      <SecretField id={`${id}-secret`} value={draft.secret} onValue={(secret) => update({ secret })} messages={messages.secret} />
      <TextField
        id={`${id}-description`}
        label="Description (optional)"
        maxLength={500}
        autoComplete="off"
        value={draft.description}
        onValue={(description) => update({ description })}
        messages={messages.description}
      />
      {general ? <Alert tone="error" title="The subscription was not created">{general}</Alert> : null}
      {messages.other?.length ? <Alert tone="error" title="Problems">{messages.other.join("; ")}</Alert> : null}
      <Button type="submit" tone="primary" disabled={create.isPending}>{create.isPending ? "Subscribing…" : "Subscribe"}</Button>
    </form>
  );
}
