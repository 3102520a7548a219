import type { FaultsController } from "../faults";
import type { GatewayStore } from "../gateway-store";
import type { Entity, EntityKind, ResolvedGatewayOptions } from "../types";
import type { WorkspaceData } from "../workspace-data";
import type { ParsedBody } from "./request-body";

/** Server-wide state the handlers share. */
export type GatewayContext = {
  store: GatewayStore;
  faults: FaultsController;
  options: ResolvedGatewayOptions;
  nodeId: string;
  /** Address the server listens on, once known. */
  listen: { host: string; port: number };
  counters: { totalRequests: number };
};

/** One Admin API request after routing. */
export type ApiRequest = {
  method: string;
  query: URLSearchParams;
  body: ParsedBody;
  workspace: string;
  /** "" or "/{workspace}", used to build `next` links. */
  prefix: string;
};

/** Adds what an enterprise node shows besides the open-source fields. */
export function present(ctx: GatewayContext, ws: WorkspaceData, _kind: EntityKind, e: Entity): Record<string, unknown> {
  // Open source hides ws_id; the enterprise sandbox shows it, so clients prove they tolerate extras.
  return ctx.options.edition === "enterprise" ? { ...e, ws_id: ws.id } : e;
}
