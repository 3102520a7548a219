// A team's name, linked to its page (/teams/{team}).
import Link from "next/link";

export function TeamLink({ team, className = "" }: { team: string; className?: string }) {
  return (
    <Link href={`/teams/${encodeURIComponent(team)}`} className={`text-sky-800 underline dark:text-sky-300 ${className}`}>
      {team}
    </Link>
  );
}
