// pageEventsAfter while `next build` renders the static pages: no database there, and no warning.
import { afterEach, describe, expect, it, vi } from "vitest";
import { logger } from "../log";
import { pageEventsAfter } from "./page-reader";

describe("pageEventsAfter", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it("asks no database and warns of nothing while next build renders the static pages", async () => {
    vi.stubEnv("DATABASE_URL", "");
    vi.stubEnv("NEXT_PHASE", "phase-production-build");
    const warn = vi.spyOn(logger, "warn");
    expect(await pageEventsAfter()).toBeNull();
    expect(warn).not.toHaveBeenCalled();
  });

  it("at run time without a database, says why and lets the stream start at its newest event", async () => {
    vi.stubEnv("DATABASE_URL", "");
    vi.stubEnv("NEXT_PHASE", "");
    const warn = vi.spyOn(logger, "warn").mockImplementation(() => {});
    expect(await pageEventsAfter()).toBeNull();
    expect(warn).toHaveBeenCalledWith("could not read the newest change event for a page", { error: expect.stringContaining("DATABASE_URL is not set") });
  });
});
