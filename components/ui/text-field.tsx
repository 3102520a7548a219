// A labelled text input with an optional hint and its error messages (linked through
// aria-describedby, and marked aria-invalid). Used by every form.
import type { InputHTMLAttributes, ReactNode } from "react";

export const INPUT = "w-full rounded border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-600 dark:bg-slate-900";

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, "onChange"> & {
  id: string;
  label: string;
  hint?: ReactNode;
  messages?: string[];
  onValue: (v: string) => void;
  /** shown after the input, on its line (e.g. a "Generate" button) */
  addon?: ReactNode;
  mono?: boolean;
};

export function TextField({ id, label, hint, messages, onValue, addon, mono = false, className = "", ...input }: Props) {
  const described = [hint ? `${id}-hint` : null, messages?.length ? `${id}-msg` : null].filter(Boolean).join(" ") || undefined;
  const field = (
    <input id={id} {...input} onChange={(e) => onValue(e.target.value)} aria-describedby={described} aria-invalid={messages?.length ? true : undefined} className={`${INPUT} ${mono ? "font-mono" : ""}`} />
  );
  return (
    <div className={`space-y-1 ${className}`}>
      <label htmlFor={id} className="block text-sm font-medium">{label}</label>
      {addon ? <div className="flex items-center gap-2">{field}{addon}</div> : field}
      {hint ? <p id={`${id}-hint`} className="text-xs text-slate-600 dark:text-slate-400">{hint}</p> : null}
      <FieldMessages id={`${id}-msg`} messages={messages} />
    </div>
  );
}

export function FieldMessages({ id, messages }: { id: string; messages?: string[] }) {
  if (!messages?.length) return null;
  return (
    <ul id={id} className="space-y-0.5 text-xs text-red-700 dark:text-red-400" data-testid="field-messages">
      {messages.map((m) => <li key={m}>{m}</li>)}
    </ul>
  );
}
