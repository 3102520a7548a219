import { describe, expect, it } from "vitest";
import { ownerInfoOf, safeHref } from "./owner";

describe("ownerInfoOf", () => {
  it("reads the a8r.io owner, description and links, in the convention's order, ignoring blanks", () => {
    const info = ownerInfoOf({
      "a8r.io/owner": " @payments-team ",
      "a8r.io/description": "Charges cards",
      "a8r.io/runbook": "https://runbooks.example.com/pay",
      "a8r.io/repository": "https://git.example.com/pay",
      "a8r.io/chat": "#payments",
      "a8r.io/bugs": "   ",
      "a8r.io/dependencies": "ledger",
      "signpost.dev/team": "payments",
    });
    expect(info).toEqual({
      owner: "@payments-team",
      description: "Charges cards",
      links: [
        { kind: "chat", value: "#payments", href: null },
        { kind: "repository", value: "https://git.example.com/pay", href: "https://git.example.com/pay" },
        { kind: "runbook", value: "https://runbooks.example.com/pay", href: "https://runbooks.example.com/pay" },
      ],
    });
  });

  it("is empty without annotations", () => {
    expect(ownerInfoOf({})).toEqual({ owner: null, description: null, links: [] });
  });

  it("clips very long values", () => {
    expect(ownerInfoOf({ "a8r.io/owner": "x".repeat(5000) }).owner).toHaveLength(2048);
  });
});

describe("safeHref", () => {
  it("links http(s) and mailto addresses, and e-mail addresses as mailto", () => {
    expect(safeHref("https://example.com/a?b=c")).toBe("https://example.com/a?b=c");
    expect(safeHref("http://example.com")).toBe("http://example.com/");
    expect(safeHref("mailto:team@example.com")).toBe("mailto:team@example.com");
    expect(safeHref("team@example.com")).toBe("mailto:team@example.com");
  });

  it("refuses every other scheme, relative paths, handles and credentials", () => {
    for (const v of [
      "javascript:alert(1)",
      "JaVaScRiPt:alert(1)",
      " javascript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "vbscript:msgbox",
      "file:///etc/passwd",
      "//evil.example.com",
      "/relative/path",
      "#payments",
      "@someone",
      "ftp://example.com",
      "https://user:pw@example.com/",
      "mailto:javascript:alert(1)",
      "not a url",
    ]) {
      expect(safeHref(v), v).toBeNull();
    }
  });
});
