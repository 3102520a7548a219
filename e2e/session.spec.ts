// Signing in from the header: the actor and role show, the token stays out of the URL and of
// storage (the session is an httpOnly cookie), and signing out ends the session.
import { expect, test } from "@playwright/test";
import { SiteHeader } from "./pages/site-header";
import { ADMIN_TOKEN } from "./fixtures/signpost";

test("signing in and out from the header", async ({ page, context }) => {
  await page.goto("/sources");
  const header = new SiteHeader(page);
  await header.signIn("not-a-valid-token-at-all");
  await expect(header.header().getByRole("alert")).toContainText("invalid");
  await header.header().getByLabel("Access token").fill(ADMIN_TOKEN);
  await header.header().getByRole("form", { name: "Sign in" }).getByRole("button", { name: "Sign in" }).click();
  await expect(header.session()).toContainText("bootstrap-admin");
  await expect(header.session()).toContainText("admin");
  // Editors get the Sources page's actions.
  await expect(page.getByRole("button", { name: "Resync sandbox" }).first()).toBeVisible();

  expect(page.url()).not.toContain(ADMIN_TOKEN);
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
  expect(stored).not.toContain(ADMIN_TOKEN);
  const cookie = (await context.cookies()).find((c) => c.name === "signpost_session");
  expect(cookie?.httpOnly).toBe(true);

  await header.signOut();
  await page.reload();
  await expect(header.header().getByRole("button", { name: "Sign in" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Resync sandbox" })).toHaveCount(0);
});
