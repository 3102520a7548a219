// The zod schemas of every operation's input and answer, by operationId: the client's types are
// z.input / z.infer of these (imported as types only, so they cost nothing at run time). The
// schemas are the ones OPERATIONS uses; operation-routes.test.ts proves each entry is identical,
// so a changed handler schema changes the client's types with it.
import { z } from "zod";
import { ZApiDetail, ZApiList, ZApiListQuery, ZIdParams } from "../api/schemas/api";
import { ZScorecardList, ZScorecardQuery } from "../api/schemas/scorecard";
import { ZManifestText, ZRegistration } from "../api/schemas/registration";
import { ZApiEndpointList, ZApiSourceObjectList } from "../api/schemas/api-runtime";
import { ZGatewayList, ZRegistrationList, ZRegistrationListQuery, ZRegistrationParams, ZRegistrationPreview, ZServiceList } from "../api/schemas/registration-record";
import { ZResolveParams, ZResolveQuery, ZResolved } from "../api/schemas/resolve";
import { ZEventPage, ZEventQuery } from "../api/schemas/event";
import { ZSource, ZSourceList, ZSourceParams } from "../api/schemas/source";
import { ZDeliveryListQuery, ZWebhook, ZWebhookCreate, ZWebhookDeliveryList, ZWebhookIdParams, ZWebhookList } from "../api/schemas/webhook";
import { ZAuditList, ZAuditQuery, ZSession, ZSessionCreate, ZTokenCreate, ZTokenCreated, ZTokenList } from "../api/schemas/auth";
import { ZFacets, ZHealth, ZReady } from "../api/schemas/common";
import { ZBackstageEntities, ZContractSaved, ZContractVersionList, ZSpecDocument, ZSpecQuery } from "../api/schemas/contract";
import { ZTryRequest, ZTryResult } from "../api/schemas/try";

// OPERATIONS defines these three inline (not exported); the test compares their JSON Schemas.
const ZServicesQuery = z.object({ q: z.string().optional(), limit: z.coerce.number().int().min(1).max(200).default(50) });
const ZTokenParams = z.object({ id: z.uuid() });
const ZFacetQuery = ZApiListQuery.omit({ limit: true, cursor: true, sort: true });

/** Input and answer schemas of one operation; `response: null` for operations without a body. */
export type OperationSchemas = {
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  response: z.ZodType | null;
};

/** Every operation's schemas. */
export const OPERATION_SCHEMAS = {
  health: { response: ZHealth },
  ready: { response: ZReady },
  listApis: { query: ZApiListQuery, response: ZApiList },
  registrationManifest: { body: ZRegistration, response: ZManifestText },
  tryApi: { params: ZIdParams, body: ZTryRequest, response: ZTryResult },
  registerApi: { body: ZRegistration, response: ZApiDetail },
  apiFacets: { query: ZFacetQuery, response: ZFacets },
  getApi: { params: ZIdParams, response: ZApiDetail },
  listScorecards: { query: ZScorecardQuery, response: ZScorecardList },
  getApiSpec: { params: ZIdParams, query: ZSpecQuery, response: ZSpecDocument },
  putApiSpec: { params: ZIdParams, body: ZSpecDocument, response: ZContractSaved },
  listApiSpecVersions: { params: ZIdParams, response: ZContractVersionList },
  exportBackstage: { response: ZBackstageEntities },
  apiEndpoints: { params: ZIdParams, response: ZApiEndpointList },
  apiSourceObjects: { params: ZIdParams, response: ZApiSourceObjectList },
  deregisterApi: { params: ZIdParams, response: null },
  resolveApi: { params: ZResolveParams, query: ZResolveQuery, response: ZResolved },
  listEvents: { query: ZEventQuery, response: ZEventPage },
  listSources: { response: ZSourceList },
  resyncSource: { params: ZSourceParams, response: ZSource },
  confirmDeletion: { params: ZSourceParams, response: ZSource },
  listRegistrations: { query: ZRegistrationListQuery, response: ZRegistrationList },
  putRegistration: { params: ZRegistrationParams, body: ZRegistration, response: ZApiDetail },
  deleteRegistration: { params: ZRegistrationParams, response: null },
  previewRegistration: { body: z.unknown(), response: ZRegistrationPreview },
  listGateways: { response: ZGatewayList },
  listServices: { query: ZServicesQuery, response: ZServiceList },
  listWebhooks: { response: ZWebhookList },
  createWebhook: { body: ZWebhookCreate, response: ZWebhook },
  getWebhook: { params: ZWebhookIdParams, response: ZWebhook },
  deleteWebhook: { params: ZWebhookIdParams, response: null },
  enableWebhook: { params: ZWebhookIdParams, response: ZWebhook },
  listDeliveries: { params: ZWebhookIdParams, query: ZDeliveryListQuery, response: ZWebhookDeliveryList },
  listTokens: { response: ZTokenList },
  createToken: { body: ZTokenCreate, response: ZTokenCreated },
  revokeToken: { params: ZTokenParams, response: null },
  getSession: { response: ZSession },
  signIn: { body: ZSessionCreate, response: ZSession },
  signOut: { response: null },
  listAudit: { query: ZAuditQuery, response: ZAuditList },
} satisfies Record<string, OperationSchemas>;
