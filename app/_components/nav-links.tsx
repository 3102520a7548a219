"use client";
// Main navigation; the link of the current section carries aria-current="page". Webhooks and
// Settings show only to the roles that can use them (and on their own pages, so the reader knows
// where they are): most visitors read the catalog and would be offered a sign-in prompt only.
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useSession } from "@/lib/queries/session";
import { hasRole, type NeededRole } from "@/components/session/role-gate";

const LINKS: { href: string; label: string; match: (p: string) => boolean; role?: NeededRole }[] = [
  { href: "/", label: "Catalog", match: (p) => p === "/" || p.startsWith("/apis/") },
  { href: "/sources", label: "Sources", match: (p) => p.startsWith("/sources") },
  { href: "/register", label: "Register", match: (p) => p.startsWith("/register") },
  { href: "/webhooks", label: "Webhooks", match: (p) => p.startsWith("/webhooks"), role: "editor" },
  { href: "/settings/tokens", label: "Settings", match: (p) => p.startsWith("/settings"), role: "admin" },
  { href: "/docs/api", label: "API", match: (p) => p.startsWith("/docs") },
];

export function NavLinks() {
  const pathname = usePathname() ?? "/";
  const { data: session } = useSession();
  return (
    <nav aria-label="Main">
      <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm sm:gap-x-5">
        {LINKS.filter((l) => !l.role || hasRole(session, l.role) || l.match(pathname)).map((l) => {
          const current = l.match(pathname);
          return (
            <li key={l.href}>
              <Link
                href={l.href}
                aria-current={current ? "page" : undefined}
                className={current ? "font-semibold text-slate-900 underline underline-offset-4 dark:text-white" : "text-slate-700 hover:underline dark:text-slate-300"}
              >
                {l.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
