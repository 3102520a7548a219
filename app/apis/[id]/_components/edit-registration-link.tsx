"use client";
// For editors: "Edit registration" opens the Register form prefilled with the stored registration
// (one link per gateway). Registrations made from a Service's annotations are edited there.
import Link from "next/link";
import type { TRegistrationRecord } from "@/lib/api/schemas/registration-record";
import { canEdit, useSession } from "@/lib/queries/session";
import { buttonClass } from "@/components/ui/button";

export function editRegistrationHref(r: Pick<TRegistrationRecord, "gateway" | "name">): string {
  return `/register?edit=${encodeURIComponent(`${r.gateway}/${r.name}`)}`;
}

export function EditRegistrationLinks({ registrations }: { registrations: TRegistrationRecord[] }) {
  const session = useSession();
  if (!canEdit(session.data)) return null;
  return (
    <>
      {registrations.map((r) =>
        r.origin === "annotation" ? (
          <p key={r.gateway} className="text-xs text-slate-700 dark:text-slate-300">
            Registered on {r.gateway} from its Service&apos;s annotations: edit them to change it.
          </p>
        ) : (
          <Link key={r.gateway} href={editRegistrationHref(r)} className={buttonClass("secondary")}>
            Edit registration{registrations.length > 1 ? ` on ${r.gateway}` : ""}
          </Link>
        ),
      )}
    </>
  );
}
