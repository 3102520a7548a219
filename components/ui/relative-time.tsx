"use client";
// "3 min ago", with the exact time on hover; rendered the same on server and client first.
import { useEffect, useState } from "react";

export function RelativeTime({ iso }: { iso: string }) {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(t);
  }, []);
  const date = new Date(iso);
  return (
    <time dateTime={iso} title={date.toISOString()}>
      {now === null ? date.toISOString().slice(0, 16).replace("T", " ") : formatAgo(now - date.getTime())}
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
