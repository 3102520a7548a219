"use client";
// Signs in with an API token. The token goes to POST /api/v1/session once and is dropped from
// the form; the server answers with an httpOnly cookie, so nothing secret stays in the page.
import { useId, useState, type FormEvent } from "react";
import { useSignIn } from "@/lib/queries/session";
import { Button } from "@/components/ui/button";

export function SignInForm({ onDone, compact = false }: { onDone?: () => void; compact?: boolean }) {
  const id = useId();
  const [token, setToken] = useState("");
  const signIn = useSignIn();
  function submit(e: FormEvent) {
    e.preventDefault();
    if (!token.trim()) return;
    signIn.mutate(token.trim(), {
      onSuccess: () => {
        setToken("");
        onDone?.();
      },
    });
  }
  return (
    <form onSubmit={submit} aria-label="Sign in" className={compact ? "space-y-2" : "max-w-md space-y-3"}>
      <div className="space-y-1">
        <label htmlFor={`${id}-token`} className="block text-sm font-medium">Access token</label>
        <input
          id={`${id}-token`}
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={token}
          onChange={(e) => setToken(e.target.value)}
          aria-describedby={`${id}-hint`}
          aria-invalid={signIn.isError || undefined}
          className="w-full rounded border border-slate-300 bg-white px-2 py-1.5 font-mono text-sm dark:border-slate-600 dark:bg-slate-900"
        />
        <p id={`${id}-hint`} className="text-xs text-slate-600 dark:text-slate-400">An API token (registering APIs takes the editor or admin role). It is not stored in the browser.</p>
      </div>
      {signIn.isError ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">{signIn.error.message}</p>
      ) : null}
      <Button type="submit" tone="primary" disabled={signIn.isPending || !token.trim()}>
        {signIn.isPending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
