// kong/db/dao/certificates.lua and snis.lua: a certificate's `snis` is a transient list of names;
// writing it creates, keeps or deletes the SNI rows bound to the certificate, and reading a
// certificate shows the names of its SNIs, sorted.
import { schemaViolation } from "./api-error";
import { isPlainObject } from "./schemas/field-spec";
import type { Entity } from "./types";
import { uuidV4 } from "./uuid";
import type { WorkspaceData } from "./workspace-data";

/** The sorted names of the SNIs bound to a certificate. */
export function certificateSniNames(ws: WorkspaceData, certId: string): string[] {
  return ws.table("snis").where("certificate", certId).map((s) => s.name as string).sort();
}

/**
 * parse_name_list + check_list_is_new: the names the write asks for (undefined: leave the list
 * alone), refusing duplicates and names bound to another certificate.
 */
export function beforeCertificateWrite(ws: WorkspaceData, cert: Entity, input: Record<string, unknown>): string[] | undefined {
  if (!("snis" in input)) return undefined;
  const raw = input.snis;
  if (raw === null) return [];
  if (!Array.isArray(raw)) return undefined;
  const names = raw as string[];
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw schemaViolation({ snis: `${name} is duplicated` });
    seen.add(name);
    const row = ws.table("snis").where("name", name)[0];
    const owner = row && isPlainObject(row.certificate) ? (row.certificate.id as string) : undefined;
    if (owner && owner !== cert.id) {
      throw schemaViolation({ snis: `${name} already associated with existing certificate '${owner}'` });
    }
  }
  return [...names].sort();
}

/** insert_list / update_list after the certificate row is written; returns it with `snis`. */
export function afterCertificateWrite(ws: WorkspaceData, cert: Entity, names: string[] | undefined): Entity {
  if (names !== undefined) {
    const current = ws.table("snis").where("certificate", cert.id);
    for (const s of current) if (!names.includes(s.name as string)) ws.table("snis").delete(s.id);
    const now = Math.floor(Date.now() / 1000);
    for (const name of names) {
      if (current.some((s) => s.name === name)) continue;
      ws.table("snis").set({ id: uuidV4(), name, created_at: now, updated_at: now, tags: null, certificate: { id: cert.id } });
    }
  }
  return { ...cert, snis: certificateSniNames(ws, cert.id) };
}

/** The certificates DAO deletes its SNIs before the certificate. */
export function deleteCertificateSnis(ws: WorkspaceData, certId: string): void {
  for (const s of ws.table("snis").where("certificate", certId)) ws.table("snis").delete(s.id);
}
