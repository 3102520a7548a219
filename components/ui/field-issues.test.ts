import { describe, expect, it } from "vitest";
import { ApiRequestError } from "@/lib/queries/http";
import { fieldIssues } from "./field-issues";

describe("fieldIssues", () => {
  it("keys issues by the top-level body field and collects the rest under other", () => {
    const err = new ApiRequestError("invalid", 422, "validation_failed", {
      issues: [
        { field: "body.url", message: "10.0.0.5 is a private address" },
        { field: "body.events.0", message: "must be one of …" },
        { field: "body.extra", message: "unknown key" },
      ],
    });
    expect(fieldIssues(err, ["url", "events", "secret"] as const)).toEqual({
      url: ["10.0.0.5 is a private address"],
      events: ["must be one of …"],
      other: ["unknown key"],
    });
  });

  it("is empty for errors without issues and for other errors", () => {
    expect(fieldIssues(new ApiRequestError("down", 503, "unavailable"), ["url"] as const)).toEqual({});
    expect(fieldIssues(new Error("x"), ["url"] as const)).toEqual({});
  });
});
