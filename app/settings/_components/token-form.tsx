"use client";
// Creating a token: a name people recognise, a role and, for editors, the teams it is limited to.
// Refusals show next to their field.
import { useId, useState, type FormEvent } from "react";
import { useCreateToken, type Role, type TokenCreated } from "@/lib/queries/tokens";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { fieldIssues } from "@/components/ui/field-issues";
import { FieldMessages, INPUT, TextField } from "@/components/ui/text-field";

const ROLES: { value: Role; hint: string }[] = [
  { value: "viewer", hint: "reads, when reads are not public" },
  { value: "editor", hint: "registers APIs, resyncs sources, manages webhooks" },
  { value: "admin", hint: "everything, and tokens and the audit log" },
];
const FIELDS = ["name", "role", "teams"] as const;

export function TokenForm({ onCreated }: { onCreated: (t: TokenCreated) => void }) {
  const id = useId();
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("viewer");
  const [teams, setTeams] = useState("");
  const [empty, setEmpty] = useState(false);
  const create = useCreateToken();
  const issues = create.isError ? fieldIssues(create.error, FIELDS) : {};
  const nameMessages = empty ? ["Name the token after who or what uses it, e.g. ci-orders."] : issues.name;
  const general = create.isError && !issues.name && !issues.role && !issues.teams ? create.error.message : null;
  const teamList = teams.split(",").map((t) => t.trim()).filter(Boolean);

  function submit(e: FormEvent) {
    e.preventDefault();
    setEmpty(!name.trim());
    if (!name.trim()) return document.getElementById(`${id}-name`)?.focus();
    create.mutate({ name: name.trim(), role, ...(role === "editor" && teamList.length ? { teams: teamList } : {}) }, {
      onSuccess: (t) => {
        setName("");
        setTeams("");
        onCreated(t);
      },
      onError: () => document.getElementById(`${id}-name`)?.focus(),
    });
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${id}-title`} className="max-w-2xl space-y-4 rounded border border-slate-200 p-4 dark:border-slate-800">
      <h2 id={`${id}-title`} className="text-lg font-semibold">New token</h2>
      <div className="grid gap-3 sm:grid-cols-[minmax(0,1fr)_12rem]">
        <TextField
          id={`${id}-name`}
          label="Name"
          hint="Letters, digits, space and . @ - _. Writes made with it are audited as token:<name>."
          maxLength={100}
          autoComplete="off"
          spellCheck={false}
          value={name}
          onValue={(v) => {
            setName(v);
            setEmpty(false);
            if (create.isError) create.reset();
          }}
          messages={nameMessages}
        />
        <div className="space-y-1">
          <label htmlFor={`${id}-role`} className="block text-sm font-medium">Role</label>
          <select id={`${id}-role`} value={role} onChange={(e) => setRole(e.target.value as Role)} aria-describedby={`${id}-role-hint`} className={INPUT}>
            {ROLES.map((r) => <option key={r.value} value={r.value}>{r.value}</option>)}
          </select>
          <p id={`${id}-role-hint`} className="text-xs text-slate-600 dark:text-slate-400">{ROLES.find((r) => r.value === role)?.hint}</p>
          <FieldMessages id={`${id}-role-msg`} messages={issues.role} />
        </div>
      </div>
      {role === "editor" ? (
        <TextField
          id={`${id}-teams`}
          label="Teams (optional)"
          hint="Comma-separated, e.g. shop, payments: the token registers, replaces and deregisters these teams' APIs only. Empty: every team."
          autoComplete="off"
          spellCheck={false}
          value={teams}
          onValue={(v) => {
            setTeams(v);
            if (create.isError) create.reset();
          }}
          messages={issues.teams}
        />
      ) : null}
      {general ? <Alert tone="error" title="The token was not created">{general}</Alert> : null}
      <Button type="submit" tone="primary" disabled={create.isPending}>{create.isPending ? "Creating…" : "Create token"}</Button>
    </form>
  );
}
