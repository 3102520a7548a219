// The pages work under their Content-Security-Policy: in Chromium, every page renders and
// hydrates with its nonce-carrying scripts and styles, and the browser reports no violation;
// injected markup's inline script does not run.
import { expect, test } from "@playwright/test";
import { SiteHeader } from "./pages/site-header";
import { ADMIN_TOKEN } from "./fixtures/signpost";

test("every page runs under its CSP without a violation, and an injected inline handler is blocked", async ({ page }) => {
  // Collected in the page from the start: the browser's own reports of what the policy blocked.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const violations = () => page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);

  const header = new SiteHeader(page);
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "API catalog" })).toBeVisible();
  // Hydrated: the header's sign-in works (client JavaScript ran).
  await header.signIn(ADMIN_TOKEN);
  await expect(header.session()).toContainText("bootstrap-admin");
  expect(await violations()).toEqual([]);

  for (const [path, heading] of [["/sources", "Sources"], ["/register", "Register an API"], ["/webhooks", "Webhooks"], ["/settings/tokens", "API tokens"], ["/docs/api", /API/]] as const) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1, name: heading }).first()).toBeVisible();
    expect(await violations(), path).toEqual([]);
  }

  // What injected markup would meet: an inline event handler (the usual XSS vector) does not run.
  await page.evaluate(() => {
    const div = document.createElement("div");
    div.innerHTML = '<img src="/no-such-image.png" onerror="window.__injected = true">';
    document.body.appendChild(div);
  });
  await expect.poll(violations).toContainEqual(expect.stringMatching(/^script-src(-attr)? inline$/));
  expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected === true)).toBe(false);
});
