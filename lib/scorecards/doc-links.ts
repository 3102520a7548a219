// Where an API's documentation and runbook live: the owner links of its annotations as
// ownerInfoOf reads them (the one reader of the a8r.io convention), documentation and runbook only.
import { ownerInfoOf, type OwnerLink } from "../catalog/owner";

type Annotated = { annotations: Record<string, string> };

/** The documentation and runbook links of an API, in that order. */
export function docLinksOf(api: Annotated): OwnerLink[] {
  return ownerInfoOf(api.annotations).links.filter((l) => l.kind === "documentation" || l.kind === "runbook");
}
