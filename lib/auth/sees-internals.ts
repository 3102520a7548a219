// Who may see Signpost's internal details: the connection addresses of clusters and gateways
// (API server and Admin API URLs), the gateways' software versions, and raw error text from
// sources, the database and upstreams. Editors and admins operate Signpost and need them;
// anonymous readers and viewers get the redacted view (docs/security.md).
import type { Actor } from "./authenticate";

/** True for editors and admins. */
export function seesInternals(actor: Actor | null): boolean {
  return actor?.role === "editor" || actor?.role === "admin";
}
