import { type EntitySchema, idField, isNonEmpty, tagsField, timestampSeconds } from "./entity-schema";

/** kong/db/schema/entities/consumers.lua. */
export const consumerSchema: EntitySchema = {
  kind: "consumers",
  endpointKey: "username",
  unique: ["username", "custom_id"],
  timestamps: "s",
  fields: [
    ["id", idField],
    ["created_at", timestampSeconds],
    ["updated_at", timestampSeconds],
    ["username", { type: "string", unique: true }],
    ["custom_id", { type: "string", unique: true }],
    ["tags", tagsField],
  ],
  foreign: [],
  checks: [
    {
      fields: ["custom_id", "username"],
      check: (e) => (["custom_id", "username"].some((f) => isNonEmpty(e[f]))
        ? null
        : { "@entity": ["at least one of these fields must be non-empty: 'custom_id', 'username'"] }),
    },
  ],
};
