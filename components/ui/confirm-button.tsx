"use client";
// A destructive action in two steps: the button, then a question with "Yes" and "Cancel". Focus
// moves to the question's "Cancel" and back to the button, so keyboard users keep their place.
import { useEffect, useRef, useState, type ReactNode } from "react";
import { Button } from "./button";

type Props = {
  /** the first button's text, e.g. "Delete" */
  label: string;
  /** accessible name of the first button when `label` alone is ambiguous in a list */
  ariaLabel?: string;
  question: ReactNode;
  confirmLabel: string;
  pendingLabel: string;
  pending: boolean;
  error?: string | null;
  /** runs the action; call `done` to fold the question back (not needed when the action removes it) */
  onConfirm: (done: () => void) => void;
  size?: "sm" | "md";
};

export function ConfirmButton({ label, ariaLabel, question, confirmLabel, pendingLabel, pending, error, onConfirm, size = "sm" }: Props) {
  const [asking, setAsking] = useState(false);
  const cancel = useRef<HTMLButtonElement>(null);
  const first = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);
  useEffect(() => {
    if (asking) cancel.current?.focus();
    else if (wasAsking.current) first.current?.focus();
    wasAsking.current = asking;
  }, [asking]);
  if (!asking) {
    return <Button ref={first} size={size} tone="danger" aria-label={ariaLabel} onClick={() => setAsking(true)}>{label}</Button>;
  }
  return (
    <div role="group" aria-label={`Confirm: ${ariaLabel ?? label}`} className="space-y-2 rounded border border-red-300 p-3 text-sm dark:border-red-800">
      <p>{question}</p>
      <div className="flex flex-wrap gap-2">
        <Button size={size} tone="danger" disabled={pending} onClick={() => onConfirm(() => setAsking(false))}>{pending ? pendingLabel : confirmLabel}</Button>
        <Button ref={cancel} size={size} disabled={pending} onClick={() => setAsking(false)}>Cancel</Button>
      </div>
      {error ? <p role="alert" className="text-red-700 dark:text-red-400">{error}</p> : null}
    </div>
  );
}
