// KIC's TLS translation (translator getCerts): every spec.tls entry of a served Ingress names a
// Secret of its namespace whose tls.crt/tls.key become a Kong certificate, its id the Secret's
// UID, its tags the Secret's, and the entry's hosts become the certificate's SNIs. A host already
// served by another certificate keeps the first one (Ingresses in namespace/name order).
import type { KubeObject } from "../kube/index";
import { generateTagsForObject } from "./generate-tags";
import type { DesiredCertificate } from "./types";

const decode = (v: unknown) => (typeof v === "string" ? Buffer.from(v, "base64").toString("utf8") : undefined);

/** Certificates and SNIs for the TLS sections of `ingresses`; `failures` names what was skipped. */
export function translateTls(ingresses: KubeObject[], secrets: KubeObject[]): { certificates: DesiredCertificate[]; failures: string[] } {
  const byKey = new Map(secrets.map((s) => [`${s.metadata.namespace}/${s.metadata.name}`, s]));
  const certs = new Map<string, DesiredCertificate>();
  const hostsTaken = new Set<string>();
  const failures: string[] = [];
  const sorted = [...ingresses].sort((a, b) => (`${a.metadata.namespace}/${a.metadata.name}` < `${b.metadata.namespace}/${b.metadata.name}` ? -1 : 1));
  for (const ing of sorted) {
    for (const tls of ing.spec?.tls ?? []) {
      if (!tls.secretName) continue;
      const where = `Ingress ${ing.metadata.namespace}/${ing.metadata.name}`;
      const secret = byKey.get(`${ing.metadata.namespace}/${tls.secretName}`);
      const cert = decode(secret?.data?.["tls.crt"]);
      const key = decode(secret?.data?.["tls.key"]);
      if (!secret || !cert || !key) {
        failures.push(`${where}: TLS Secret ${ing.metadata.namespace}/${tls.secretName} not found or without tls.crt and tls.key`);
        continue;
      }
      const id = secret.metadata.uid!;
      const entry = certs.get(id) ?? { id, cert, key, tags: generateTagsForObject(secret), snis: [] };
      for (const host of (tls.hosts ?? []) as string[]) {
        if (hostsTaken.has(host)) continue;
        hostsTaken.add(host);
        entry.snis.push(host);
      }
      certs.set(id, entry);
    }
  }
  return { certificates: [...certs.values()].sort((a, b) => (a.id < b.id ? -1 : 1)), failures };
}
