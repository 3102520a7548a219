// 404 for every unknown page, and for API pages of unknown ids.
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";

export default function NotFound() {
  return (
    <div className="mx-auto max-w-lg space-y-4 py-12 text-center">
      <h1 className="text-2xl font-semibold tracking-tight">Not found</h1>
      <p className="text-slate-700 dark:text-slate-300">
        There is no such page or API. An API that vanished from its cluster stays in the catalog as gone; an id that was never
        seen is not there.
      </p>
      <Link href="/" className={buttonClass("primary")}>Back to the catalog</Link>
    </div>
  );
}
