// Buttons in four tones; `buttonClass` styles a Link the same way.
import type { ComponentProps } from "react";

export type Tone = "primary" | "secondary" | "danger" | "ghost";

const BASE =
  "inline-flex items-center justify-center gap-1.5 rounded font-medium disabled:cursor-not-allowed disabled:opacity-60";
const TONES: Record<Tone, string> = {
  primary: "bg-sky-700 text-white hover:bg-sky-800 dark:bg-sky-600 dark:hover:bg-sky-500 dark:text-slate-950",
  secondary:
    "border border-slate-300 bg-white text-slate-800 hover:bg-slate-100 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800",
  danger: "bg-red-700 text-white hover:bg-red-800 dark:bg-red-600 dark:hover:bg-red-500",
  ghost: "text-sky-800 hover:underline dark:text-sky-300",
};
const SIZES = { sm: "px-2 py-1 text-xs", md: "px-3 py-1.5 text-sm" } as const;

/** Classes of a button (or a link that looks like one). */
export function buttonClass(tone: Tone = "secondary", size: keyof typeof SIZES = "md"): string {
  return `${BASE} ${TONES[tone]} ${SIZES[size]}`;
}

export function Button({ tone = "secondary", size = "md", className = "", type = "button", ...rest }: ComponentProps<"button"> & { tone?: Tone; size?: keyof typeof SIZES }) {
  return <button type={type} className={`${buttonClass(tone, size)} ${className}`} {...rest} />;
}
