// Method, path and accepted statuses of every REST operation, by operationId: what the client
// needs at run time. It mirrors lib/api/openapi/operations.ts without importing it, so that the
// client (and the CLI's start-up) does not load zod and every schema; operation-routes.test.ts
// proves the two lists are the same.

/** An operation's HTTP method, path template and the statuses that carry its answer. */
export type OperationRoute = {
  method: "get" | "post" | "put" | "delete";
  path: string;
  /** statuses that are answers, not errors (2xx, 304, and e.g. 503 of the health checks) */
  ok: readonly number[];
  /** the answer is text (e.g. YAML), not JSON */
  text?: boolean;
};

/** Every operation of the REST API. */
export const OPERATION_ROUTES = {
  health: { method: "get", path: "/api/health", ok: [200, 503] },
  ready: { method: "get", path: "/api/ready", ok: [200, 503] },
  listApis: { method: "get", path: "/api/v1/apis", ok: [200] },
  registrationManifest: { method: "post", path: "/api/v1/apis/manifest", ok: [200], text: true },
  tryApi: { method: "post", path: "/api/v1/apis/{id}/try", ok: [200] },
  registerApi: { method: "post", path: "/api/v1/apis", ok: [200, 201] },
  apiFacets: { method: "get", path: "/api/v1/apis/facets", ok: [200] },
  getApi: { method: "get", path: "/api/v1/apis/{id}", ok: [200, 304] },
  listScorecards: { method: "get", path: "/api/v1/scorecards", ok: [200] },
  getApiSpec: { method: "get", path: "/api/v1/apis/{id}/spec", ok: [200, 304], text: true },
  putApiSpec: { method: "put", path: "/api/v1/apis/{id}/spec", ok: [200, 201] },
  listApiSpecVersions: { method: "get", path: "/api/v1/apis/{id}/spec/versions", ok: [200] },
  exportBackstage: { method: "get", path: "/api/v1/export/backstage", ok: [200], text: true },
  apiEndpoints: { method: "get", path: "/api/v1/apis/{id}/endpoints", ok: [200] },
  apiSourceObjects: { method: "get", path: "/api/v1/apis/{id}/objects", ok: [200] },
  deregisterApi: { method: "delete", path: "/api/v1/apis/{id}", ok: [204] },
  resolveApi: { method: "get", path: "/api/v1/resolve/{name}", ok: [200, 304] },
  listEvents: { method: "get", path: "/api/v1/events", ok: [200] },
  listSources: { method: "get", path: "/api/v1/sources", ok: [200] },
  resyncSource: { method: "post", path: "/api/v1/sources/{kind}/{name}/resync", ok: [200] },
  confirmDeletion: { method: "post", path: "/api/v1/sources/{kind}/{name}/confirm-deletion", ok: [200] },
  listRegistrations: { method: "get", path: "/api/v1/registrations", ok: [200] },
  putRegistration: { method: "put", path: "/api/v1/registrations/{gateway}/{name}", ok: [200, 201] },
  deleteRegistration: { method: "delete", path: "/api/v1/registrations/{gateway}/{name}", ok: [204] },
  previewRegistration: { method: "post", path: "/api/v1/registrations/preview", ok: [200] },
  listGateways: { method: "get", path: "/api/v1/gateways", ok: [200] },
  listServices: { method: "get", path: "/api/v1/services", ok: [200] },
  listWebhooks: { method: "get", path: "/api/v1/webhooks", ok: [200] },
  createWebhook: { method: "post", path: "/api/v1/webhooks", ok: [201] },
  getWebhook: { method: "get", path: "/api/v1/webhooks/{id}", ok: [200, 304] },
  deleteWebhook: { method: "delete", path: "/api/v1/webhooks/{id}", ok: [204] },
  enableWebhook: { method: "post", path: "/api/v1/webhooks/{id}/enable", ok: [200] },
  listDeliveries: { method: "get", path: "/api/v1/webhooks/{id}/deliveries", ok: [200] },
  listTokens: { method: "get", path: "/api/v1/tokens", ok: [200] },
  createToken: { method: "post", path: "/api/v1/tokens", ok: [201] },
  revokeToken: { method: "delete", path: "/api/v1/tokens/{id}", ok: [204] },
  getSession: { method: "get", path: "/api/v1/session", ok: [200] },
  signIn: { method: "post", path: "/api/v1/session", ok: [200] },
  signOut: { method: "delete", path: "/api/v1/session", ok: [204] },
  listAudit: { method: "get", path: "/api/v1/audit", ok: [200] },
} as const satisfies Record<string, OperationRoute>;

/** The operationIds of the REST API. */
export type OperationId = keyof typeof OPERATION_ROUTES;
