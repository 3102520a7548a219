import { describe, expect, it } from "vitest";
import { matchesTags, parseTagFilter } from "./tag-filter";

describe("parseTagFilter", () => {
  it("reads AND, OR and single tags, spaces and UTF-8 included", () => {
    expect(parseTagFilter("a,b")).toEqual({ mode: "and", tags: ["a", "b"] });
    expect(parseTagFilter("a/b")).toEqual({ mode: "or", tags: ["a", "b"] });
    expect(parseTagFilter("corp a")).toEqual({ mode: "and", tags: ["corp a"] });
    expect(parseTagFilter("円")).toEqual({ mode: "and", tags: ["円"] });
    expect(parseTagFilter(null)).toBeNull();
  });
  it("rejects what Kong rejects", () => {
    expect(() => parseTagFilter("")).toThrow("invalid option (tags: cannot be null)");
    expect(() => parseTagFilter("a,b/c")).toThrow("invalid option (tags: invalid filter syntax)");
    expect(() => parseTagFilter("a,,b")).toThrow("invalid filter syntax");
    expect(() => parseTagFilter("1/2/3/4/5/6")).toThrow("cannot query more than 5 tags");
  });
  it("matches like Postgres @> (and) and && (or)", () => {
    expect(matchesTags(["a", "b"], { mode: "and", tags: ["a", "b"] })).toBe(true);
    expect(matchesTags(["a"], { mode: "and", tags: ["a", "b"] })).toBe(false);
    expect(matchesTags(["a"], { mode: "or", tags: ["a", "b"] })).toBe(true);
    expect(matchesTags(null, { mode: "or", tags: ["a"] })).toBe(false);
  });
});
