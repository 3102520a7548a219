// A list as a table on wide screens and one card per row on narrow ones: the same markup,
// restyled (explicit roles keep it a table for assistive technology), as the catalog does it.
import type { ComponentProps, ReactNode } from "react";

const TH = "px-3 py-2 font-semibold";
const TD = "block px-3 py-1 md:table-cell md:py-2 md:align-top";
const LABEL = "mr-2 text-xs font-semibold uppercase tracking-wide text-slate-600 md:hidden dark:text-slate-400";

export function DataTable({ caption, columns, busy = false, children }: { caption: string; columns: string[]; busy?: boolean; children: ReactNode }) {
  return (
    <table role="table" aria-busy={busy} className={`block w-full text-left text-sm md:table ${busy ? "opacity-60 transition-opacity" : ""}`}>
      <caption className="sr-only">{caption}</caption>
      <thead className="sr-only border-b border-slate-200 text-xs uppercase tracking-wide text-slate-600 md:not-sr-only md:table-header-group dark:border-slate-800 dark:text-slate-400">
        <tr role="row">
          {columns.map((c) => <th key={c} role="columnheader" scope="col" className={TH}>{c}</th>)}
        </tr>
      </thead>
      <tbody className="block space-y-3 md:table-row-group md:space-y-0">{children}</tbody>
    </table>
  );
}

export function DataRow({ className = "", ...rest }: ComponentProps<"tr">) {
  return (
    <tr
      role="row"
      className={`block rounded border border-slate-200 py-2 md:table-row md:rounded-none md:border-0 md:border-b md:border-slate-100 md:py-0 dark:border-slate-800 md:dark:border-slate-900 ${className}`}
      {...rest}
    />
  );
}

/** A cell; `label` repeats the column name on narrow screens, where the header row is hidden. */
export function DataCell({ label, className = "", children }: { label?: string; className?: string; children: ReactNode }) {
  return (
    <td role="cell" className={`${TD} ${className}`}>
      {label ? <span className={LABEL}>{label}</span> : null}
      {children}
    </td>
  );
}
