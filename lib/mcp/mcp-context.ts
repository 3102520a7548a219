// What every MCP tool gets: the caller (as REST's authentication found it), the database, the
// configuration and the public origin for page links. Built once per HTTP request.
import type { Actor } from "../auth/authenticate";
import type { Db } from "../db/client";
import type { Config } from "../env";
import type { Logger } from "../log";
import { ApiError } from "../api/errors";

export type McpContext = {
  actor: Actor | null;
  db: Db;
  config: Config;
  /** scheme://host the caller reached Signpost at, for page links */
  origin: string;
  requestId: string;
  log: Logger;
};

/** The catalog page of an API. */
export function apiPageUrl(ctx: McpContext, id: string): string {
  return `${ctx.origin}/apis/${id}`;
}

/** Throws unless the caller may write as REST's editor routes require (editor or admin). */
export function requireEditor(ctx: McpContext, tool: string): NonNullable<McpContext["actor"]> {
  const actor = ctx.actor;
  if (!actor) throw new ApiError("unauthorized", `${tool} needs a bearer token with the editor or admin role (Authorization: Bearer <token>); this call has none`);
  if (actor.role === "viewer") throw new ApiError("forbidden", `${tool} needs the editor or admin role; ${actor.name} is a viewer`);
  return actor;
}
