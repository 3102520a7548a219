// A labelled text input with an optional hint and the messages the preview has for it (linked
// through aria-describedby, and marked aria-invalid).
import type { InputHTMLAttributes } from "react";

export const INPUT = "w-full rounded border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-600 dark:bg-slate-900";

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, "onChange"> & {
  id: string;
  label: string;
  hint?: string;
  messages?: string[];
  onValue: (v: string) => void;
};

export function TextField({ id, label, hint, messages, onValue, className = "", ...input }: Props) {
  const described = [hint ? `${id}-hint` : null, messages?.length ? `${id}-msg` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`space-y-1 ${className}`}>
      <label htmlFor={id} className="block text-sm font-medium">{label}</label>
      <input id={id} {...input} onChange={(e) => onValue(e.target.value)} aria-describedby={described} aria-invalid={messages?.length ? true : undefined} className={INPUT} />
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
