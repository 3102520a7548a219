import { describe, expect, it } from "vitest";
import { coversTeam, describeScope, isScoped, parseTeamList } from "./team-scope";
import type { Actor } from "./authenticate";

const actor = (teams?: string[]): Actor => ({ name: "token:t", role: "editor", via: "token", ...(teams ? { teams } : {}) });

describe("team scopes", () => {
  it("parses a proxy's header: trimmed, lower-cased, deduplicated, invalid names dropped, * kept", () => {
    expect(parseTeamList(" Shop, web ,shop,,not a team, *")).toEqual(["shop", "web", "*"]);
    expect(parseTeamList("")).toEqual([]);
  });

  it("an actor without teams covers every team, even unowned APIs; a scoped one only its teams", () => {
    expect(isScoped(actor())).toBe(false);
    expect(coversTeam(actor(), null)).toBe(true);
    expect(coversTeam(actor(["shop"]), "shop")).toBe(true);
    expect(coversTeam(actor(["shop"]), "payments")).toBe(false);
    expect(coversTeam(actor(["shop"]), null)).toBe(false);
    expect(coversTeam(actor([]), "shop")).toBe(false);
    expect(coversTeam(null, "shop")).toBe(true);
  });

  it("describes a scope for messages", () => {
    expect(describeScope(actor(["shop"]) as Actor & { teams: string[] })).toBe("team shop");
    expect(describeScope(actor(["shop", "web"]) as Actor & { teams: string[] })).toBe("teams shop, web");
    expect(describeScope(actor([]) as Actor & { teams: string[] })).toBe("no team");
  });
});
