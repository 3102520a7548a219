import type { EntityKind } from "../types";
import type { EntitySchema } from "./entity-schema";
import { pluginSchema } from "./plugins";
import { routeSchema } from "./routes";
import { serviceSchema } from "./services";
import { targetSchema } from "./targets";
import { upstreamSchema } from "./upstreams";

/** The schema of each entity kind. */
export const SCHEMAS: Record<EntityKind, EntitySchema> = {
  services: serviceSchema,
  routes: routeSchema,
  upstreams: upstreamSchema,
  targets: targetSchema,
  plugins: pluginSchema,
};
