"use client";
// Shows its children only to a session with the role a page needs: a signed-out visitor gets the
// sign-in form in place, a signed-in one with a lesser role is told which role it takes.
import type { ReactNode } from "react";
import { useSession, type SessionView } from "@/lib/queries/session";
import { Alert } from "@/components/ui/alert";
import { SignInForm } from "./sign-in-form";

export type NeededRole = "editor" | "admin";

/** True when the session is signed in with `need` or a higher role. */
export function hasRole(s: SessionView | undefined, need: NeededRole): boolean {
  if (!s?.signedIn) return false;
  return need === "admin" ? s.role === "admin" : s.role === "editor" || s.role === "admin";
}

const ROLES: Record<NeededRole, string> = { editor: "the editor or admin role", admin: "the admin role" };

/** `what` completes "Sign in to …" and "Your role cannot …", e.g. "manage webhooks". */
export function RoleGate({ need, what, children }: { need: NeededRole; what: string; children: ReactNode }) {
  const session = useSession();
  if (session.isPending) return <p className="text-sm">Checking your session…</p>;
  if (session.isError) return <Alert tone="error" title="Could not check your session">{session.error.message}</Alert>;
  if (!session.data.signedIn) {
    return (
      <section aria-labelledby="role-gate-sign-in" className="max-w-md space-y-3 rounded border border-slate-200 p-4 dark:border-slate-800">
        <h2 id="role-gate-sign-in" className="text-base font-semibold">Sign in to {what}</h2>
        <p className="text-sm text-slate-700 dark:text-slate-300">This page needs {ROLES[need]}.</p>
        <SignInForm />
      </section>
    );
  }
  if (!hasRole(session.data, need)) {
    return (
      <Alert tone="warning" title={`Your role cannot ${what}`}>
        You are signed in as {session.data.actor} with the {session.data.role} role; this page needs {ROLES[need]}.
      </Alert>
    );
  }
  return <>{children}</>;
}
