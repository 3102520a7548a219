"use client";
// Server-side search over name, microservice, team, host, path and URL: typing updates the URL
// (replacing the history entry) after a short pause; Enter commits at once (a new entry).
import { useEffect, useRef, useState, type FormEvent } from "react";
import { isTypingTarget } from "./is-typing-target";
import { Button } from "@/components/ui/button";

const DEBOUNCE_MS = 300;

export function SearchBox({ value, onSearch }: { value: string; onSearch: (q: string, how: "push" | "replace") => void }) {
  const [text, setText] = useState(value);
  const [seen, setSeen] = useState(value);
  const [sent, setSent] = useState(value);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  // The URL changed under us (back/forward, "clear filters"): show its search, unless it is the
  // one this box just sent (the user may have typed on since).
  if (value !== seen) {
    setSeen(value);
    if (value !== sent) setText(value);
  }

  useEffect(() => () => clearTimeout(timer.current), []);

  // "/" anywhere on the page (but where one types) jumps to the search box.
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented || isTypingTarget(e.target)) return;
      e.preventDefault();
      input.current?.focus();
      input.current?.select();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  function send(q: string, how: "push" | "replace") {
    clearTimeout(timer.current);
    setSent(q);
    onSearch(q, how);
  }
  function change(q: string) {
    setText(q);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => send(q, "replace"), DEBOUNCE_MS);
  }
  function submit(e: FormEvent) {
    e.preventDefault();
    send(text, "push");
  }

  return (
    <form role="search" action="/" onSubmit={submit} className="flex max-w-xl gap-2">
      <label htmlFor="q" className="sr-only">Search APIs</label>
      <input
        ref={input}
        id="q"
        aria-keyshortcuts="/"
        title="Search (press / to jump here)"
        type="search"
        name="q"
        value={text}
        onChange={(e) => change(e.target.value)}
        placeholder="Search name, team, host, path, URL…"
        autoComplete="off"
        className="min-w-0 flex-1 rounded border border-slate-300 bg-white px-3 py-1.5 text-sm dark:border-slate-600 dark:bg-slate-900"
      />
      <Button type="submit" tone="primary">Search</Button>
    </form>
  );
}
