"use client";
// The audit log's filters: an exact actor and an action prefix ("token." or "webhook.create"),
// applied on submit; "Clear" drops both.
import { useId, useState, type FormEvent } from "react";
import type { AuditFilters } from "@/lib/queries/audit";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";

const ACTIONS = ["api.", "session.create", "resync", "token.", "token.create", "token.revoke", "webhook.", "webhook.create", "webhook.delete"];

export function AuditFiltersForm({ value, onApply }: { value: AuditFilters; onApply: (f: AuditFilters) => void }) {
  const id = useId();
  const [draft, setDraft] = useState(value);
  function submit(e: FormEvent) {
    e.preventDefault();
    onApply({ actor: draft.actor.trim(), action: draft.action.trim() });
  }
  return (
    <form role="search" aria-label="Filter the audit log" onSubmit={submit} className="flex flex-wrap items-end gap-3">
      <TextField
        id={`${id}-actor`}
        label="Actor"
        className="w-full sm:w-64"
        placeholder="bootstrap-admin, token:ci-orders"
        autoComplete="off"
        spellCheck={false}
        value={draft.actor}
        onValue={(actor) => setDraft((d) => ({ ...d, actor }))}
      />
      <TextField
        id={`${id}-action`}
        label="Action starts with"
        className="w-full sm:w-64"
        placeholder="token."
        list={`${id}-actions`}
        autoComplete="off"
        spellCheck={false}
        value={draft.action}
        onValue={(action) => setDraft((d) => ({ ...d, action }))}
      />
      <datalist id={`${id}-actions`}>{ACTIONS.map((a) => <option key={a} value={a} />)}</datalist>
      <div className="flex gap-2">
        <Button type="submit" tone="primary">Filter</Button>
        <Button
          onClick={() => {
            setDraft({ actor: "", action: "" });
            onApply({ actor: "", action: "" });
          }}
          disabled={!value.actor && !value.action && !draft.actor && !draft.action}
        >
          Clear
        </Button>
      </div>
    </form>
  );
}
