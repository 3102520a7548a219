// The requirements of an API as a whole: those of the gateway route behind its proxy URL. Shared
// by REST, the API page and MCP.
import type { TApi } from "../api/schemas/api";
import { ZRequirements, type TRequirements } from "../api/schemas/requirements";

type ApiExposures = Pick<TApi, "proxyUrl"> & { exposures: Pick<TApi["exposures"][number], "mode" | "url" | "details">[] };

/**
 * What a caller must do to call `api` at its proxy URL: the requirements of the gateway route
 * that serves it (else of its first gateway route); null when no gateway route leads to it.
 */
export function requirementsOf(api: ApiExposures): TRequirements | null {
  const gateway = api.exposures.filter((e) => e.mode === "Gateway");
  const chosen = gateway.find((e) => e.url !== null && e.url === api.proxyUrl) ?? gateway[0];
  if (!chosen) return null;
  const parsed = ZRequirements.safeParse((chosen.details as { requirements?: unknown }).requirements);
  return parsed.success ? parsed.data : null;
}
