// Writes to an API server: server-side apply, get and delete of single objects, with the same
// client-node credentials as the sync. A refusal becomes a KubeError naming the verb, the
// resource and the namespace (what an RBAC rule would have to allow).
import http from "node:http";
import https from "node:https";
import type { KubeConfig } from "@kubernetes/client-node";
import { KubeError, kubeErrorFromResponse } from "./kube-error";
import { kubeTarget } from "./kube-request";

/** Where an object lives: its collection path and identity. */
export type ObjectRef = { group: string; version: string; resource: string; namespace: string; name: string };

/** A Kubernetes object as JSON (vendor JSON stays in lib/k8s). */
export type KubeObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; resourceVersion?: string; uid?: string }; [k: string]: unknown };

/** The path of an object (or of its collection when `name` is empty). */
export function objectPath(r: ObjectRef): string {
  const base = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  return `${base}/namespaces/${encodeURIComponent(r.namespace)}/${r.resource}${r.name ? `/${encodeURIComponent(r.name)}` : ""}`;
}

async function send(
  kc: KubeConfig,
  cluster: string,
  method: "GET" | "PATCH" | "DELETE",
  path: string,
  body?: { type: string; text: string },
  timeoutMs = 15_000,
): Promise<{ status: number; text: string }> {
  const { url, agent, headers } = await kubeTarget(kc, cluster, path, "application/json");
  if (body) headers["Content-Type"] = body.type;
  const mod = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request(url, { method, headers, agent, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new KubeError(`cluster "${cluster}": no answer from ${url.host} within ${timeoutMs} ms`, cluster, undefined, "Timeout", "ETIMEDOUT")));
    req.on("error", (err) => {
      if (err instanceof KubeError) return reject(err);
      const code = (err as NodeJS.ErrnoException).code;
      reject(new KubeError(`cluster "${cluster}": API server unreachable at ${url.host} (${code ?? err.message})`, cluster, undefined, undefined, code));
    });
    req.end(body?.text);
  });
}

function refused(cluster: string, status: number, text: string, verb: string, r: ObjectRef): KubeError {
  const what = `${verb} ${r.resource}${r.group ? `.${r.group}` : ""} "${r.name}" in namespace "${r.namespace}"`;
  return kubeErrorFromResponse(cluster, status, text, what);
}

/**
 * Server-side apply (field manager `fieldManager`, forced: Signpost owns what it writes).
 * With dryRun the API server runs admission and validation and stores nothing.
 */
export async function applyObject(kc: KubeConfig, cluster: string, r: ObjectRef, obj: KubeObject, o: { fieldManager: string; dryRun?: boolean }): Promise<KubeObject> {
  const q = new URLSearchParams({ fieldManager: o.fieldManager, force: "true", ...(o.dryRun ? { dryRun: "All" } : {}) });
  const res = await send(kc, cluster, "PATCH", `${objectPath(r)}?${q}`, { type: "application/apply-patch+yaml", text: JSON.stringify(obj) });
  if (res.status < 200 || res.status >= 300) throw refused(cluster, res.status, res.text, "patch", r);
  return JSON.parse(res.text) as KubeObject;
}

/** The object, or null when the API server answers 404. */
export async function getObject(kc: KubeConfig, cluster: string, r: ObjectRef): Promise<KubeObject | null> {
  const res = await send(kc, cluster, "GET", objectPath(r));
  if (res.status === 404) return null;
  if (res.status < 200 || res.status >= 300) throw refused(cluster, res.status, res.text, "get", r);
  return JSON.parse(res.text) as KubeObject;
}

/** Objects of a collection matching a label selector. */
export async function listObjects(kc: KubeConfig, cluster: string, r: Omit<ObjectRef, "name">, labelSelector: string): Promise<KubeObject[]> {
  const res = await send(kc, cluster, "GET", `${objectPath({ ...r, name: "" })}?${new URLSearchParams({ labelSelector })}`);
  if (res.status === 404) return [];
  if (res.status < 200 || res.status >= 300) throw refused(cluster, res.status, res.text, "list", { ...r, name: "" });
  return (JSON.parse(res.text) as { items?: KubeObject[] }).items ?? [];
}

/** Deletes the object (only the version read, when `resourceVersion` is given); a missing one is no error. */
export async function deleteObject(kc: KubeConfig, cluster: string, r: ObjectRef, o: { resourceVersion?: string } = {}): Promise<void> {
  const body = o.resourceVersion
    ? { type: "application/json", text: JSON.stringify({ apiVersion: "v1", kind: "DeleteOptions", preconditions: { resourceVersion: o.resourceVersion } }) }
    : undefined;
  const res = await send(kc, cluster, "DELETE", objectPath(r), body);
  if (res.status === 404) return;
  if (res.status < 200 || res.status >= 300) throw refused(cluster, res.status, res.text, "delete", r);
}
