// The read rule for pages, the same as the REST API's: with SIGNPOST_PUBLIC_READ=false, a page
// (its HTML and its RSC payload alike) renders nothing but the sign-in page (401) to a caller
// without a working credential. Every page that shows data calls readerOfPage() before loading
// anything, and so does generateMetadata where the title shows data. It notes first where the
// change log stands (pageEventsAfter): the tab's event stream resumes there, so a change made
// while the page was on its way to the browser still reaches it.
import { cache } from "react";
import { headers } from "next/headers";
import { unauthorized } from "next/navigation";
import { loadConfig } from "../env";
import { identify, type Actor } from "../auth/authenticate";
import { ApiError } from "../api/errors";
import { getDb } from "../db/client";
import { newestEventId } from "../events/newest-event-id";
import { logger } from "../log";

/**
 * The newest change event when this request began reading, once per request (the root layout
 * hands it to the tab's event stream); null when the database cannot say (the stream then starts
 * at its newest event, as without it).
 */
export const pageEventsAfter = cache(async (): Promise<string | null> => {
  // `next build` renders the static pages (not-found, sign-in) without a database: they show no
  // catalog data, and their stream starts at its newest event.
  if (process.env.NEXT_PHASE === "phase-production-build") return null;
  try {
    return await newestEventId(getDb().pool);
  } catch (err) {
    logger.warn("could not read the newest change event for a page", { error: (err as Error).message });
    return null;
  }
});

/** The caller of this page request (null when anonymous), or the sign-in page when reads are private. */
export const readerOfPage = cache(async (): Promise<Actor | null> => {
  // before any data: what the page shows is then current as of at least this event
  await pageEventsAfter();
  const actor = await pageActor();
  if (!actor && !loadConfig().SIGNPOST_PUBLIC_READ) unauthorized();
  return actor;
});

async function pageActor(): Promise<Actor | null> {
  const h = await headers();
  try {
    // A page request is a GET: no CSRF question; a stale session cookie reads as anonymous (the
    // session query the page makes, GET /api/v1/session, clears it).
    return (await identify(new Request("http://signpost.invalid/", { headers: h }))).actor;
  } catch (err) {
    // A wrong bearer token on a page is no credential (browsers send cookies, not tokens); a
    // database that cannot be asked is the error page's business, not a sign-in.
    if (err instanceof ApiError) return null;
    throw err;
  }
}
