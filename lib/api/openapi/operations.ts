// Every REST operation, described with the same zod schemas its handler parses and returns. The
// OpenAPI document is generated from this list, and the contract test calls every entry.
import { z } from "zod";
import { ZApi, ZApiList, ZApiListQuery, ZIdParams } from "../schemas/api";
import { ZManifestText, ZRegistration } from "../schemas/registration";
import { ZApiEndpointList, ZApiSourceObjectList } from "../schemas/api-runtime";
import { ZTryRequest, ZTryResult } from "../schemas/try";
import { ZGatewayList, ZRegistrationList, ZRegistrationListQuery, ZRegistrationParams, ZRegistrationPreview, ZServiceList } from "../schemas/registration-record";
import { ZResolveParams, ZResolveQuery, ZResolved } from "../schemas/resolve";
import { ZEventPage, ZEventQuery } from "../schemas/event";
import { ZSource, ZSourceList, ZSourceParams } from "../schemas/source";
import { ZDeliveryListQuery, ZWebhook, ZWebhookCreate, ZWebhookDeliveryList, ZWebhookIdParams, ZWebhookList } from "../schemas/webhook";
import { ZAuditList, ZAuditQuery, ZSession, ZSessionCreate, ZTokenCreate, ZTokenCreated, ZTokenList } from "../schemas/auth";
import { ZFacets, ZHealth, ZReady } from "../schemas/common";
import { ZBackstageEntities, ZContractSaved, ZContractVersionList, ZSpecDocument, ZSpecQuery } from "../schemas/contract";
import type { Access } from "../route";

export type Operation = {
  method: "get" | "post" | "put" | "delete";
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  access: Access;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** status -> response schema (null: no body); the error body is added for 4xx/5xx */
  responses: Record<number, z.ZodType | null>;
  /** extra response media types, e.g. server-sent events */
  stream?: string;
  /** the 200 answer is text of this media type (or these) instead of JSON (e.g. application/yaml) */
  text?: string | string[];
  /** media types of the request body (default application/json) */
  bodyTypes?: string[];
};

const ZServicesQuery = z.object({ q: z.string().optional(), limit: z.coerce.number().int().min(1).max(200).default(50) });
const ZTokenParams = z.object({ id: z.uuid() });

const ZFacetQuery = ZApiListQuery.omit({ limit: true, cursor: true, sort: true });

export const OPERATIONS: Operation[] = [
  { method: "get", path: "/api/health", operationId: "health", summary: "Liveness: ok once migrations ran (why not, to editors and admins)", tag: "Operations", access: "optional", responses: { 200: ZHealth, 503: ZHealth } },
  { method: "get", path: "/api/ready", operationId: "ready", summary: "Readiness: database and sources (the database's error to editors and admins; sources to readers)", tag: "Operations", access: "optional", responses: { 200: ZReady, 503: ZReady } },
  { method: "get", path: "/api/v1/apis", operationId: "listApis", summary: "List catalog APIs (search, filters, sort, cursor pagination, total); Accept: text/csv streams the whole filtered view as CSV", tag: "Catalog", access: "read", query: ZApiListQuery, responses: { 200: ZApiList, 400: null }, stream: "text/csv" },
  { method: "post", path: "/api/v1/apis/{id}/try", operationId: "tryApi", summary: "One GET on a path below the API's gateway address (signed-in users; SIGNPOST_TRY_LIMIT a minute)", tag: "Catalog", access: "signed-in", params: ZIdParams, body: ZTryRequest, responses: { 200: ZTryResult, 404: null, 409: null, 502: null } },
  { method: "post", path: "/api/v1/apis/manifest", operationId: "registrationManifest", summary: "The Kubernetes manifest registering an API would apply (changes nothing)", tag: "Registration", access: "read", body: ZRegistration, text: "application/yaml", responses: { 200: ZManifestText, 409: null, 422: null, 503: null } },
  { method: "post", path: "/api/v1/apis", operationId: "registerApi", summary: "Register an API on a gateway", tag: "Registration", access: "editor", body: ZRegistration, responses: { 201: ZApi, 200: ZApi, 400: null, 401: null, 403: null, 409: null, 415: null, 422: null, 502: null, 503: null } },
  { method: "get", path: "/api/v1/apis/facets", operationId: "apiFacets", summary: "Counts per facet value for the same filters", tag: "Catalog", access: "read", query: ZFacetQuery, responses: { 200: ZFacets } },
  { method: "get", path: "/api/v1/apis/{id}", operationId: "getApi", summary: "One API with all its exposures (ETag, If-None-Match)", tag: "Catalog", access: "read", params: ZIdParams, responses: { 200: ZApi, 304: null, 400: null, 404: null } },
  { method: "get", path: "/api/v1/apis/{id}/spec", operationId: "getApiSpec", summary: "The API's contract (OpenAPI document) as stored, JSON or YAML (ETag, If-None-Match; ?version=)", tag: "Contracts", access: "read", params: ZIdParams, query: ZSpecQuery, text: ["application/json", "application/yaml"], responses: { 200: ZSpecDocument, 304: null, 400: null, 404: null } },
  { method: "put", path: "/api/v1/apis/{id}/spec", operationId: "putApiSpec", summary: "Store a new version of the API's contract (OpenAPI 3.0/3.1, JSON or YAML; the same document again is no new version)", tag: "Contracts", access: "editor", params: ZIdParams, body: ZSpecDocument, bodyTypes: ["application/json", "application/yaml"], responses: { 200: ZContractSaved, 201: ZContractSaved, 401: null, 403: null, 404: null, 413: null, 415: null, 422: null } },
  { method: "get", path: "/api/v1/apis/{id}/spec/versions", operationId: "listApiSpecVersions", summary: "Every version of the API's contract with its hash, author, time and breaking changes", tag: "Contracts", access: "read", params: ZIdParams, responses: { 200: ZContractVersionList, 404: null } },
  { method: "get", path: "/api/v1/export/backstage", operationId: "exportBackstage", summary: "The catalog as Backstage catalog-info.yaml entities (streamed multi-document YAML)", tag: "Catalog", access: "read", text: "application/yaml", responses: { 200: ZBackstageEntities } },
  { method: "get", path: "/api/v1/apis/{id}/endpoints", operationId: "apiEndpoints", summary: "Where the API runs: the endpoints behind its Services (pod, node, zone, ready/serving/terminating, addresses)", tag: "Catalog", access: "read", params: ZIdParams, responses: { 200: ZApiEndpointList, 400: null, 404: null } },
  { method: "get", path: "/api/v1/apis/{id}/objects", operationId: "apiSourceObjects", summary: "The source objects behind the API (Services, Ingresses, HTTPRoutes, EndpointSlices, Kong routes and services) as YAML, secrets replaced", tag: "Catalog", access: "editor", params: ZIdParams, responses: { 200: ZApiSourceObjectList, 400: null, 401: null, 403: null, 404: null } },
  { method: "delete", path: "/api/v1/apis/{id}", operationId: "deregisterApi", summary: "Deregister an API Signpost registered (route, then service)", tag: "Registration", access: "editor", params: ZIdParams, responses: { 204: null, 401: null, 403: null, 404: null, 409: null, 502: null, 503: null } },
  { method: "get", path: "/api/v1/resolve/{name}", operationId: "resolveApi", summary: "Resolve an API's stable address; blocks with ?wait= until it changes", tag: "Resolve", access: "read", params: ZResolveParams, query: ZResolveQuery, responses: { 200: ZResolved, 304: null, 404: null, 409: null } },
  { method: "get", path: "/api/v1/events", operationId: "listEvents", summary: "Change events: JSON pages, or server-sent events with Accept: text/event-stream", tag: "Events", access: "read", query: ZEventQuery, responses: { 200: ZEventPage, 400: null }, stream: "text/event-stream" },
  { method: "get", path: "/api/v1/sources", operationId: "listSources", summary: "Clusters and gateways with their state and freshness", tag: "Sources", access: "read", responses: { 200: ZSourceList } },
  { method: "post", path: "/api/v1/sources/{kind}/{name}/resync", operationId: "resyncSource", summary: "Relist (cluster) or poll (gateway) now", tag: "Sources", access: "editor", params: ZSourceParams, responses: { 200: ZSource, 401: null, 403: null, 404: null } },
  { method: "post", path: "/api/v1/sources/{kind}/{name}/confirm-deletion", operationId: "confirmDeletion", summary: "Apply a held mass deletion", tag: "Sources", access: "editor", params: ZSourceParams, responses: { 200: ZSource, 401: null, 403: null, 404: null, 409: null } },
  { method: "get", path: "/api/v1/registrations", operationId: "listRegistrations", summary: "Active registrations with their specs", tag: "Registration", access: "read", query: ZRegistrationListQuery, responses: { 200: ZRegistrationList } },
  { method: "put", path: "/api/v1/registrations/{gateway}/{name}", operationId: "putRegistration", summary: "Create or replace a registration", tag: "Registration", access: "editor", params: ZRegistrationParams, body: ZRegistration, responses: { 200: ZApi, 201: ZApi, 401: null, 403: null, 409: null, 422: null, 502: null, 503: null } },
  { method: "delete", path: "/api/v1/registrations/{gateway}/{name}", operationId: "deleteRegistration", summary: "Deregister from one gateway", tag: "Registration", access: "editor", params: ZRegistrationParams, responses: { 204: null, 401: null, 403: null, 404: null, 502: null, 503: null } },
  { method: "post", path: "/api/v1/registrations/preview", operationId: "previewRegistration", summary: "Validation, conflicts and proxy URL of a registration, without registering", tag: "Registration", access: "editor", body: z.unknown(), responses: { 200: ZRegistrationPreview, 401: null, 403: null } },
  { method: "get", path: "/api/v1/gateways", operationId: "listGateways", summary: "Configured gateways", tag: "Registration", access: "read", responses: { 200: ZGatewayList } },
  { method: "get", path: "/api/v1/services", operationId: "listServices", summary: "Kubernetes Services in the catalog (registration upstreams)", tag: "Registration", access: "read", query: ZServicesQuery, responses: { 200: ZServiceList } },
  { method: "get", path: "/api/v1/webhooks", operationId: "listWebhooks", summary: "Webhook subscriptions", tag: "Webhooks", access: "editor", responses: { 200: ZWebhookList, 401: null, 403: null } },
  { method: "post", path: "/api/v1/webhooks", operationId: "createWebhook", summary: "Subscribe a URL to change events (signed deliveries)", tag: "Webhooks", access: "editor", body: ZWebhookCreate, responses: { 201: ZWebhook, 401: null, 403: null, 422: null } },
  { method: "get", path: "/api/v1/webhooks/{id}", operationId: "getWebhook", summary: "One subscription", tag: "Webhooks", access: "editor", params: ZWebhookIdParams, responses: { 200: ZWebhook, 304: null, 401: null, 404: null } },
  { method: "delete", path: "/api/v1/webhooks/{id}", operationId: "deleteWebhook", summary: "Unsubscribe", tag: "Webhooks", access: "editor", params: ZWebhookIdParams, responses: { 204: null, 401: null, 404: null } },
  { method: "post", path: "/api/v1/webhooks/{id}/enable", operationId: "enableWebhook", summary: "Resume a disabled subscription (where it stopped)", tag: "Webhooks", access: "editor", params: ZWebhookIdParams, responses: { 200: ZWebhook, 401: null, 403: null, 404: null } },
  { method: "get", path: "/api/v1/webhooks/{id}/deliveries", operationId: "listDeliveries", summary: "Delivery log of a subscription", tag: "Webhooks", access: "editor", params: ZWebhookIdParams, query: ZDeliveryListQuery, responses: { 200: ZWebhookDeliveryList, 401: null, 404: null } },
  { method: "get", path: "/api/v1/tokens", operationId: "listTokens", summary: "API tokens (no secrets)", tag: "Access", access: "admin", responses: { 200: ZTokenList, 401: null, 403: null } },
  { method: "post", path: "/api/v1/tokens", operationId: "createToken", summary: "Create a token; its secret is returned once", tag: "Access", access: "admin", body: ZTokenCreate, responses: { 201: ZTokenCreated, 401: null, 403: null, 422: null } },
  { method: "delete", path: "/api/v1/tokens/{id}", operationId: "revokeToken", summary: "Revoke a token at once", tag: "Access", access: "admin", params: ZTokenParams, responses: { 204: null, 401: null, 403: null, 404: null } },
  { method: "get", path: "/api/v1/session", operationId: "getSession", summary: "Who is signed in (anonymous when no one is; a stale session cookie is cleared), and the CSRF token", tag: "Access", access: "optional", responses: { 200: ZSession } },
  { method: "post", path: "/api/v1/session", operationId: "signIn", summary: "Sign in with a token (sets the session cookie)", tag: "Access", access: "public", body: ZSessionCreate, responses: { 200: ZSession, 401: null, 429: null } },
  { method: "delete", path: "/api/v1/session", operationId: "signOut", summary: "Sign out", tag: "Access", access: "optional", responses: { 204: null } },
  { method: "get", path: "/api/v1/audit", operationId: "listAudit", summary: "The audit log of every write", tag: "Access", access: "admin", query: ZAuditQuery, responses: { 200: ZAuditList, 401: null, 403: null } },
];
