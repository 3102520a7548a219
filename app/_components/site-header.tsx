// The header on every page: brand, main navigation (current page marked), the stream state and
// the session control.
import Link from "next/link";
import { LiveIndicator } from "@/components/live/live-indicator";
import { SessionControl } from "@/components/session/session-control";
import { NavLinks } from "./nav-links";

export function SiteHeader() {
  return (
    <header className="border-b border-slate-200 dark:border-slate-800">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
        <Link href="/" className="flex items-center gap-1.5 text-lg font-semibold tracking-tight">
          <svg aria-hidden="true" viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
            <path d="M12 3v18M5 6h11l3 3-3 3H5zM9 21h6" />
          </svg>
          Signpost
        </Link>
        <div className="order-3 w-full md:order-2 md:w-auto">
          <NavLinks />
        </div>
        <div className="order-2 ml-auto flex items-center gap-3 md:order-3 md:gap-4">
          <LiveIndicator />
          <SessionControl />
        </div>
      </div>
    </header>
  );
}
