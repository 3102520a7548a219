// A source's state as a badge (live, syncing, degraded, unreachable, stopped).
import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { Source } from "@/lib/queries/sources";

const TONE: Record<Source["state"], BadgeTone> = {
  live: "success",
  syncing: "info",
  degraded: "warning",
  unreachable: "danger",
  stopped: "neutral",
};

export function SourceStateBadge({ state }: { state: Source["state"] }) {
  return <Badge tone={TONE[state]}>{state}</Badge>;
}

/** True when a source needs attention (the catalog may be out of date for it). */
export function isTroubled(s: Source): boolean {
  return s.state === "unreachable" || s.state === "degraded";
}
