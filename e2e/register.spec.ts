// Registering through the form: sign in, fill, watch the preview's proxy URL, submit, land on the
// new API's page, find it in the catalog; then deregister it from its page.
import { expect, test } from "@playwright/test";
import { ApiPage } from "./pages/api-page";
import { CatalogPage } from "./pages/catalog-page";
import { RegisterPage } from "./pages/register-page";
import { ADMIN_TOKEN, uniqueId } from "./fixtures/signpost";
import { createToken } from "./fixtures/admin";

test("signing in, registering usermgr behind a new route, and seeing it everywhere", async ({ page }) => {
  const name = `e2e-reg-${uniqueId()}`;
  const register = new RegisterPage(page);
  await register.goto("?service=sandbox/shop/usermgr&port=80");
  await register.signInHere(ADMIN_TOKEN);
  await expect(page.getByTestId("session")).toContainText("bootstrap-admin");

  await register.fill({ name, team: "e2e", path: `/${name}`, methods: ["GET"] });
  await expect(register.previewProxyUrl()).toHaveText(`http://localhost:8000/${name}`);
  await expect(page.getByTestId("preview-status")).toHaveText("Ready to register.");

  // A conflict shows next to the field as you type, then goes away.
  await register.form().getByLabel("Name", { exact: true }).fill("usermgr");
  await expect(register.form().getByTestId("field-messages").first()).toContainText('the name "usermgr" is taken');
  await register.form().getByLabel("Name", { exact: true }).fill(name);
  await expect(page.getByTestId("preview-status")).toHaveText("Ready to register.");

  await register.submit();
  const api = new ApiPage(page);
  await api.expectLoaded(name);
  await expect(page).toHaveURL(/\/apis\/[0-9a-f-]{36}$/);
  await expect(page.getByText("Registered", { exact: true })).toBeVisible();
  await expect(page.getByTestId("owner")).toContainText("bootstrap-admin");
  await expect(api.history().first()).toHaveAttribute("data-type", "api.registered");
  await expect(page.getByRole("button", { name: "Deregister" })).toBeVisible();
  const apiUrl = page.url();

  const catalog = new CatalogPage(page);
  await catalog.goto();
  await expect(catalog.row(name)).toBeVisible();
  await expect(catalog.row(name)).toContainText(`http://localhost:8000/${name}`);

  // Deregistering (a cookie-authenticated DELETE with the CSRF token) takes it out of the catalog.
  await page.goto(apiUrl);
  await page.getByRole("button", { name: "Deregister" }).click();
  await page.getByRole("button", { name: "Yes, deregister" }).click();
  await expect(page.getByRole("heading", { name: "API catalog" })).toBeVisible();
  await expect(catalog.row(name)).toHaveCount(0);
});

test("a team-scoped session registers for its team, and is told at once when a team is not its own", async ({ page, request }) => {
  const team = `e2e-team-${uniqueId()}`;
  const { token } = await createToken(request, `e2e-scoped-${uniqueId()}`, "editor", ADMIN_TOKEN, [team]);
  const name = `e2e-scoped-${uniqueId()}`;
  const register = new RegisterPage(page);
  await register.goto();
  await register.signInHere(token);
  // its one team is filled in, and the field says what the session may do
  await expect(register.team()).toHaveValue(team);
  await expect(register.form()).toContainText(`You register APIs of ${team} only.`);

  await register.fill({ name, path: `/${name}` });
  await register.useUrlUpstream(`http://${name}.internal:8080`);
  await register.team().fill("payments");
  await expect(register.form().getByTestId("field-messages").first()).toContainText(`may register APIs of team ${team} only, not of team payments`);
  await register.submit();
  await expect(page.getByRole("alert").filter({ hasText: "The API was not registered" })).toContainText("not of team payments");

  await register.team().fill(team);
  await expect(page.getByTestId("preview-status")).toHaveText("Ready to register.");
  await register.submit();
  await new ApiPage(page).expectLoaded(name);
});

test("an upstream URL at the cloud metadata service or the gateway's Admin API is refused as you type, next to the field", async ({ page }) => {
  const name = `e2e-guard-${uniqueId()}`;
  const register = new RegisterPage(page);
  await register.goto();
  await register.signInHere(ADMIN_TOKEN);
  await register.fill({ name, path: `/${name}` });
  const upstream = register.form().getByRole("group", { name: "Upstream" });
  await upstream.getByRole("radio", { name: "A URL" }).check();
  await upstream.getByLabel("Upstream URL").fill("http://169.254.169.254/latest/meta-data");
  await expect(upstream.getByTestId("field-messages")).toContainText("169.254.169.254 is the cloud metadata address (link-local); allow it with SIGNPOST_UPSTREAM_ALLOW");
  await expect(page.getByTestId("preview-status")).not.toHaveText("Ready to register.");
  await upstream.getByLabel("Upstream URL").fill("http://localhost:8001/");
  await expect(upstream.getByTestId("field-messages")).toContainText("localhost is a loopback or cloud metadata host name");
  // A private address is what a gateway fronts: fine.
  await upstream.getByLabel("Upstream URL").fill("http://10.0.7.9:8080");
  await expect(page.getByTestId("preview-status")).toHaveText("Ready to register.");
  await expect(upstream.getByTestId("field-messages")).toHaveCount(0);
});
