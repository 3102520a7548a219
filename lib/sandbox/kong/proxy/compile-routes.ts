// The traditional_compatible router's view of routes (kong/router/transform.lua): a route whose
// paths mix regexes and prefixes of different lengths is split into one sub-route per group
// (split_routes_and_services_by_path), and every sub-route gets get_priority's 64-bit priority.
import type { Entity } from "../types";

/** A route as the router evaluates it: one path group, its priority, the route it came from. */
export type SubRoute = { route: Entity; paths: string[] | null; priority: bigint; id: string };

const isRegex = (p: string) => p.startsWith("~");
const nonEmpty = (v: unknown) => (Array.isArray(v) ? v.length > 0 : v !== null && v !== undefined && typeof v === "object" && Object.keys(v).length > 0);

const PLAIN_HOST_ONLY_BIT = 1n << 60n;
const REGEX_URL_BIT = 1n << 51n;
const MAX_HEADER_COUNT = 255;

/** get_priority for an HTTP route with one path group. */
export function routePriority(route: Entity, paths: string[] | null): bigint {
  let weight = 0;
  for (const f of ["sources", "destinations", "methods", "hosts"]) if (nonEmpty(route[f])) weight++;
  const headerCount = Math.min(nonEmpty(route.headers) ? Object.keys(route.headers as object).length : 0, MAX_HEADER_COUNT);
  if (headerCount > 0) weight++;
  if (nonEmpty(route.snis)) weight++;
  const hosts = route.hosts as string[] | null;
  const plainHostOnly = Array.isArray(hosts) && !hosts.some((h) => h.includes("*"));
  let uriLength = 0;
  let regexUrl = false;
  if (paths && paths.length > 0) {
    weight++;
    if (isRegex(paths[0])) regexUrl = true;
    else uriLength = paths[0].length;
  }
  let p = BigInt(weight) << 61n;
  if (plainHostOnly) p |= PLAIN_HOST_ONLY_BIT;
  if (regexUrl) p |= REGEX_URL_BIT;
  p |= BigInt(headerCount) << 52n;
  if (regexUrl) p |= BigInt.asUintN(32, BigInt((route.regex_priority as number) ?? 0)) << 19n;
  p |= BigInt(uriLength & 0x7ffff);
  return p;
}

/** group_by_regex_or_length: all regexes together, prefixes by length, in first-seen order. */
export function groupPaths(paths: string[]): string[][] {
  const groups = new Map<number, string[]>();
  for (const p of paths) {
    const k = isRegex(p) ? 0 : p.length;
    groups.set(k, [...(groups.get(k) ?? []), p]);
  }
  return [...groups.values()];
}

/** Every HTTP route as sub-routes, highest priority first (ties: the higher id first). */
export function compileRoutes(routes: readonly Entity[]): SubRoute[] {
  const out: SubRoute[] = [];
  for (const route of routes) {
    const protocols = (route.protocols as string[] | null) ?? ["http", "https"];
    if (!protocols.some((p) => p === "http" || p === "https")) continue;
    const paths = route.paths as string[] | null;
    const groups = paths && paths.length > 1 ? groupPaths(paths) : [paths && paths.length ? paths : null];
    groups.forEach((g, i) => out.push({ route, paths: g, priority: routePriority(route, g), id: groups.length > 1 ? `${route.id}#${i + 1}` : route.id }));
  }
  return out.sort((a, b) => (a.priority === b.priority ? (a.id < b.id ? 1 : -1) : a.priority < b.priority ? 1 : -1));
}
