// Resolves an API name to its stable address. The ETag is a hash of the address only (proxy URL
// and exposures), so a consumer's cache stays valid through changes that do not move the API.
import crypto from "node:crypto";
import type { PrismaClient } from "../db/generated/client";
import type { TResolved } from "../api/schemas/resolve";
import { ApiError } from "../api/errors";

/** The API named `name` (of `cluster` when given); 404 unknown, 409 ambiguous. */
export async function resolveApi(prisma: PrismaClient, name: string, cluster?: string): Promise<TResolved> {
  const rows = await prisma.api.findMany({
    where: { name, goneAt: null, ...(cluster ? { cluster } : {}) },
    include: { exposures: { orderBy: { rank: "asc" } } },
    orderBy: { key: "asc" },
    take: 20,
  });
  if (rows.length === 0) throw new ApiError("not_found", `no API named "${name}"${cluster ? ` in cluster "${cluster}"` : ""}`);
  if (rows.length > 1) {
    const clusters = rows.map((r) => r.cluster ?? r.key);
    throw new ApiError("conflict", `several APIs are named "${name}" (in ${clusters.join(", ")}); add ?cluster=`, { candidates: rows.map((r) => ({ id: r.id, key: r.key, cluster: r.cluster })) });
  }
  const api = rows[0];
  const last = await prisma.changeEvent.findFirst({ where: { apiId: api.id }, orderBy: { id: "desc" }, select: { id: true } });
  const exposures = api.exposures.map((e) => ({ mode: e.mode as TResolved["exposureMode"], url: e.url, status: e.status as "ready" | "pending" }));
  return {
    id: api.id,
    name: api.name,
    key: api.key,
    proxyUrl: api.proxyUrl,
    exposureMode: api.exposureMode as TResolved["exposureMode"],
    exposures,
    microservice: api.microservice,
    team: api.team,
    cluster: api.cluster,
    namespace: api.namespace,
    etag: addressEtag(api.proxyUrl, exposures),
    index: last ? last.id.toString() : null,
  };
}

/** A strong ETag of an address. */
export function addressEtag(proxyUrl: string | null, exposures: { mode: string; url: string | null; status: string }[]): string {
  const h = crypto.createHash("sha256").update(JSON.stringify([proxyUrl, exposures.map((e) => [e.mode, e.url, e.status])])).digest("base64url");
  return `"${h.slice(0, 27)}"`;
}
