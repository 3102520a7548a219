"use client";
// The API's contract on its page: the operations (Swagger UI, servers set to the proxy URL), the
// versions with their breaking changes, where it is fetched from, and an upload for editors.
import dynamic from "next/dynamic";
import { useMemo } from "react";
import YAML from "yaml";
import type { TApi } from "@/lib/api/schemas/api";
import { useContractDocument, useContractVersions } from "@/lib/queries/contracts";
import { Alert } from "@/components/ui/alert";
import { ContractUpload } from "./contract-upload";
import { ContractVersions } from "./contract-versions";

const SwaggerView = dynamic(() => import("./swagger-view"), { ssr: false, loading: () => <p className="text-sm">Loading the operations…</p> });

/** The document as an object with `servers` set to the proxy URL (null when it cannot be read). */
function withServers(text: string, format: "json" | "yaml", proxyUrl: string | null): Record<string, unknown> | null {
  try {
    const doc = (format === "json" ? JSON.parse(text) : YAML.parse(text)) as Record<string, unknown>;
    return proxyUrl ? { ...doc, servers: [{ url: proxyUrl, description: "Proxy URL (Signpost)" }] } : doc;
  } catch {
    return null;
  }
}

export function ContractSection({ api }: { api: TApi }) {
  const document = useContractDocument(api.id);
  const versions = useContractVersions(api.id);
  const spec = useMemo(() => (document.data ? withServers(document.data.text, document.data.format, api.proxyUrl) : null), [document.data, api.proxyUrl]);
  return (
    <div className="space-y-4">
      {document.isPending ? <p className="text-sm">Loading the contract…</p> : null}
      {document.isError ? <Alert tone="warning" title="The contract could not be loaded">{document.error.message}</Alert> : null}
      {document.data === null ? (
        <p className="text-sm text-slate-700 dark:text-slate-300">
          No contract yet. Upload an OpenAPI 3.0/3.1 document, send it as <code>spec</code> with the registration, or annotate the Service with{" "}
          <code>signpost.dev/openapi-url</code>.
        </p>
      ) : null}
      {versions.data?.fetchError ? <Alert tone="warning" title={`Fetching ${versions.data.sourceUrl} failed`}>{versions.data.fetchError}</Alert> : null}
      {document.data ? (
        <p className="text-sm">
          Version {document.data.version} · <a className="text-sky-800 underline dark:text-sky-300" href={`/api/v1/apis/${api.id}/spec`}>download ({document.data.format.toUpperCase()})</a>
          {versions.data?.sourceUrl ? <> · fetched from <code className="break-all">{versions.data.sourceUrl}</code></> : null}
        </p>
      ) : null}
      {spec ? <SwaggerView key={document.data?.version} spec={spec} /> : null}
      {versions.data && versions.data.data.length > 0 ? <ContractVersions versions={versions.data.data} /> : null}
      <ContractUpload apiId={api.id} />
    </div>
  );
}
