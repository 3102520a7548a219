// An owner's contact or link as annotated: a link only when lib/catalog/owner.ts found a safe
// address (http, https, mailto); anything else (a chat handle, a javascript: URL) stays text.
import type { ReactNode } from "react";

export function OwnerLinkValue({ value, href, label }: { value: string; href: string | null; label?: ReactNode }) {
  if (!href) return <span className="break-all">{label ?? value}</span>;
  const external = href.startsWith("http");
  return (
    <a
      href={href}
      className="break-all text-sky-800 underline dark:text-sky-300"
      {...(external ? { target: "_blank", rel: "noopener noreferrer nofollow" } : {})}
    >
      {label ?? value}
    </a>
  );
}

export const LINK_LABELS: Record<string, string> = {
  chat: "Chat",
  repository: "Repository",
  documentation: "Documentation",
  runbook: "Runbook",
  bugs: "Bugs",
  support: "Support",
  incidents: "Incidents",
  logs: "Logs",
  uptime: "Uptime",
  performance: "Performance",
};
