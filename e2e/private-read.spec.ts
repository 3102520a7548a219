// A Signpost with SIGNPOST_PUBLIC_READ=false (its own server, started for this file): every page
// shows the sign-in page to a visitor who is not signed in, with nothing of the catalog or the
// sources in it; signing in (a viewer's token) renders the page asked for, and signing out
// brings the sign-in page back.
import { expect, test } from "@playwright/test";
import { CatalogPage } from "./pages/catalog-page";
import { SignInPage } from "./pages/sign-in-page";
import { SiteHeader } from "./pages/site-header";
import { SourcesPage } from "./pages/sources-page";
import { startSignpostServer, SERVER_ADMIN_TOKEN, type SignpostServer } from "../tests/helpers/signpost-http-server";

let server: SignpostServer;
let viewerToken: string;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  server = await startSignpostServer({ SIGNPOST_PUBLIC_READ: "false" });
  const created = await server.request("/api/v1/tokens", { method: "POST", headers: { authorization: `Bearer ${SERVER_ADMIN_TOKEN}` }, body: { name: "e2e-private-viewer", role: "viewer" } });
  viewerToken = created.json<{ token: string }>().token;
});

test.afterAll(async () => {
  await server?.dispose();
});

test("every page is a sign-in page until the visitor signs in", async ({ page }) => {
  for (const path of ["/", "/sources", "/register", "/webhooks", "/settings/tokens"]) {
    const res = await page.goto(`${server.url}${path}`);
    expect(res?.status(), path).toBe(401);
    await expect(new SignInPage(page).heading(), path).toBeVisible();
    const text = await page.locator("body").innerText();
    for (const leak of ["usermgr", "ordermgr", new URL(server.kubeUrl).host, new URL(server.adminUrl).host]) expect(text, `${path} shows ${leak}`).not.toContain(leak);
  }
  // a client-side navigation from the sign-in page gets the sign-in page too
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Catalog" }).click();
  await expect(new SignInPage(page).heading()).toBeVisible();
  await expect(page.getByText("usermgr")).toHaveCount(0);
});

test("signing in renders the page asked for; signing out hides it again", async ({ page }) => {
  await page.goto(`${server.url}/sources`);
  await new SignInPage(page).signIn(viewerToken);
  const sources = new SourcesPage(page);
  await expect(page.getByRole("heading", { level: 1, name: "Sources" })).toBeVisible();
  await expect(sources.card("cluster", "sandbox")).toBeVisible();
  await expect(new SiteHeader(page).session()).toContainText("viewer");

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Catalog" }).click();
  await expect(new CatalogPage(page).row("usermgr")).toBeVisible();
  // the change stream is open for the signed-in reader
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-status", "live");

  await new SiteHeader(page).signOut();
  await expect(new SignInPage(page).heading()).toBeVisible();
  await expect(page.getByText("usermgr")).toHaveCount(0);

  // signing in from the header works as well
  await new SiteHeader(page).signIn(viewerToken);
  await expect(new CatalogPage(page).row("usermgr")).toBeVisible();
});
