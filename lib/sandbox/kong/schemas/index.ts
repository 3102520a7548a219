import type { EntityKind } from "../types";
import { caCertificateSchema, certificateSchema, sniSchema } from "./certificates";
import { consumerSchema } from "./consumers";
import { aclSchema, basicAuthSchema, hmacAuthSchema, jwtSchema, keyAuthSchema, oauth2Schema } from "./credentials";
import type { EntitySchema } from "./entity-schema";
import { keySchema, keySetSchema } from "./keys";
import { pluginSchema } from "./plugins";
import { routeSchema } from "./routes";
import { serviceSchema } from "./services";
import { targetSchema } from "./targets";
import { upstreamSchema } from "./upstreams";
import { vaultSchema } from "./vaults";

/** The schema of each entity kind. */
export const SCHEMAS: Record<EntityKind, EntitySchema> = {
  services: serviceSchema,
  routes: routeSchema,
  upstreams: upstreamSchema,
  targets: targetSchema,
  consumers: consumerSchema,
  certificates: certificateSchema,
  snis: sniSchema,
  ca_certificates: caCertificateSchema,
  key_sets: keySetSchema,
  keys: keySchema,
  vaults: vaultSchema,
  keyauth_credentials: keyAuthSchema,
  basicauth_credentials: basicAuthSchema,
  hmacauth_credentials: hmacAuthSchema,
  jwt_secrets: jwtSchema,
  oauth2_credentials: oauth2Schema,
  acls: aclSchema,
  plugins: pluginSchema,
};
