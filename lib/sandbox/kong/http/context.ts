import { certificateSniNames } from "../certificate-snis";
import type { FaultsController } from "../faults";
import { SCHEMAS } from "../schemas/index";
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
  /** The proxy's listeners once it runs (GET / configuration.proxy_listeners). */
  proxyListen: { host: string; port: number; ssl: boolean }[];
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

/**
 * An entity as the Admin API shows it: certificates with the names of their SNIs, ttl-enabled
 * kinds with the seconds left (null without a ttl), and ws_id on enterprise nodes.
 */
export function present(ctx: GatewayContext, ws: WorkspaceData, kind: EntityKind, e: Entity): Record<string, unknown> {
  let out: Record<string, unknown> = e;
  if (kind === "certificates") out = { ...out, snis: certificateSniNames(ws, e.id) };
  if (SCHEMAS[kind].ttl) out = { ...out, ttl: ws.ttlOf(e.id) };
  // Open source hides ws_id; the enterprise sandbox shows it, so clients prove they tolerate extras.
  return ctx.options.edition === "enterprise" ? { ...out, ws_id: ws.id } : out;
}
