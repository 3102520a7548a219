"use client";
// The Register page's client root: registering needs an editor session, so a signed-out visitor
// sees the sign-in form first (the form keeps its prefill for after).
import { canEdit, useSession } from "@/lib/queries/session";
import { SignInForm } from "@/components/session/sign-in-form";
import { Alert } from "@/components/ui/alert";
import type { Prefill } from "./registration-draft";
import type { EditedRegistration } from "./registration-edit";
import { RegisterForm } from "./register-form";

/** `editing`: the stored registration to edit (?edit=<gateway>/<name>); `editMissing`: the one asked for does not exist. */
export function RegisterView({ prefill, editing, editMissing }: { prefill: Prefill; editing?: EditedRegistration; editMissing?: string }) {
  const session = useSession();
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">{editing ? `Edit the registration of ${editing.name}` : "Register an API"}</h1>
        <p className="max-w-2xl text-sm text-slate-700 dark:text-slate-300">
          {editing
            ? `Saving replaces the registration on gateway ${editing.gateway} with this form (fields left empty are removed); plugins and other settings the form does not show are kept.`
            : "Signpost creates a service and a route on the gateway and lists the API in the catalog with its proxy URL."}
        </p>
      </div>
      {editMissing ? <Alert tone="warning" title="No such registration">There is no active registration {editMissing}; the form below registers a new API.</Alert> : null}
      {session.isPending ? <p className="text-sm">Checking your session…</p> : null}
      {session.isError ? <Alert tone="error" title="Could not check your session">{session.error.message}</Alert> : null}
      {session.data && !session.data.signedIn ? (
        <section aria-labelledby="sign-in-title" className="max-w-md space-y-3 rounded border border-slate-200 p-4 dark:border-slate-800">
          <h2 id="sign-in-title" className="text-base font-semibold">Sign in to register</h2>
          <SignInForm />
        </section>
      ) : null}
      {session.data?.signedIn && !canEdit(session.data) ? (
        <Alert tone="warning" title="Your role cannot register APIs">
          You are signed in as {session.data.actor} with the {session.data.role} role; registering needs the editor or admin role.
        </Alert>
      ) : null}
      {canEdit(session.data) ? <RegisterForm prefill={prefill} teams={session.data?.teams ?? null} editing={editing} /> : null}
    </div>
  );
}
