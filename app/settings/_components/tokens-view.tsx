"use client";
// The API tokens page's client root (admins): creating a token (its secret shown once), the list
// and revoking. A signed-out visitor gets the sign-in form instead.
import { useState } from "react";
import { useSession } from "@/lib/queries/session";
import { useTokens, type TokenCreated } from "@/lib/queries/tokens";
import { RoleGate, hasRole } from "@/components/session/role-gate";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { SecretOnce } from "@/components/ui/secret-once";
import { TokenForm } from "./token-form";
import { TokenTable } from "./token-table";

export function TokensView() {
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">API tokens</h1>
        <p className="max-w-2xl text-sm text-slate-700 dark:text-slate-300">
          Bearer tokens for the REST API, the CLI and pipelines, and for signing in here. Viewers read, editors register APIs and manage
          webhooks, admins also manage tokens. Revoking takes effect at once.
        </p>
      </div>
      <RoleGate need="admin" what="manage API tokens">
        <Tokens />
      </RoleGate>
    </div>
  );
}

function Tokens() {
  const session = useSession();
  const tokens = useTokens(hasRole(session.data, "admin"));
  const [created, setCreated] = useState<TokenCreated | null>(null);
  return (
    <>
      <TokenForm onCreated={setCreated} />
      {created ? (
        <div className="max-w-2xl">
          <SecretOnce
            title={`Token ${created.name} created (${created.role})`}
            value={created.token}
            copyLabel={`Copy the secret of token ${created.name}`}
            action={<Button size="sm" onClick={() => setCreated(null)}>I have stored it</Button>}
          >
            <strong>Store it now</strong> (a password manager, your CI&apos;s secret store): Signpost keeps only a hash and cannot show it
            again. Lost, it can only be revoked and replaced.
          </SecretOnce>
        </div>
      ) : null}
      <section aria-labelledby="tokens-title" className="space-y-3">
        <h2 id="tokens-title" className="text-lg font-semibold">Tokens</h2>
        {tokens.error ? <Alert tone={tokens.data ? "warning" : "error"} title="Could not load the tokens">{tokens.error.message}</Alert> : null}
        {tokens.isPending ? <p className="text-sm">Loading tokens…</p> : null}
        {tokens.data?.length === 0 ? <p className="text-sm">No tokens yet (the bootstrap admin token is configured, not listed).</p> : null}
        {tokens.data?.length ? <TokenTable tokens={tokens.data} /> : null}
      </section>
    </>
  );
}
