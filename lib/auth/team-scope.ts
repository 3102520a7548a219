// Team scopes: a token (or a proxy user, through SIGNPOST_PROXY_TEAMS_HEADER) may be limited to
// some teams, so a platform team can hand each product team a token that registers, replaces and
// deregisters that team's APIs only. An actor without `teams` is not scoped.
import type { Actor } from "./authenticate";

const TEAM = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** The teams of a header value: comma-separated names (`*` kept as is); anything else dropped. */
export function parseTeamList(value: string): string[] {
  const names = value.split(",").map((t) => t.trim().toLowerCase()).filter((t) => t === "*" || TEAM.test(t));
  return [...new Set(names)].slice(0, 100);
}

/** True when the actor is limited to some teams. */
export function isScoped(actor: Actor | null): actor is Actor & { teams: string[] } {
  return Array.isArray(actor?.teams);
}

/** True when the actor may act on an API of `team` (an unowned API only without a scope). */
export function coversTeam(actor: Actor | null, team: string | null | undefined): boolean {
  if (!isScoped(actor)) return true;
  return Boolean(team) && actor.teams.includes(team!);
}

/** "teams a, b" or "no team", for messages. */
export function describeScope(actor: Actor & { teams: string[] }): string {
  return actor.teams.length ? `team${actor.teams.length > 1 ? "s" : ""} ${actor.teams.join(", ")}` : "no team";
}
