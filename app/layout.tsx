import type { Metadata, Viewport } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import "./globals.css";
import { Providers } from "./providers";

export const metadata: Metadata = {
  title: { default: "Signpost", template: "%s · Signpost" },
  description: "Every API in your clusters and gateways: its stable address, owner and how it is exposed.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-slate-900">
          Skip to content
        </a>
        <header className="border-b border-slate-200 dark:border-slate-800">
          <nav aria-label="Main" className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
            <Link href="/" className="text-lg font-semibold tracking-tight">
              <span aria-hidden="true">⌖ </span>Signpost
            </Link>
            <Link href="/" className="text-sm text-slate-700 hover:underline dark:text-slate-300">Catalog</Link>
            <Link href="/sources" className="text-sm text-slate-700 hover:underline dark:text-slate-300">Sources</Link>
            <Link href="/register" className="text-sm text-slate-700 hover:underline dark:text-slate-300">Register</Link>
            <Link href="/docs/api" className="text-sm text-slate-700 hover:underline dark:text-slate-300">API</Link>
          </nav>
        </header>
        <Providers>
          <main id="main" className="mx-auto max-w-7xl px-4 py-6">
            {children}
          </main>
        </Providers>
      </body>
    </html>
  );
}
