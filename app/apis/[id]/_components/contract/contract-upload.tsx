"use client";
// Editors upload a contract from a file (JSON or YAML); a refused document shows why, with the
// JSON pointer of the failing part, and changes nothing.
import { useId, useState } from "react";
import { canEdit, useSession } from "@/lib/queries/session";
import { useUploadContract } from "@/lib/queries/contracts";
import { ApiRequestError } from "@/lib/queries/http";

export function ContractUpload({ apiId }: { apiId: string }) {
  const session = useSession();
  const upload = useUploadContract(apiId);
  const id = useId();
  const [done, setDone] = useState<string | null>(null);
  if (!canEdit(session.data)) return null;
  const onFile = async (file: File | undefined) => {
    setDone(null);
    if (!file) return;
    const text = await file.text();
    const format = /\.json$/i.test(file.name) || /^\s*\{/.test(text) ? "json" : "yaml";
    upload.mutate({ text, format }, { onSuccess: (r) => setDone(r.created ? `Stored as version ${r.version}.` : `Unchanged: version ${r.version} is this document.`) });
  };
  const pointer = upload.error instanceof ApiRequestError ? (upload.error.details as { pointer?: string } | undefined)?.pointer : undefined;
  return (
    <div className="space-y-1 text-sm">
      <label htmlFor={id} className="font-medium">Upload a contract (OpenAPI 3.0/3.1, JSON or YAML)</label>
      <input id={id} type="file" accept=".json,.yaml,.yml,application/json,application/yaml" disabled={upload.isPending} onChange={(e) => void onFile(e.target.files?.[0])} className="block text-sm" />
      {upload.isPending ? <p>Uploading…</p> : null}
      {done ? <p role="status">{done}</p> : null}
      {upload.isError ? <p role="alert" className="text-red-700 dark:text-red-400">{upload.error.message}{pointer !== undefined ? ` (at ${pointer || "/"})` : ""}</p> : null}
    </div>
  );
}
