"use client";
// The header's session control: "Sign in" opens a small token form; signed in, it shows the
// actor and role and a "Sign out" button. A fixed minimum width keeps the header from shifting.
import { useEffect, useRef, useState } from "react";
import { useSession, useSignOut } from "@/lib/queries/session";
import { Button } from "@/components/ui/button";
import { SignInForm } from "./sign-in-form";

export function SessionControl() {
  const { data: session, isPending } = useSession();
  const signOut = useSignOut();
  const [open, setOpen] = useState(false);
  const panel = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    panel.current?.querySelector("input")?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      setOpen(false);
      toggle.current?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [open]);

  if (isPending) return <div className="h-7 min-w-24" aria-hidden="true" />;
  if (session?.signedIn) {
    return (
      <div className="flex min-w-24 items-center gap-2 text-sm" data-testid="session">
        <span className="flex min-w-0 items-center gap-1.5">
          <span className="sr-only">Signed in as </span>
          <span className="sr-only font-medium sm:not-sr-only sm:max-w-[16rem] sm:truncate" title={session.actor ?? undefined}>{session.actor}</span>{" "}
          <span className="rounded bg-slate-200 px-1.5 py-0.5 text-xs dark:bg-slate-700">{session.role}</span>
        </span>
        <Button size="sm" className="whitespace-nowrap" onClick={() => signOut.mutate()} disabled={signOut.isPending}>Sign out</Button>
      </div>
    );
  }
  return (
    <div className="relative min-w-24">
      <Button ref={toggle} size="sm" aria-expanded={open} aria-controls="sign-in-panel" onClick={() => setOpen((o) => !o)}>
        Sign in
      </Button>
      {open ? (
        <div
          id="sign-in-panel"
          ref={panel}
          className="absolute right-0 z-20 mt-2 w-72 max-w-[calc(100vw-2rem)] rounded border border-slate-200 bg-white p-3 shadow-lg dark:border-slate-700 dark:bg-slate-900"
        >
          <SignInForm compact onDone={() => setOpen(false)} />
        </div>
      ) : null}
    </div>
  );
}
