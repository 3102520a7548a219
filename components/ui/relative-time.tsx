"use client";
// "3 min ago", with the exact time on hover. The server (and the first client render) show the
// absolute time; a shared clock then ticks every 5 s.
import { useSyncExternalStore } from "react";

let now = 0;
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(cb: () => void) {
  listeners.add(cb);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, 5_000);
    queueMicrotask(() => listeners.forEach((l) => l()));
  }
  return () => {
    listeners.delete(cb);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

export function RelativeTime({ iso }: { iso: string }) {
  const current = useSyncExternalStore(subscribe, () => now, () => 0);
  const date = new Date(iso);
  return (
    <time dateTime={iso} title={date.toISOString()}>
      {current === 0 ? date.toISOString().slice(0, 16).replace("T", " ") : formatAgo(current - date.getTime())}
    </time>
  );
}

/** "just now", "5 s ago", "3 min ago", "2 h ago", "4 d ago". */
export function formatAgo(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 5) return "just now";
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} d ago`;
}
