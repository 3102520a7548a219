import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { connection } from "next/server";
import "./globals.css";
import { Providers } from "./providers";
import { SiteHeader } from "./_components/site-header";
import { pageEventsAfter } from "@/lib/web/page-reader";

export const metadata: Metadata = {
  title: { default: "Signpost", template: "%s · Signpost" },
  description: "Every API in your clusters and gateways: its stable address, owner and how it is exposed.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

// Every page renders per request: its scripts carry that request's CSP nonce (proxy.ts).
export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection();
  // The tab's event stream resumes from here (a page that loads data reads it first: page-reader.ts).
  const eventsAfter = await pageEventsAfter();
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-slate-900">
          Skip to content
        </a>
        <Providers eventsAfter={eventsAfter}>
          <SiteHeader />
          <main id="main" tabIndex={-1} className="mx-auto max-w-7xl px-4 py-6 focus:outline-none">
            {children}
          </main>
        </Providers>
      </body>
    </html>
  );
}
