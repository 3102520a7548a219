// A team's page: its APIs and how to reach it (the owners and chat/support links its APIs are
// annotated with), for /teams/{team}.
import type pg from "pg";
import type { TApi } from "../api/schemas/api";
import { ZApiListQuery } from "../api/schemas/api";
import { findApis } from "./find-apis";
import { countApis } from "./count-apis";
import { safeHref, type OwnerLink } from "./owner";

type Queryable = Pick<pg.Pool, "query">;

export type TeamContact = { value: string; href: string | null; apis: number };
export type Team = {
  team: string;
  apis: TApi[];
  /** all of the team's live APIs (apis holds the first `limit`) */
  total: number;
  owners: TeamContact[];
  /** the chat and support links of its APIs, each once */
  contacts: (OwnerLink & { apis: number })[];
};

const CONTACT_KINDS = new Set(["chat", "support", "incidents"]);

/** The team's live APIs (by name, at most `limit`) and its contacts; null when it owns none. */
export async function findTeam(db: Queryable, team: string, limit = 500): Promise<Team | null> {
  const query = ZApiListQuery.parse({ team, limit: String(limit) });
  const [page, total] = await Promise.all([findApis(db, query), countApis(db, query)]);
  if (!total) return null;
  return { team, apis: page.data, total, ...teamContacts(page.data) };
}

/** The owners and the chat, support and incident links of `apis`, each once, most used first. */
export function teamContacts(apis: TApi[]): Pick<Team, "owners" | "contacts"> {
  const owners = new Map<string, TeamContact>();
  const contacts = new Map<string, OwnerLink & { apis: number }>();
  for (const a of apis) {
    if (a.owner) {
      const o = owners.get(a.owner) ?? { value: a.owner, href: safeHref(a.owner), apis: 0 };
      o.apis++;
      owners.set(a.owner, o);
    }
    for (const l of a.links ?? []) {
      if (!CONTACT_KINDS.has(l.kind)) continue;
      const k = `${l.kind}\u0000${l.value}`;
      const c = contacts.get(k) ?? { ...l, apis: 0 };
      c.apis++;
      contacts.set(k, c);
    }
  }
  const byUse = <T extends { apis: number; value: string }>(xs: T[]) => xs.sort((a, b) => b.apis - a.apis || a.value.localeCompare(b.value));
  return { owners: byUse([...owners.values()]), contacts: byUse([...contacts.values()]) };
}
