import { describe, expect, it } from "vitest";
import { nextPage, pageNumber, parseCatalogState, previousPage, toSearch, withFacet, withSettings } from "./catalog-url";

describe("catalog URL state", () => {
  it("round-trips a view through its URL, with defaults left out and keys in a fixed order", () => {
    const s = parseCatalogState(new URLSearchParams("sort=-name&team=b,a&q=orders&mode=Gateway&includeGone=true&limit=10"));
    expect(toSearch(s, "page")).toBe("q=orders&mode=Gateway&team=b%2Ca&includeGone=true&sort=-name&limit=10");
    expect(toSearch(s, "facets")).toBe("q=orders&mode=Gateway&team=b%2Ca&includeGone=true");
    expect(toSearch(parseCatalogState({}), "page")).toBe("");
  });

  it("falls back to defaults on nonsense", () => {
    const s = parseCatalogState({ sort: "drop table", limit: "0", includeGone: "yes", back: "x" });
    expect([s.sort, s.limit, s.includeGone, s.back]).toEqual(["name", 50, false, []]);
  });

  it("pages forward and back through a stack of cursors kept in the URL", () => {
    let s = parseCatalogState({ q: "x" });
    s = nextPage(s, "c1");
    s = nextPage(s, "c2");
    expect(pageNumber(s)).toBe(3);
    expect(toSearch(s, "page")).toBe("q=x&cursor=c2&back=c1");
    expect(toSearch(s, "list")).toBe("q=x&cursor=c2");
    s = parseCatalogState(new URLSearchParams(toSearch(s, "page")));
    s = previousPage(s);
    expect([s.cursor, pageNumber(s)]).toEqual(["c1", 2]);
    s = previousPage(s);
    expect([s.cursor, pageNumber(s)]).toEqual([null, 1]);
  });

  it("goes back to the first page when the filters change", () => {
    const s = nextPage(nextPage(parseCatalogState({}), "c1"), "c2");
    expect(withFacet(s, "team", "a", true)).toMatchObject({ cursor: null, back: [], facets: { team: ["a"] } });
    expect(withFacet(withFacet(s, "team", "a", true), "team", "a", false).facets.team).toEqual([]);
    expect(withSettings(s, { sort: "-updated" })).toMatchObject({ cursor: null, back: [], sort: "-updated" });
  });
});
