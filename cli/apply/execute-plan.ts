// Carries out a plan against the server, one change at a time, printing each as it is done. The
// first failure stops it with one line naming the change (what was done before stays done; a
// second apply continues from there).
import type { SignpostClient } from "../../lib/client/client-types";
import { SignpostError } from "../../lib/client/signpost-error";
import { cliErrorFor } from "../client-failure";
import type { Plan } from "./compute-plan";

/** Applies every change of `plan`; returns the summary line. */
export async function executePlan(client: SignpostClient, plan: Plan, out: (line: string) => void): Promise<string> {
  const done = { create: 0, update: 0, delete: 0 };
  for (const c of plan.changes) {
    const what = `${c.name} (${c.gateway})`;
    try {
      if (c.action === "delete") {
        await client.deleteRegistration({ params: { gateway: c.gateway, name: c.name } });
        out(`deleted ${what}`);
      } else {
        const api = await client.putRegistration({ params: { gateway: c.gateway, name: c.name }, body: { ...c.spec, ...(c.contract !== undefined ? { spec: c.contract } : {}) } }, { headers: { "x-signpost-origin": "cli" } });
        out(`${c.action === "create" ? "created" : "updated"} ${what}: ${api.proxyUrl ?? "(address pending)"}`);
      }
      done[c.action]++;
    } catch (err) {
      if (err instanceof SignpostError) throw cliErrorFor(err, `${c.action} ${what}`);
      throw err;
    }
  }
  return `Applied: ${done.create} created, ${done.update} updated, ${done.delete} deleted.`;
}
