// Every REST handler is wrapped by route(): request id and log line, authentication, the
// caller's request budget and role check, query/body/params parsing with zod, and the single
// catch that turns any error into the error body.
import crypto from "node:crypto";
import { z } from "zod";
import { logger, type Logger } from "../log";
import { ApiError, toApiError } from "./errors";
import { identify, type Actor } from "../auth/authenticate";
import { budgetOf, chargeRequest } from "../auth/request-budget";
import { CLEAR_SESSION_COOKIE } from "../auth/session-cookie";
import { loadConfig } from "../env";
import { observeRequest } from "../metrics/http-metrics";
import { routeTemplate } from "../metrics/route-template";
import { readJsonBody } from "./read-json-body";
import { materialised, PreparedBody, preparedResponse } from "./prepared-body";

/** public: no credential looked at; optional: the caller if any (never refused, nor charged to a request budget); read: the read rule (SIGNPOST_PUBLIC_READ); signed-in: any credential (viewer or above). */
export type Access = "public" | "optional" | "read" | "signed-in" | "editor" | "admin";

export type RouteContext<Q, B, P> = {
  req: Request;
  query: Q;
  body: B;
  params: P;
  actor: Actor | null;
  requestId: string;
  log: Logger;
};

type Spec<Q extends z.ZodType, B extends z.ZodType, P extends z.ZodType> = {
  access: Access;
  query?: Q;
  body?: B;
  params?: P;
  /** largest accepted body in bytes (a function: read from the configuration per request) */
  maxBody?: number | (() => number);
};

const ROLE_RANK = { viewer: 1, editor: 2, admin: 3 } as const;

/** Wraps a handler; the handler returns a Response or a JSON-serialisable value (200). */
export function route<Q extends z.ZodType = z.ZodUnknown, B extends z.ZodType = z.ZodUnknown, P extends z.ZodType = z.ZodUnknown>(
  spec: Spec<Q, B, P>,
  handler: (ctx: RouteContext<z.infer<Q>, z.infer<B>, z.infer<P>>) => Promise<unknown>,
) {
  return async (req: Request, segment?: { params?: Promise<Record<string, string | string[]>> }): Promise<Response> => {
    const started = performance.now();
    const requestId = req.headers.get("x-request-id")?.slice(0, 64) || crypto.randomUUID();
    const url = new URL(req.url);
    const log = logger.child({ requestId });
    let status = 500;
    // A session cookie that no longer works is cleared in the answer, whatever it is.
    const clearCookie = { stale: false };
    let segmentParams: Record<string, string | string[]> = {};
    try {
      segmentParams = (await segment?.params) ?? {};
      const actor = await authorize(req, spec.access, clearCookie);
      const params = spec.params ? parse(spec.params, segmentParams, "path") : undefined;
      const query = spec.query ? parse(spec.query, queryObject(url.searchParams), "query") : undefined;
      const body = spec.body ? parse(spec.body, await readJsonBody(req, typeof spec.maxBody === "function" ? spec.maxBody() : (spec.maxBody ?? 1_000_000)), "body") : undefined;
      const result = await handler({ req, query, body, params, actor, requestId, log } as RouteContext<z.infer<Q>, z.infer<B>, z.infer<P>>);
      const res = result instanceof Response ? materialised(req, result) : Response.json(result);
      status = res.status;
      res.headers.set("x-request-id", requestId);
      if (clearCookie.stale) res.headers.append("set-cookie", CLEAR_SESSION_COOKIE);
      return res;
    } catch (err) {
      const apiErr = toApiError(err);
      status = apiErr.status;
      if (status >= 500) {
        const e = err as Error & { code?: string };
        log.error("request failed", { method: req.method, path: url.pathname, error: e?.message || String(err), code: e?.code, stack: e?.stack?.split("\n").slice(0, 6).join(" | ") });
      }
      return Response.json(apiErr.toBody(), {
        status,
        headers: { "x-request-id": requestId, ...(apiErr.headers ?? {}), ...(clearCookie.stale ? { "set-cookie": CLEAR_SESSION_COOKIE } : {}) },
      });
    } finally {
      // Successful reads are frequent (pages refresh themselves): debug; writes and failures: info.
      const level = req.method === "GET" && status < 400 ? "debug" : "info";
      const ms = performance.now() - started;
      log[level]("request", { method: req.method, path: url.pathname, status, ms: Math.round(ms) });
      observeRequest(req.method, routeTemplate(url.pathname, segmentParams), status, ms / 1000);
    }
  };
}

/** A response whose body is already JSON text (stored documents), sent as is (lib/api/prepared-body.ts). */
export function rawJson(body: string | PreparedBody, status = 200, headers: Record<string, string> = {}): Response {
  return preparedResponse(typeof body === "string" ? new PreparedBody(body) : body, { status, headers: { "content-type": "application/json", ...headers } });
}

/** A JSON response with a status (e.g. 201). */
export function json(value: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(value, { status, headers });
}

async function authorize(req: Request, access: Access, clearCookie: { stale: boolean }): Promise<Actor | null> {
  if (access === "public") return null;
  const { actor, staleSession } = await identify(req);
  clearCookie.stale = staleSession;
  if (access === "optional") return actor;
  // The caller's request budget (lib/auth/request-budget.ts), spent also when its role is then
  // refused; health, readiness and session routes ("optional") are never refused.
  chargeRequest(req, actor, { [budgetOf(req.method)]: 1 });
  if (access === "read") {
    if (actor || loadConfig().SIGNPOST_PUBLIC_READ) return actor;
    throw new ApiError("unauthorized", "this Signpost requires a token to read (Authorization: Bearer <token>)", undefined, {
      "www-authenticate": 'Bearer realm="signpost"',
    });
  }
  if (access === "signed-in") {
    if (actor) return actor;
    throw new ApiError("unauthorized", "sign in, or send a token (Authorization: Bearer <token>)", undefined, { "www-authenticate": 'Bearer realm="signpost"' });
  }
  if (!actor) {
    throw new ApiError("unauthorized", "a token with the editor or admin role is required (Authorization: Bearer <token>)", undefined, {
      "www-authenticate": 'Bearer realm="signpost"',
    });
  }
  const need = access === "admin" ? ROLE_RANK.admin : ROLE_RANK.editor;
  if (ROLE_RANK[actor.role] < need) {
    throw new ApiError("forbidden", `the ${actor.role} role cannot do this; it needs the ${access} role`);
  }
  return actor;
}

function parse<S extends z.ZodType>(schema: S, value: unknown, where: "path" | "query" | "body"): z.infer<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => ({ field: [where, ...i.path].join("."), message: i.message }));
  throw new ApiError(
    where === "body" ? "validation_failed" : "bad_request",
    `invalid ${where}: ${issues[0].field}: ${issues[0].message}`,
    { issues },
  );
}

function queryObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    out[key] = all.length > 1 ? all : all[0];
  }
  return out;
}
