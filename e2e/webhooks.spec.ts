// Webhook subscriptions from the UI: a private address refused next to the URL field; a loopback
// address the e2e server allows subscribed with a generated secret, listed, deleted after a
// confirmation, both writes audited; the delivery log of a subscription to a closed port fills
// with failing attempts after a catalog change; and who is offered the page at all.
import { expect, test } from "@playwright/test";
import { AuditPage } from "./pages/audit-page";
import { SiteHeader } from "./pages/site-header";
import { WebhookPage, WebhooksPage } from "./pages/webhooks-page";
import { applyService, createToken, createWebhook, DEAD_HOOK_URL, deleteService, deleteWebhook } from "./fixtures/admin";
import { ADMIN_TOKEN, signInContext, uniqueId } from "./fixtures/signpost";

test("a private address is refused, with the reason next to the URL field", async ({ page }) => {
  const description = `e2e-private-${uniqueId()}`;
  await signInContext(page);
  const hooks = new WebhooksPage(page);
  await hooks.goto();
  await hooks.fill({ url: "http://10.0.0.5/hook", description });
  await hooks.generateSecret();
  await hooks.submit();
  await expect(hooks.urlMessages()).toHaveText("10.0.0.5 is a private address; allow it with SIGNPOST_WEBHOOK_ALLOW");
  await expect(hooks.urlField()).toHaveAttribute("aria-invalid", "true");
  await expect(hooks.urlField()).toBeFocused();
  await expect(hooks.row(description)).toHaveCount(0);
  // Editing the address clears the message.
  await hooks.urlField().fill(DEAD_HOOK_URL);
  await expect(hooks.urlMessages()).toHaveCount(0);
});

test("subscribing 127.0.0.1:9 with a generated secret, seeing it listed, deleting it; the audit log has both", async ({ page, context, baseURL }) => {
  const description = `e2e-hook-${uniqueId()}`;
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  await signInContext(page);
  const hooks = new WebhooksPage(page);
  await hooks.goto();
  await hooks.fill({ url: DEAD_HOOK_URL, description });
  const secret = await hooks.generateSecret();
  await expect(hooks.form().getByLabel("Signing secret")).toHaveValue(secret);
  await hooks.form().getByRole("button", { name: "Copy the generated secret" }).click();
  await expect(hooks.form().getByRole("button", { name: "Copy the generated secret" })).toHaveText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);

  await hooks.submit();
  await expect(page.getByRole("status").filter({ hasText: "Subscribed" })).toContainText("http://127.0.0.1:9/hook");
  // Shown once: the form is reset and the secret is nowhere on the page any more.
  await expect(hooks.form().getByTestId("secret-once")).toHaveCount(0);
  await expect(page.getByText(secret)).toHaveCount(0);
  const row = hooks.row(description);
  await expect(row).toContainText("http://127.0.0.1:9/hook");
  await expect(row).toContainText("all events");
  await expect(row).toContainText("bootstrap-admin");
  const id = (await row.getAttribute("data-webhook"))!;

  await hooks.deleteRow(description);
  await expect(hooks.row(description)).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole("heading", { level: 2, name: "Subscriptions" })).toBeVisible();
  await expect(hooks.row(description)).toHaveCount(0);

  const audit = new AuditPage(page);
  await audit.goto();
  await audit.filter({ action: "webhook." });
  await expect(audit.row("webhook.delete", `webhook:${id}`)).toContainText("bootstrap-admin");
  await expect(audit.row("webhook.create", `webhook:${id}`)).toBeVisible();
  // Newest first: the deletion is listed above the creation.
  const actions = await audit.rows().evaluateAll((rows, target) => rows.filter((r) => r.getAttribute("data-target") === target).map((r) => r.getAttribute("data-action")), `webhook:${id}`);
  expect(actions).toEqual(["webhook.delete", "webhook.create"]);
  await expect(page).toHaveURL(/\/settings\/audit\?action=webhook\.$/);
});

test("the delivery log shows failing attempts to a closed port after a catalog change", async ({ page, request }) => {
  test.setTimeout(45_000);
  const name = `e2e-dlv-${uniqueId()}`;
  const id = await createWebhook(request, name);
  try {
    await signInContext(page);
    const hooks = new WebhooksPage(page);
    await hooks.goto();
    await hooks.row(name).getByRole("link", { name: /^Delivery log of / }).click();
    const log = new WebhookPage(page);
    await expect(page).toHaveURL(new RegExp(`/webhooks/${id}$`));
    await expect(page.getByRole("heading", { level: 1 })).toContainText("127.0.0.1:9/hook");
    await expect(page.getByTestId("no-deliveries")).toBeVisible();

    await applyService(name);
    const created = log.deliveries().filter({ hasText: "api.created" }).first();
    await expect(created).toBeVisible({ timeout: 15_000 });
    await expect(created.getByTestId("delivery-attempts")).not.toHaveText("0", { timeout: 15_000 });
    await expect(created.getByTestId("delivery-result")).toContainText(/ECONNREFUSED|refused/i);
    await expect(created.getByTestId("delivery-status")).toHaveText("pending");
    await expect(created).toContainText(/Next attempt\s*at \d\d:\d\d:\d\d UTC/);

    await log.delete();
    await expect(page).toHaveURL(/\/webhooks$/);
    await expect(hooks.row(name)).toHaveCount(0);
  } finally {
    await deleteService(name);
    await deleteWebhook(request, id);
  }
});

test("a subscription failing past SIGNPOST_WEBHOOK_DISABLE_AFTER is shown disabled with the reason, and can be re-enabled", async ({ page, request }) => {
  test.setTimeout(90_000);
  const name = `e2e-dead-${uniqueId()}`;
  const id = await createWebhook(request, name);
  try {
    await applyService(name);
    await signInContext(page);
    const log = new WebhookPage(page);
    // The dispatcher disables it after about 15 s (attempts at 0, 5 and 15 s); reloading shows it.
    await expect(async () => {
      await page.goto(`/webhooks/${id}`);
      await expect(log.disabledNotice()).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 60_000, intervals: [2_000] });
    await expect(log.disabledNotice()).toContainText("Disabled: deliveries are stopped");
    await expect(log.disabledNotice()).toContainText(/every attempt failed since .* \(more than 10 s\); last error: .*(ECONNREFUSED|refused)/i);
    const rest = await request.get(`/api/v1/webhooks/${id}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(await rest.json()).toMatchObject({ id, disabledAt: expect.any(String), disabledReason: expect.stringContaining("every attempt failed since") });

    const hooks = new WebhooksPage(page);
    await hooks.goto();
    await expect(hooks.row(name)).toContainText("Disabled");

    await page.goto(`/webhooks/${id}`);
    await log.disabledNotice().getByRole("button", { name: "Re-enable" }).click();
    await expect(log.disabledNotice()).toHaveCount(0);
    const after = await request.get(`/api/v1/webhooks/${id}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(await after.json()).toMatchObject({ disabledAt: null, disabledReason: null });
    const audit = new AuditPage(page);
    await audit.goto();
    await audit.filter({ action: "webhook." });
    await expect(audit.row("webhook.disable", `webhook:${id}`)).toContainText("signpost:webhook-dispatcher");
    await expect(audit.row("webhook.enable", `webhook:${id}`)).toContainText("bootstrap-admin");
  } finally {
    await deleteService(name);
    await deleteWebhook(request, id);
  }
});

test("Webhooks and Settings are offered to the roles that can use them; others are told what it takes", async ({ page, request }) => {
  const header = new SiteHeader(page);
  const nav = page.getByRole("navigation", { name: "Main" });
  await page.goto("/");
  await expect(header.header().getByRole("button", { name: "Sign in" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Webhooks" })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: "Settings" })).toHaveCount(0);

  // A signed-out visitor who opens the page directly can sign in there.
  await page.goto("/webhooks");
  await expect(page.getByRole("region", { name: "Sign in to manage webhooks" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Webhooks" })).toHaveAttribute("aria-current", "page");

  const viewer = await createToken(request, `e2e-viewer-${uniqueId()}`, "viewer");
  await page.getByRole("region", { name: "Sign in to manage webhooks" }).getByLabel("Access token").fill(viewer.token);
  await page.getByRole("region", { name: "Sign in to manage webhooks" }).getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Your role cannot manage webhooks" })).toContainText("the viewer role");
  await header.signOut();

  await header.signIn(ADMIN_TOKEN);
  await expect(page.getByRole("form", { name: "New subscription" })).toBeVisible();
  await nav.getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "API tokens" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "API tokens" })).toHaveAttribute("aria-current", "page");
});
