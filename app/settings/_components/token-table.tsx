"use client";
// The tokens, newest first: name, role and team scope, the secret's first characters, who created it and when,
// when it was last used, and whether it is revoked; revoking needs a confirmation.
import type { Token } from "@/lib/queries/tokens";
import { useRevokeToken } from "@/lib/queries/tokens";
import { Badge } from "@/components/ui/badge";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { DataCell, DataRow, DataTable } from "@/components/ui/data-table";
import { RelativeTime } from "@/components/ui/relative-time";

const MUTED = "text-slate-600 dark:text-slate-400";

export function TokenTable({ tokens }: { tokens: Token[] }) {
  return (
    <DataTable caption="API tokens, newest first" columns={["Name", "Role", "Teams", "Prefix", "Created", "Last used", "Status"]}>
      {tokens.map((t) => (
        <DataRow key={t.id} data-testid="token-row" data-token={t.name} data-revoked={t.revokedAt ? "true" : "false"}>
          <DataCell><span className="font-medium break-all">{t.name}</span></DataCell>
          <DataCell label="Role">
            <Badge tone={t.role === "admin" ? "warning" : t.role === "editor" ? "info" : "neutral"}>{t.role}</Badge>
          </DataCell>
          <DataCell label="Teams">
            <span className="flex flex-wrap gap-1" data-testid="token-teams">
              {t.teams ? t.teams.map((team) => <Badge key={team} tone="accent">{team}</Badge>) : <span className={`text-xs ${MUTED}`}>every team</span>}
            </span>
          </DataCell>
          <DataCell label="Prefix"><code className="font-mono text-xs">{t.prefix}…</code></DataCell>
          <DataCell label="Created" className="text-xs">
            <span className="md:block">{t.createdBy}</span> <span className={`${MUTED} md:block`}><RelativeTime iso={t.createdAt} /></span>
          </DataCell>
          <DataCell label="Last used" className="text-xs">
            {t.lastUsedAt ? <RelativeTime iso={t.lastUsedAt} /> : <span className={MUTED}>never</span>}
          </DataCell>
          <DataCell label="Status">
            {t.revokedAt ? (
              <span data-testid="token-status"><Badge tone="danger">revoked</Badge> <span className={`text-xs ${MUTED}`}><RelativeTime iso={t.revokedAt} /></span></span>
            ) : (
              <div className="flex flex-wrap items-center gap-2">
                <span data-testid="token-status"><Badge tone="success">active</Badge></span>
                <RevokeToken token={t} />
              </div>
            )}
          </DataCell>
        </DataRow>
      ))}
    </DataTable>
  );
}

function RevokeToken({ token }: { token: Token }) {
  const revoke = useRevokeToken();
  return (
    <ConfirmButton
      label="Revoke"
      ariaLabel={`Revoke token ${token.name}`}
      question={<>Revoke <strong>{token.name}</strong> ({token.role}{token.teams ? `, teams ${token.teams.join(", ")}` : ""})? Requests with it fail at once and sessions opened with it end.</>}
      confirmLabel="Yes, revoke"
      pendingLabel="Revoking…"
      pending={revoke.isPending}
      error={revoke.isError ? revoke.error.message : null}
      onConfirm={() => revoke.mutate(token.id)}
    />
  );
}
