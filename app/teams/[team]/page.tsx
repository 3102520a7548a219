// A team: its APIs and how to reach it (owners and chat, support and incident links from the
// a8r.io annotations of its APIs). A team that owns no live API is the 404 page.
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { TeamView } from "./_components/team-view";
import { findTeam } from "@/lib/catalog/find-team";
import { getDb } from "@/lib/db/client";
import { readerOfPage } from "@/lib/web/page-reader";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ team: string }> };

const loadTeam = cache(async (team: string) => (team.length > 253 ? null : findTeam(getDb().pool, team)));

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  await readerOfPage();
  const team = decodeURIComponent((await params).team);
  return { title: (await loadTeam(team)) ? `Team ${team}` : "Team not found" };
}

export default async function TeamPage({ params }: Props) {
  await readerOfPage();
  const team = await loadTeam(decodeURIComponent((await params).team));
  if (!team) notFound();
  return <TeamView team={team} />;
}
