// RFC 6902 JSON Patch (application/json-patch+json): add, remove, replace, move, copy, test.
import { PatchError } from "./strategic-merge";

type Op = { op: string; path: string; value?: unknown; from?: string };

function pointer(path: string): string[] {
  if (path === "") return [];
  if (!path.startsWith("/")) throw new PatchError(`invalid JSON pointer: "${path}"`);
  return path.slice(1).split("/").map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

type Container = Record<string, unknown> | unknown[];

function parentOf(doc: unknown, tokens: string[], path: string): { parent: Container; key: string } {
  let cur: unknown = doc;
  for (const t of tokens.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[Number(t)];
    else if (cur && typeof cur === "object") cur = (cur as Record<string, unknown>)[t];
    else cur = undefined;
    if (cur === undefined || cur === null) throw new PatchError(`doc is missing path: "${path}": missing value`);
  }
  if (!cur || typeof cur !== "object") throw new PatchError(`doc is missing path: "${path}": missing value`);
  return { parent: cur as Container, key: tokens[tokens.length - 1] };
}

function index(arr: unknown[], key: string, path: string, forInsert: boolean): number {
  if (forInsert && key === "-") return arr.length;
  const i = Number(key);
  if (!/^\d+$/.test(key) || i > arr.length || (!forInsert && i === arr.length)) {
    throw new PatchError(`unable to access invalid index: ${key}: invalid index referenced: "${path}"`);
  }
  return i;
}

function get(doc: unknown, path: string): unknown {
  let cur = doc;
  for (const t of pointer(path)) {
    if (Array.isArray(cur)) cur = cur[Number(t)];
    else if (cur && typeof cur === "object" && t in cur) cur = (cur as Record<string, unknown>)[t];
    else throw new PatchError(`doc is missing path: "${path}": missing value`);
    if (cur === undefined) throw new PatchError(`doc is missing path: "${path}": missing value`);
  }
  return cur;
}

function remove(doc: unknown, path: string): unknown {
  const { parent, key } = parentOf(doc, pointer(path), path);
  if (Array.isArray(parent)) return parent.splice(index(parent, key, path, false), 1)[0];
  if (!(key in parent)) throw new PatchError(`unable to remove nonexistent key: ${key}: missing value`);
  const v = parent[key];
  delete parent[key];
  return v;
}

function add(doc: unknown, path: string, value: unknown, replace: boolean): unknown {
  const tokens = pointer(path);
  if (tokens.length === 0) return structuredClone(value);
  const { parent, key } = parentOf(doc, tokens, path);
  if (Array.isArray(parent)) {
    const i = index(parent, key, path, !replace);
    if (replace) parent[i] = structuredClone(value);
    else parent.splice(i, 0, structuredClone(value));
  } else {
    if (replace && !(key in parent)) throw new PatchError(`doc is missing key: ${path}: missing value`);
    parent[key] = structuredClone(value);
  }
  return doc;
}

/** Applies an RFC 6902 patch to a copy of `doc`. */
export function jsonPatch<T>(doc: T, ops: unknown): T {
  if (!Array.isArray(ops)) throw new PatchError("json patch must be an array of operations");
  let out: unknown = structuredClone(doc);
  for (const raw of ops as Op[]) {
    switch (raw.op) {
      case "add": out = add(out, raw.path, raw.value, false); break;
      case "replace": out = add(out, raw.path, raw.value, true); break;
      case "remove": remove(out, raw.path); break;
      case "move": { const v = remove(out, raw.from ?? ""); out = add(out, raw.path, v, false); break; }
      case "copy": out = add(out, raw.path, get(out, raw.from ?? ""), false); break;
      case "test":
        if (JSON.stringify(get(out, raw.path)) !== JSON.stringify(raw.value)) throw new PatchError("testing value " + raw.path + " failed: test failed");
        break;
      default: throw new PatchError(`Unexpected kind: ${raw.op}`);
    }
  }
  return out as T;
}
