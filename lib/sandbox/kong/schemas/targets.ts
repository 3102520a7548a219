import { schemaViolation } from "../api-error";
import { type EntitySchema, idField, tagsField, timestampMs } from "./entity-schema";
import { formatTarget } from "./validators";

/** kong/db/schema/entities/targets.lua plus the DAO's target formatting (default port 8000). */
export const targetSchema: EntitySchema = {
  kind: "targets",
  endpointKey: "target",
  unique: [],
  cacheKey: ["upstream", "target"],
  timestamps: "ms",
  noTopLevel: true,
  fields: [
    ["id", idField],
    ["created_at", timestampMs],
    ["updated_at", timestampMs],
    ["upstream", { type: "foreign", reference: "upstreams", required: true }],
    ["target", { type: "string", required: true }],
    ["weight", { type: "integer", default: 100, between: [0, 65535] }],
    ["tags", tagsField],
  ],
  foreign: [{ field: "upstream", reference: "upstreams", onDelete: "cascade" }],
  prepare: (input) => {
    if (typeof input.target !== "string") return input;
    const formatted = formatTarget(input.target);
    if (formatted === null) {
      throw schemaViolation({ target: `Invalid target ('${input.target}'); not a valid hostname or ip address` });
    }
    return { ...input, target: formatted };
  },
  checks: [],
};
