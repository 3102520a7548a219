import { z } from "zod";

/** What a fault does to a matching request. */
export type FaultAction =
  | { type: "status"; status: number }
  | { type: "delay"; ms: number }
  | { type: "hang" }
  | { type: "reset" };

/**
 * A fault rule: requests matching method and path prefix are counted; the first `afterRequests`
 * pass untouched, the next `times` (default: all) get the action.
 */
export type FaultRule = { method?: string; pathPrefix?: string; afterRequests?: number; times?: number; action: FaultAction };

/**
 * One request the sandbox received (control endpoints under /_sandbox excluded), with the status it
 * answered once it has (none for a request reset or left hanging by a fault).
 */
export type RequestLogEntry = { method: string; path: string; time: number; status?: number };

/** Fault injection and request log of a sandbox gateway. */
export type GatewayFaults = {
  /** Adds rules (evaluated in order; the first one in its active window acts). */
  add(rules: FaultRule | FaultRule[]): void;
  /** Removes every rule. */
  clear(): void;
  readonly rules: readonly FaultRule[];
  /** Requests received so far, oldest first. */
  readonly requests: readonly RequestLogEntry[];
  resetRequests(): void;
  /** Resolves once `count` requests matching the filter have been logged (counting those already logged). */
  waitForRequests(count: number, filter?: { method?: string; pathPrefix?: string }): Promise<RequestLogEntry[]>;
};

/** Validates rules received over HTTP (POST /_sandbox/faults). */
export const ZFaultRule = z.object({
  method: z.string().optional(),
  pathPrefix: z.string().optional(),
  afterRequests: z.number().int().min(0).optional(),
  times: z.number().int().min(1).optional(),
  action: z.discriminatedUnion("type", [
    z.object({ type: z.literal("status"), status: z.number().int().min(100).max(599) }),
    z.object({ type: z.literal("delay"), ms: z.number().int().min(0) }),
    z.object({ type: z.literal("hang") }),
    z.object({ type: z.literal("reset") }),
  ]),
});

type ActiveRule = { rule: FaultRule; seen: number; applied: number };
type Waiter = { count: number; matches: (e: RequestLogEntry) => boolean; resolve: (v: RequestLogEntry[]) => void };

const matchesFilter = (f: { method?: string; pathPrefix?: string }, method: string, path: string) =>
  (!f.method || f.method.toUpperCase() === method.toUpperCase()) && (!f.pathPrefix || path.startsWith(f.pathPrefix));

/** The faults object plus the two hooks the HTTP layer calls for each request. */
export type FaultsController = GatewayFaults & {
  record(method: string, path: string): RequestLogEntry;
  pick(method: string, pathname: string): FaultAction | null;
};

/** Creates an empty fault set and request log. */
export function createFaults(): FaultsController {
  let active: ActiveRule[] = [];
  let log: RequestLogEntry[] = [];
  let waiters: Waiter[] = [];

  const settle = () => {
    waiters = waiters.filter((w) => {
      const hits = log.filter(w.matches);
      if (hits.length < w.count) return true;
      w.resolve(hits);
      return false;
    });
  };

  return {
    add(rules) {
      for (const rule of Array.isArray(rules) ? rules : [rules]) active.push({ rule: structuredClone(rule), seen: 0, applied: 0 });
    },
    clear() {
      active = [];
    },
    get rules() {
      return active.map((a) => a.rule);
    },
    get requests() {
      return [...log];
    },
    resetRequests() {
      log = [];
    },
    waitForRequests(count, filter = {}) {
      return new Promise((resolve) => {
        const pathOf = (e: RequestLogEntry) => e.path.split("?")[0];
        waiters.push({ count, matches: (e) => matchesFilter(filter, e.method, pathOf(e)), resolve });
        settle();
      });
    },
    record(method, path) {
      const entry: RequestLogEntry = { method, path, time: Date.now() };
      log.push(entry);
      settle();
      return entry;
    },
    pick(method, pathname) {
      let chosen: FaultAction | null = null;
      for (const a of active) {
        if (!matchesFilter(a.rule, method, pathname)) continue;
        a.seen += 1;
        const inWindow = a.seen > (a.rule.afterRequests ?? 0) && (a.rule.times === undefined || a.applied < a.rule.times);
        if (inWindow && chosen === null) {
          a.applied += 1;
          chosen = a.rule.action;
        }
      }
      return chosen;
    },
  };
}
