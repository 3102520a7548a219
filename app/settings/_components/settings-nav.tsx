"use client";
// The sections of Settings as tabs-looking links; the current one carries aria-current="page".
import Link from "next/link";
import { usePathname } from "next/navigation";

const SECTIONS = [
  { href: "/settings/tokens", label: "API tokens" },
  { href: "/settings/audit", label: "Audit log" },
];

export function SettingsNav() {
  const pathname = usePathname() ?? "";
  return (
    <nav aria-label="Settings" className="border-b border-slate-200 dark:border-slate-800">
      <ul className="-mb-px flex flex-wrap gap-x-5 text-sm">
        {SECTIONS.map((s) => {
          const current = pathname.startsWith(s.href);
          return (
            <li key={s.href}>
              <Link
                href={s.href}
                aria-current={current ? "page" : undefined}
                className={`inline-block border-b-2 px-1 py-2 ${current ? "border-sky-700 font-semibold text-slate-900 dark:border-sky-400 dark:text-white" : "border-transparent text-slate-700 hover:border-slate-400 dark:text-slate-300"}`}
              >
                {s.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
