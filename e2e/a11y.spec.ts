// Every page: no serious or critical axe-core violations (WCAG 2 A and AA) at desktop and phone
// width, none of the colour rules in the dark theme either, no page-wide horizontal scroll, and a
// screenshot at each width (e2e-artifacts/screenshots/<page>-<width>.png).
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { apiByName, signInContext } from "./fixtures/signpost";
import { saveScreenshot, WIDTHS } from "./fixtures/screenshots";

type Visit = { name: string; path: (ids: Record<string, string>) => string; ready: (page: Page) => Promise<void>; signedIn?: boolean };

const heading = (name: string) => async (page: Page) => {
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
};

const PAGES: Visit[] = [
  { name: "catalog", path: () => "/", ready: async (p) => { await heading("API catalog")(p); await expect(p.getByTestId("api-row").first()).toBeVisible(); } },
  { name: "catalog-empty", path: () => "/?q=nothing-matches-this", ready: async (p) => { await expect(p.getByText("No APIs match this view.")).toBeVisible(); } },
  { name: "api", path: (ids) => `/apis/${ids.usermgr}`, ready: async (p) => { await heading("usermgr")(p); await expect(p.getByTestId("history-event").first()).toBeVisible(); } },
  { name: "not-found", path: () => "/apis/00000000-0000-4000-8000-000000000000", ready: heading("Not found") },
  { name: "register-signed-out", path: () => "/register", ready: async (p) => { await expect(p.getByRole("region", { name: "Sign in to register" })).toBeVisible(); } },
  {
    name: "register",
    signedIn: true,
    path: () => "/register?service=sandbox/shop/ordermgr&port=80&name=orders-preview&path=/orders-preview",
    ready: async (p) => { await expect(p.getByTestId("preview-proxy-url")).toHaveText("http://localhost:8000/orders-preview"); },
  },
  { name: "sources", path: () => "/sources", ready: async (p) => { await expect(p.getByTestId("source-card").first()).toBeVisible(); } },
  { name: "docs-api", path: () => "/docs/api", ready: async (p) => { await expect(p.getByRole("heading", { level: 1 })).toBeVisible(); } },
];

/** Serious and critical violations; `colorsOnly` checks only the rules a theme can break. */
async function seriousViolations(page: Page, colorsOnly = false) {
  const axe = new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]);
  const results = await (colorsOnly ? axe.withRules(["color-contrast", "link-in-text-block"]) : axe).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5) }));
}

const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

for (const visit of PAGES) {
  test(`${visit.name}: accessible (axe, light and dark), fits 375 px, screenshots`, async ({ page, request }) => {
    const ids = { usermgr: (await apiByName(request, "usermgr")).id };
    if (visit.signedIn) await signInContext(page);
    const runs = [
      { size: WIDTHS[0], scheme: "light", shot: true, colorsOnly: false },
      // The dark theme changes colours only: the structure was checked in the light run.
      { size: WIDTHS[0], scheme: "dark", shot: false, colorsOnly: true },
      { size: WIDTHS[1], scheme: "light", shot: true, colorsOnly: false },
    ] as const;
    for (const run of runs) {
      await page.setViewportSize(run.size);
      await page.emulateMedia({ colorScheme: run.scheme, reducedMotion: "reduce" });
      await page.goto(visit.path(ids));
      await visit.ready(page);
      await expect(page.getByTestId("live-status")).toHaveAttribute("data-status", "live");
      if (run.shot) await saveScreenshot(page, visit.name);
      expect(await seriousViolations(page, run.colorsOnly), `${run.size.width} px, ${run.scheme} theme`).toEqual([]);
      expect(await sideways(page), `the page scrolls sideways at ${run.size.width} px`).toBeLessThanOrEqual(0);
    }
  });
}
