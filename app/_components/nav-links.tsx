"use client";
// Main navigation; the link of the current section carries aria-current="page".
import Link from "next/link";
import { usePathname } from "next/navigation";

const LINKS = [
  { href: "/", label: "Catalog", match: (p: string) => p === "/" || p.startsWith("/apis/") },
  { href: "/sources", label: "Sources", match: (p: string) => p.startsWith("/sources") },
  { href: "/register", label: "Register", match: (p: string) => p.startsWith("/register") },
  { href: "/docs/api", label: "API", match: (p: string) => p.startsWith("/docs") },
];

export function NavLinks() {
  const pathname = usePathname() ?? "/";
  return (
    <nav aria-label="Main">
      <ul className="flex flex-wrap gap-x-5 gap-y-1 text-sm">
        {LINKS.map((l) => {
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
