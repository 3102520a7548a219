// Who owns a Service: the microservice and the team, the API name it publishes, and the owner's
// contacts and links from the a8r.io annotation convention (a8r.io/owner, a8r.io/chat, ...).
// Annotation values are untrusted input: links are kept as written and only ever turned into
// clickable addresses by safeHref.
import type { StringMap } from "./types";

export const ANNOTATION_TEAM = "signpost.dev/team";
export const ANNOTATION_API = "signpost.dev/api";
export const ANNOTATION_OWNER = "a8r.io/owner";
export const ANNOTATION_DESCRIPTION = "a8r.io/description";

/** The a8r.io annotations that name a place (a URL, a chat channel), in the order shown. */
export const LINK_KINDS = [
  "chat",
  "repository",
  "documentation",
  "runbook",
  "bugs",
  "support",
  "incidents",
  "logs",
  "uptime",
  "performance",
] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

/** One owner link: its kind (the a8r.io key), the value as annotated, and a safe href when it is one. */
export type OwnerLink = { kind: LinkKind; value: string; href: string | null };

/** What the annotations say about who owns an API and where its code, docs and runbook live. */
export type OwnerInfo = { owner: string | null; description: string | null; links: OwnerLink[] };

const MAX_VALUE = 2048;

/** The microservice: part-of, else name, else app label, else the object's own name. */
export function microserviceOf(labels: StringMap, fallbackName: string): string {
  return (
    nonEmpty(labels["app.kubernetes.io/part-of"]) ??
    nonEmpty(labels["app.kubernetes.io/name"]) ??
    nonEmpty(labels["app"]) ??
    fallbackName
  );
}

/** The owning team from the `signpost.dev/team` annotation, if any. */
export function teamOf(annotations: StringMap): string | null {
  return nonEmpty(annotations[ANNOTATION_TEAM]) ?? null;
}

/** The explicit API name from the `signpost.dev/api` annotation, if any. */
export function explicitApiName(annotations: StringMap): string | null {
  return nonEmpty(annotations[ANNOTATION_API]) ?? null;
}

/** The owner (`a8r.io/owner`), description and links (`a8r.io/chat`, `a8r.io/repository`, ...) of an API's annotations. */
export function ownerInfoOf(annotations: StringMap): OwnerInfo {
  const links: OwnerLink[] = [];
  for (const kind of LINK_KINDS) {
    const value = clip(nonEmpty(annotations[`a8r.io/${kind}`]));
    if (value) links.push({ kind, value, href: safeHref(value) });
  }
  return {
    owner: clip(nonEmpty(annotations[ANNOTATION_OWNER])) ?? null,
    description: clip(nonEmpty(annotations[ANNOTATION_DESCRIPTION])) ?? null,
    links,
  };
}

/**
 * The address to link `value` to, or null when it must stay text: only http(s) and mailto URLs
 * (and a bare e-mail address, as mailto) are links; javascript:, data:, relative paths, chat
 * handles and anything unparsable are not.
 */
export function safeHref(value: string): string | null {
  const v = value.trim();
  if (/^[^\s@/:]+@[^\s@/:]+\.[^\s@/:]+$/.test(v)) return `mailto:${v}`;
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    return null;
  }
  if (url.protocol === "mailto:") return /^[^\s@]+@[^\s@]+$/.test(url.pathname) ? url.href : null;
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  // credentials in a link are someone's secret, not an address to show
  if (url.username || url.password) return null;
  return url.href;
}

function nonEmpty(v: string | undefined): string | undefined {
  const t = v?.trim();
  return t ? t : undefined;
}

function clip(v: string | undefined): string | undefined {
  return v && v.length > MAX_VALUE ? v.slice(0, MAX_VALUE) : v;
}
