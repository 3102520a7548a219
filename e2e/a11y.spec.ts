// Every page: no serious or critical axe-core violations (WCAG 2 A and AA) at desktop and phone
// width, none of the colour rules in the dark theme either, no page-wide horizontal scroll, and a
// screenshot at each width (e2e-artifacts/screenshots/<page>-<width>.png).
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { applyService, createToken, createWebhook, deleteService, deleteWebhook, revokeToken } from "./fixtures/admin";
import { apiByName, signInContext, uniqueId } from "./fixtures/signpost";
import { saveScreenshot, WIDTHS } from "./fixtures/screenshots";

/** Per-test data a page needs (ids for its path), and how to remove it afterwards. */
type Setup = { ids?: Record<string, string>; cleanup?: () => Promise<void> };
type Visit = {
  name: string;
  path: (ids: Record<string, string>) => string;
  ready: (page: Page) => Promise<void>;
  signedIn?: boolean;
  setup?: (request: APIRequestContext) => Promise<Setup>;
};

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
  { name: "webhooks-signed-out", path: () => "/webhooks", ready: async (p) => { await expect(p.getByRole("region", { name: "Sign in to manage webhooks" })).toBeVisible(); } },
  {
    // A subscription listed, and the form in its error state with a generated secret shown.
    name: "webhooks",
    signedIn: true,
    path: () => "/webhooks",
    setup: async (request) => {
      const id = await createWebhook(request, `a11y subscription ${uniqueId()}`);
      return { cleanup: () => deleteWebhook(request, id) };
    },
    ready: async (p) => {
      await expect(p.getByTestId("webhook-row").first()).toBeVisible();
      const form = p.getByRole("form", { name: "New subscription" });
      await form.getByLabel("URL", { exact: true }).fill("http://10.0.0.5/hook");
      await form.getByRole("button", { name: "Generate" }).click();
      await form.getByRole("button", { name: "Subscribe" }).click();
      await expect(form.getByTestId("field-messages")).toContainText("private address");
    },
  },
  {
    // A subscription with failing deliveries in its log.
    name: "webhook",
    signedIn: true,
    path: (ids) => `/webhooks/${ids.webhook}`,
    setup: async (request) => {
      const name = `a11y-dlv-${uniqueId()}`;
      const id = await createWebhook(request, name);
      await applyService(name);
      return { ids: { webhook: id }, cleanup: async () => { await deleteService(name); await deleteWebhook(request, id); } };
    },
    ready: async (p) => { await expect(p.getByTestId("delivery-attempts").first()).not.toHaveText("0", { timeout: 15_000 }); },
  },
  { name: "settings-signed-out", path: () => "/settings/tokens", ready: async (p) => { await expect(p.getByRole("region", { name: "Sign in to manage API tokens" })).toBeVisible(); } },
  {
    // Tokens active and revoked, and a new one's secret on show.
    name: "settings-tokens",
    signedIn: true,
    path: () => "/settings/tokens",
    setup: async (request) => {
      const revoked = await createToken(request, `a11y-revoked-${uniqueId()}`, "viewer");
      await revokeToken(request, revoked.id);
      return {};
    },
    ready: async (p) => {
      await expect(p.locator('[data-testid="token-row"][data-revoked="true"]').first()).toBeVisible();
      const form = p.getByRole("form", { name: "New token" });
      await form.getByLabel("Name").fill(`a11y-${uniqueId()}`);
      await form.getByRole("button", { name: "Create token" }).click();
      await expect(p.getByTestId("secret-once")).toContainText("Store it now");
    },
  },
  {
    name: "settings-audit",
    signedIn: true,
    path: () => "/settings/audit",
    ready: async (p) => {
      await expect(p.getByTestId("audit-row").first()).toBeVisible();
      await p.getByTestId("audit-row").filter({ has: p.getByText("Before and after") }).first().getByText("Before and after").click();
    },
  },
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
    // three page loads and axe runs; the API page is long (endpoints, source objects), and the machine may be loaded
    test.setTimeout(120_000);
    const setup = (await visit.setup?.(request)) ?? {};
    const ids = { usermgr: (await apiByName(request, "usermgr")).id, ...setup.ids };
    if (visit.signedIn) await signInContext(page);
    const runs = [
      { size: WIDTHS[0], scheme: "light", shot: true, colorsOnly: false },
      // The dark theme changes colours only: the structure was checked in the light run.
      { size: WIDTHS[0], scheme: "dark", shot: false, colorsOnly: true },
      { size: WIDTHS[1], scheme: "light", shot: true, colorsOnly: false },
    ] as const;
    try {
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
    } finally {
      await setup.cleanup?.();
    }
  });
}
