// The gateway of each file entry, as the server would choose it: the named one, or the only
// configured gateway when the entry names none. Problems point at the entry in the file.
import type { ApplyFile } from "./read-apply-file";
import type { DesiredEntry } from "./compute-plan";
import type { TRegistration } from "../../lib/api/schemas/registration";

const e = (d: DesiredEntry) => d.spec as TRegistration;

/** Desired entries with gateways, or the lines describing why some have none. */
export function assignGateways(file: ApplyFile, configured: string[]): { desired: DesiredEntry[]; problems: string[] } {
  const desired: DesiredEntry[] = [];
  const problems: string[] = [];
  const list = configured.join(", ");
  for (const entry of file.entries) {
    const named = entry.spec.gateway;
    if (named) {
      if (configured.includes(named)) desired.push({ index: entry.index, gateway: named, spec: entry.spec });
      else problems.push(`${file.where(entry.index, "gateway")}: unknown gateway "${named}" (configured: ${list || "none"})`);
    } else if (configured.length === 1) {
      desired.push({ index: entry.index, gateway: configured[0], spec: entry.spec });
    } else {
      problems.push(
        configured.length
          ? `${file.where(entry.index)}: name a gateway (several are configured: ${list})`
          : `${file.where(entry.index)}: no gateway is configured on the server (SIGNPOST_KONG_ADMIN_URL)`,
      );
    }
  }
  // Two entries may meet on one gateway once the default is filled in.
  const seen = new Map<string, number>();
  for (const d of desired) {
    const id = `${d.gateway}/${e(d).name}`;
    const first = seen.get(id);
    if (first !== undefined) problems.push(`${file.where(d.index, "name")}: "${e(d).name}" on gateway "${d.gateway}" is already in apis[${first}]`);
    else seen.set(id, d.index);
  }
  return { desired, problems };
}
