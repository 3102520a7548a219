// Says, above the catalog, which sources are unreachable or degraded: what they last reported is
// still shown, but may be out of date.
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import type { Source } from "@/lib/queries/sources";
import { isTroubled } from "./source-state-badge";

export function SourceBanner({ sources }: { sources: Source[] }) {
  const troubled = sources.filter(isTroubled);
  if (troubled.length === 0) return null;
  const unreachable = troubled.some((s) => s.state === "unreachable");
  return (
    <Alert
      tone="warning"
      title={unreachable ? "A source is unreachable: its APIs may be out of date" : "A source is degraded: its APIs may be out of date"}
      action={<Link href="/sources" className="text-sm font-medium underline">Sources</Link>}
    >
      <ul className="mt-1 space-y-0.5" data-testid="source-banner">
        {troubled.map((s) => (
          <li key={`${s.kind}/${s.name}`}>
            {s.kind} <strong>{s.name}</strong> is {s.state}
            {s.lastError ? <span>: {s.lastError}</span> : null}
          </li>
        ))}
      </ul>
    </Alert>
  );
}
